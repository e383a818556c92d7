"""Score predicted claims against the newsclaims gold set (eval/gold/gold.jsonl).

Pure functions over plain dicts, so the rules below are unit-tested on hand-made rows.

Gold rows are what eval.build_gold writes. Prediction rows carry::

    {"doc", "id", "content_start", "content_end", "speaker_start", "speaker_end",
     "speaker_entity", "stance", "kind", "denies"}

where ``id`` is unique within the document and ``denies`` is the ``id`` of another
prediction of the same document (or null).

Matching (the same spirit as ../shared/tools/attribution_score.py, so numbers on the two
sets are comparable):

* a prediction and a gold claim of the same document are a candidate pair when the
  prediction covers at least 30% of the gold content's characters (coverage) AND at least
  half of the prediction's characters lie inside the gold content (purity — without it a
  whole-document span would "match" every claim);
* pairs are taken greedily, largest overlap first (then higher coverage, then input
  order), each prediction and each gold claim used at most once.

On matched pairs:

* speaker: see ``speaker_correct`` — resolved names are compared, not spans, because the
  analyst sees the resolved name;
* stance: exact string equality;
* kind: exact string equality (reported beside per-kind recall);
* denial link: for every gold denial whose own claim and whose ``denies`` target are both
  matched, correct when the matched prediction's ``denies`` is the id of the prediction
  matched to the target.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.nlp.variants import find_variant

COVERAGE = 0.3  # share of the gold content a prediction must cover
PURITY = 0.5  # share of the prediction that must lie inside the gold content

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Pair:
    pred: int  # index into the document's prediction list
    gold: int  # index into the document's gold list
    overlap: int


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Characters shared by [a_start, a_end) and [b_start, b_end)."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_document(golds: Sequence[Row], preds: Sequence[Row]) -> list[Pair]:
    """One-to-one greedy matching of one document's predictions to its gold claims."""
    candidates: list[tuple[int, float, int, int]] = []
    for pi, p in enumerate(preds):
        ps, pe = int(p["content_start"]), int(p["content_end"])
        if pe <= ps:
            continue  # an empty prediction covers nothing
        for gi, g in enumerate(golds):
            gs, ge = int(g["content_start"]), int(g["content_end"])
            ov = overlap(ps, pe, gs, ge)
            if ov == 0:
                continue
            coverage = ov / (ge - gs)
            if coverage >= COVERAGE and ov / (pe - ps) >= PURITY:
                candidates.append((ov, coverage, pi, gi))
    # Largest overlap first; ties by coverage, then by input order (stable, reproducible).
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[Pair] = []
    for ov, _, pi, gi in candidates:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs.append(Pair(pred=pi, gold=gi, overlap=ov))
    return pairs


_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = ".,;:!?\"'()[]“”‘’"


def normalise_name(name: str) -> str:
    """Case-, space- and article-insensitive form of an entity name.

    "The  Northern Alliance Council's" -> "northern alliance council". A leading "the" is
    dropped because writers and models disagree on it ("the Red Hand" / "Red Hand"); a
    possessive is dropped because a model may keep it on a name span.
    """
    s = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    s = _SPACE.sub(" ", s).strip().strip(_EDGE_PUNCT).strip()
    s = re.sub(r"'s$", "", s).strip()
    s = re.sub(r"^the ", "", s)
    return s


def _contains_tokens(haystack: str, needle: str) -> bool:
    """``needle`` occurs in ``haystack`` as a run of whole words."""
    h, n = haystack.split(), needle.split()
    return bool(n) and any(h[i : i + len(n)] == n for i in range(len(h) - len(n) + 1))


def speaker_correct(pred: Row, gold: Row) -> bool:
    """Is the predicted speaker the gold speaker?

    Gold speaker resolved to an entity: the predicted resolved name must equal (after
    ``normalise_name``) the gold name or one of its aliases. Aliases are the names the
    article itself uses for the entity (an acronym it introduces, a person's surname when
    no other person in the article shares it — build_gold adds that one). One containment
    is allowed, for persons only: a predicted name that contains the whole gold name as
    words ("General Daran Okoye" for "Daran Okoye") — a title is still the same person.
    Nothing looser: "Okoye" for a gold "Daran Okoye" passes only through the surname alias,
    and "Council" never passes for "Northern Alliance Council". Variants of one entity the
    product lists (pipeline.nlp.variants) are the same name: "United Kingdom" for "UK".

    Gold speaker unresolvable (``speaker_entity`` null: "officials", "a witness"): correct
    when the predicted speaker span overlaps the gold speaker span by a character.
    """
    entity = gold.get("speaker_entity")
    if entity is None:
        ps, pe = pred.get("speaker_start"), pred.get("speaker_end")
        if ps is None or pe is None:
            return False
        return overlap(int(ps), int(pe), int(gold["speaker_start"]), int(gold["speaker_end"])) > 0
    predicted = pred.get("speaker_entity")
    if not predicted:
        return False
    got = normalise_name(str(predicted))
    aliases = gold.get("speaker_aliases") or []
    names = {normalise_name(entity)} | {normalise_name(a) for a in aliases}
    if got in names:
        return True
    if _same_listed_entity(str(predicted), [entity, *aliases]):
        return True
    return gold.get("speaker_type") == "person" and _contains_tokens(got, normalise_name(entity))


