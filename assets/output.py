"""A query's result as text: a terminal table, CSV, JSON, JSON lines or a Markdown table.

Only the terminal table wraps long text; every other format carries each value whole.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from assets.tables import cell_text, format_table

FORMATS = ("table", "csv", "json", "jsonl", "markdown")

# Width of a table written to a pipe or file, where there is no terminal to measure:
# who_claims_what_about's seven columns then leave its claims 52 characters on the
# sample pages (--set about="Mira Sefton"), about a sentence's clause per line.
PIPE_WIDTH = 120


def terminal_width() -> int:
    """The terminal's width in columns (COLUMNS wins), PIPE_WIDTH when there is none."""
    return shutil.get_terminal_size(fallback=(PIPE_WIDTH, 24)).columns


def json_value(value: Any) -> Any:
    """A value JSON can hold without losing it: dates as ISO strings, decimals as numbers
    when a float carries them exactly (else as strings), lists and structs nested."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)  # JSON has no NaN or inf
    if isinstance(value, Decimal):
        as_float = float(value)
        exact = math.isfinite(as_float) and Decimal(repr(as_float)) == value
        return as_float if exact else str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, UUID):
        return str(value)
    return str(value)  # INTERVAL (timedelta) and anything newer: its text


def _unique(columns: Sequence[str]) -> list[str]:
    """Column names as object keys: a repeated name (SELECT 1 AS n, 2 AS n) gets _2, _3."""
    seen: dict[str, int] = {}
    keys = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return keys


def _objects(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    keys = _unique(columns)
    return [dict(zip(keys, (json_value(v) for v in row), strict=True)) for row in rows]


def to_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An array of objects, one per row, keyed by column name."""
    return json.dumps(_objects(columns, rows), ensure_ascii=False, indent=2)


def to_jsonl(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """One JSON object per line, for `jq` and line-by-line tools."""
    return "\n".join(json.dumps(obj, ensure_ascii=False) for obj in _objects(columns, rows))


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A header line, then one record per row; NULL is an empty field, as DuckDB writes it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(v, null="") for v in row] for row in rows)
    return out.getvalue().removesuffix("\n")


def _markdown_cell(value: Any) -> str:
    text = cell_text(value).replace("\\", "\\\\").replace("|", "\\|")
    # A table row is one line: a line break inside a value becomes <br>.
    return "<br>".join(text.splitlines())


def to_markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub table: pipes (and the backslashes before them) escaped, each value whole."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    out = [line([_markdown_cell(c) for c in columns]), line(["---"] * len(columns))]
    out += [line([_markdown_cell(v) for v in row]) for row in rows]
    return "\n".join(out)


def render(
    fmt: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    full: bool = False,
    width: int | None = None,
) -> str:
    """The result in format `fmt` (one of FORMATS). A table wraps to `width` (the
    terminal's when None) unless `full`, which prints each cell whole on one line."""
    if fmt == "table":
        return format_table(columns, rows, width=None if full else (width or terminal_width()))
    writers = {"csv": to_csv, "json": to_json, "jsonl": to_jsonl, "markdown": to_markdown}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return writers[fmt](columns, rows)


def emit(text: str) -> None:
    """Print `text` to stdout; a reader that stops early (`| head`) ends it quietly."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # Python's recipe: point stdout at devnull so the flush at exit fails no more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
