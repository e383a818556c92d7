"""Build the brief for one day and write it beside the database."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from pipeline.brief.data import BriefData, load_brief_data
from pipeline.brief.empty import BY_INGEST
from pipeline.brief.render import render_brief

BRIEFS_DIR = "briefs"


@dataclass(frozen=True)
class Brief:
    path: Path
    data: BriefData


def brief_path(db_path: str | Path, day: date, by: str = BY_INGEST) -> Path:
    """``<db dir>/briefs/brief-YYYY-MM-DD.html`` by ingest day,
    ``brief-published-YYYY-MM-DD.html`` by publication day: both can be kept."""
    kind = "" if by == BY_INGEST else f"{by}-"
    return Path(db_path).resolve().parent / BRIEFS_DIR / f"brief-{kind}{day.isoformat()}.html"


def write_brief(
    conn: duckdb.DuckDBPyConnection, day: date, path: Path, by: str = BY_INGEST
) -> Brief:
    """Render the brief for ``day`` and write it to ``path`` atomically.

    Written to a temporary file and renamed, so a reader (a browser, a mail job) never
    sees half a page and a failed render leaves yesterday's good file in place.
    """
    data = load_brief_data(conn, day, by)
    page = render_brief(data, datetime.now(UTC))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(page)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the brief is for others to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Brief(path=path, data=data)
