"""Property tests (hypothesis) of the two entry points that see arbitrary web content.

extract_document gets random and mangled HTML, random bytes and odd charsets; annotate
gets random text with the Unicode that breaks naive code (combining marks, RTL, emoji,
NUL, zero-width and line separators). Properties: nothing raises; extracted text is
valid Unicode DuckDB can store (no lone surrogates); every mention, claim and speaker
offset lies inside the text and slices to the stored string; no document is lost to an
internal error (annotate would swallow it, so stats.failed must stay 0).

Example counts are modest so the suite stays fast; the database of found examples is
off so a run never writes into the checkout. The suite's run draws the same examples every
time (``derandomize``): a red run means a change broke something, not that a new random
input turned up. ``make fuzz`` (NEWSCLAIMS_FUZZ=explore) draws new random inputs, ten
times as many; whatever it finds becomes an ``@example`` here.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline.annotate import AnnotateStats, annotate
from pipeline.extract import extract_document
from pipeline.extract.failures import ExtractionFailure
from pipeline.records import ExtractedDocument, FetchResult
from tests.conftest import SAMPLES

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

EXPLORE = os.environ.get("NEWSCLAIMS_FUZZ") == "explore"
FUZZ = settings(
    deadline=None,  # the first call pays for imports and caches
    database=None,
    derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def examples(n: int) -> int:
    """``n`` examples in the suite's run, ten times as many when exploring."""
    return n * 10 if EXPLORE else n


SAMPLE_BODIES = [
    (SAMPLES / name).read_bytes()
    for name in ("meridian-cdf-claims-sorvik.html", "harborwire-nac-denies-sorvik.html")
]
# A real article sentence pattern, so the claim rules actually fire on fuzzed text.
CLAIM_TEMPLATE = '"{inner}," said {speaker}. {speaker} denied that {inner}. {tail}'

# --- Unicode that breaks naive text handling ---------------------------------------------
COMBINING = "e\u0301 a\u0308\u0308\u0308 Z\u0336\u0337\u0338"
RTL = "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202eevil\u202c \u200f"
EMOJI = "\U0001f600 \U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f1fa\U0001f1e6 \u2764\ufe0f"
CONTROL = "\x00 \x0b \x0c \x1c \u2028 \u2029 \u0085 \ufeff \u200b"
EDGE_PIECES = [COMBINING, RTL, EMOJI, CONTROL, "\r\n\r\n", "\n\n\n", "Mr.", "U.S.", "—", "…"]

edge_text = st.lists(
    st.one_of(
        st.sampled_from(EDGE_PIECES),
        st.text(min_size=1, max_size=30),  # any code point hypothesis likes, surrogates aside
        st.sampled_from(["Mira Sefton", "the ministry", "Sorvik", "Ahmad Massoud", "he"]),
    ),
    max_size=25,
).map(" ".join)


def _fetched(
    body: bytes, content_type: str | None, url: str = "https://example.org/a"
) -> FetchResult:
    return FetchResult(
        source="fuzz",
        url=url,
        status="ok",
        fetched_at=datetime.now(UTC),
        final_url=url,
        http_status=200,
        content_type=content_type,
        body=body,
    )


def _check_extracted(result: ExtractedDocument | ExtractionFailure) -> None:
    assert isinstance(result, ExtractedDocument | ExtractionFailure)
    if isinstance(result, ExtractionFailure):
        assert result.status and result.reason
        return
    for value in (result.text, result.title, result.author, result.sitename, result.canonical_url):
        if value is not None:
            value.encode("utf-8")  # raises on a lone surrogate: DuckDB could not store it
    assert result.text.strip() and result.content_hash


CONTENT_TYPES = st.sampled_from(
    [
        None,
        "text/html",
        "text/html; charset=utf-8",
        "text/html; charset=iso-8859-1",
        "text/html; charset=utf-16",
        "text/html; charset=klingon",
        "text/html; charset=",
        "application/xhtml+xml",
        "text/plain; charset=utf-8",
        "application/octet-stream",
    ]
)

tags = st.sampled_from(["p", "div", "article", "span", "script", "style", "table", "td", "h1",
                        "a", "br", "meta", "!--", "![CDATA[", "html", "body", "main"])  # fmt: skip
fragment = st.one_of(
    tags.map(lambda t: f"<{t}>"),
    tags.map(lambda t: f"</{t}>"),
    tags.map(lambda t: f'<{t} class="x" href="javascript:{t}" charset="utf-7">'),
    edge_text,
    st.just("&amp;&#0;&#xD800;&#x110000;&nbsp;&bogus;"),
    st.just('<meta http-equiv="Content-Type" content="text/html; charset=utf-16">'),
)
random_html = st.lists(fragment, max_size=60).map("".join)


@settings(FUZZ, max_examples=examples(60))
@given(markup=random_html, content_type=CONTENT_TYPES, encoding=st.sampled_from(
    ["utf-8", "utf-16", "latin-1", "cp1252"]))  # fmt: skip
