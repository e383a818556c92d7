"""`make eval`: claim-extraction quality, one table per predictor (mode).

    python -m eval.run [--modes rules[,model,...]] [--gold eval/gold] [--webgold DIR]
                       [--attribution-dev DIR] [--json OUT] [--errors] [--speaker-errors]
                       [--link-errors]

Each mode of eval.modes.MODES (``--modes``, default ``rules``) runs over the same spaCy
parses (model from $NEWSCLAIMS_SPACY_MODEL) of up to three yardsticks:

* the own gold set (eval/gold): 19 invented articles; P/R/F1, speaker, stance, kind and
  denial-link accuracy, scored by eval.score;
* the web-page gold set (eval/webgold, with ``--webgold DIR``, the news-dev corpus):
  real pages of every kind, offsets into their gold bodies (eval.webgold); P/R/F1 and
  speaker accuracy, scored by eval.score;
* attribution-dev (``--attribution-dev DIR``): 84 real political articles, scored by
  ../shared/tools/attribution_score.py (or $NEWSCLAIMS_ATTRIBUTION_SCORER) at 30 % and
  80 % content overlap: F1, speaker accuracy, strict F1 (content and speaker right),
  recall by kind.

Parses are cached under .cache/eval-docs keyed by text, model and parser code
(eval.attribution_dev.parse_corpus), so a second run costs only the predictors.

Exit status: 0 whenever the figures were computed, targets met or not (a missed target
is a finding, not a failure; eval.gate is what fails on a drop); 1 for a broken gold set;
2 for anything that stops the run (unknown mode, missing model, scorer or corpus, a
predictor that raises).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.build_gold import GOLD_DIR, GoldError, build, load_texts, render
from eval.modes import MODES, Mode
from eval.score import Scores, match_document, score, speaker_correct
from eval.webgold import WEBGOLD_DIR, set_aside
from eval.webgold import load as load_webgold

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = REPO.parent / "shared" / "tools" / "attribution_score.py"
SCORER_ENV = "NEWSCLAIMS_ATTRIBUTION_SCORER"

# Targets of issue 22 (en_core_web_sm); printed beside the figures, never failures.
TARGETS: dict[str, float] = {
    "own_gold.f1": 0.92,
    "own_gold.stance_accuracy": 0.98,
    "own_gold.denial_link_accuracy": 0.80,
    "webgold.precision": 0.85,
    "webgold.speaker_accuracy": 0.90,
    "attribution_dev.f1@0.3": 0.80,
    "attribution_dev.strict_f1@0.3": 0.72,
    "attribution_dev.recall_indirect@0.3": 0.70,
    "attribution_dev.speaker_accuracy@0.3": 0.92,
}
KINDS = ("direct", "indirect", "mixed", "according_to")


class RunError(RuntimeError):
    """Something that stops the evaluation (as opposed to a poor score)."""


def load_nlp() -> Any:
    from pipeline.nlp import load_model
    from pipeline.nlp.model import ModelNotInstalledError

    try:
        return load_model(os.environ.get("NEWSCLAIMS_SPACY_MODEL") or None)
    except ModelNotInstalledError as exc:
        raise RunError(str(exc)) from exc


def model_name() -> str:
    from pipeline.nlp.model import DEFAULT_MODEL

    return os.environ.get("NEWSCLAIMS_SPACY_MODEL") or DEFAULT_MODEL


def predict(mode: Mode, nlp: Any, texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """Prediction rows (eval.score format) of ``mode`` on every text, parsed once (cached)."""
    from eval.attribution_dev import parse_corpus

    docs = parse_corpus(nlp, model_name(), dict(texts))
    rows: list[dict[str, Any]] = []
    for doc_id in sorted(docs):
        try:
            claims = mode.predict(docs[doc_id])
        except Exception as exc:
            # The stage isolates a document whose rules raise; an evaluation must not
            # (a lost document would silently lower recall), so it stops here.
            raise RunError(f"mode {mode.name} raised on {doc_id}: {exc!r}") from exc
        for i, claim in enumerate(claims):
            rows.append(
                {
                    "doc": doc_id,
                    "id": i,  # Claim.denies is an index into the document's claim list
                    "content_start": claim.content_start,
                    "content_end": claim.content_end,
                    "content_text": texts[doc_id][claim.content_start : claim.content_end],
                    "speaker_start": claim.speaker_start,
                    "speaker_end": claim.speaker_end,
                    "speaker_text": None
                    if claim.speaker_start is None or claim.speaker_end is None
                    else texts[doc_id][claim.speaker_start : claim.speaker_end],
                    "speaker_entity": claim.speaker_canonical,
                    "cue": claim.cue,
                    "stance": str(claim.stance),
                    "kind": str(claim.kind),
                    "denies": claim.denies,
                }
            )
    return rows


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def strict_f1(s: Scores) -> float:
    """Matches whose speaker is right too, as the attribution scorer's strict F1."""
    return 2 * s.speaker_correct / (s.pred + s.gold) if s.pred + s.gold else 0.0


