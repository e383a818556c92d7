"""The web-page gold set: hand-annotated attributions on real news-dev pages.

    python -m eval.webgold [--corpus DIR] [--check]          # load, check, summarise
    python -m eval.webgold --from-snippets SRC [--corpus DIR] # snippet YAML -> offsets

Each page's annotation is ``eval/webgold/pages/<page>.json``: character offsets into the
page's gold article body (``articleBody`` of ``ground-truth.json`` in the news-dev corpus,
keyed by the page's file name) and the SHA-256 of that body. No text of the page is kept
in the repository, only offsets, labels and the URL; the text is read from the corpus at
evaluation time and a body whose hash differs stops the load (offsets into another text
would score nonsense). Format and guidelines: eval/webgold/README.md.

``--from-snippets SRC`` turns annotations written with text snippets (the own gold set's
YAML format, eval/gold/GUIDELINES.md; one ``SRC/<page>.yaml`` per page, kept out of the
repository because snippets copy text) into the offset files, with every check of
eval.build_gold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eval.build_gold import (
    ENTITY_TYPES,
    KINDS,
    STANCES,
    GoldError,
    _check_content,
    _glued,
    build_article,
    locate,
    occurrences,
    parse_entities,
)
from eval.score import match_document

WEBGOLD_DIR = Path(__file__).resolve().parent / "webgold"
PAGES = "pages"
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "news-dev"
GROUND_TRUTH = "ground-truth.json"
GENRES = frozenset({"news", "opinion", "feature", "review", "sport", "how-to", "listing", "blog"})


class WebGoldError(GoldError):
    """An annotation file that does not fit its page (hash, offsets, labels)."""


@dataclass(frozen=True, slots=True)
class WebGold:
    """The built gold set: rows in eval.score's format and the texts they index."""

    rows: list[dict[str, Any]]
    texts: dict[str, str]
    genres: dict[str, str]
    thoughts: list[dict[str, Any]]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_bodies(corpus: Path) -> dict[str, str]:
    """Gold article body by page id (the html file's stem)."""
    path = corpus / GROUND_TRUTH
    if not path.exists():
        raise WebGoldError(f"no {GROUND_TRUTH} in news-dev corpus {corpus}")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(page): str(entry["articleBody"]) for page, entry in data.items()}


def _span(text: str, raw: Any, what: str) -> tuple[int, int]:
    if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(x, int) for x in raw)):
        raise WebGoldError(f"{what}: span must be [start, end], got {raw!r}")
    start, end = raw
    if not 0 <= start < end <= len(text):
        raise WebGoldError(f"{what}: span {raw} outside the text (length {len(text)})")
    if _glued(text, start - 1, start) or _glued(text, end - 1, end):
        raise WebGoldError(f"{what}: span {raw} cuts a word")
    return start, end