def _same_listed_entity(predicted: str, gold_names: list[str]) -> bool:
    """Are the predicted name and one of the gold names variants of one listed entity
    (pipeline.nlp.variants: "United Kingdom" for a gold "UK")? The product shows every
    listed variant under one name, which need not be the one the article used."""
    listed = find_variant(predicted, "")
    return listed is not None and any(find_variant(n, "") == listed for n in gold_names)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class Scores:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_correct: int = 0
    stance_correct: int = 0
    kind_correct: int = 0
    link_total: int = 0  # gold denial links whose denial and target are both matched
    link_correct: int = 0
    link_gold: int = 0  # all gold denial links
    gold_by_kind: Counter[str] = field(default_factory=Counter)
    matched_by_kind: Counter[str] = field(default_factory=Counter)
    gold_by_stance: Counter[str] = field(default_factory=Counter)
    matched_by_stance: Counter[str] = field(default_factory=Counter)
    ignored_pred_docs: int = 0  # predictions for documents outside the gold set

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float | None:
        return _ratio(self.speaker_correct, self.matched)

    @property
    def stance_accuracy(self) -> float | None:
        return _ratio(self.stance_correct, self.matched)

    @property
    def kind_accuracy(self) -> float | None:
        return _ratio(self.kind_correct, self.matched)

    @property
    def link_accuracy(self) -> float | None:
        return _ratio(self.link_correct, self.link_total)

    def recall_by_kind(self) -> dict[str, float]:
        return {k: self.matched_by_kind[k] / n for k, n in sorted(self.gold_by_kind.items())}

    def recall_by_stance(self) -> dict[str, float]:
        return {k: self.matched_by_stance[k] / n for k, n in sorted(self.gold_by_stance.items())}

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "speaker_accuracy": self.speaker_accuracy,
            "speaker_correct": self.speaker_correct,
            "stance_accuracy": self.stance_accuracy,
            "kind_accuracy": self.kind_accuracy,
            "denial_link_accuracy": self.link_accuracy,
            "denial_links_scored": self.link_total,
            "denial_links_correct": self.link_correct,
            "denial_links_gold": self.link_gold,
            "gold_by_kind": dict(sorted(self.gold_by_kind.items())),
            "recall_by_kind": self.recall_by_kind(),
            "gold_by_stance": dict(sorted(self.gold_by_stance.items())),
            "recall_by_stance": self.recall_by_stance(),
            "ignored_pred_docs": self.ignored_pred_docs,
        }


def _by_doc(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(str(row["doc"]), []).append(row)
    return out


def score(gold: Iterable[Row], preds: Iterable[Row], docs: Iterable[str] = ()) -> Scores:
    """Claim P/R/F1 and the accuracies on matches, over all documents of ``gold`` and
    ``docs``: a document annotated with no claim at all (a recipe, a results table) is
    named in ``docs``, or its predictions would be ignored instead of counted as wrong."""
    gold_docs = _by_doc(gold)
    pred_docs = _by_doc(preds)
    universe = set(gold_docs) | set(docs)
    s = Scores()
    for doc, rows in pred_docs.items():
        if doc in universe:
            s.pred += len(rows)
        else:
            s.ignored_pred_docs += len(rows)
    for doc, golds in gold_docs.items():
        s.gold += len(golds)
        for g in golds:
            s.gold_by_kind[str(g["kind"])] += 1
            s.gold_by_stance[str(g["stance"])] += 1
            if g.get("denies") is not None:
                s.link_gold += 1
        preds_here = pred_docs.get(doc, [])
        pairs = match_document(golds, preds_here)
        pred_of_gold: dict[Any, Row] = {}
        for pair in pairs:
            g, p = golds[pair.gold], preds_here[pair.pred]
            pred_of_gold[g["id"]] = p
            s.matched += 1
            s.matched_by_kind[str(g["kind"])] += 1
            s.matched_by_stance[str(g["stance"])] += 1
            s.speaker_correct += speaker_correct(p, g)
            s.stance_correct += p.get("stance") == g["stance"]
            s.kind_correct += p.get("kind") == g["kind"]
        for g in golds:
            target = g.get("denies")
            if target is None or g["id"] not in pred_of_gold or target not in pred_of_gold:
                continue
            s.link_total += 1
            linked = pred_of_gold[g["id"]].get("denies")
            s.link_correct += linked is not None and linked == pred_of_gold[target]["id"]
    return s