def gold_figures(s: Scores) -> dict[str, Any]:
    out = s.to_dict()
    out["strict_f1"] = strict_f1(s)
    return out


def errors_report(gold: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any]]) -> str:
    """Missed gold claims and unmatched predictions, per document, for reading by eye
    (a document with predictions and no gold claim too: a page without attributions)."""
    out: list[str] = []
    docs = sorted({str(g["doc"]) for g in gold} | {str(p["doc"]) for p in preds})
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


def attribution_dev(
    mode: Mode, nlp: Any, corpus: Path, scorer: Path, out: Path | None = None
) -> dict[str, Any]:
    """The scorer's figures (thresholds 0.3 and 0.8) for ``mode`` on attribution-dev."""
    if not (corpus / "gold.jsonl").exists():
        raise RunError(f"no gold.jsonl in attribution-dev corpus {corpus}")
    if not scorer.exists():
        raise RunError(f"attribution scorer not found: {scorer} (set {SCORER_ENV})")
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((corpus / "text").glob("*.txt"))}
    if not texts:
        raise RunError(f"no texts under {corpus / 'text'}")
    rows = predict(mode, nlp, texts)
    with tempfile.TemporaryDirectory(prefix="newsclaims-eval-") as tmp:
        pred = out or Path(tmp) / "pred.jsonl"
        figures = Path(tmp) / "figures.json"
        with pred.open("w", encoding="utf-8") as f:
            for r in rows:
                keep = ("doc", "content_start", "content_end", "speaker_start", "speaker_end",
                        "cue", "stance", "kind")  # fmt: skip
                f.write(json.dumps({k: r[k] for k in keep}) + "\n")
        done = subprocess.run(
            [sys.executable, str(scorer), str(corpus / "gold.jsonl"), str(pred),
             "--thresholds", "0.3", "0.8", "--json", str(figures)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0 or not figures.exists():
            raise RunError(f"attribution scorer failed: {done.stderr.strip()[-500:]}")
        raw: dict[str, Any] = json.loads(figures.read_text(encoding="utf-8"))
    return raw


def dev_figures(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The scorer's JSON flattened to the names the table, the targets and the gate use."""
    out: dict[str, Any] = {"docs": raw["docs"], "gold": raw["gold"], "pred": raw["pred"]}
    for thr, at in raw["thresholds"].items():
        out[f"matched@{thr}"] = at["matched"]
        out[f"precision@{thr}"] = at["P"]
        out[f"recall@{thr}"] = at["R"]
        out[f"f1@{thr}"] = at["F1"]
        out[f"speaker_accuracy@{thr}"] = at["speaker_acc"]
        out[f"strict_f1@{thr}"] = at["strict_F1"]
        for kind, r in at["recall_by_kind"].items():
            out[f"recall_{kind}@{thr}"] = r
    return out


def _row(label: str, docs: int, g: Mapping[str, Any], suffix: str = "") -> str:
    return (
        f"{label:<24}{docs:>5}{g['gold']:>6}{g['pred']:>6}"
        f"{_fmt(g['precision' + suffix]):>8}{_fmt(g['recall' + suffix]):>7}"
        f"{_fmt(g['f1' + suffix]):>7}{_fmt(g['speaker_accuracy' + suffix]):>9}"
        f"{_fmt(g['strict_f1' + suffix]):>8}"
    )


def _kind_row(label: str, recall: Mapping[str, Any], n: Mapping[str, Any] | None) -> str:
    cells = []
    for kind in KINDS:
        value = recall.get(kind)
        count = f" ({n.get(kind, 0)})" if n is not None else ""
        cells.append(f"{_fmt(value) + count:>19}")
    return f"{label:<24}" + "".join(cells)


def flat(result: Mapping[str, Any]) -> dict[str, float]:
    """Every numeric figure of one mode as ``corpus.name`` (what targets and the gate read)."""
    out: dict[str, float] = {}
    for corpus, figures in result.items():
        if not isinstance(figures, Mapping):
            continue
        for key, value in figures.items():
            if isinstance(value, float | int) and not isinstance(value, bool):
                out[f"{corpus}.{key}"] = float(value)
            elif key == "recall_by_kind" and isinstance(value, Mapping):
                for kind, r in value.items():
                    out[f"{corpus}.recall_{kind}"] = float(r)
    return out


def mode_report(name: str, result: Mapping[str, Any]) -> str:
    lines = [
        f"== mode {name}: {MODES[name].help}",
        f"{'corpus':<24}{'docs':>5}{'gold':>6}{'pred':>6}{'P':>8}{'R':>7}{'F1':>7}"
        f"{'speaker':>9}{'strict':>8}",
        "-" * 80,
    ]
    kinds: list[str] = []
    if "own_gold" in result:
        g = result["own_gold"]
        lines.append(_row("own gold set", result["own_gold_docs"], g))
        kinds.append(_kind_row("own gold set", g["recall_by_kind"], g["gold_by_kind"]))
    if "webgold" in result:
        w = result["webgold"]
        lines.append(_row("web pages", result["webgold_docs"], w))
        kinds.append(_kind_row("web pages", w["recall_by_kind"], w["gold_by_kind"]))
    if "attribution_dev" in result:
        d = result["attribution_dev"]
        for thr in ("0.3", "0.8"):
            lines.append(_row(f"attribution-dev @{thr}", d["docs"], d, f"@{thr}"))
        recall = {k: d.get(f"recall_{k}@0.3") for k in KINDS}
        kinds.append(_kind_row("attribution-dev @0.3", recall, None))
    lines.append("")
    lines.append(f"{'recall by kind (n)':<24}" + "".join(f"{k:>19}" for k in KINDS))
    lines.extend(kinds)
    if "own_gold" in result:
        g = result["own_gold"]
        lines.append("")
        lines.append(
            f"own gold set: stance accuracy {_fmt(g['stance_accuracy'])}, kind accuracy "
            f"{_fmt(g['kind_accuracy'])}, denial-link accuracy "
            f"{_fmt(g['denial_link_accuracy'])} ({g['denial_links_correct']}/"
            f"{g['denial_links_scored']} scorable of {g['denial_links_gold']} gold links)"
        )
    if "webgold" in result:
        w = result["webgold"]
        lines.append(
            f"web pages: {w['thought_predictions_set_aside']} prediction(s) matching a thought "
            "attribution set aside (eval/webgold/README.md)"
        )
    figures = flat(result)
    met = []
    for key, target in TARGETS.items():
        if key in figures:
            verdict = "met" if figures[key] >= target else "MISSED"
            met.append(f"{key} {figures[key]:.3f} >= {target:.2f} {verdict}")
    if met:
        lines.append("targets (issue 22):")
        lines.extend(f"  {m}" for m in met)
    return "\n".join(lines)


def evaluate(
    modes: Sequence[str],
    gold_dir: Path = GOLD_DIR,
    webgold_corpus: Path | None = None,
    dev_corpus: Path | None = None,
    scorer: Path | None = None,
    webgold_dir: Path = WEBGOLD_DIR,
) -> dict[str, Any]:
    """Figures of every mode on every yardstick given, by mode: the figures `make eval`
    prints and eval.gate checks. Raises GoldError (broken annotations) or RunError."""
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        raise RunError(f"unknown mode(s) {unknown}; known: {', '.join(sorted(MODES))}")
    gold = build(gold_dir)  # from the annotations, so a stale gold.jsonl cannot mislead
    texts = load_texts(gold_dir)
    web = load_webgold(webgold_corpus, webgold_dir) if webgold_corpus is not None else None
    scorer = scorer or Path(os.environ.get(SCORER_ENV) or DEFAULT_SCORER)
    out: dict[str, Any] = {"model": model_name(), "modes": {}}
    for name in modes:
        mode = MODES[name]
        nlp = load_nlp()  # a fresh pipeline per mode: prepare() may add components
        if mode.prepare is not None:
            mode.prepare(nlp)
        started = time.perf_counter()
        result: dict[str, Any] = {}
        result["own_gold"] = gold_figures(score(gold, predict(mode, nlp, texts)))
        result["own_gold_docs"] = len(texts)
        if web is not None:
            preds, aside = set_aside(web.thoughts, predict(mode, nlp, web.texts))
            result["webgold"] = gold_figures(score(web.rows, preds, web.texts))
            result["webgold"]["thought_predictions_set_aside"] = aside
            result["webgold_docs"] = len(web.texts)
        if dev_corpus is not None:
            result["attribution_dev"] = dev_figures(attribution_dev(mode, nlp, dev_corpus, scorer))
        result["seconds"] = round(time.perf_counter() - started, 1)
        out["modes"][name] = result
    return out


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--modes",
        default="rules",
        help=f"comma-separated predictors of eval.modes ({', '.join(sorted(MODES))})",
    )
    ap.add_argument("--gold", type=Path, default=GOLD_DIR, help="gold folder (articles/)")
    ap.add_argument(
        "--webgold",
        type=Path,
        default=None,
        metavar="DIR",
        help="news-dev corpus folder (ground-truth.json) for eval/webgold",
    )
    ap.add_argument(
        "--webgold-annotations",
        type=Path,
        default=WEBGOLD_DIR,
        metavar="DIR",
        help="the web-page annotations (pages/*.json)",
    )
    ap.add_argument("--attribution-dev", type=Path, default=None, metavar="DIR")
    ap.add_argument("--json", type=Path, default=None, metavar="OUT", help="write figures")
    ap.add_argument(
        "--errors",
        action="store_true",
        help="list missed and extra claims (own gold set, web pages)",
    )
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
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]

    jsonl = args.gold / "gold.jsonl"
    try:
        result = evaluate(
            modes,
            args.gold,
            args.webgold,
            args.attribution_dev,
            webgold_dir=args.webgold_annotations,
        )
        if not jsonl.exists() or jsonl.read_text(encoding="utf-8") != render(build(args.gold)):
            print(f"note: {jsonl} is stale; run python -m eval.build_gold", file=sys.stderr)
    except GoldError as exc:
        print(f"gold annotation error: {exc}", file=sys.stderr)
        return 1
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"newsclaims eval, spaCy model {result['model']}")
    for name in modes:
        print()
        print(mode_report(name, result["modes"][name]))
    if args.errors or args.speaker_errors or args.link_errors:
        nlp = load_nlp()
        mode = MODES[modes[0]]
        if mode.prepare is not None:
            mode.prepare(nlp)
        sets = [("own gold set", build(args.gold), load_texts(args.gold))]
        if args.webgold is not None:
            web = load_webgold(args.webgold, args.webgold_annotations)
            sets.append(("web pages", web.rows, web.texts))
        for label, gold, texts in sets:
            preds = predict(mode, nlp, texts)
            if label == "web pages":
                preds, _ = set_aside(web.thoughts, preds)
            for flag, what, fn in (
                (args.errors, "missed and extra claims", errors_report),
                (args.speaker_errors, "wrong speakers", speaker_errors_report),
                (args.link_errors, "denial links", link_errors_report),
            ):
                if flag:
                    print(f"\n{label}, mode {mode.name}: {what}")
                    print(fn(gold, preds))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
