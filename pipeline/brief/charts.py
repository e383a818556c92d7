"""Charts for the brief, drawn with matplotlib and returned as inline SVG markup.

matplotlib's object API (``Figure`` without pyplot) keeps no global figure state, so it
is safe in a long-lived Dagster process and needs no GUI backend. SVG keeps the brief one
self-contained file; text stays ``<text>`` (``svg.fonttype: none``) so names in a chart
are searchable and the browser draws them with a local sans-serif font — nothing is
fetched.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.rcsetup import cycler
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

# Figure size in inches at matplotlib's 72 points per inch in SVG: ~720x260 px, the
# width of the brief's text column, so a chart never needs horizontal scrolling.
WIDTH_IN = 10.0
HEIGHT_IN = 3.6

STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "sans-serif"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(
        # Okabe–Ito: tells lines apart for colour-blind readers too.
        color=["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"]
    ),
}
STANCE_COLOURS = {"assert": "#0072B2", "deny": "#D55E00", "other": "#999999"}
FAILURE_COLOUR = "#D55E00"


def _svg(fig: Figure, chart_id: str) -> str:
    """The figure as an ``<svg>`` element (no XML prolog), ids unique to ``chart_id``."""
    buffer = io.StringIO()
    # hashsalt makes matplotlib's generated ids (clip paths) differ between the charts of
    # one page and stay the same between runs; no Date metadata, so output is reproducible.
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": chart_id}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    svg = text[text.index("<svg") :]
    return svg.replace("<svg ", f'<svg id="{chart_id}" role="img" ', 1)


def _integer_ticks(locator: object) -> None:
    """Whole numbers only on a count axis; the default locator (AutoLocator) is a
    MaxNLocator, so its other settings stay as they are."""
    if isinstance(locator, MaxNLocator):
        locator.set_params(integer=True)


def _figure(height: float = HEIGHT_IN) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(WIDTH_IN, height))


def trend_chart(days: Sequence[date], series: dict[str, list[int]], chart_id: str) -> str:
    """Mentions per day, one line per entity."""
    with matplotlib.rc_context(STYLE):
        fig = _figure()
        ax = fig.add_subplot()
        # Dates go through matplotlib's unit converters, which its stubs do not model.
        x: Any = list(days)
        for name, counts in series.items():
            ax.plot(x, counts, marker="o", markersize=3, linewidth=1.8, label=name)
        ax.set_ylabel("mentions per day")
        ax.set_ylim(bottom=0)
        ax.set_xticks(x, [d.strftime("%b %d") for d in days], rotation=45, ha="right")
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        return _svg(fig, chart_id)


def speakers_chart(
    names: Sequence[str],
    asserts: Sequence[int],
    denials: Sequence[int],
    others: Sequence[int],
    chart_id: str,
) -> str:
    """Claims per speaker as horizontal bars stacked by stance, busiest speaker on top."""
    with matplotlib.rc_context(STYLE):
        # One bar ~0.3 in high, so ten speakers fit without squeezing their names.
        fig = _figure(height=max(1.6, 0.3 * len(names) + 0.8))
        ax = fig.add_subplot()
        rows = list(range(len(names)))[::-1]
        left = [0] * len(names)
        for label, values, key in (
            ("assert", asserts, "assert"),
            ("deny", denials, "deny"),
            ("other stances", others, "other"),
        ):
            ax.barh(rows, values, left=left, color=STANCE_COLOURS[key], label=label, height=0.6)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_yticks(rows, list(names))
        ax.set_xlabel("claims")
        _integer_ticks(ax.xaxis.get_major_locator())
        ax.legend(loc="lower right", frameon=False)
        return _svg(fig, chart_id)


def failures_chart(statuses: Sequence[str], urls: Sequence[int], chart_id: str) -> str:
    """Failed URLs per reason as horizontal bars, most frequent on top."""
    with matplotlib.rc_context(STYLE):
        fig = _figure(height=max(1.4, 0.3 * len(statuses) + 0.8))
        ax = fig.add_subplot()
        rows = list(range(len(statuses)))[::-1]
        ax.barh(rows, urls, color=FAILURE_COLOUR, height=0.6)
        ax.set_yticks(rows, list(statuses))
        ax.set_xlabel("URLs")
        _integer_ticks(ax.xaxis.get_major_locator())
        return _svg(fig, chart_id)
