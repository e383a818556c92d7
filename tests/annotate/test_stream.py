"""annotate() with the real model: skipping, memory zones, processes, failures."""

from __future__ import annotations

import importlib
import json
import logging
import multiprocessing
import os

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.annotate import AnnotateStats, annotate
from pipeline.annotate.stream import language_code, truncate
from pipeline.nlp.entities import extract_mentions
from pipeline.nlp.model import plain_model, prepare_pipeline
from tests.conftest import TEST_MODEL

# The modules whose names the tests patch (annotate is also the name of a function).
annotator_module = importlib.import_module("pipeline.annotate.annotator")
annotate_module = importlib.import_module("pipeline.annotate.stream")

ENGLISH_DOCS = [
    (
        f"en{i}",
        f"Spokeswoman Laleh Ansari of the Hill Irrigation Council (HIC) said on day {i} that "
        f"the canal in Varzab province had failed. Ansari added that the HIC would rebuild it "
        f"within {i + 2} months. The Varzab governor Ilyas Mohseni denied that the canal "
        "had failed.",
        "en",
    )
    for i in range(7)
]
OTHER_DOCS = [
    ("de0", "Der Sprecher sagte am Montag, der Kanal sei gebrochen.", "de"),
    ("fr0", "Le porte-parole a déclaré que le canal était rompu.", "fr-FR"),
    ("de1", "Die Regierung bestritt den Bericht.", "DE"),
]


def mixed() -> list[tuple[str, str, str | None]]:
    docs: list[tuple[str, str, str | None]] = list(ENGLISH_DOCS)
    docs.insert(1, OTHER_DOCS[0])
    docs.insert(4, OTHER_DOCS[1])
    docs.append(OTHER_DOCS[2])
    docs.append(("unknown0", ENGLISH_DOCS[0][1], None))  # unknown language is processed
    return docs


def test_non_english_is_skipped_and_counted(nlp) -> None:
    stats = AnnotateStats()
    out = list(annotate(mixed(), nlp, stats=stats))
    assert [a.doc_id for a in out] == [d[0] for d in ENGLISH_DOCS] + ["unknown0"]
    assert stats.skipped_language == {"de": 2, "fr": 1}
    assert stats.documents == len(out) and stats.failed == 0


def test_memory_zones_over_several_batches_match_single_documents(nlp) -> None:
    # A word no model has seen: after the run its string must be gone from the vocab,
    # which only happens when the documents were processed inside a memory zone.
    novel = "Qwzrtplanex"
    docs = [(i, text.replace("Varzab", novel), lang) for i, text, lang in ENGLISH_DOCS]
    assert novel not in nlp.vocab.strings
    stats = AnnotateStats()
    # No tokenizer warm-up: it would keep the words of the first texts for good.
    out = list(annotate(docs, nlp, batch_size=2, stats=stats, chunk_docs=3, warmup_chars=0))
    assert novel not in nlp.vocab.strings
    assert len(out) == len(docs)
    for ann, (_, text, _) in zip(out, docs, strict=True):
        assert ann.mentions == extract_mentions(nlp(text))
        for m in ann.mentions:
            assert text[m.start_char : m.end_char] == m.text
        for c in ann.claims:
            assert text[c.content_start : c.content_end] == c.content


def fresh_pipeline() -> Language:
    """A pipeline of a test's own, never warmed: whether the shared one was warmed
    depends on test order."""
    nlp = plain_model(TEST_MODEL)
    prepare_pipeline(nlp)
    return nlp


def test_records_stream_out_while_the_chunk_is_parsed(nlp) -> None:
    # With one process the caller gets each record as its document comes back, inside
    # the chunk's zone, and the zone closes once the chunk is done.
    zone_open = []
    for ann in annotate(ENGLISH_DOCS[:4], nlp, batch_size=1, chunk_docs=4):
        zone_open.append(nlp.vocab.in_memory_zone)
        assert ann.claims  # real records, usable while the zone is open
    assert zone_open == [True, True, True, True]
    assert not nlp.vocab.in_memory_zone


