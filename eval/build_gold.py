"""Turn the snippet annotations under eval/gold/articles/ into eval/gold/gold.jsonl.

    python -m eval.build_gold [--gold-dir eval/gold] [--check]

Each article is ``articles/<doc>.txt`` (the text) plus ``articles/<doc>.yaml`` (its
entities and claims, written with text snippets; format in eval/gold/GUIDELINES.md).
Every snippet must be found exactly once — in the document, or inside its ``*_within``
context, or as its ``*_n``-th occurrence — and every rule of the guidelines that a machine
can check is checked here, so an annotation mistake fails the build instead of silently
becoming a wrong offset. ``--check`` exits 1 when gold.jsonl is not what the annotations
build (the test suite runs it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

GOLD_DIR = Path(__file__).resolve().parent / "gold"
ARTICLES = "articles"
GOLD_FILE = "gold.jsonl"

STANCES = frozenset({"assert", "deny", "concede", "warn", "promise", "position"})
KINDS = frozenset({"direct", "indirect", "according_to", "mixed"})
ENTITY_TYPES = frozenset({"person", "organization", "group", "place", "other"})
CLAIM_KEYS = frozenset(
    {
        "id", "speaker", "speaker_within", "speaker_n", "entity", "cue", "stance",
        "content", "content_within", "content_n", "kind", "denies", "note",
    }
)  # fmt: skip
# Content-span convention (GUIDELINES.md): no surrounding space or quote marks, no final
# , ; : or . — the reporting frame's punctuation is not part of what was said.
BAD_EDGES_START = " \n\t“”‘’\"'"
BAD_EDGES_END = " \n\t“”‘’\"',;:."


class GoldError(ValueError):
    """An annotation that cannot be turned into offsets, or that breaks a guideline."""


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    type: str
    aliases: tuple[str, ...]


def _glued(text: str, a: int, b: int) -> bool:
    """Characters a and b both alphanumeric: a snippet edge there would cut a word."""
    return 0 <= a < len(text) and 0 <= b < len(text) and text[a].isalnum() and text[b].isalnum()


def occurrences(text: str, snippet: str) -> list[int]:
    """Start offsets of every (possibly overlapping) whole-word occurrence of ``snippet``.

    Whole words only, so "he" is not found inside "They" or "the".
    """
    found, i = [], text.find(snippet)
    while i != -1:
        end = i + len(snippet)
        if not _glued(text, i - 1, i) and not _glued(text, end - 1, end):
            found.append(i)
        i = text.find(snippet, i + 1)
    return found


def locate(
    text: str, snippet: str, *, within: str | None = None, n: int | None = None, what: str = ""
) -> tuple[int, int]:
    """(start, end) of ``snippet`` in ``text``; raises GoldError unless it is unambiguous."""
    if not snippet:
        raise GoldError(f"{what}: empty snippet")
    base = 0
    if within is not None:
        starts = occurrences(text, within)
        if len(starts) != 1:
            raise GoldError(f"{what}: context {within!r} found {len(starts)} times, need 1")
        base, text = starts[0], within
    starts = occurrences(text, snippet)
    if n is not None:
        if not 1 <= n <= len(starts):
            raise GoldError(f"{what}: {snippet!r} occurrence {n} asked, {len(starts)} found")
        start = starts[n - 1]
    elif len(starts) == 1:
        start = starts[0]
    else:
        where = "its context" if within is not None else "the document"
        raise GoldError(
            f"{what}: {snippet!r} found {len(starts)} times in {where}; "
            "add a *_within context or *_n occurrence"
        )
    return base + start, base + start + len(snippet)


def parse_entities(raw: Any, doc: str) -> dict[str, Entity]:
    """The ``entities`` map: ``Name: type`` or ``Name: {type: ..., aliases: [...]}``.

    A person whose surname no other person of the article shares gets the surname as an
    alias: in one article "Okoye" names Daran Okoye, so a model that resolves no further
    is still right about who spoke (see eval.score.speaker_correct).
    """
    if not isinstance(raw, Mapping):
        raise GoldError(f"{doc}: 'entities' must be a mapping of name -> type")
    parsed: dict[str, tuple[str, list[str]]] = {}
    for name, spec in raw.items():
        if isinstance(spec, str):
            etype, aliases = spec, []
        elif isinstance(spec, Mapping):
            etype, aliases = spec.get("type", ""), list(spec.get("aliases") or [])
        else:
            raise GoldError(f"{doc}: entity {name!r} needs a type")
        if etype not in ENTITY_TYPES:
            raise GoldError(f"{doc}: entity {name!r}: type {etype!r} not in {sorted(ENTITY_TYPES)}")
        parsed[str(name)] = (etype, [str(a) for a in aliases])
    surnames: dict[str, int] = {}
    for name, (etype, _) in parsed.items():
        if etype == "person":
            surnames[name.split()[-1]] = surnames.get(name.split()[-1], 0) + 1
    out: dict[str, Entity] = {}
    for name, (etype, aliases) in parsed.items():
        surname = name.split()[-1]
        if etype == "person" and surname != name and surnames[surname] == 1:
            aliases = [*aliases, surname] if surname not in aliases else aliases
        out[name] = Entity(name, etype, tuple(aliases))
    return out


def _check_content(doc: str, cid: str, content: str, kind: str) -> None:
    start_bad, end_bad = BAD_EDGES_START, BAD_EDGES_END
    if kind == "mixed":
        # A mixed claim may begin or end on its quoted part: `said it was “a lie”`.
        start_bad, end_bad = " \n\t", " \n\t,;:."
    if content[0] in start_bad or content[-1] in end_bad:
        raise GoldError(f"{doc}/{cid}: content {content!r} has edge punctuation or space")
    if kind == "indirect" and content.startswith("that "):
        raise GoldError(f"{doc}/{cid}: content starts with 'that'; the guidelines leave it out")


def build_article(doc: str, text: str, ann: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Gold rows of one article, in annotation order."""
    entities = parse_entities(ann.get("entities") or {}, doc)
    claims = ann.get("claims")
    if not isinstance(claims, list) or not claims:
        raise GoldError(f"{doc}: no claims")
    rows: list[dict[str, Any]] = []
    ids: set[str] = set()
    for i, c in enumerate(claims):
        if not isinstance(c, Mapping):
            raise GoldError(f"{doc}: claim #{i + 1} is not a mapping")
        unknown = set(c) - CLAIM_KEYS
        if unknown:
            raise GoldError(f"{doc}: claim #{i + 1} has unknown keys {sorted(unknown)}")
        cid = str(c.get("id", ""))
        if not cid or cid in ids:
            raise GoldError(f"{doc}: claim #{i + 1} has a missing or repeated id {cid!r}")
        ids.add(cid)
        for key in ("speaker", "cue", "stance", "content", "kind"):
            if not c.get(key):
                raise GoldError(f"{doc}/{cid}: '{key}' is required")
        if c["stance"] not in STANCES:
            raise GoldError(f"{doc}/{cid}: stance {c['stance']!r} not in {sorted(STANCES)}")
        if c["kind"] not in KINDS:
            raise GoldError(f"{doc}/{cid}: kind {c['kind']!r} not in {sorted(KINDS)}")
        if "entity" not in c:
            raise GoldError(f"{doc}/{cid}: 'entity' is required (null when unresolvable)")
        entity = c["entity"]
        if entity is not None and entity not in entities:
            raise GoldError(f"{doc}/{cid}: entity {entity!r} is not listed under 'entities'")
        ss, se = locate(
            text, str(c["speaker"]), within=c.get("speaker_within"), n=c.get("speaker_n"),
            what=f"{doc}/{cid} speaker",
        )  # fmt: skip
        cs, ce = locate(
            text, str(c["content"]), within=c.get("content_within"), n=c.get("content_n"),
            what=f"{doc}/{cid} content",
        )  # fmt: skip
        _check_content(doc, cid, text[cs:ce], c["kind"])
        if ss < ce and cs < se and c["kind"] not in ("direct", "mixed"):
            # Only a quote interrupted by its frame may hold its speaker; see GUIDELINES.md.
            raise GoldError(f"{doc}/{cid}: speaker lies inside the content")
        ent = entities.get(entity) if entity is not None else None
        rows.append(
            {
                "doc": doc,
                "id": cid,
                "speaker_start": ss,
                "speaker_end": se,
                "speaker_text": text[ss:se],
                "speaker_entity": entity,
                "speaker_type": ent.type if ent else None,
                "speaker_aliases": list(ent.aliases) if ent else [],
                "cue": str(c["cue"]),
                "stance": c["stance"],
                "content_start": cs,
                "content_end": ce,
                "content_text": text[cs:ce],
                "kind": c["kind"],
                "denies": None if c.get("denies") is None else str(c["denies"]),
            }
        )
    for row in rows:
        target = row["denies"]
        if target is None:
            continue
        if row["stance"] != "deny":
            raise GoldError(f"{doc}/{row['id']}: only a deny claim may have 'denies'")
        if target not in ids or target == row["id"]:
            raise GoldError(f"{doc}/{row['id']}: denies {target!r}, not another claim here")
    return rows


