-- Which of a batch's content hashes other days already store: one scan of the snapshot of
-- their hashes per batch, instead of every hash ever stored held in memory as a set.
SELECT content_hash FROM {known_hashes} WHERE content_hash IN (SELECT unnest(?::VARCHAR[]))
