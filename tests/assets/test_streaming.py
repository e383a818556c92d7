"""The documents and annotations stages stream through a staging area (issue #5).

On real DuckDB files, real pages and the real spaCy model:

* batch sizes do not change the tables: a run that flushes after every page (or
  document) writes exactly what a run in one batch (with two worker processes) writes,
  and both write what the former in-memory algorithms wrote — pages read in (source,
  url) order, the first page of a repeated text stored, documents annotated in doc_id
  order, an entity named as where the day first mentions it — although pages are now
  read in storage order;
* while a stage extracts or annotates, the database is free: another writer can take
  the lock and another process can open the file (the assets hold it only to snapshot
  their inputs and to commit).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

import assets.annotations
import assets.documents
from assets.annotations import annotations
from assets.documents import documents
from assets.raw_pages import raw_pages
from assets.resources import build_resources
from pipeline import annotate as annotate_package
from pipeline import nlp as nlp_package
from pipeline.extract import ExtractedDocument, extract_document
from pipeline.records import DocumentAnnotations, Mention
from pipeline.sources import load_sources
from pipeline.stages import annotations as annotations_stage
from pipeline.stages import documents as documents_stage
from pipeline.stages.annotations import (
    build_annotations,
    commit_annotations,
    document_rows,
)
from pipeline.stages.documents import (
    build_documents,
    commit_documents,
    known_hashes_in,
    make_doc_id,
    staged_pages,
)
from pipeline.stages.raw_pages import ingest
from pipeline.store import ensure_schema, reads, replace_partition
from pipeline.store.lock import DatabaseBusyError, write_lock
from pipeline.store.staging import Staging
from tests.conftest import REPO_ROOT, SAMPLES

DAY = date(2026, 4, 2)
EARLIER = date(2026, 4, 1)
LATER = date(2026, 4, 3)
# Copied under other names: the same text at several URLs of the day.
REPEATED = ["meridian-cdf-claims-sorvik.html", "ledger-election-results-rejected.html"]
# Also stored by the earlier day: a duplicate of another day's document.
STORED_BEFORE = "harborwire-nac-denies-sorvik.html"


# The tables the stages write. The summaries derived from them are not compared: some
# pick among ties in storage order (any_value, string_agg), which batching may change.
TABLES = ("raw_pages", "fetch_log", "documents", "entities", "entity_aliases", "mentions", "claims")


def contents(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the stages write, sorted: equal iff same contents."""
    with duckdb.connect(str(db), read_only=True) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


@pytest.fixture(scope="module")
def fetched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the day's raw pages and fetch_log, written in a shuffled order, and
    an earlier day that stored one of the day's articles."""
    tmp = tmp_path_factory.mktemp("streaming")
    pages = tmp / "pages"
    shutil.copytree(SAMPLES, pages)
    for name in REPEATED:
        for copy in ("a-copy", "z-copy"):
            shutil.copy(SAMPLES / name, pages / f"{copy}-{name}")
    sources = tmp / "sources.yaml"
    sources.write_text(f"sources:\n  - name: samples\n    path: {pages}\n", encoding="utf-8")
    result = ingest(load_sources(sources), DAY)
    random.Random(4).shuffle(result.raw_pages)  # storage order is not (source, url) order
    db = tmp / "fetched.duckdb"
    with duckdb.connect(str(db)) as conn:
        ensure_schema(conn)
        replace_partition(conn, DAY, {"raw_pages": result.raw_pages, "fetch_log": result.fetch_log})
        page = next(p for p in reads.raw_pages(conn, DAY) if p.url.endswith("/" + STORED_BEFORE))
        doc = extract_document(page)
        assert isinstance(doc, ExtractedDocument)
        earlier = {**documents_stage._document_row(doc, page, EARLIER), "url": "http://e/1"}
        earlier["doc_id"] = make_doc_id("http://e/1", doc.content_hash)
        replace_partition(conn, EARLIER, {"documents": [earlier]})
    return db


def run_documents(db: Path, *, flush_pages: int, n_process: int = 1) -> None:
    with Staging() as staging:
        with duckdb.connect(str(db)) as conn:
            total = documents_stage.stage_inputs(conn, staging, DAY)
        build_documents(
            staged_pages(staging),
            DAY,
            staging=staging,
            known_hashes=known_hashes_in(staging),
            total=total,
            flush_pages=flush_pages,
            n_process=n_process,
        )
        with duckdb.connect(str(db)) as conn:
            commit_documents(conn, staging, DAY)


