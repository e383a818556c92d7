"""DuckDB storage: schema, per-day transactional writes, and the reads later stages need."""

from pipeline.store import reads
from pipeline.store.schema import ensure_schema
from pipeline.store.sqlfiles import SQL_DIR, load_sql
from pipeline.store.writes import insert_rows, replace_partition

__all__ = ["SQL_DIR", "ensure_schema", "insert_rows", "load_sql", "reads", "replace_partition"]
