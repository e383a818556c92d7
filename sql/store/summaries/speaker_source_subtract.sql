-- Take $day's rows out of speaker_source_totals, before speaker_source_daily_rows are
-- rewritten for the day (they still hold its old rows). claims >= 1 in every row, so a
-- total that falls to 0 claims has no claim left on any day: dropped.
MERGE INTO speaker_source_totals AS t
USING (SELECT * FROM speaker_source_daily_rows WHERE day = $day) AS d
ON t.source = d.source AND t.speaker = d.speaker
WHEN MATCHED AND t.claims = d.claims THEN DELETE
WHEN MATCHED THEN UPDATE SET
    claims = t.claims - d.claims,
    asserts = t.asserts - d.asserts,
    denials = t.denials - d.denials
