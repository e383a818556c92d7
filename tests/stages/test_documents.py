"""The documents stage streams through a staging area (issue #5).

On real DuckDB files and real pages (the day of tests/stages/conftest.py):

* batch sizes do not change the tables: a run that flushes after every page writes
  exactly what a run in one batch (with two worker processes) writes, and both write
  what the former in-memory algorithm wrote — pages read in (source, url) order, the
  first page of a repeated text stored — although pages are now read in storage order;
* the extraction pool keeps order, reads a bounded window ahead, and ends in a process
  that ignores SIGTERM.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.extract import ExtractedDocument, extract_document
from pipeline.stages import documents as documents_stage
from pipeline.stages.documents import (
    build_documents,
    commit_documents,
    known_hashes_in,
    make_doc_id,
    staged_pages,
)
from pipeline.store import reads, replace_partition
from pipeline.store.staging import Staging
from tests.conftest import REPO_ROOT
from tests.stages.conftest import DAY, REPEATED, SOURCES, STORED_BEFORE, contents

LATER = date(2026, 4, 3)


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
            total = documents_stage.stage_inputs(conn, staging, DAY, SOURCES)
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
            written = commit_documents(conn, staging, DAY, SOURCES, result)
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
