SELECT
    (SELECT count(*) FROM mentions WHERE partition_date = ?) AS mentions,
    (SELECT count(*) FROM claims WHERE partition_date = ?) AS claims,
    (SELECT count(*) FROM claims WHERE partition_date = ? AND stance = 'deny') AS denials,
    (SELECT count(*) FROM contested_claims WHERE denial_date = ?) AS contested