def former_documents(db: Path) -> None:
    """The documents stage as it was: pages in (source, url) order, rows in memory."""
    with duckdb.connect(str(db)) as conn:
        known = reads.hashes_elsewhere(conn, DAY)
        log = {(r["source"], r["url"]): dict(r) for r in reads.fetch_log(conn, DAY)}
        docs, first_url_of = [], {}
        for page in reads.raw_pages(conn, DAY):
            row, extracted = log[(page.source, page.url)], extract_document(page)
            if not isinstance(extracted, ExtractedDocument):
                row["status"], row["reason"] = extracted.status, extracted.reason
            elif extracted.content_hash in known:
                row["status"] = "duplicate"
                row["reason"] = "same text as a document stored for another day"
            elif extracted.content_hash in first_url_of:
                row["status"] = "duplicate"
                row["reason"] = f"same text as {first_url_of[extracted.content_hash]}"
            else:
                first_url_of[extracted.content_hash] = page.url
                docs.append(documents_stage._document_row(extracted, page, DAY))
                row["status"], row["reason"], row["doc_id"] = "ok", None, docs[-1]["doc_id"]
        replace_partition(conn, DAY, {"documents": docs, "fetch_log": list(log.values())})


@pytest.fixture(scope="module")
def extracted(fetched: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("documents")
    dbs = {name: tmp / f"{name}.duckdb" for name in ("per_page", "one_batch", "former")}
    for db in dbs.values():
        shutil.copy(fetched, db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(documents_stage, "DECIDE_BATCH", 1)  # a hash lookup per page
        run_documents(dbs["per_page"], flush_pages=1)
    run_documents(dbs["one_batch"], flush_pages=10**6, n_process=2)  # a pool of workers
    former_documents(dbs["former"])
    return dbs


def test_the_extraction_pool_keeps_order_and_a_bounded_window(
    fetched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages go to the workers a window ahead of what the caller has taken, refilled as it
    takes them: every page comes back once, in input order, and the stream is never read
    more than the window ahead (a large day must not be read into memory whole)."""
    monkeypatch.setattr(documents_stage, "EXTRACT_CHUNK", 2)
    monkeypatch.setattr(documents_stage, "TASKS_AHEAD_PER_WORKER", 1)
    window = 2 * 1 * 2  # workers x tasks ahead per worker x pages per task
    with duckdb.connect(str(fetched), read_only=True) as conn:
        pages = list(reads.raw_pages(conn, DAY))
    assert len(pages) > 3 * window  # the window is refilled several times

    read = 0

    def counted() -> Iterator[Any]:
        nonlocal read
        for page in pages:
            read += 1
            yield page

    serial = [(p.url, e) for p, e in documents_stage.extract_pages(pages, 1)]
    pooled = []
    for page, extracted_page in documents_stage.extract_pages(counted(), 2):
        # Taken: len(pooled) + 1. Read: those, the rest of their task and the window ahead.
        assert read <= len(pooled) + 1 + window + 2
        assert page.body is None  # bodies do not travel back
        pooled.append((page.url, extracted_page))
    assert pooled == serial


# extract_pages with two processes in a process that ignores SIGTERM (as a test session a
# shell starts in the background does after its first Dagster run), whose consumer stops
# mid-day (as when writing a row fails). -c, not a file: forkserver workers would import a
# file as __main__ again.
POOL_WITH_SIGTERM_IGNORED = """
import signal
from datetime import UTC, datetime
from pipeline.records import FetchResult
from pipeline.stages.documents import extract_pages

signal.signal(signal.SIGTERM, signal.SIG_IGN)
body = b"<html><body><article><p>" + b"Words of a sentence. " * 40 + b"</p></article></body></html>"
pages = [
    FetchResult(source="s", url=f"http://127.0.0.1/{i}", status="ok",
                fetched_at=datetime.now(UTC), content_type="text/html", body=body)
    for i in range(200)
]
results = extract_pages(pages, 2)
next(results)
results.close()
print("closed")
"""


def test_the_extraction_pool_ends_in_a_process_that_ignores_sigterm() -> None:
    """A pool that exits with tasks in flight ends its workers with SIGTERM (Pool.terminate:
    its parent holds the task queue's lock, so no worker can read the stop sentinel). An
    ignored SIGTERM, inherited through the forkserver, made that exit wait forever: a whole
    test run hung on it."""
    run = subprocess.Popen(
        [sys.executable, "-c", POOL_WITH_SIGTERM_IGNORED],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
        start_new_session=True,  # its forkserver and workers too, to kill them all below
    )
    try:
        out, _ = run.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        pytest.fail("the extraction pool's exit waited for workers that ignore SIGTERM")
    assert (run.returncode, out.split()) == (0, ["closed"])


def test_documents_stage_writes_the_same_tables_in_any_batches(extracted) -> None:
    assert contents(extracted["per_page"]) == contents(extracted["one_batch"])
    assert contents(extracted["one_batch"]) == contents(extracted["former"])


def test_the_first_page_of_a_repeated_text_is_stored(extracted) -> None:
    with duckdb.connect(str(extracted["one_batch"]), read_only=True) as conn:
        log = {
            url.rsplit("/", 1)[-1]: (status, reason)
            for url, status, reason in conn.execute(
                "SELECT url, status, reason FROM fetch_log WHERE partition_date = ?", [DAY]
            ).fetchall()
        }
        stored = {
            u.rsplit("/", 1)[-1] for (u,) in conn.execute("SELECT url FROM documents").fetchall()
        }
    for name in REPEATED:
        first = f"a-copy-{name}"  # first by (source, url) of the three copies
        assert log[first] == ("ok", None) and first in stored
        for other in (name, f"z-copy-{name}"):
            status, reason = log[other]
            assert status == "duplicate" and reason.endswith("/" + first), other
            assert other not in stored
    assert log[STORED_BEFORE] == ("duplicate", "same text as a document stored for another day")


def test_a_text_another_day_stores_meanwhile_becomes_a_duplicate(
    fetched: Path, tmp_path: Path
) -> None:
    # Two days extracted at once: the other day commits the same article after this day
    # took its snapshot of known hashes. The day committing second makes it a duplicate,
    # as when the stages ran one after the other.
    db = tmp_path / "news.duckdb"
    shutil.copy(fetched, db)
    name = "courier-library-reopens.html"
    with Staging() as staging:
        with duckdb.connect(str(db)) as conn:
            total = documents_stage.stage_inputs(conn, staging, DAY)
            page = next(p for p in reads.raw_pages(conn, DAY) if p.url.endswith("/" + name))
        result = build_documents(
            staged_pages(staging), DAY, staging=staging,
            known_hashes=known_hashes_in(staging), total=total,
        )  # fmt: skip
        ok_before = result.statuses["ok"]
        doc = extract_document(page)
        assert isinstance(doc, ExtractedDocument)
        with duckdb.connect(str(db)) as conn:
            other = {**documents_stage._document_row(doc, page, LATER), "url": "http://l/1"}
            other["doc_id"] = make_doc_id("http://l/1", doc.content_hash)
            replace_partition(conn, LATER, {"documents": [other]})
            written = commit_documents(conn, staging, DAY, result)
            status = conn.execute(
                "SELECT status, reason, doc_id FROM fetch_log WHERE url = ? AND partition_date = ?",
                [page.url, DAY],
            ).fetchone()
            stored = conn.execute(
                "SELECT count(*) FROM documents WHERE content_hash = ?", [doc.content_hash]
            ).fetchone()[0]
    assert status == ("duplicate", "same text as a document stored for another day", None)
    assert stored == 1
    assert written["documents"] == result.statuses["ok"] == ok_before - 1


def run_annotations(db: Path, model: str, *, flush_docs: int, n_process: int = 1) -> None:
    with Staging() as staging:
        with duckdb.connect(str(db)) as conn:
            total = annotations_stage.stage_inputs(conn, staging, DAY)
        result = build_annotations(
            staging.rows("documents"),
            DAY,
            staging=staging,
            total=total,
            model=model,
            flush_docs=flush_docs,
            n_process=n_process,
        )
        assert result.documents > 5 and result.claims > 5
        with duckdb.connect(str(db)) as conn:
            commit_annotations(conn, staging, DAY)


def former_annotations(db: Path, model: str) -> None:
    """The annotations stage as it was: documents in doc_id order, rows in memory, an
    entity named as where it is first seen."""
    from pipeline.annotate import annotate
    from pipeline.nlp import load_model

    with duckdb.connect(str(db)) as conn:
        docs = reads.documents(conn, DAY)
        tables: dict[str, list[dict[str, Any]]] = {
            "entity_aliases": [],
            "mentions": [],
            "claims": [],
        }
        entities: dict[str, dict[str, Any]] = {}
        for ann in annotate(docs, load_model(model)):
            rows = document_rows(ann, DAY)
            for table, table_rows in tables.items():
                table_rows.extend(getattr(rows, table))
            for e in rows.entities:
                entities.setdefault(e["entity_id"], e)
        replace_partition(conn, DAY, tables, shared={"entities": list(entities.values())})


def test_annotations_stage_writes_the_same_tables_in_any_batches(
    extracted, model_name: str, tmp_path: Path
) -> None:
    dbs = {name: tmp_path / f"{name}.duckdb" for name in ("per_doc", "one_batch", "former")}
    for db in dbs.values():
        shutil.copy(extracted["one_batch"], db)
    run_annotations(dbs["per_doc"], model_name, flush_docs=1)
    run_annotations(dbs["one_batch"], model_name, flush_docs=10**6, n_process=2)
    former_annotations(dbs["former"], model_name)
    assert contents(dbs["per_doc"]) == contents(dbs["one_batch"])
    assert contents(dbs["one_batch"]) == contents(dbs["former"])


def test_a_failure_while_storing_rows_ends_the_memory_zone(
    extracted, model_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Records come out of annotate() inside a spaCy memory zone. When storing one fails,
    # the stage's error must not leave the pipeline in that zone (a retry in the same
    # process would nest zones): the generator is closed on the way out, while the
    # error, and with it the stage's frame, is still alive.
    nlp = nlp_package.load_model(model_name)
    stored = []

    def failing(out: Any, staging: Any, sightings: Any, ann: Any, day: date) -> None:
        stored.append(nlp.vocab.in_memory_zone)
        raise OSError("disk full")

    monkeypatch.setattr(annotations_stage, "add_annotations", failing)
    db = tmp_path / "news.duckdb"
    shutil.copy(extracted["one_batch"], db)
    with Staging(root=tmp_path) as staging:
        with duckdb.connect(str(db)) as conn:
            annotations_stage.stage_inputs(conn, staging, DAY)
        with pytest.raises(OSError, match="disk full") as caught:
            build_annotations(staging.rows("documents"), DAY, staging=staging, model=model_name)
        assert stored == [True]
        assert caught.value.__traceback__ is not None  # the frame is still referenced
        assert not nlp.vocab.in_memory_zone
        assert "newsclaims_annotator" in nlp.disabled


def _mention(name: str) -> Mention:
    return Mention(text=name, label="group", start_char=0, end_char=len(name), canonical=name)


def test_an_entity_keeps_the_name_of_its_first_mention_in_doc_id_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "the Front" and "Front" share an entity id; the documents arrive out of doc_id order
    # and in separate batches, so the name is chosen at commit.
    arrivals = [
        DocumentAnnotations("doc-c", mentions=[_mention("Front")]),
        DocumentAnnotations("doc-b", mentions=[_mention("the Front")]),
        DocumentAnnotations("doc-d", mentions=[_mention("front")]),
    ]

    def fake_annotate(items: Iterable[Any], *_: Any, **__: Any) -> Iterator[DocumentAnnotations]:
        yield from arrivals

    monkeypatch.setattr(annotate_package, "annotate", fake_annotate)
    monkeypatch.setattr(nlp_package, "load_model", lambda _model=None: None)
    db = tmp_path / "news.duckdb"
    with duckdb.connect(str(db)) as conn:
        ensure_schema(conn)
    with Staging(root=tmp_path) as staging:
        result = build_annotations([], DAY, staging=staging, flush_docs=1)
        with duckdb.connect(str(db)) as conn:
            commit_annotations(conn, staging, DAY)
            names = conn.execute("SELECT name FROM entities").fetchall()
    assert result.entities == 1 and result.mentions == 3
    assert names == [("the Front",)]  # doc-b's: the first in doc_id order


READER = (
    "import duckdb, sys\n"
    "with duckdb.connect(sys.argv[1], read_only=True) as conn:\n"
    "    print(conn.execute('SELECT count(*) FROM fetch_log').fetchone()[0])\n"
)


def test_the_database_is_free_while_the_stages_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "news.duckdb"
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - name: samples\n    path: {SAMPLES}\n", encoding="utf-8")
    seen: dict[str, list[str]] = {}

    def probing(module: Any, stage: str) -> None:
        real = module.should_report

        def should_report(done: int, total: int) -> bool:
            if stage not in seen and 2 <= done < total:  # once, inside extraction/annotation
                outcome = []
                try:
                    # The writers' lock, as a second `newsclaims run` would take it …
                    with write_lock(db, timeout=0, notify=lambda _m: None):
                        outcome.append("lock taken")
                except DatabaseBusyError:
                    outcome.append("lock busy")
                # … and the file, from another process, as a notebook would open it.
                reader = subprocess.run(
                    [sys.executable, "-c", READER, str(db)],
                    capture_output=True, text=True, timeout=60, check=False,
                )  # fmt: skip
                outcome.append("read" if reader.returncode == 0 else reader.stderr[-500:])
                seen[stage] = outcome
            return real(done, total)

        monkeypatch.setattr(module, "should_report", should_report)

    probing(assets.documents, "documents")
    probing(assets.annotations, "annotations")
    result = dg.materialize(
        [raw_pages, documents, annotations],
        partition_key=DAY.isoformat(),
        resources=build_resources(db=str(db), sources=str(sources)),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    assert seen == {"documents": ["lock taken", "read"], "annotations": ["lock taken", "read"]}
