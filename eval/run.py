"""`make eval`: claim-extraction quality of the project's pipeline on our gold set.

    python -m eval.run [--gold eval/gold] [--attribution-dev DIR] [--json OUT] [--errors]
                       [--speaker-errors] [--link-errors]

Runs pipeline.annotate (model from $NEWSCLAIMS_SPACY_MODEL) over the gold articles,
scores the claims with eval.score and prints claim P/R/F1, speaker, stance and denial-link
accuracy and recall per kind, each beside its target. With --attribution-dev DIR it also
runs the real-news yardstick (``python -m eval.attribution_dev DIR``, the claims author's
module, scored by ../shared/tools/attribution_score.py or $NEWSCLAIMS_ATTRIBUTION_SCORER).

Exit status: 0 whenever the figures were computed, targets met or not (a missed target
is a finding, not a failure); 1 for a broken gold set, 2 for anything that stops the run
(missing model, scorer or corpus, a failing attribution-dev run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eval.build_gold import GOLD_DIR, GoldError, build, load_texts, render
from eval.score import Scores, match_document, score, speaker_correct

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = REPO.parent / "shared" / "tools" / "attribution_score.py"
SCORER_ENV = "NEWSCLAIMS_ATTRIBUTION_SCORER"

# Targets from the project brief; printed beside the figures, never turned into failures.
TARGET_CLAIM_F1 = 0.85
TARGET_SPEAKER_ACC = 0.85
TARGET_DEV_F1 = 0.60
TARGET_DEV_SPEAKER_ACC = 0.85


class RunError(RuntimeError):
    """Something that stops the evaluation (as opposed to a poor score)."""


def predict(texts: dict[str, str]) -> list[dict[str, Any]]:
    """Prediction rows (eval.score format) from the project's own annotate()."""
    from pipeline.annotate import annotate
    from pipeline.nlp import load_model
    from pipeline.nlp.model import ModelNotInstalledError

    try:
        nlp = load_model(os.environ.get("NEWSCLAIMS_SPACY_MODEL") or None)
    except ModelNotInstalledError as exc:
        raise RunError(str(exc)) from exc
    items = [(doc, text, "en") for doc, text in sorted(texts.items())]
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for record in annotate(items, nlp):
        seen.add(record.doc_id)
        for i, claim in enumerate(record.claims):
            rows.append(
                {
                    "doc": record.doc_id,
                    "id": i,  # Claim.denies is an index into the document's claim list
                    "content_start": claim.content_start,
                    "content_end": claim.content_end,
                    "content_text": claim.content,
                    "speaker_start": claim.speaker_start,
                    "speaker_end": claim.speaker_end,
                    "speaker_text": claim.speaker,
                    "speaker_entity": claim.speaker_canonical,
                    "cue": claim.cue,
                    "stance": claim.stance,
                    "kind": claim.kind,
                    "denies": claim.denies,
                }
            )
    lost = sorted(set(texts) - seen)
    if lost:
        # annotate() isolates per-document failures; for an evaluation a lost article
        # would silently lower recall, so it stops the run instead.
        raise RunError(f"annotate() returned nothing for {lost} (see the log)")
    return rows


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def _target(value: float | None, target: float) -> str:
    if value is None:
        return f">= {target:.2f}  (no data)"
    return f">= {target:.2f}  {'met' if value >= target else 'MISSED'}"


def report(s: Scores, docs: int, model: str) -> str:
    lines = [
        f"newsclaims gold set: {docs} articles, {s.gold} gold claims, {s.pred} predicted, "
        f"{s.matched} matched  (model {model})",
        "",
        f"{'metric':<24}{'value':>7}   target",
        "-" * 48,
        f"{'claim precision':<24}{_fmt(s.precision):>7}",
        f"{'claim recall':<24}{_fmt(s.recall):>7}",
        f"{'claim F1':<24}{_fmt(s.f1):>7}   {_target(s.f1, TARGET_CLAIM_F1)}",
        f"{'speaker accuracy':<24}{_fmt(s.speaker_accuracy):>7}   "
        f"{_target(s.speaker_accuracy, TARGET_SPEAKER_ACC)}",
        f"{'stance accuracy':<24}{_fmt(s.stance_accuracy):>7}",
        f"{'kind accuracy':<24}{_fmt(s.kind_accuracy):>7}",
        f"{'denial-link accuracy':<24}{_fmt(s.link_accuracy):>7}   "
        f"({s.link_correct}/{s.link_total} scorable of {s.link_gold} gold links)",
        "",
        "recall by kind",
    ]
    recall_kind = s.recall_by_kind()
    for kind, n in sorted(s.gold_by_kind.items()):
        lines.append(f"  {kind + f' (n={n})':<22}{_fmt(recall_kind[kind]):>7}")
    lines.append("recall by stance")
    recall_stance = s.recall_by_stance()
    for stance, n in sorted(s.gold_by_stance.items()):
        lines.append(f"  {stance + f' (n={n})':<22}{_fmt(recall_stance[stance]):>7}")
    if s.ignored_pred_docs:
        lines.append(f"({s.ignored_pred_docs} predictions for documents outside the gold set)")
    return "\n".join(lines)