def test_extract_random_html_never_raises(
    markup: str, content_type: str | None, encoding: str
) -> None:
    body = markup.encode(encoding, errors="replace")
    _check_extracted(extract_document(_fetched(body, content_type)))


@settings(FUZZ, max_examples=examples(40))
@given(
    which=st.sampled_from(range(len(SAMPLE_BODIES))),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.binary(max_size=40)), max_size=6),
    content_type=CONTENT_TYPES,
)
def test_extract_mangled_real_pages_never_raises(
    which: int, cuts, content_type: str | None
) -> None:
    body = bytearray(SAMPLE_BODIES[which])
    for start, length, insert in cuts:  # delete a slice, insert junk in its place
        i = int(start * len(body))
        body[i : i + int(length * 2000)] = insert
    _check_extracted(extract_document(_fetched(bytes(body), content_type)))


@settings(FUZZ, max_examples=examples(40))
@given(body=st.binary(max_size=5000), content_type=CONTENT_TYPES,
       url=st.sampled_from(["https://example.org/a", "https://example.org/a.txt"]))  # fmt: skip
@example(body=b"\xff\xfe" + "\ud800".encode("utf-16-le", "surrogatepass") * 300,
         content_type="text/html; charset=utf-16", url="https://example.org/a")  # fmt: skip
@example(body=b"\xed\xa0\x80" * 300, content_type="text/plain; charset=utf-8",
         url="https://example.org/a.txt")  # fmt: skip
def test_extract_random_bytes_never_raises(body: bytes, content_type: str | None, url: str) -> None:
    _check_extracted(extract_document(_fetched(body, content_type, url)))


def _check_annotations(text: str, nlp: Language) -> None:
    stats = AnnotateStats()
    results = list(annotate([("d1", text, None)], nlp, stats=stats))
    assert stats.failed == 0, f"a document was lost to an internal error: {stats.failed_ids}"
    assert len(results) == 1
    for m in results[0].mentions:
        assert 0 <= m.start_char < m.end_char <= len(text)
        assert m.text == text[m.start_char : m.end_char]
    for c in results[0].claims:
        assert 0 <= c.content_start < c.content_end <= len(text)
        assert c.content == text[c.content_start : c.content_end]
        if c.speaker_start is not None or c.speaker_end is not None:
            assert c.speaker_start is not None and c.speaker_end is not None
            assert 0 <= c.speaker_start < c.speaker_end <= len(text)
            assert c.speaker == text[c.speaker_start : c.speaker_end]
        if c.denies is not None:
            assert 0 <= c.denies < len(results[0].claims)


@settings(FUZZ, max_examples=examples(40))
@given(text=edge_text)
@example(text="")
@example(text="\x00" * 50)
@example(text=f"{COMBINING} {RTL} {EMOJI} {CONTROL}")
def test_annotate_random_text(text: str, nlp: Language) -> None:
    _check_annotations(text, nlp)


@settings(FUZZ, max_examples=examples(40))
@given(
    inner=edge_text,
    speaker=st.sampled_from(["Mira Sefton", "the ministry", "He", "\u05e9\u05dc"]),
    tail=edge_text,
)
# Found by CI: a quote without a speaker of its own after a claim whose speaker the rules
# dropped took an empty (0, 0) speaker span from it.
@example(inner=f"\u00ab {COMBINING}", speaker="\u05e9\u05dc", tail="")
def test_annotate_claim_shaped_text(inner: str, speaker: str, tail: str, nlp: Language) -> None:
    _check_annotations(CLAIM_TEMPLATE.format(inner=inner, speaker=speaker, tail=tail), nlp)


@pytest.mark.parametrize(
    "text",
    [
        # One 30,000-character sentence: no full stop for the parser to split on.
        "Mira Sefton said that " + " and ".join(f"the ministry{i} denied it" for i in range(1500)),
        # The same, quoted, with a cue at the very end.
        '"' + "very " * 6000 + 'long," said Mira Sefton.',
    ],
    ids=["long-sentence", "long-quote"],
)
def test_annotate_pathological_texts(text: str, nlp: Language) -> None:
    _check_annotations(text, nlp)


def test_lone_surrogate_is_contained(nlp: Language) -> None:
    """spaCy cannot hash a lone surrogate. None reaches annotate in a run: the decoders
    never produce one (the extraction tests above feed them encoded surrogates) and DuckDB
    cannot store one. Should one arrive anyway, that document is counted as failed and
    the others are still annotated: nothing escapes."""
    stats = AnnotateStats()
    items = [("bad", "Mira Sefton said \ud800 it.", None), ("good", "Mira Sefton said so.", None)]
    results = list(annotate(items, nlp, stats=stats))
    assert [r.doc_id for r in results] == ["good"]
    assert stats.failed_ids == ["bad"]
