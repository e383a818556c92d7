-- Mentions of the day whose offsets do not slice to their text; expected: none.
SELECT m.doc_id, m.text, m.start_char, m.end_char
FROM mentions AS m JOIN documents AS d USING (doc_id)
WHERE m.partition_date = ?
  AND (m.start_char < 0 OR m.end_char > length(d.text)
       OR substring(d.text, m.start_char + 1, m.end_char - m.start_char) <> m.text)
