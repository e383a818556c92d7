"""SQL lives in files under sql/; this module finds and reads them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

# The repository's sql/ folder, where a checkout (an editable install) finds its SQL.
SQL_DIR = Path(__file__).resolve().parents[2] / "sql"

# The folder load_sql reads: SQL_DIR unless the edge points elsewhere with use_sql_dir
# (NEWSCLAIMS_SQL_DIR, for an install that is not a checkout). A module setting rather
# than a parameter because every store function reads SQL, and where the files are is a
# fact of the installation, the same for every call in the process.
_sql_dir = SQL_DIR


def use_sql_dir(folder: Path | None) -> None:
    """Read the SQL files from ``folder`` from now on; None: the checkout's sql/."""
    global _sql_dir
    folder = SQL_DIR if folder is None else Path(folder)
    if folder != _sql_dir:
        _sql_dir = folder
        load_sql.cache_clear()


def sql_dir() -> Path:
    """The folder the SQL files are read from."""
    return _sql_dir


@cache
def load_sql(name: str) -> str:
    """The text of sql/<name>.sql, e.g. ``load_sql("store/delete_partition")``."""
    path = _sql_dir / f"{name}.sql"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"SQL file {path} is missing; run from a checkout of newsclaims or set "
            "NEWSCLAIMS_SQL_DIR to its sql/ folder"
        ) from None


def view_files() -> list[Path]:
    """The view definitions, sql/views/*.sql, in name order."""
    return sorted((_sql_dir / "views").glob("*.sql"))
