"""Stage 3: documents -> entities, aliases, mentions and claims rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.records import DocumentAnnotations
from pipeline.stages.progress import Progress


@dataclass
class AnnotationsResult:
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    entity_aliases: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0
    skipped_language: Counter[str] = field(default_factory=Counter)
    stances: Counter[str] = field(default_factory=Counter)


def _entity(out: AnnotationsResult, name: str, label: str) -> str:
    from pipeline.nlp.entities import entity_id

    key = entity_id(name, label)
    out.entities.setdefault(key, {"entity_id": key, "name": name, "label": label})
    return key


def add_annotations(out: AnnotationsResult, ann: DocumentAnnotations, partition_date: date) -> None:
    """Turn one document's annotations into rows."""
    out.documents += 1
    aliases: set[tuple[str, str]] = set()
    for m in ann.mentions:
        key = _entity(out, m.canonical, m.label)
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
            _entity(out, c.speaker_canonical, c.speaker_label or "other")
            if c.speaker_canonical
            else None
        )
        out.stances[c.stance] += 1
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
            }
        )


def build_annotations(
    documents: list[tuple[str, str, str | None]],
    partition_date: date,
    *,
    model: str | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
) -> AnnotationsResult:
    """Run the spaCy pipeline and claim rules over the day's (doc_id, text, language)."""
    from pipeline.nlp import AnnotateStats, annotate, load_model

    nlp = load_model(model)
    out = AnnotationsResult()
    stats = AnnotateStats()
    results: Iterable[DocumentAnnotations] = annotate(
        documents, nlp, batch_size=batch_size, n_process=n_process, stats=stats
    )
    total = len(documents)
    for done, ann in enumerate(results, start=1):
        add_annotations(out, ann, partition_date)
        if progress:
            progress(done + sum(stats.skipped_language.values()) + stats.failed, total)
    out.skipped_language = Counter(stats.skipped_language)
    return out
