"""The pipeline's stages as plain functions: each reads records, returns table rows and stats.

The Dagster assets (assets/) call these and write the rows with pipeline.store; nothing
here knows about Dagster, so the same code runs from tests, benchmarks and the CLI.
"""
