-- Who is reported to think or intend what, kept apart from who said what: claims whose
-- act is `thought` (believes, fears, expects, hopes that …) or `intention` (wants,
-- plans, hopes to …); `act = 'speech'` gives the statements alone.
--   newsclaims sql --file sql/examples/who_thinks_what.sql
-- example:
SELECT
    partition_date AS day,
    act,
    coalesce(speaker_name, speaker) AS who,
    cue,
    content
FROM claims
WHERE act IN ('thought', 'intention')
ORDER BY day DESC, act, who, content;