def errors_report(gold: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]) -> str:
    """Missed gold claims and unmatched predictions, per document, for reading by eye."""
    out: list[str] = []
    docs = sorted({str(g["doc"]) for g in gold})
    for doc in docs:
        golds = [g for g in gold if g["doc"] == doc]
        ps = [p for p in preds if p["doc"] == doc]
        pairs = match_document(golds, ps)
        hit_g = {pair.gold for pair in pairs}
        hit_p = {pair.pred for pair in pairs}
        missed = [g for i, g in enumerate(golds) if i not in hit_g]
        spurious = [p for i, p in enumerate(ps) if i not in hit_p]
        if not missed and not spurious:
            continue
        out.append(f"== {doc}")
        for g in missed:
            out.append(f"  MISSED {g['id']} [{g['kind']}] {g['speaker_text']!r}: "
                       f"{g['content_text'][:90]!r}")  # fmt: skip
        for p in spurious:
            out.append(f"  EXTRA  [{p.get('kind')}] {p.get('speaker_text')!r}: "
                       f"{str(p.get('content_text'))[:90]!r}")  # fmt: skip
    return "\n".join(out)


def speaker_errors_report(gold: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]) -> str:
    """Matched claims whose speaker is wrong: gold speaker (span text and entity) beside
    the predicted one, per document, so error classes (pronouns, roles, truncated names)
    can be read off by eye."""
    out: list[str] = []
    for doc in sorted({str(g["doc"]) for g in gold}):
        golds = [g for g in gold if g["doc"] == doc]
        ps = [p for p in preds if p["doc"] == doc]
        wrong = [
            (golds[pair.gold], ps[pair.pred])
            for pair in sorted(match_document(golds, ps), key=lambda x: x.gold)
            if not speaker_correct(ps[pair.pred], golds[pair.gold])
        ]
        if not wrong:
            continue
        out.append(f"== {doc}")
        for g, p in wrong:
            out.append(
                f"  {g['id']}: gold {g['speaker_text']!r} -> {g.get('speaker_entity')!r} | "
                f"pred {p.get('speaker_text')!r} -> {p.get('speaker_entity')!r}  "
                f"[{str(g['content_text'])[:50]!r}]"
            )
    return "\n".join(out)


def _short(row: dict[str, Any] | None, id_key: str = "id") -> str:
    if row is None:
        return "-"
    return (
        f"{row[id_key]} {row.get('speaker_text')!r} {row.get('cue')}: "
        f"{str(row.get('content_text'))[:50]!r}"
    )


def link_errors_report(gold: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]) -> str:
    """Every gold denial with a ``denies`` target: the gold target beside the predicted
    link, and whether the denial and the target were matched at all, so the classes of
    failure (denial missed, target missed, wrong target, no link) can be read off."""
    out: list[str] = []
    counts: dict[str, int] = {}
    for doc in sorted({str(g["doc"]) for g in gold}):
        golds = [g for g in gold if g["doc"] == doc]
        ps = [p for p in preds if p["doc"] == doc]
        pred_of = {golds[pair.gold]["id"]: ps[pair.pred] for pair in match_document(golds, ps)}
        gold_of_pred = {id(p): g for g_id, p in pred_of.items() for g in golds if g["id"] == g_id}
        by_id = {g["id"]: g for g in golds}
        by_pid = {p["id"]: p for p in ps}
        lines: list[str] = []
        for g in golds:
            if g.get("denies") is None:
                continue
            target = by_id.get(g["denies"])
            pd, pt = pred_of.get(g["id"]), pred_of.get(g["denies"])
            linked = by_pid.get(pd.get("denies")) if pd is not None else None
            if pd is None:
                verdict = "DENIAL MISSED"
            elif pt is None:
                verdict = "TARGET MISSED"
            elif linked is None:
                verdict = "NO LINK"
            elif linked is pt:
                verdict = "ok"
            else:
                verdict = "WRONG LINK"
            counts[verdict] = counts.get(verdict, 0) + 1
            lines.append(f"  {verdict}: {g['id']} {g['speaker_text']!r} {g['cue']}: "
                         f"{str(g['content_text'])[:50]!r}")  # fmt: skip
            lines.append(f"      gold target  {_short(target)}")
            lines.append(f"      pred denial  {_short(pd)}")
            lines.append(f"      pred target  {_short(pt)}")
            if linked is not None and linked is not pt:
                hit = gold_of_pred.get(id(linked))
                lines.append(f"      pred link    {_short(linked)}"
                             f"  (gold {hit['id'] if hit else 'none'})")  # fmt: skip
        if lines:
            out.append(f"== {doc}")
            out.extend(lines)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    out.append(f"denial links: {summary or 'none in gold'}")
    return "\n".join(out)


