"""Stories: syndicated copies of one article share documents.story_id (issue 21).

Through the documents stage on a DuckDB file: a wire story run by two sources (one with
another template and headline and a paragraph cut) gets one story_id, and counts once in
speaker_daily, top_claims and contested_daily; a different story on the same news does
not merge; a copy a day later gets the earlier story_id; a rerun gives the same ids.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.brief.data import load_brief_data
from pipeline.records import FetchResult, FetchStatus
from pipeline.stages.documents import (
    build_documents,
    commit_documents,
    known_hashes_in,
    stage_inputs,
    staged_pages,
)
from pipeline.stages.raw_pages import fetch_log_row, raw_page_row
from pipeline.store import ensure_schema, replace_partition
from pipeline.store.staging import Staging

DAY = date(2026, 5, 4)
NEXT_DAY = date(2026, 5, 5)

WIRE = [
    "The Ardun dam on the Kestral river will open its spillways on Friday, the regional "
    "water authority said on Monday, after a week of rain filled the reservoir to within "
    "a metre of its crest.",
    "Engineers at the authority said the release would be gradual, starting at dawn and "
    "rising over six hours, so that villages downstream had time to move livestock and "
    "boats away from the banks.",
    "Mayor Elena Sorvik of Bellhaven said the water authority had warned the town in good "
    "time and that the river wardens would patrol the embankment through the weekend.",
    "The authority's director, Tomas Reyl, said the dam was sound and that the release was "
    "a precaution rather than a sign of damage to the structure.",
    "The Bellhaven farmers' union denied that the authority had consulted it, and said that "
    "fields along the lower valley would flood for the second time this year.",
    "Forecasters expect more rain over the mountains on Wednesday and Thursday, which could "
    "raise the reservoir again before the spillways are opened.",
    "The dam, completed in 1974, supplies drinking water to about 200,000 people and "
    "generates power for the regional grid during the winter months.",
    "A public meeting on the release is planned for Thursday evening in the Bellhaven town "
    "hall, where the authority will answer questions from residents.",
]
# Another outlet's story on the same news: the same names and facts, its own words.
SAME_NEWS = [
    "Residents of Bellhaven are bracing for high water this weekend as the Ardun dam "
    "prepares to let out part of its swollen reservoir.",
    "Elena Sorvik, the town's mayor, told reporters she had asked the water authority for "
    "sandbags and for a later start to the release, which is due on Friday morning.",
    "Tomas Reyl, who runs the authority, rejected suggestions from Mayor Sorvik that the "
    "ageing structure was at risk, calling the release routine for a wet autumn.",
    "Farmers in the lower valley said their winter crops were already waterlogged and that "
    "a second flood in a year would cost some of them their harvest.",
    "Weather services predicted further storms in the high catchment midweek, and the "
    "authority said it would publish river levels every hour on its website.",
]


def html(title: str, paragraphs: list[str], *, template: str) -> bytes:
    """An article page; ``template`` gives each outlet its own chrome around the text."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    if template == "alpha":
        page = (
            f"<html><head><title>{title}</title></head><body><header><nav><a href='/'>Home"
            f"</a></nav></header><article><h1>{title}</h1>{body}</article>"
            "<footer>Alpha News, all rights reserved</footer></body></html>"
        )
    else:
        page = (
            f"<html><head><title>{title} | Beta Daily</title></head><body><div id='main'>"
            f"<div class='story'><h2 class='headline'>{title}</h2><div class='text'>{body}"
            "</div></div><aside>Most read: weather, sport</aside></div></body></html>"
        )
    return page.encode()


def pages() -> dict[str, list[FetchResult]]:
    """A day's pages per source: the wire story at alpha; a copy with another headline and
    a paragraph cut, and another story on the same news, at beta."""

    def page(source: str, path: str, body: bytes) -> FetchResult:
        return FetchResult(
            source=source,
            url=f"https://{source}.example/{path}",
            status=FetchStatus.OK,
            fetched_at=datetime(2026, 5, 4, 9, tzinfo=UTC),
            final_url=f"https://{source}.example/{path}",
            http_status=200,
            content_type="text/html",
            body=body,
        )

    copy = [p for i, p in enumerate(WIRE) if i != 5]
    return {
        "alpha": [
            page("alpha", "dam", html("Ardun dam to open spillways", WIRE, template="alpha"))
        ],
        "beta": [
            page("beta", "wire/dam", html("Floods feared as dam opens", copy, template="beta")),
            page("beta", "local/dam", html("Bellhaven braces", SAME_NEWS, template="beta")),
        ],
    }


