"""The annotations stage streams through a staging area (issue #5).

On real DuckDB files, real pages and the real spaCy model (the day of
tests/stages/conftest.py): a run that flushes after every document writes exactly what a
run in one batch (with two worker processes) writes, and both write what the former
in-memory algorithm wrote — documents annotated in doc_id order, an entity named as where
the day first mentions it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import annotate as annotate_package
from pipeline import nlp as nlp_package
from pipeline.records import DocumentAnnotations, Mention
from pipeline.stages import annotations as annotations_stage
from pipeline.stages.annotations import (
    build_annotations,
    commit_annotations,
    document_rows,
)
from pipeline.store import ensure_schema, reads, replace_partition
from pipeline.store.staging import Staging
from tests.stages.conftest import DAY, SOURCES, contents


def run_annotations(db: Path, model: str, *, flush_docs: int, n_process: int = 1) -> None:
    with Staging() as staging:
        with duckdb.connect(str(db)) as conn:
            total = annotations_stage.stage_inputs(conn, staging, DAY, SOURCES)
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
            commit_annotations(conn, staging, DAY, SOURCES)


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
            annotations_stage.stage_inputs(conn, staging, DAY, SOURCES)
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
            commit_annotations(conn, staging, DAY, SOURCES)
            names = conn.execute("SELECT name FROM entities").fetchall()
    assert result.entities == 1 and result.mentions == 3
    assert names == [("the Front",)]  # doc-b's: the first in doc_id order
