"""An article in the spirit of the user's example: every claim comes out with its speaker
resolved (the pronoun included), and the denial is linked in contested_claims."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.annotations import annotations
from assets.documents import documents
from assets.raw_pages import raw_pages
from assets.resources import build_resources

DATA = Path(__file__).parent / "articles"
DAY = "2026-06-01"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("seed")
    sources = tmp / "sources.yaml"
    sources.write_text(f"sources:\n  - name: desk\n    path: {DATA}\n")
    path = tmp / "news.duckdb"
    result = dg.materialize(
        [raw_pages, documents, annotations],
        partition_key=DAY,
        resources=build_resources(db=str(path), sources=str(sources)),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    return path


def claims(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(
            "SELECT speaker, speaker_name, cue, stance, content FROM claims ORDER BY content_start"
        ).fetchall()


def find(rows: list[tuple], fragment: str) -> tuple:
    hits = [r for r in rows if fragment in r[4]]
    assert hits, f"no claim containing {fragment!r}; claims: {rows}"
    return hits[0]


def test_claims_with_resolved_speakers(db: Path) -> None:
    rows = claims(db)
    capture = find(rows, "captured the whole of Tarsen valley")
    assert capture[1] == "Highland Movement" and capture[2] == "claim"
    assert capture[3] == "assert"
    assert find(rows, "the last district had fallen")[1] == "Jorin Abate"
    assert find(rows, "no pressure on her fighters")[1] == "Selin Haddad"
    quote = find(rows, "We have lost no ground")
    assert quote[1] == "Selin Haddad" and quote[2] == "tell"
    assert find(rows, "raised its flag")[1:3] == ("Jorin Abate", "tweet")
    assurance = find(rows, "nobody would be punished")
    assert assurance[0] == "He" and assurance[1] == "Jorin Abate" and assurance[2] == "assure"
    according = find(rows, "two of its field commanders were killed")
    assert according[1] == "Tarsen Resistance Front" and according[2] == "according to"
    assert find(rows, "ready for a long fight")[1] == "Selin Haddad"


def test_denials_are_linked(db: Path) -> None:
    with duckdb.connect(str(db), read_only=True) as conn:
        links = conn.execute(
            "SELECT claimant, claim, denier, denial, link FROM contested_claims ORDER BY denial_id"
        ).fetchall()
    # The headline ("… says it has taken Tarsen valley; front denies it") is a real
    # attribution frame, so it may add its own claim and denial; the body's two denials
    # ("denied the claim", "declared … claim false") must link to the capture claim.
    body = [row for row in links if "captured" in row[1]]
    assert len(body) == 2, links
    for claimant, _claim, denier, _denial, link in body:
        assert link == "in_document"
        assert claimant == "Highland Movement"
        assert denier == "Tarsen Resistance Front"
    for claimant, claim, _denier, _denial, _link in links:
        assert claimant == "Highland Movement" and "Tarsen valley" in claim
