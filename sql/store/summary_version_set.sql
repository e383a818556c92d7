-- Record a full rebuild of the summaries with this code's SUMMARY_VERSION.
INSERT INTO summary_version VALUES (?, current_localtimestamp())
