"""The day the documents and annotations stages run on: real pages (the samples, some
copied under other names), fetched once for the session and extracted in three ways:
flushing after every page, in one batch with two worker processes, and as the former
in-memory algorithm did (pages in (source, url) order, rows in memory)."""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.extract import ExtractedDocument, extract_document
from pipeline.sources import load_sources
from pipeline.stages import documents as documents_stage
from pipeline.stages.documents import (
    build_documents,
    commit_documents,
    known_hashes_in,
    make_doc_id,
    staged_pages,
)
from pipeline.stages.raw_pages import ingest
from pipeline.store import ensure_schema, reads, replace_partition
from pipeline.store.staging import Staging
from pipeline.stories import Candidate, StoredDocument, assign_story_ids
from tests.conftest import SAMPLES

DAY = date(2026, 4, 2)
# The one source of the sample day (its sources file below): the stages run it.
SOURCES = ("samples",)
EARLIER = date(2026, 4, 1)
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


@pytest.fixture(scope="session")
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
            total = documents_stage.stage_inputs(conn, staging, DAY, SOURCES)
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
            commit_documents(conn, staging, DAY, SOURCES)


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
        # Stories: the stored documents come from one earlier day, within the window.
        stored = [
            StoredDocument(doc_id, story_id or doc_id, day, minhash)
            for doc_id, story_id, day, minhash in conn.execute(
                "SELECT doc_id, story_id, partition_date, minhash FROM documents"
                " WHERE partition_date < ? AND minhash IS NOT NULL",
                [DAY],
            ).fetchall()
        ]
        stories = assign_story_ids(
            [Candidate(d["doc_id"], d["minhash"]) for d in docs], stored, DAY
        )
        for doc in docs:
            doc["story_id"] = stories[doc["doc_id"]]
        replace_partition(conn, DAY, {"documents": docs, "fetch_log": list(log.values())})


@pytest.fixture(scope="session")
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
