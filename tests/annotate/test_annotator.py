"""The pipeline's own parts: the paragraph-aware tokenizer and the annotator component."""

from __future__ import annotations

import importlib
import logging
import pickle
from dataclasses import replace

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.annotate import AnnotateStats, annotate
from pipeline.annotate.annotator import (
    ANNOTATOR,
    FAILED,
    RECORDS,
    AnnotationFailed,
    annotations_of,
    annotator_enabled,
)
from pipeline.claims import extract_claims
from pipeline.nlp.entities import extract_mentions
from pipeline.nlp.paragraphs import SOURCE_TEXT, ParagraphTokenizer
from pipeline.records import DocumentAnnotations

annotator_module = importlib.import_module("pipeline.annotate.annotator")

# Two paragraphs and a quotation that runs across them: the rules need the line breaks.
TEXT = (
    "Commander Rustam Azimi of the Valley Guard said the bridge at Tarkan was held.\n\n"
    '"We have not lost a single post," Azimi told reporters.\n'
    "The ministry of defence denied that the Valley Guard held the bridge.\n"
    '"The bridge is ours," a ministry spokesman, Farid Nuri, said on Monday.'
)


def by_hand(nlp: Language, doc_id: str, text: str) -> DocumentAnnotations:
    """What the component must produce: the rules run on a parsed Doc, strings cut from
    the source text."""
    doc = nlp(text)
    mentions = extract_mentions(doc)
    claims = extract_claims(doc, mentions)
    for claim in claims:
        claim.content = text[claim.content_start : claim.content_end]
        if claim.speaker_start is not None and claim.speaker_end is not None:
            claim.speaker = text[claim.speaker_start : claim.speaker_end]
    mentions = [replace(m, text=text[m.start_char : m.end_char]) for m in mentions]
    return DocumentAnnotations(doc_id=doc_id, mentions=mentions, claims=claims)


def test_the_tokenizer_reads_the_text_without_line_breaks_and_keeps_it(nlp) -> None:
    assert isinstance(nlp.tokenizer, ParagraphTokenizer)
    doc = nlp.make_doc(TEXT)
    assert doc.user_data[SOURCE_TEXT] == TEXT
    assert "\n" not in doc.text and len(doc.text) == len(TEXT)
    assert not any(token.is_space and "\n" in token.text for token in doc)
    # spaCy reaches the wrapped tokenizer's own API through it (memory_zone, if it has one).
    inner = nlp.tokenizer.tokenizer
    assert hasattr(nlp.tokenizer, "memory_zone") == hasattr(inner, "memory_zone")
    assert nlp.tokenizer.explain("Nuri's") == inner.explain("Nuri's")
    assert nlp.tokenizer.max_cache_size == inner.max_cache_size
    # Picklable (spawned worker processes get the pipeline by pickle).
    copy = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert [t.text for t in copy(TEXT)] == [t.text for t in doc]


def test_the_annotator_is_off_outside_annotate(nlp) -> None:
    assert ANNOTATOR in nlp.disabled
    doc = nlp(TEXT)
    assert RECORDS not in doc.user_data and doc.user_data[SOURCE_TEXT] == TEXT
    with pytest.raises(AnnotationFailed, match="did not run"):
        annotations_of("x", doc)


def test_the_annotator_gives_what_the_rules_give(nlp) -> None:
    expected = by_hand(nlp, "d", TEXT)
    assert len(expected.claims) >= 3 and {"assert", "deny"} <= {c.stance for c in expected.claims}
    with annotator_enabled(nlp):
        doc = nlp(TEXT)
    assert ANNOTATOR in nlp.disabled  # off again after the block
    assert annotations_of("d", doc) == expected
    # Only the records travel back from a worker: no tokens, no source text.
    assert len(doc) == 0 and doc.text == "" and set(doc.user_data) == {RECORDS}
    # The records survive spaCy's serialisation, which is how workers send Docs back.
    sent = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert annotations_of("d", sent) == expected


def test_annotate_in_two_processes_matches_the_rules_by_hand(nlp) -> None:
    texts = [TEXT, TEXT.replace("Tarkan", "Sorkh Dara"), TEXT.replace("\n\n", "\n")]
    items = [(f"t{i}", text, "en") for i, text in enumerate(texts)]
    two = list(annotate(items, nlp, batch_size=1, n_process=2))
    assert two == [by_hand(nlp, doc_id, text) for doc_id, text, _ in items]


def test_rules_failing_in_a_worker_lose_only_that_document(nlp, monkeypatch, caplog) -> None:
    def claim_rules(doc, mentions):  # type: ignore[no-untyped-def]
        if "CLAIMFAIL" in doc.text:
            raise RuntimeError("rule bug in the worker")
        return extract_claims(doc, mentions)

    # Set before annotate() starts spaCy's workers, which inherit it.
    monkeypatch.setattr(annotator_module, "claim_rules", lambda: claim_rules)
    items = [
        ("ok1", TEXT, "en"),
        ("bad", TEXT + " CLAIMFAIL", "en"),
        ("ok2", TEXT, "en"),
    ]
    stats = AnnotateStats()
    with caplog.at_level(logging.WARNING, logger="pipeline.annotate.stream"):
        out = list(annotate(items, nlp, batch_size=1, n_process=2, stats=stats))
    assert [a.doc_id for a in out] == ["ok1", "ok2"]
    assert out[0].claims and stats.failed_ids == ["bad"]
    # The worker's traceback reaches the log.
    assert "rule bug in the worker" in caplog.text and "claim_rules" in caplog.text


def test_a_failure_record_is_raised_not_returned() -> None:
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["x"])
    doc.user_data[FAILED] = "Traceback: boom"
    with pytest.raises(AnnotationFailed, match="boom"):
        annotations_of("x", doc)


def test_documents_the_pipe_does_not_hand_back_are_retried_singly(nlp, monkeypatch) -> None:
    real_pipe = nlp.pipe

    def short_pipe(texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)
        return real_pipe(texts[:-1], **kwargs)  # an error handler that dropped one

    monkeypatch.setattr(nlp, "pipe", short_pipe)
    items = [(f"d{i}", TEXT.replace("Tarkan", f"Tarkan {i}"), "en") for i in range(3)]
    stats = AnnotateStats()
    out = list(annotate(items, nlp, stats=stats))
    assert [a.doc_id for a in out] == ["d0", "d1", "d2"] and stats.failed == 0
    assert out[2] == by_hand(nlp, "d2", items[2][1])
