"""Stage 3: documents -> entities, aliases, mentions and claims rows.

The stage streams through a staging area (pipeline/store/staging.py), so it holds the
database only to snapshot the day's documents and to commit, and its memory does not
grow with the day: ``stage_inputs`` copies the documents to Parquet; ``build_annotations``
reads them one snapshot file at a time, runs spaCy and the claim rules, and stages each
document's rows, flushing them to Parquet every few hundred documents; then
``commit_annotations`` writes them in one transaction. Documents are read in storage
order (sorting the texts would hold them all in memory), so the name an entity keeps —
the one it has where the day first mentions it in doc_id order, as before — is chosen at
commit (sql/store/staging/first_entities.sql).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from pipeline.records import DocumentAnnotations
from pipeline.stages.progress import Progress
from pipeline.store.staging import Staging

# Documents whose rows are staged before they are written to Parquet and dropped: ~50
# mentions and ~5 claims a document make 500 documents a few MB of rows.
FLUSH_DOCS = 500

# Tables whose rows of its sources' documents the stage replaces for its day.
DAY_TABLES = ("entity_aliases", "mentions", "claims")


@dataclass
class AnnotationsResult:
    """Counters of one run, for the assets' metadata; the rows are in the staging area."""

    documents: int = 0
    mentions: int = 0
    claims: int = 0
    entity_aliases: int = 0
    entities: int = 0  # distinct entities the day's mentions and claims refer to
    labels: Counter[str] = field(default_factory=Counter)
    speakers: Counter[str] = field(default_factory=Counter)
    stances: Counter[str] = field(default_factory=Counter)
    skipped_language: Counter[str] = field(default_factory=Counter)
    failed: int = 0


# entity_id -> (doc_id, position in the document, name, label) of its first sighting.
Sightings = dict[str, tuple[str, int, str, str]]


@dataclass
class DocumentRows:
    """One document's rows, as they go to the tables."""

    mentions: list[dict[str, Any]] = field(default_factory=list)
    entity_aliases: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    # Every entity the document refers to, in order of sighting (mentions, then speakers).
    entities: list[dict[str, Any]] = field(default_factory=list)


def document_rows(ann: DocumentAnnotations, partition_date: date) -> DocumentRows:
    """Turn one document's annotations into rows."""
    from pipeline.nlp.entities import entity_id

    out = DocumentRows()

    def entity(name: str, label: str) -> str:
        key = entity_id(name, label)
        out.entities.append({"entity_id": key, "name": name, "label": label})
        return key

    aliases: set[tuple[str, str]] = set()
    for m in ann.mentions:
        key = entity(m.canonical, m.label)
        aliases.add((key, m.text))
        out.mentions.append(
            {
                "doc_id": ann.doc_id,
                "entity_id": key,
                "text": m.text,
                "label": m.label,
                "model_label": m.model_label or None,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "partition_date": partition_date,
            }
        )
    out.entity_aliases.extend(
        {"entity_id": key, "alias": alias, "doc_id": ann.doc_id, "partition_date": partition_date}
        for key, alias in sorted(aliases)
    )
    claim_ids = [f"{ann.doc_id}-{n:03d}" for n in range(len(ann.claims))]
    for n, c in enumerate(ann.claims):
        speaker_key = (
            entity(c.speaker_canonical, c.speaker_label or "other") if c.speaker_canonical else None
        )
        out.claims.append(
            {
                "claim_id": claim_ids[n],
                "doc_id": ann.doc_id,
                "sentence_index": c.sentence_index,
                "speaker": c.speaker,
                "speaker_entity_id": speaker_key,
                "speaker_name": c.speaker_canonical,
                "speaker_start": c.speaker_start,
                "speaker_end": c.speaker_end,
                "speaker_role": c.speaker_role,
                "affiliation": c.affiliation,
                "cue": c.cue,
                "stance": c.stance,
                "content": c.content,
                "content_start": c.content_start,
                "content_end": c.content_end,
                "kind": c.kind,
                "denies_claim_id": claim_ids[c.denies] if c.denies is not None else None,
                "partition_date": partition_date,
                "act": c.act,
                "method": c.method,
                "confidence": c.confidence,
            }
        )
    return out


