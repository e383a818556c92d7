"""Materialization metadata: row counts, Markdown previews and counts by status."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import dagster as dg

# Rows shown in a preview, and characters per cell: enough to recognise an article or
# a claim at a glance in the UI without turning the metadata panel into a document.
PREVIEW_ROWS = 10
PREVIEW_CELL_CHARS = 80


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"


def markdown_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "_no rows_"
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def counts_table(counts: Mapping[str, int], key: str = "status") -> str:
    return markdown_table(
        [{key: k, "count": v} for k, v in sorted(counts.items(), key=lambda kv: -kv[1])],
        [key, "count"],
    )


def preview(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], newest: str) -> str:
    """The newest PREVIEW_ROWS rows by the ``newest`` column."""
    ordered = sorted(rows, key=lambda r: str(r.get(newest) or ""), reverse=True)
    return markdown_table(ordered[:PREVIEW_ROWS], columns)


def row_count(n: int) -> dict[str, dg.MetadataValue]:
    return {"dagster/row_count": dg.MetadataValue.int(n)}


def sources_used(sources_file: str, names: Collection[str]) -> dict[str, dg.MetadataValue]:
    """Which sources a run ingested: a run replaces only their rows of the day, so the UI
    says which they were (the same names the CLI puts in its run tags)."""
    return {
        "sources": dg.MetadataValue.text(", ".join(sorted(names))),
        "sources_file": dg.MetadataValue.path(sources_file),
    }