def test_the_tokenizer_cache_is_filled_once_outside_the_zones() -> None:
    nlp = fresh_pipeline()
    early, late, second_run = "Qorvanextil", "Zembrathoquin", "Plixaduvromet"
    first_text = f"The {early} council said the canal had failed."
    docs = [
        ("a", first_text, "en"),
        ("b", f"The {late} council said the canal would be rebuilt.", "en"),
    ]
    # A budget of the first text only: its words are tokenized outside the zone and stay
    # in the vocabulary (as the cache's entries need); the second text's are freed.
    out = list(annotate(docs, nlp, warmup_chars=len(first_text)))
    assert [a.doc_id for a in out] == ["a", "b"]
    assert early in nlp.vocab.strings
    assert late not in nlp.vocab.strings
    # Once per pipeline: a second run warms nothing, so its new words are freed too.
    again = [("c", f"The {second_run} council said so.", "en")]
    assert len(list(annotate(again, nlp, warmup_chars=10_000))) == 1
    assert second_run not in nlp.vocab.strings
    # The warmed run annotates exactly as an unwarmed one does.
    assert list(annotate(docs, fresh_pipeline(), warmup_chars=0)) == out


def test_a_text_the_tokenizer_cannot_read_does_not_stop_the_warm_up() -> None:
    # A fresh pipeline, so the warm-up runs, and the bad text first in its budget: the
    # warm-up skips it, and the chunk's pipe counts it as failed as before.
    nlp = fresh_pipeline()
    stats = AnnotateStats()
    items = [
        ("bad", "Mira Sefton said \ud800 it.", None),
        ("good", "Mira Qorvelund said so.", None),
    ]
    assert "Qorvelund" not in nlp.vocab.strings
    assert [r.doc_id for r in annotate(items, nlp, stats=stats)] == ["good"]
    assert stats.failed_ids == ["bad"]
    assert "Qorvelund" in nlp.vocab.strings  # the good text was still warmed


def test_two_processes_give_the_same_result_as_one(nlp) -> None:
    docs = ENGLISH_DOCS[:4]
    one = list(annotate(docs, nlp, batch_size=2, n_process=1))
    two = list(annotate(docs, nlp, batch_size=2, n_process=2))
    assert one == two
    assert sum(len(a.mentions) for a in one) > 0


RESOLUTION_DOCS = [
    "Zarina Hotaki, a spokeswoman for the Eastern Water Authority (EWA), said the dam at "
    "Kelran was safe. Hotaki's statement came a day after villagers reported cracks. The EWA "
    "said engineers would visit the site, but Hotaki declined to give a date.",
    "Police chief Daud Nazeri said on Sunday that twelve men had been arrested in Pashgar. "
    "Nazeri told reporters the men belonged to the Free Valley Movement (FVM). The FVM denied "
    "any link to the men, and a lawyer for the group said Nazeri had no evidence.",
]


def test_surname_and_acronym_resolution_with_the_model(nlp) -> None:
    # Whatever types the model gives them, a surname found after the full name resolves to
    # it and is a person; an acronym defined in parentheses is its long form everywhere.
    people = {"Zarina Hotaki": "Hotaki", "Daud Nazeri": "Nazeri"}
    groups = {"Eastern Water Authority": "EWA", "Free Valley Movement": "FVM"}
    resolved_surnames = 0
    items = [(f"r{i}", text, "en") for i, text in enumerate(RESOLUTION_DOCS)]
    for ann, text in zip(annotate(items, nlp), RESOLUTION_DOCS, strict=True):
        for m in ann.mentions:
            assert text[m.start_char : m.end_char] == m.text
        for full, surname in people.items():
            if full not in text:
                continue
            full_mentions = [m for m in ann.mentions if m.text == full]
            assert full_mentions and {m.label for m in full_mentions} == {"person"}
            surnames = [m for m in ann.mentions if m.text == surname]
            assert {(m.canonical, m.label) for m in surnames} <= {(full, "person")}
            resolved_surnames += len(surnames)
        for long_form, acronym in groups.items():
            if long_form not in text:
                continue
            forms = [m for m in ann.mentions if m.text in (long_form, acronym)]
            # The definition's long form and acronym, and the later "The <acronym>".
            assert len(forms) >= 3
            assert {m.canonical for m in forms} == {long_form}
            assert len({m.label for m in forms}) == 1
    assert resolved_surnames >= 2, "the model found no surname to resolve"


