"""SQL lives in files under sql/; this module finds and reads them."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

# The repository's sql/ folder; NEWSCLAIMS_SQL_DIR points elsewhere for a non-editable install.
SQL_DIR = Path(os.environ.get("NEWSCLAIMS_SQL_DIR", Path(__file__).resolve().parents[2] / "sql"))


@cache
def load_sql(name: str) -> str:
    """The text of sql/<name>.sql, e.g. ``load_sql("store/delete_partition")``."""
    path = SQL_DIR / f"{name}.sql"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"SQL file {path} is missing; run from a checkout of newsclaims or set "
            "NEWSCLAIMS_SQL_DIR to its sql/ folder"
        ) from None


def view_files() -> list[Path]:
    """The view definitions, sql/views/*.sql, in name order."""
    return sorted((SQL_DIR / "views").glob("*.sql"))
