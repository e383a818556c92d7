-- The day's person entities named by surname alone that one full name of the day
-- explains, and the spellings of one full name, each with the entity it joins
-- (docs/ENTITIES.md). Within a document pipeline/nlp/entities.py already joined "Trump"
-- to "Donald Trump"; across the day's documents a page that only ever writes "Trump"
-- gets its own entity, which this joins to the day's one "Donald Trump".
--
-- * Names are compared as lower-case words without initials ("Donald J. Trump" and
--   "Donald Trump" are one full name; the most mentioned spelling is kept).
-- * A surname is a one-word entity labelled person, or a one-word entity of another
--   label whose name the day also uses for a person (small models tag a lone "Trump"
--   as ORG now and then); "Jordan" the place never joins "Michael Jordan" unless some
--   document of the day used "Jordan" for a person.
-- * It joins only when exactly one full name of the day ends with it: two Smiths, no
--   merge.
-- All the day's documents count, whichever source wrote them: the day decides what is
-- unambiguous. $day: the partition date.
CREATE OR REPLACE TEMP TABLE day_entity_merges AS
WITH day_entities AS (
    SELECT entity_id, count(*) AS uses
    FROM (
        SELECT entity_id FROM mentions WHERE partition_date = $day
        UNION ALL
        SELECT speaker_entity_id FROM claims
        WHERE partition_date = $day AND speaker_entity_id IS NOT NULL
    )
    GROUP BY entity_id
),
named AS (
    SELECT
        d.entity_id,
        d.uses,
        e.name,
        e.label,
        list_filter(
            string_split(lower(e.name), ' '), lambda w: length(replace(w, '.', '')) > 1
        ) AS words
    FROM day_entities AS d
    JOIN entities AS e USING (entity_id)
),
full_names AS (
    SELECT *, array_to_string(words, ' ') AS person_key
    FROM named
    WHERE label = 'person' AND len(words) >= 2
),
person_words AS (
    SELECT DISTINCT words[1] AS word FROM named WHERE label = 'person' AND len(words) = 1
),
surnames AS (
    SELECT entity_id, words[1] AS word
    FROM named
    WHERE len(words) = 1 AND (label = 'person' OR words[1] IN (SELECT word FROM person_words))
),
unambiguous AS (
    SELECT s.entity_id, min(f.person_key) AS person_key
    FROM surnames AS s
    JOIN full_names AS f ON f.words[len(f.words)] = s.word
    GROUP BY s.entity_id
    HAVING count(DISTINCT f.person_key) = 1
),
representatives AS (
    SELECT person_key, entity_id
    FROM full_names
    QUALIFY row_number() OVER (PARTITION BY person_key ORDER BY uses DESC, name, entity_id) = 1
),
merges AS (
    SELECT u.entity_id, r.entity_id AS target_id
    FROM unambiguous AS u
    JOIN representatives AS r USING (person_key)
    UNION ALL
    SELECT f.entity_id, r.entity_id
    FROM full_names AS f
    JOIN representatives AS r USING (person_key)
    WHERE f.entity_id <> r.entity_id
)
SELECT m.entity_id, m.target_id, e.name AS target_name, e.label AS target_label
FROM merges AS m
JOIN entities AS e ON e.entity_id = m.target_id