def attribution_dev(corpus: Path, scorer: Path) -> dict[str, Any]:
    """Run the claims author's attribution-dev evaluation (its own output goes to stdout)
    and return the scorer's figures, re-read as JSON for the targets line."""
    if not (corpus / "gold.jsonl").exists():
        raise RunError(f"no gold.jsonl in attribution-dev corpus {corpus}")
    if not scorer.exists():
        raise RunError(f"attribution scorer not found: {scorer} (set {SCORER_ENV})")
    with tempfile.TemporaryDirectory(prefix="newsclaims-eval-") as tmp:
        pred = Path(tmp) / "pred.jsonl"
        figures = Path(tmp) / "figures.json"
        cmd = [sys.executable, "-m", "eval.attribution_dev", str(corpus),
               "--out", str(pred), "--scorer", str(scorer)]  # fmt: skip
        sys.stdout.flush()
        done = subprocess.run(cmd, cwd=REPO, check=False)
        if done.returncode != 0 or not pred.exists():
            raise RunError(f"eval.attribution_dev failed (exit {done.returncode})")
        # The scorer again, quietly, for machine-readable figures.
        quiet = subprocess.run(
            [sys.executable, str(scorer), str(corpus / "gold.jsonl"), str(pred),
             "--json", str(figures)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if quiet.returncode != 0 or not figures.exists():
            raise RunError(f"attribution scorer failed: {quiet.stderr.strip()[-500:]}")
        return json.loads(figures.read_text(encoding="utf-8"))


def dev_summary(figures: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    at = figures["thresholds"].get("0.3") or next(iter(figures["thresholds"].values()))
    f1, sp = at["F1"], at["speaker_acc"]
    text = (
        f"attribution-dev F1@0.3 {f1:.3f}  {_target(f1, TARGET_DEV_F1)};  "
        f"speaker accuracy {sp:.3f}  {_target(sp, TARGET_DEV_SPEAKER_ACC)}"
    )
    return text, {"f1_at_0.3": f1, "speaker_accuracy": sp, "precision": at["P"],
                  "recall": at["R"], "raw": figures}  # fmt: skip


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR, help="gold folder (articles/)")
    ap.add_argument("--attribution-dev", type=Path, default=None, metavar="DIR")
    ap.add_argument("--json", type=Path, default=None, metavar="OUT", help="write figures")
    ap.add_argument("--errors", action="store_true", help="list missed and extra claims")
    ap.add_argument(
        "--speaker-errors",
        action="store_true",
        help="list matched claims whose speaker is wrong (gold vs predicted)",
    )
    ap.add_argument(
        "--link-errors",
        action="store_true",
        help="list gold denial links: gold target vs predicted link, matched or not",
    )
    args = ap.parse_args(list(argv) if argv is not None else None)

    try:
        gold = build(args.gold)  # from the annotations, so a stale gold.jsonl cannot mislead
        texts = load_texts(args.gold)
    except GoldError as exc:
        print(f"gold annotation error: {exc}", file=sys.stderr)
        return 1
    jsonl = args.gold / "gold.jsonl"
    if not jsonl.exists() or jsonl.read_text(encoding="utf-8") != render(gold):
        print(f"note: {jsonl} is stale; run python -m eval.build_gold", file=sys.stderr)

    model = os.environ.get("NEWSCLAIMS_SPACY_MODEL") or "(pipeline default)"
    try:
        preds = predict(texts)
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scores = score(gold, preds)
    print(report(scores, len(texts), model))
    if args.errors:
        print()
        print(errors_report(gold, preds))
    if args.speaker_errors:
        print()
        print(speaker_errors_report(gold, preds))
    if args.link_errors:
        print()
        print(link_errors_report(gold, preds))

    result: dict[str, Any] = {"model": model, "gold_set": scores.to_dict(),
                              "targets": {"claim_f1": TARGET_CLAIM_F1,
                                          "speaker_accuracy": TARGET_SPEAKER_ACC,
                                          "attribution_dev_f1_at_0.3": TARGET_DEV_F1,
                                          "attribution_dev_speaker_accuracy":
                                              TARGET_DEV_SPEAKER_ACC}}  # fmt: skip
    if args.attribution_dev is not None:
        scorer = Path(os.environ.get(SCORER_ENV) or DEFAULT_SCORER)
        print()
        print(f"attribution-dev: {args.attribution_dev}")
        try:
            figures = attribution_dev(args.attribution_dev, scorer)
        except RunError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        line, result["attribution_dev"] = dev_summary(figures)
        print(line)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
