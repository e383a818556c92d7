"""Plain-text tables for the terminal: long text wraps to the width, nothing is cut."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Columns split by " | ", the header underlined by "-+-": a table that reads the same in a
# terminal, a log file and an email, in ASCII only.
_PLAIN = box.Box(
    "    \n"  # top (hidden: show_edge=False)
    "  | \n"  # header cells
    " -+ \n"  # under the header
    "  | \n"  # body cells
    " -+ \n"  # between rows, drawn only when a row wraps onto several lines
    " -+ \n"  # above a footer (none)
    "  | \n"  # footer cells (none)
    "    \n",  # bottom (hidden)
    ascii=True,
)
_NUMBERS = (int, float, Decimal)
# Narrowest a wrapping column is made while the room allows: most names and words fit
# whole in 12 characters (checked on the sample pages' speakers and claims).
MIN_WRAP = 12


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


def _render(table: Table, width: int, color: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        legacy_windows=False,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(table)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


def fair_widths(longest: Sequence[int], room: int) -> list[int]:
    """Column widths that fit `room` characters, given each column's longest cell.

    A column narrower than an equal share of what is left keeps its whole width. The wider
    ones wrap: each gets MIN_WRAP characters, and what remains goes to them in proportion
    to how much longer they are, so the longest text (a claim) gets the most room and a
    row is about as tall in every column. Rich's own layout narrows every column by its
    excess, which wraps a speaker's name as much as the claim beside it.
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


def format_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    width: int | None,
    color: bool = False,
) -> str:
    """The rows as a table `width` characters wide, long text wrapped within its column;
    width None prints every cell whole on one line however wide that makes the table."""
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
    width = sum(widths) + rules

    def table(lines_between_rows: bool) -> Table:
        grid = Table(
            box=_PLAIN,
            show_edge=False,
            pad_edge=False,
            show_lines=lines_between_rows,
            header_style="bold" if color else "",
        )
        for name, is_number, column_width in zip(columns, numeric, widths, strict=True):
            # fold, not the default ellipsis: a word longer than its column (a URL)
            # breaks across lines instead of losing its end.
            grid.add_column(
                Text(name),
                justify="right" if is_number else "left",
                overflow="fold",
                width=column_width,
            )
        for row in cells:
            grid.add_row(*(Text(v) for v in row))
        return grid

    text = _render(table(False), width, color)
    if len(text.splitlines()) > len(rows) + 2:  # a row wrapped: rule the rows apart
        text = _render(table(True), width, color)
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return f"{text}\n{footer}" if text else footer
