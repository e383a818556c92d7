-- Columns added to tables after a database could have been made without them: for each,
-- ensure_schema (pipeline/store/schema.py) adds the column to an existing table that lacks
-- it, before the views that read it are created. A Parquet read-back (pipeline/store/
-- parquet.py) has views under some of these names: those are left alone (an ALTER TABLE
-- in the schema files would fail on them). Summary columns stay NULL until the summaries
-- are rebuilt, which SUMMARY_VERSION (pipeline/store/writes.py) makes the next write do.
SELECT table_name, column_name, column_type
FROM (VALUES
    -- Stories (pipeline/stories/): the story of each document and its signature.
    ('documents',            'story_id',        'VARCHAR'),
    ('documents',            'minhash',         'BLOB'),
    ('speaker_daily_rows',   'stories',         'BIGINT'),
    ('speaker_daily_rows',   'copies',          'BIGINT'),
    ('speaker_daily_rows',   'sources',         'BIGINT'),
    ('entity_daily_rows',    'stories',         'BIGINT'),
    ('claim_keys',           'story_id',        'VARCHAR'),
    ('top_claims_totals',    'stories',         'BIGINT'),
    ('contested_links',      'claim_story_id',  'VARCHAR'),
    ('contested_links',      'denial_story_id', 'VARCHAR'),
    ('contested_daily_rows', 'copies',          'BIGINT'),
    ('contested_daily_rows', 'sources',         'BIGINT'),
    -- The claims engine (pipeline/claims/): what a cue reports and where a claim came from.
    ('claims',               'act',             'VARCHAR'),
    ('claims',               'method',          'VARCHAR'),
    ('claims',               'confidence',      'DOUBLE')
) AS added(table_name, column_name, column_type)
-- Only base tables of the main schema that exist and lack the column.
WHERE EXISTS (
    SELECT 1 FROM duckdb_tables() AS t
    WHERE t.table_name = added.table_name AND t.schema_name = 'main' AND NOT t.temporary
)
AND NOT EXISTS (
    SELECT 1 FROM duckdb_columns() AS c
    WHERE c.table_name = added.table_name AND c.column_name = added.column_name
      AND c.schema_name = 'main'
)
