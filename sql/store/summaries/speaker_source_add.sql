-- Add $day's rows of speaker_source_daily_rows to speaker_source_totals, after the rewrite.
MERGE INTO speaker_source_totals AS t
USING (SELECT * FROM speaker_source_daily_rows WHERE day = $day) AS d
ON t.source = d.source AND t.speaker = d.speaker
WHEN MATCHED THEN UPDATE SET
    claims = t.claims + d.claims,
    asserts = t.asserts + d.asserts,
    denials = t.denials + d.denials
WHEN NOT MATCHED THEN INSERT (source, speaker, claims, asserts, denials)
    VALUES (d.source, d.speaker, d.claims, d.asserts, d.denials)