@Language.component("newsclaims_test_bomb")
def _bomb(doc: Doc) -> Doc:
    if "EXPLODE" in doc.text:
        raise ValueError("bad document")
    if "KILLWORKER" in doc.text:
        os._exit(3)  # as a segfault or the OOM killer would end a worker
    return doc


def _blank_with_bomb() -> Language:
    """A model-free pipeline whose one component raises on a marked document (and ends
    its process on another: only ever run it in worker processes)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("newsclaims_test_bomb")
    return nlp


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_failing_document_is_counted_and_the_run_goes_on(monkeypatch, n_process) -> None:
    seen: list[str] = []

    def claim_rules(doc, mentions):  # type: ignore[no-untyped-def]
        seen.append(doc.text)
        if "CLAIMFAIL" in doc.text:
            raise RuntimeError("rule bug")
        return []

    monkeypatch.setattr(annotator_module, "claim_rules", lambda: claim_rules)
    docs = [
        ("a", "First fine text.", "en"),
        ("b", "This one will EXPLODE in the pipeline.", "en"),
        ("c", "Second fine text.", "en"),
        ("d", "This one has a CLAIMFAIL in the rules.", None),
        ("e", "Third fine text.", "en"),
    ]
    stats = AnnotateStats()
    nlp = _blank_with_bomb()
    out = list(annotate(docs, nlp, batch_size=2, chunk_docs=5, n_process=n_process, stats=stats))
    assert [a.doc_id for a in out] == ["a", "c", "e"]
    assert stats.failed == 2 and sorted(stats.failed_ids) == ["b", "d"]


def test_a_worker_that_dies_loses_only_its_document(monkeypatch, caplog) -> None:
    monkeypatch.setattr(annotator_module, "claim_rules", lambda: lambda doc, mentions: [])
    texts = ["One fine text.", "This one will KILLWORKER now.", "Two.", "Three.", "Four."]
    docs = [(f"d{i}", text, "en") for i, text in enumerate(texts)]
    stats = AnnotateStats()
    with caplog.at_level(logging.WARNING, logger="pipeline.annotate"):
        out = annotate(docs, _blank_with_bomb(), chunk_docs=2, n_process=2, stats=stats)
        ids = [a.doc_id for a in out]
    # The pool broke on the task holding d1; every document in flight was run again one
    # per task, so d0 and the others are kept, in order, and only d1 is lost.
    assert ids == ["d0", "d2", "d3", "d4"]
    assert stats.failed_ids == ["d1"]
    assert "annotation worker died" in caplog.text
    assert "worker process died while annotating it" in caplog.text
    assert multiprocessing.active_children() == []


def test_closing_the_records_early_ends_the_workers(nlp) -> None:
    records = annotate(ENGLISH_DOCS, nlp, batch_size=1, n_process=2, chunk_docs=1)
    assert next(records).doc_id == ENGLISH_DOCS[0][0]
    assert multiprocessing.active_children()  # the pool is working on the next ones
    records.close()
    assert multiprocessing.active_children() == []


def test_without_fork_the_documents_are_annotated_in_this_process(nlp, monkeypatch, caplog):
    one = list(annotate(ENGLISH_DOCS[:3], nlp, batch_size=2))
    monkeypatch.setattr(annotate_module, "fork_available", lambda: False)
    with caplog.at_level(logging.WARNING, logger="pipeline.annotate.stream"):
        fallback = list(annotate(ENGLISH_DOCS[:3], nlp, batch_size=2, n_process=2))
    assert fallback == one and one
    assert "no fork start method" in caplog.text


def test_long_documents_are_cut_to_a_prefix(nlp) -> None:
    paragraph = ENGLISH_DOCS[0][1]
    text = "\n\n".join([paragraph] * 6)
    stats = AnnotateStats()
    (ann,) = annotate([("long", text, "en")], nlp, stats=stats, max_chars=len(paragraph) * 3)
    assert stats.truncated == 1
    assert max(m.end_char for m in ann.mentions) <= len(paragraph) * 3
    for m in ann.mentions:
        assert text[m.start_char : m.end_char] == m.text


def test_truncate_prefers_paragraph_then_sentence_breaks() -> None:
    assert truncate("short", 10) == "short"
    text = "aaaa bbbb cccc.\n\ndddd eeee. ffff gggg"
    assert truncate(text, 28) == "aaaa bbbb cccc."
    # A paragraph break in the first half would lose too much: the last sentence end wins.
    assert truncate("aa.\n\nbbbb cccc. dddd eeee ffff", 24) == "aa.\n\nbbbb cccc."
    assert truncate("aaaa bbbb cccc dddd eeee", 22) == "aaaa bbbb cccc dddd"
    assert text.startswith(truncate(text, 7))


def test_language_codes() -> None:
    assert language_code("en-GB") == "en"
    assert language_code("EN_us") == "en"
    assert language_code(" de ") == "de"
    assert language_code("") is None and language_code(None) is None


def test_claims_come_from_the_claim_rules_with_our_entities(nlp) -> None:
    items = [(f"r{i}", text, "en") for i, text in enumerate(RESOLUTION_DOCS)]
    for ann, text in zip(annotate(items, nlp), RESOLUTION_DOCS, strict=True):
        assert ann.claims, "no claim in a document full of 'said' and 'denied'"
        canonicals = {m.canonical for m in ann.mentions}
        # Speakers are resolved against the mentions annotate() handed the rules.
        assert {c.speaker_canonical for c in ann.claims} & canonicals
        for c in ann.claims:
            assert text[c.content_start : c.content_end] == c.content


def test_chunks_reach_the_pipe_in_long_lived_workers(nlp, monkeypatch, tmp_path) -> None:
    # The spy runs where the pipe runs, in the workers: it notes each call in a file.
    log_file = tmp_path / "pipe-calls.jsonl"
    real_pipe = nlp.pipe

    def spy(texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)
        with log_file.open("a") as out:
            zone = nlp.vocab.in_memory_zone
            out.write(json.dumps({"pid": os.getpid(), "zone": zone, "inputs": texts, **kwargs}))
            out.write("\n")
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", spy)
    docs = ENGLISH_DOCS[:5]
    out = list(annotate(docs, nlp, batch_size=3, n_process=2, chunk_docs=2))
    assert [a.doc_id for a in out] == [d[0] for d in docs]
    calls = [json.loads(line) for line in log_file.read_text().splitlines()]
    # One pipe call per task (5 documents, fewer than a window of 4 tasks of 2: dealt as
    # 2 + 1 + 1 + 1, split_tasks), with our batch size, in the workers themselves (no
    # n_process of spaCy's), and the texts as they are: our tokenizer makes the Docs.
    assert sorted(len(c["inputs"]) for c in calls) == [1, 1, 1, 2]
    assert all(c["batch_size"] == 3 and "n_process" not in c for c in calls)
    assert all(c["zone"] for c in calls)  # each task in a memory zone of the worker's
    assert sorted(t for c in calls for t in c["inputs"]) == sorted(t for _, t, _ in docs)
    # Four tasks, at most two processes, none of them this one: the workers outlive a
    # task (spaCy's own n_process starts new ones at every pipe call).
    pids = {c["pid"] for c in calls}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
