-- Pairs touching $day: their claim or their denial is on it (both are recomputed).
DELETE FROM contested_links WHERE claim_date = $day OR denial_date = $day
