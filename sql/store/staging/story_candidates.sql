-- The staged documents a commit may store, with their signatures, for story matching: of
-- the pages with the same text, the one first_documents.sql keeps (first by source, url).
SELECT doc_id, content_hash, minhash
FROM {documents}
QUALIFY row_number() OVER (PARTITION BY content_hash ORDER BY source, url) = 1