def article_paths(gold_dir: Path) -> list[tuple[str, Path, Path]]:
    """(doc, text path, annotation path) for every article, sorted by doc id."""
    folder = gold_dir / ARTICLES
    out = []
    for ann in sorted(folder.glob("*.yaml")):
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            raise GoldError(f"{ann.name}: no {txt.name} beside it")
        out.append((ann.stem, txt, ann))
    orphans = {p.stem for p in folder.glob("*.txt")} - {d for d, _, _ in out}
    if orphans:
        raise GoldError(f"texts without annotations: {sorted(orphans)}")
    return out


def load_texts(gold_dir: Path = GOLD_DIR) -> dict[str, str]:
    """Document text by doc id."""
    return {doc: txt.read_text(encoding="utf-8") for doc, txt, _ in article_paths(gold_dir)}


def build(gold_dir: Path = GOLD_DIR) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for doc, txt, ann_path in article_paths(gold_dir):
        ann = yaml.safe_load(ann_path.read_text(encoding="utf-8")) or {}
        rows.extend(build_article(doc, txt.read_text(encoding="utf-8"), ann))
    if not rows:
        raise GoldError(f"no annotated articles under {gold_dir / ARTICLES}")
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def load_gold(gold_dir: Path = GOLD_DIR) -> list[dict[str, Any]]:
    """The built gold rows (gold.jsonl)."""
    path = gold_dir / GOLD_FILE
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold-dir", type=Path, default=GOLD_DIR)
    ap.add_argument("--check", action="store_true", help="fail if gold.jsonl is stale")
    args = ap.parse_args(argv)
    try:
        rows = build(args.gold_dir)
    except GoldError as exc:
        print(f"gold annotation error: {exc}", file=sys.stderr)
        return 1
    out = args.gold_dir / GOLD_FILE
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != render(rows):
            print(f"{out} is stale: run python -m eval.build_gold", file=sys.stderr)
            return 1
        print(f"{out} is up to date ({len(rows)} claims)")
        return 0
    out.write_text(render(rows), encoding="utf-8")
    print(f"{len(rows)} claims from {len({r['doc'] for r in rows})} articles -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
