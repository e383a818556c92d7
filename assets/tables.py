"""Plain-text tables for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Widest a column may print before its cells are cut with an ellipsis.
MAX_CELL = 60


def _cell(value: Any, width: int) -> str:
    text = "NULL" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], max_cell: int = MAX_CELL
) -> str:
    cells = [[_cell(v, max_cell) for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        return " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(list(columns)), "-+-".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
