"""The brief as one self-contained HTML page: inline CSS, inline SVG charts, no scripts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape

from pipeline.brief import charts
from pipeline.brief.data import BriefData, Contest
from pipeline.brief.empty import BY_PUBLISHED

CSS = """
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: #222;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem;
     margin-top: 2.2rem; }
.lede { color: #555; margin-top: 0; }
figure.chart { margin: 1rem 0; } figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #666; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee;
         vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.contest { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin: 1rem 0;
           padding: .8rem; border: 1px solid #e4e4e4; border-radius: 6px; }
.side h3 { margin: 0 0 .3rem; font-size: 1rem; }
.claim h3 { color: #0072B2; } .denial h3 { color: #D55E00; }
blockquote { margin: 0 0 .4rem; padding-left: .6rem; border-left: 3px solid #ccc; }
.where, .empty, footer { color: #666; font-size: .85rem; }
.link { grid-column: 1 / -1; color: #666; font-size: .8rem; margin: 0; }
"""


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[int]) -> str:
    head = "".join(
        f"<th{' class=n' if i in numeric else ''}>{escape(h)}</th>" for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i in numeric else ''}>{escape(str(v))}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(svg: str, caption: str) -> str:
    return f'<figure class="chart">{svg}<figcaption>{escape(caption)}</figcaption></figure>'


def _n(count: int, noun: str) -> str:
    """``1 source``, ``2 sources``, ``2 stories``: the lede is read as a sentence."""
    if count == 1:
        return f"{count} {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {plural}"


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


def _entities(data: BriefData) -> str:
    if not data.entities:
        return _empty("No entities were mentioned on this day.")
    trend = data.trend
    chart = charts.trend_chart(trend.days, trend.series, "chart-entity-trend")
    caption = (
        f"Mentions per day of the day's top {len(trend.series)} entities, "
        f"{trend.days[0]:%b %d} – {trend.days[-1]:%b %d}."
    )
    rows = [(e.name, e.label, e.mentions, e.stories, e.documents, e.sources) for e in data.entities]
    table = _table(
        ["entity", "type", "mentions", "stories", "documents", "sources"], rows, {2, 3, 4, 5}
    )
    return _figure(chart, caption) + table


def _speakers(data: BriefData) -> str:
    if not data.speakers:
        return _empty("No claims by a resolved speaker on this day.")
    s = data.speakers
    chart = charts.speakers_chart(
        [r.name for r in s],
        [r.asserts for r in s],
        [r.denials for r in s],
        [r.other_stances for r in s],
        "chart-speakers",
    )
    rows = [
        (r.name, r.claims, r.asserts, r.denials, r.other_stances, r.stories, r.documents, r.sources)
        for r in s
    ]
    table = _table(
        ["speaker", "claims", "asserts", "denials", "other", "stories", "documents", "sources"],
        rows,
        {1, 2, 3, 4, 5, 6, 7},
    )
    note = ""
    if data.totals.unresolved_claims:
        note = _empty(
            f"{data.totals.unresolved_claims} further claims have a speaker that could not be "
            "resolved to a named entity; they are not ranked here."
        )
    caption = "Claims per speaker by stance; a story carried by several outlets counts once."
    return _figure(chart, caption) + table + note


def _where(source: str, title: str | None, url: str, day: object) -> str:
    title_html = escape(title) if title else escape(url)
    return (
        f'<p class="where">{escape(source)} · <a href="{escape(url, quote=True)}">'
        f"{title_html}</a> · {escape(str(day))}</p>"
    )


def _contest(c: Contest) -> str:
    how = (
        "linked in the text (the denial refers to this claim)"
        if c.link == "in_document"
        else "linked across documents (same entities, within three days)"
    )
    return (
        '<article class="contest">'
        '<div class="side claim">'
        f"<h3>{escape(c.claimant)} <small>({escape(c.claim_cue)})</small></h3>"
        f"<blockquote>{escape(c.claim)}</blockquote>"
        f"{_where(c.claim_source, c.claim_title, c.claim_url, c.claim_date)}</div>"
        '<div class="side denial">'
        f"<h3>{escape(c.denier)} <small>({escape(c.denial_cue)})</small></h3>"
        f"<blockquote>{escape(c.denial)}</blockquote>"
        f"{_where(c.denial_source, c.denial_title, c.denial_url, c.denial_date)}</div>"
        f'<p class="link">{escape(how)}{escape(_carried(c))}</p>'
        "</article>"
    )


def _carried(c: Contest) -> str:
    """How widely the pair ran, when copies of a story carried it more than once."""
    if c.copies <= 1:
        return ""
    return f"; carried by {_n(c.copies, 'copy')} in {_n(c.sources, 'source')}"


def _contested(data: BriefData) -> str:
    if not data.contests:
        return _empty("No denial on this day was linked to a claim.")
    return "".join(_contest(c) for c in data.contests)


def _failures(data: BriefData) -> str:
    t = data.totals
    if data.by == BY_PUBLISHED:
        summary = _empty(
            f"Fetched on {data.day} (its ingest day): {t.attempted} URLs attempted, "
            f"{sum(f.urls for f in data.failures)} failed."
        )
    else:
        summary = _empty(
            f"{t.attempted} URLs attempted, {t.documents} documents stored, "
            f"{sum(f.urls for f in data.failures)} failed."
        )
    if not data.failures:
        return summary
    chart = charts.failures_chart(
        [f.status for f in data.failures], [f.urls for f in data.failures], "chart-failures"
    )
    rows = [
        (f.status, f.urls, f.sources, f.example_reason or "", f.example_url) for f in data.failures
    ]
    table = _table(["reason", "URLs", "sources", "example reason", "example URL"], rows, {1})
    return summary + _figure(chart, "Failed URLs by reason.") + table


def _by_line(data: BriefData) -> str:
    """Which day the brief is of: an archive's articles fetched today and published years
    ago must not pass for today's news."""
    if data.by == BY_PUBLISHED:
        return (
            "By publication day: the articles published on this day (an article without a "
            "date counts on the day it was fetched)."
        )
    return "By ingest day: the articles fetched on this day, whenever they were published."


def _why_empty(data: BriefData) -> str:
    items = "".join(f"<li>{escape(reason)}</li>" for reason in data.empty_reasons)
    return f'<ul class="empty">{items}</ul>'


def render_brief(data: BriefData, generated_at: datetime) -> str:
    """The whole page for ``data``."""
    t = data.totals
    lede = (
        f"{_n(t.documents, 'document')} ({_n(t.stories, 'story')}) "
        f"from {_n(t.sources, 'source')} · "
        f"{_n(t.claims, 'claim')} · {_n(t.denials, 'denial')} · "
        f"{_n(len(data.contests), 'contested claim')}"
    )
    sections = [
        ("entities", "Top entities", _entities(data)),
        ("speakers", "Top speakers", _speakers(data)),
        ("contested", "Contested claims", _contested(data)),
        ("failures", "Fetch failures", _failures(data)),
    ]
    if data.empty_reasons:
        sections.insert(0, ("empty", "Why this day is empty", _why_empty(data)))
    body = "".join(
        f'<section id="{sid}"><h2>{escape(title)}</h2>{content}</section>'
        for sid, title, content in sections
    )
    title_by = " by publication day" if data.by == BY_PUBLISHED else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>newsclaims brief {data.day}{title_by}</title><style>{CSS}</style></head><body>"
        f"<header><h1>Daily brief — {data.day:%A %d %B %Y}</h1>"
        f'<p class="lede">{escape(_by_line(data))}</p>'
        f'<p class="lede">{escape(lede)}</p></header>{body}'
        f"<footer><p>Generated by newsclaims at {generated_at:%Y-%m-%d %H:%M} UTC from "
        "the DuckDB views; the queries are in sql/brief/.</p></footer></body></html>"
    )