def build_page(
    page: str, text: str, ann: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Gold rows (eval.score format, like eval/gold/gold.jsonl) of one page's offsets:
    its claims, and its thought attributions (README.md: neither required nor wrong)."""
    if ann.get("sha256") != sha256(text):
        raise WebGoldError(
            f"{page}: the corpus body's SHA-256 is not the annotated one; the offsets "
            "belong to another text (re-annotate, or use the corpus they were made on)"
        )
    if ann.get("genre") not in GENRES:
        raise WebGoldError(f"{page}: genre {ann.get('genre')!r} not in {sorted(GENRES)}")
    raw_entities = ann.get("entities") or {}
    spec: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for eid, ent in raw_entities.items():
        s, e = _span(text, ent.get("span"), f"{page}/entity {eid}")
        if ent.get("type") not in ENTITY_TYPES:
            raise WebGoldError(f"{page}/entity {eid}: type {ent.get('type')!r}")
        aliases = [text[a:b] for a, b in (_span(text, x, f"{page}/{eid} alias") for x in
                                          ent.get("aliases") or [])]  # fmt: skip
        names[str(eid)] = text[s:e]
        spec[text[s:e]] = {"type": ent["type"], "aliases": aliases}
    entities = parse_entities(spec, page)
    rows: list[dict[str, Any]] = []
    ids: set[str] = set()
    items = [(c, False) for c in ann.get("claims") or []]
    items += [(c, True) for c in ann.get("thoughts") or []]
    for c, thought in items:
        cid = str(c.get("id", ""))
        what = f"{page}/{cid}"
        if not cid or cid in ids:
            raise WebGoldError(f"{page}: missing or repeated claim id {cid!r}")
        ids.add(cid)
        if c.get("stance") not in STANCES or c.get("kind") not in KINDS or not c.get("cue"):
            raise WebGoldError(f"{what}: bad stance, kind or cue")
        ss, se = _span(text, c.get("speaker"), f"{what} speaker")
        cs, ce = _span(text, c.get("content"), f"{what} content")
        _check_content(page, cid, text[cs:ce], str(c["kind"]))
        eid = c.get("entity")
        if eid is not None and str(eid) not in names:
            raise WebGoldError(f"{what}: entity {eid!r} not under 'entities'")
        ent = entities[names[str(eid)]] if eid is not None else None
        rows.append(
            {
                "doc": page,
                "id": cid,
                "speaker_start": ss,
                "speaker_end": se,
                "speaker_text": text[ss:se],
                "speaker_entity": ent.name if ent else None,
                "speaker_type": ent.type if ent else None,
                "speaker_aliases": list(ent.aliases) if ent else [],
                "cue": str(c["cue"]),
                "stance": c["stance"],
                "content_start": cs,
                "content_end": ce,
                "content_text": text[cs:ce],
                "kind": c["kind"],
                "denies": None if c.get("denies") is None else str(c["denies"]),
                "thought": thought,
            }
        )
    for row in rows:
        if row["denies"] is not None and row["denies"] not in ids:
            raise WebGoldError(f"{page}/{row['id']}: denies {row['denies']!r}, not a claim here")
    return [r for r in rows if not r["thought"]], [r for r in rows if r["thought"]]


def load(corpus: Path = DEFAULT_CORPUS, gold_dir: Path = WEBGOLD_DIR) -> WebGold:
    """Every annotated page, checked against the corpus text it indexes."""
    bodies = load_bodies(corpus)
    files = sorted((gold_dir / PAGES).glob("*.json"))
    if not files:
        raise WebGoldError(f"no annotated pages under {gold_dir / PAGES}")
    rows: list[dict[str, Any]] = []
    thoughts: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    genres: dict[str, str] = {}
    for path in files:
        page = path.stem
        if page not in bodies:
            raise WebGoldError(f"{path.name}: page {page} is not in {corpus / GROUND_TRUTH}")
        ann = json.loads(path.read_text(encoding="utf-8"))
        claims, thought_rows = build_page(page, bodies[page], ann)
        rows.extend(claims)
        thoughts.extend(thought_rows)
        texts[page] = bodies[page]
        genres[page] = str(ann["genre"])
    return WebGold(rows=rows, texts=texts, genres=genres, thoughts=thoughts)


ELLIPSIS = " ~~ "


def _expand(page: str, text: str, claim: Mapping[str, Any]) -> dict[str, Any]:
    """A content snippet written ``HEAD ~~ TAIL`` (long quotes) becomes the text from HEAD
    to the first TAIL after it, with the occurrence number that points at that place."""
    out = dict(claim)
    raw = str(claim.get("content", ""))
    if ELLIPSIS not in raw:
        return out
    head, tail = raw.split(ELLIPSIS, 1)
    hs, _ = locate(text, head, within=claim.get("content_within"), n=claim.get("content_n"),
                   what=f"{page}/{claim.get('id')} content head")  # fmt: skip
    te = text.find(tail, hs + len(head))
    if te == -1:
        raise WebGoldError(f"{page}/{claim.get('id')}: content tail {tail!r} not after its head")
    full = text[hs : te + len(tail)]
    out.pop("content_within", None)
    out["content"] = full
    out["content_n"] = occurrences(text, full).index(hs) + 1
    return out


def from_snippets(page: str, text: str, src: Mapping[str, Any], url: str) -> dict[str, Any]:
    """The offset annotation of one page from its snippet annotation (eval.build_gold's
    YAML format plus ``genre``). An entity's name must occur in the text as written: its
    first whole-word occurrence is stored as its span."""
    claims = [_expand(page, text, c) for c in src.get("claims") or []]
    thoughts = [_expand(page, text, c) for c in src.get("thoughts") or []]
    both = claims + thoughts
    # eval/gold's build rejects a speaker inside an indirect content; on the web the frame
    # also interrupts reported speech ("A major part of the reason, McKinley said, is …"),
    # marked ``frame_inside: true`` and checked as build_gold checks an interrupted quote.
    kinds = [str(c.get("kind")) for c in both]
    for c in both:
        if c.pop("frame_inside", False):
            c["kind"] = "mixed"
    rows = build_article(page, text, {**src, "claims": both}) if both else []
    for row, kind in zip(rows, kinds, strict=True):
        row["kind"] = kind
    entities: dict[str, Any] = {}
    eid_of: dict[str, str] = {}
    for i, (name, spec) in enumerate((src.get("entities") or {}).items(), 1):
        etype = spec if isinstance(spec, str) else spec.get("type")
        aliases = [] if isinstance(spec, str) else list(spec.get("aliases") or [])

        def first(snippet: str, what: str) -> list[int]:
            found = occurrences(text, snippet)
            if not found:
                raise WebGoldError(f"{page}: {what} {snippet!r} does not occur in the text")
            return [found[0], found[0] + len(snippet)]

        eid = f"e{i}"
        eid_of[str(name)] = eid
        entities[eid] = {
            "span": first(str(name), "entity"),
            "type": etype,
            "aliases": [first(str(a), "alias") for a in aliases],
        }
    out_claims = []
    for c, row in zip(both, rows, strict=True):
        out_claims.append(
            {
                "id": row["id"],
                "speaker": [row["speaker_start"], row["speaker_end"]],
                "entity": eid_of[c["entity"]] if c.get("entity") is not None else None,
                "cue": row["cue"],
                "stance": row["stance"],
                "kind": row["kind"],
                "content": [row["content_start"], row["content_end"]],
                "denies": row["denies"],
            }
        )
    return {
        "page": page,
        "url": url,
        "sha256": sha256(text),
        "chars": len(text),
        "genre": src.get("genre"),
        "entities": entities,
        "claims": out_claims[: len(claims)],
        "thoughts": out_claims[len(claims) :],
    }


def _dump(ann: Mapping[str, Any]) -> str:
    """One claim or entity per line: reviewable diffs, small files."""
    head = {k: v for k, v in ann.items() if k not in ("entities", "claims", "thoughts")}
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    ents = [f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in ann["entities"].items()]
    lines.append('  "entities": {' + ("\n" + ",\n".join(ents) + "\n  }," if ents else "},"))
    for key in ("claims", "thoughts"):
        items = [f"    {json.dumps(c)}" for c in ann[key]]
        comma = "," if key == "claims" else ""
        lines.append(
            f'  "{key}": [' + ("\n" + ",\n".join(items) + "\n  ]" if items else "]") + comma
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def summary(gold: WebGold) -> str:
    kinds = Counter(str(r["kind"]) for r in gold.rows)
    by_genre = Counter(gold.genres.values())
    empty = len(set(gold.texts) - {str(r["doc"]) for r in gold.rows})
    genres = ", ".join(f"{g} {n}" for g, n in sorted(by_genre.items()))
    kinds_text = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    return (
        f"web-page gold: {len(gold.texts)} pages ({genres}), "
        f"{len(gold.rows)} attributions ({kinds_text}), {empty} pages without any; "
        f"{len(gold.thoughts)} thought attributions"
    )


def set_aside(
    thoughts: list[dict[str, Any]], preds: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """The predictions left once those matching a thought attribution are set aside (they
    count neither as right nor as wrong), and how many were."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for t in thoughts:
        by_doc.setdefault(str(t["doc"]), []).append(t)
    kept: list[dict[str, Any]] = []
    aside = 0
    preds_by_doc: dict[str, list[dict[str, Any]]] = {}
    for p in preds:
        preds_by_doc.setdefault(str(p["doc"]), []).append(p)
    for doc, ps in preds_by_doc.items():
        hit = {pair.pred for pair in match_document(by_doc.get(doc, []), ps)}
        aside += len(hit)
        kept.extend(p for i, p in enumerate(ps) if i not in hit)
    return kept, aside


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="news-dev folder")
    ap.add_argument("--gold-dir", type=Path, default=WEBGOLD_DIR)
    ap.add_argument("--from-snippets", type=Path, default=None, metavar="SRC")
    args = ap.parse_args(argv)
    try:
        if args.from_snippets is not None:
            data = json.loads((args.corpus / GROUND_TRUTH).read_text(encoding="utf-8"))
            out_dir = args.gold_dir / PAGES
            out_dir.mkdir(parents=True, exist_ok=True)
            for src in sorted(args.from_snippets.glob("*.yaml")):
                page = src.stem
                if page not in data:
                    raise WebGoldError(f"{src.name}: no page {page} in the corpus")
                ann = yaml.safe_load(src.read_text(encoding="utf-8")) or {}
                body, url = str(data[page]["articleBody"]), str(data[page]["url"])
                result = from_snippets(page, body, ann, url)
                build_page(page, body, result)  # the stored form passes the loader's checks
                (out_dir / f"{page}.json").write_text(_dump(result), encoding="utf-8")
        gold = load(args.corpus, args.gold_dir)
    except GoldError as exc:
        print(f"web gold error: {exc}", file=sys.stderr)
        return 1
    print(summary(gold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