def add_annotations(
    out: AnnotationsResult,
    staging: Staging,
    sightings: Sightings,
    ann: DocumentAnnotations,
    partition_date: date,
) -> None:
    """Stage one document's rows, count them, and note its entities' first sightings."""
    rows = document_rows(ann, partition_date)
    out.documents += 1
    out.mentions += len(rows.mentions)
    out.claims += len(rows.claims)
    out.entity_aliases += len(rows.entity_aliases)
    out.labels.update(m["label"] for m in rows.mentions)
    for c in rows.claims:
        out.stances[c["stance"]] += 1
        if c["speaker"]:
            out.speakers[c["speaker_name"] or f"{c['speaker']} (unresolved)"] += 1
    for pos, e in enumerate(rows.entities):
        seen = sightings.get(e["entity_id"])
        # Keep the earliest sighting by (doc_id, position): documents arrive in storage order.
        if seen is None or (ann.doc_id, pos) < seen[:2]:
            sightings[e["entity_id"]] = (ann.doc_id, pos, e["name"], e["label"])
    staging.add("mentions", rows.mentions)
    staging.add("entity_aliases", rows.entity_aliases)
    staging.add("claims", rows.claims)


def _stage_sightings(staging: Staging, sightings: Sightings) -> None:
    staging.add(
        "entity_candidates",
        (
            {"entity_id": key, "name": name, "label": label, "first_doc": doc, "first_pos": pos}
            for key, (doc, pos, name, label) in sightings.items()
        ),
    )
    sightings.clear()


def stage_inputs(
    conn: duckdb.DuckDBPyConnection,
    staging: Staging,
    partition_date: date,
    sources: Collection[str],
) -> int:
    """Snapshot the day's documents of ``sources`` (the names of the sources the run
    ingests) into ``staging`` (the only read of the database); returns their number. The
    caller can close ``conn`` as soon as this returns."""
    scope = {"day": partition_date, "sources": sorted(sources)}
    staging.pin(
        conn,
        "store/staging/annotations_inputs_fingerprint",
        scope,
        f"the documents of {partition_date} changed while they were annotated (the "
        "documents step ran again meanwhile); rerun the annotations step",
    )
    return staging.snapshot(conn, "documents", "store/staging/documents", scope)


def build_annotations(
    documents: Iterable[tuple[str, str, str | None]],
    partition_date: date,
    *,
    staging: Staging,
    total: int | None = None,
    model: str | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
    flush_docs: int = FLUSH_DOCS,
    attribution_model: Path | None = None,
) -> AnnotationsResult:
    """Run the spaCy pipeline and claim rules over (doc_id, text, language) and stage the
    rows; they are flushed to Parquet every ``flush_docs`` documents. ``total`` (the
    number of documents) is for ``progress`` only. ``attribution_model``: the trained
    attribution model's directory, or None for the claim rules alone."""
    from pipeline.annotate import AnnotateStats, annotate
    from pipeline.nlp import load_model

    nlp = load_model(model)
    out = AnnotationsResult()
    stats = AnnotateStats()
    # Entities seen since the last flush: one candidate row per entity and flush, instead
    # of one per mention, and never more than a flush's worth of them in memory.
    sightings: Sightings = {}
    results = annotate(
        documents,
        nlp,
        batch_size=batch_size,
        n_process=n_process,
        stats=stats,
        attribution_model=attribution_model,
    )
    # annotate() hands out records from inside a spaCy memory zone; closing it on the way
    # out, error or not, ends the zone (and its worker processes) now, not whenever the
    # suspended generator is collected, so a retry in this process starts clean.
    with closing(results):
        for done, ann in enumerate(results, start=1):
            add_annotations(out, staging, sightings, ann, partition_date)
            if done % flush_docs == 0:
                _stage_sightings(staging, sightings)
                staging.flush()
            if progress and total:
                progress(done + sum(stats.skipped_language.values()) + stats.failed, total)
    _stage_sightings(staging, sightings)
    staging.flush()
    out.skipped_language = Counter(stats.skipped_language)
    out.failed = stats.failed
    ((out.entities,),) = staging.query("store/staging/entity_count")
    return out


def commit_annotations(
    conn: duckdb.DuckDBPyConnection,
    staging: Staging,
    partition_date: date,
    sources: Collection[str],
) -> dict[str, int]:
    """Add the day's new entities and replace the aliases, mentions and claims of the
    documents of ``sources`` — and of documents no longer stored — in one transaction
    (with the day's summaries); other sources' rows of the day stay."""
    return staging.commit(
        conn,
        partition_date,
        DAY_TABLES,
        shared=("entities",),
        queries={"entities": "store/staging/first_entities"},
        sources=sources,
    )