def write_fetched(db: Path, day: date, by_source: Mapping[str, list[FetchResult]]) -> None:
    with duckdb.connect(str(db)) as conn:
        ensure_schema(conn)
        results = [r for rs in by_source.values() for r in rs]
        replace_partition(
            conn,
            day,
            {
                "raw_pages": [raw_page_row(r, day) for r in results],
                "fetch_log": [fetch_log_row(r, day) for r in results],
            },
            sources=list(by_source),
        )


def run_documents(db: Path, day: date, sources: Collection[str]) -> None:
    with Staging() as staging:
        with duckdb.connect(str(db)) as conn:
            stage_inputs(conn, staging, day, sources)
        result = build_documents(
            staged_pages(staging), day, staging=staging, known_hashes=known_hashes_in(staging)
        )
        with duckdb.connect(str(db)) as conn:
            commit_documents(conn, staging, day, sources, result)


def stories(db: Path) -> dict[str, str]:
    """url -> story_id, the story named by the url of its first copy."""
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute(
            "SELECT d.url, s.url FROM documents AS d JOIN documents AS s ON s.doc_id = d.story_id"
        ).fetchall()
    return dict(rows)


@pytest.fixture
def day_db(tmp_path: Path) -> Path:
    db = tmp_path / "stories.duckdb"
    write_fetched(db, DAY, pages())
    run_documents(db, DAY, ["alpha", "beta"])
    return db


def test_copies_share_a_story_and_other_stories_do_not_merge(day_db: Path) -> None:
    got = stories(day_db)
    assert len(got) == 3  # every copy is kept
    wire, copy, other = (
        "https://alpha.example/dam",
        "https://beta.example/wire/dam",
        "https://beta.example/local/dam",
    )
    assert got[wire] == got[copy]
    assert got[other] == other  # an original is its own story
    with duckdb.connect(str(day_db), read_only=True) as conn:
        # The first copy seen (smallest doc_id of the day) is the story's id.
        ((first,),) = conn.execute(
            "SELECT min(doc_id) FROM documents WHERE url IN (?, ?)", [wire, copy]
        ).fetchall()
        ((story,),) = conn.execute(
            "SELECT DISTINCT story_id FROM documents WHERE url IN (?, ?)", [wire, copy]
        ).fetchall()
    assert story == first


def test_a_rerun_gives_the_same_story_ids(day_db: Path) -> None:
    before = stories(day_db)
    run_documents(day_db, DAY, ["alpha", "beta"])
    assert stories(day_db) == before
    run_documents(day_db, DAY, ["beta"])  # one source alone matches the other's stored rows
    assert stories(day_db) == before
    run_documents(day_db, DAY, ["alpha"])
    assert stories(day_db) == before


def test_a_copy_on_a_later_day_gets_the_earlier_story(day_db: Path) -> None:
    later = FetchResult(
        source="gamma",
        url="https://gamma.example/dam",
        status=FetchStatus.OK,
        fetched_at=datetime(2026, 5, 5, 9, tzinfo=UTC),
        final_url="https://gamma.example/dam",
        http_status=200,
        content_type="text/html",
        body=html("Dam release set for Friday", WIRE[:-1], template="alpha"),
    )
    write_fetched(day_db, NEXT_DAY, {"gamma": [later]})
    run_documents(day_db, NEXT_DAY, ["gamma"])
    got = stories(day_db)
    assert got["https://gamma.example/dam"] == got["https://alpha.example/dam"]
    # Rerunning the earlier day does not look at the later one: the same ids.
    run_documents(day_db, DAY, ["alpha", "beta"])
    assert stories(day_db) == got


