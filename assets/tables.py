"""Plain-text tables for the terminal: long text wraps to the width, nothing is cut."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

_NUMBERS = (int, float, Decimal)
# Narrowest a wrapping column is made while the room allows: most names and words fit
# whole in 12 characters (checked on the sample pages' speakers and claims).
MIN_WRAP = 12
# Rich wraps a cell's text by terminal cells; this console only measures, it prints nothing.
_MEASURE = Console(file=io.StringIO(), width=1000, color_system=None, legacy_windows=False)


def cell_text(value: Any, null: str = "NULL") -> str:
    """A value as a person reads it: SQL's NULL, true/false, ISO dates, JSON for lists."""
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, _NUMBERS) and not isinstance(value, bool)


def _one_line(value: Any) -> str:
    # Runs of whitespace (a claim's line breaks) become one space: the table wraps the
    # text itself, at the column's width.
    return " ".join(cell_text(value).split())


def fair_widths(longest: Sequence[int], room: int) -> list[int]:
    """Column widths that fit `room` characters, given each column's longest cell.

    A column narrower than an equal share of what is left keeps its whole width. The wider
    ones wrap: each gets MIN_WRAP characters, and what remains goes to them in proportion
    to how much longer they are, so the longest text (a claim) gets the most room and a
    row is about as tall in every column (equal shares would wrap a speaker's name as much
    as the claim beside it).
    """
    widths = list(longest)
    if sum(widths) <= room:
        return widths
    left, wide = room, sorted(range(len(widths)), key=lambda i: widths[i])
    while wide and widths[wide[0]] <= left // len(wide):
        left -= widths[wide.pop(0)]
    floors = [min(longest[i], MIN_WRAP) for i in wide]
    extra = left - sum(floors)
    if extra < 0:  # too many columns for the room: equal shares, never below one
        shares = [left // len(wide) + (1 if n < left % len(wide) else 0) for n in range(len(wide))]
        for i, share in zip(wide, shares, strict=True):
            widths[i] = max(1, share)
        return widths
    excess = [longest[i] - floor for i, floor in zip(wide, floors, strict=True)]
    total = sum(excess) or 1
    for i, floor, more in zip(wide, floors, excess, strict=True):
        widths[i] = floor + extra * more // total
    # The characters rounding left over go to the widest columns, one each.
    for i in sorted(wide, key=lambda i: -longest[i])[: room - sum(widths)]:
        widths[i] += 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    """The text in lines of at most `width` terminal cells, broken between words; a word
    longer than the width (a URL) is folded across lines, so no character is lost."""
    if cell_len(text) <= width:
        return [text]
    # Rich measures by terminal cells, so wide characters (CJK) wrap right too.
    lines = Text(text).wrap(_MEASURE, width, overflow="fold")
    return [line.plain.rstrip() for line in lines] or [""]


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(width - cell_len(text), 0)
    return gap + text if right else text + gap


def format_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, width: int | None
) -> str:
    """The rows as a table at most `width` characters wide, long text wrapped within its
    column; width None prints every cell whole on one line however wide that makes it.

    Columns are split by " | " and the header underlined with "-+-": plain ASCII that
    reads the same in a terminal, a log file and an email, with no colour codes. When a
    row wraps onto several lines, a rule separates the rows.
    """
    cells = [[_one_line(v) for v in row] for row in rows]
    # Numbers line up on the right; a column of NULLs alone is no number column.
    numeric = [
        any(_is_number(row[i]) for row in rows)
        and all(_is_number(row[i]) or row[i] is None for row in rows)
        for i in range(len(columns))
    ]
    longest = [cell_len(c) for c in columns]
    for row in cells:
        longest = [max(n, cell_len(v)) for n, v in zip(longest, row, strict=True)]
    rules = 3 * max(len(columns) - 1, 0)  # " | " between columns
    widths = longest if width is None else fair_widths(longest, width - rules)

    def lines(row: Sequence[str], right: Sequence[bool]) -> list[str]:
        wrapped = [_wrap(text, w) for text, w in zip(row, widths, strict=True)]
        height = max((len(w) for w in wrapped), default=1)
        return [
            " | ".join(
                _pad(w[n] if n < len(w) else "", cw, r)
                for w, cw, r in zip(wrapped, widths, right, strict=True)
            ).rstrip()
            for n in range(height)
        ]

    rule = "-+-".join("-" * w for w in widths)
    header = lines(list(columns), [False] * len(columns))
    body = [lines(row, numeric) for row in cells]
    out = [*header, rule]
    if any(len(row_lines) > 1 for row_lines in body):
        for n, row_lines in enumerate(body):
            out += ([rule] if n else []) + row_lines
    else:
        out += [row_lines[0] for row_lines in body]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