def _claims(db: Path) -> None:
    """Claims in each stored document, at their real offsets: in both copies of the wire
    story the mayor's assertion and the union's denial (naming two of the same entities:
    across two documents, a contested pair), in the other story the director's denial
    that names the mayor and the authority."""
    entities = {
        "sorvik": ("Elena Sorvik", "person"),
        "reyl": ("Tomas Reyl", "person"),
        "union": ("Bellhaven farmers' union", "organization"),
        "authority": ("water authority", "organization"),
        "bellhaven": ("Bellhaven", "place"),
    }
    said = [
        # (sentence starts with, speaker, stance, entities named in it)
        ("Mayor Elena Sorvik of", "sorvik", "assert", ["sorvik", "bellhaven", "authority"]),
        ("The Bellhaven farmers' union", "union", "deny", ["union", "bellhaven", "authority"]),
        ("Elena Sorvik, the town's mayor", "sorvik", "assert", ["sorvik", "authority"]),
        ("Tomas Reyl, who runs the", "reyl", "deny", ["reyl", "sorvik", "authority"]),
    ]
    with duckdb.connect(str(db)) as conn:
        docs = conn.execute("SELECT doc_id, text, source FROM documents").fetchall()
        mentions, claims = [], []
        for doc_id, text, _ in docs:
            for n, (start_text, speaker, stance, named) in enumerate(said):
                start = text.find(start_text)
                if start < 0:
                    continue
                end = text.find(".", start) + 1
                claims.append(
                    {
                        "claim_id": f"{doc_id}-{n:03d}",
                        "doc_id": doc_id,
                        "sentence_index": n,
                        "speaker": entities[speaker][0],
                        "speaker_entity_id": speaker,
                        "speaker_name": entities[speaker][0],
                        "cue": "say",
                        "stance": stance,
                        "content": text[start:end],
                        "content_start": start,
                        "content_end": end,
                        "kind": "indirect",
                        "partition_date": DAY,
                    }
                )
                for entity in named:
                    at = text.find(entities[entity][0].split(" ")[-1], start)
                    mentions.append(
                        {
                            "doc_id": doc_id,
                            "entity_id": entity,
                            "text": entities[entity][0],
                            "label": entities[entity][1],
                            "start_char": at,
                            "end_char": at + 3,
                            "partition_date": DAY,
                        }
                    )
        replace_partition(
            conn,
            DAY,
            {"mentions": mentions, "claims": claims},
            shared={
                "entities": [
                    {"entity_id": e, "name": name, "label": label}
                    for e, (name, label) in entities.items()
                ]
            },
            sources=["alpha", "beta"],
        )


def test_the_views_count_a_story_once(day_db: Path) -> None:
    _claims(day_db)
    with duckdb.connect(str(day_db), read_only=True) as conn:
        speakers = conn.execute(
            "SELECT speaker_entity_id, claims, asserts, denials, stories, copies, documents,"
            " sources FROM speaker_daily WHERE day = ? ORDER BY 1",
            [DAY],
        ).fetchall()
        assert speakers == [
            # The director's denial, in the other story only.
            ("reyl", 1, 0, 1, 1, 1, 1, 1),
            # The mayor: one claim in the wire story (two copies, two sources), one in the
            # other story.
            ("sorvik", 2, 2, 0, 2, 3, 3, 2),
            # The union's denial, in the wire story's two copies: once.
            ("union", 1, 0, 1, 1, 2, 2, 2),
        ]
        top = conn.execute(
            "SELECT repeats, stories, sources, documents FROM top_claims"
            " WHERE content LIKE 'Mayor Elena Sorvik%'"
        ).fetchall()
        assert top == [(2, 1, 2, 2)]
        links = conn.execute(
            "SELECT link, claimant, denier, claim_story_id = denial_story_id"
            " FROM contested_claims ORDER BY ALL"
        ).fetchall()
        # The director's denial names the mayor and contests her claim in both copies of
        # the wire story; the union's denial and the mayor's claim in the two copies of one
        # story do not contest each other across those copies.
        assert {(link, same) for link, _, _, same in links} == {("cross_document", False)}
        assert {(c, d) for _, c, d, _ in links} == {("Elena Sorvik", "Tomas Reyl")}
        assert len(links) == 2
        daily = conn.execute(
            "SELECT contested_claims, denials, copies, sources FROM contested_daily WHERE day = ?",
            [DAY],
        ).fetchall()
        assert daily == [(1, 1, 2, 1)]


def test_the_brief_counts_a_story_once(day_db: Path) -> None:
    _claims(day_db)
    with duckdb.connect(str(day_db), read_only=True) as conn:
        data = load_brief_data(conn, DAY)
    assert (data.totals.documents, data.totals.stories, data.totals.sources) == (3, 2, 2)
    speakers = {s.entity_id: (s.claims, s.stories, s.documents, s.sources) for s in data.speakers}
    assert speakers["sorvik"] == (2, 2, 3, 2)
    # The director's denial of the mayor's claim in both copies: one contest, two copies.
    assert [(c.denier, c.claimant, c.copies, c.sources) for c in data.contests] == [
        ("Tomas Reyl", "Elena Sorvik", 2, 2)
    ]
    sorvik = next(e for e in data.entities if e.entity_id == "sorvik")
    assert (sorvik.stories, sorvik.documents, sorvik.sources) == (2, 3, 2)
