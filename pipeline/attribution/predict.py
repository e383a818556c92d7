"""The shipped attribution model: load it once per process, propose attributions.

An artifact directory holds ``cue.crfsuite`` (the cue tagger), ``content.crfsuite`` (the
content tagger) and ``config.json`` (the content window and the confidence threshold
it was trained and measured with).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc, Token

from pipeline.attribution.features import (
    TokenFeatures,
    content_features,
    cue_sequences,
    token_features,
    window,
)
from pipeline.claims.proposals import Proposal
from pipeline.nlp.paragraphs import source_text

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "attribution"
# Content runs this close together are one content in parts around the frame
# ("“…,” she said, “…”"): gold contents are discontinuous there, the scorer takes a range.
# Six tokens holds a short frame ("she said,"); chosen, not tuned.
MAX_CONTENT_GAP = 6
# Punctuation and quote marks trimmed off a content's ends (the gold leaves them out).
_EDGE = frozenset(",.;:!?\"“”'‘’«»()—–- \n")


@dataclass(frozen=True, slots=True)
class Config:
    before: int  # sentences before the cue's in its content window
    after: int  # sentences after it
    threshold: float  # proposals below this confidence are dropped


class AttributionModel:
    """The two taggers and their config, ready to tag."""

    def __init__(self, directory: Path) -> None:
        raw = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.config = Config(int(raw["before"]), int(raw["after"]), float(raw["threshold"]))
        self.directory = directory
        self._cue = pycrfsuite.Tagger()
        self._cue.open(str(directory / "cue.crfsuite"))
        self._content = pycrfsuite.Tagger()
        self._content.open(str(directory / "content.crfsuite"))

    def __call__(self, doc: Doc) -> list[Proposal]:
        return self.propose(doc)

    def propose(self, doc: Doc, threshold: float | None = None) -> list[Proposal]:
        if len(doc) == 0:
            return []
        cut = self.config.threshold if threshold is None else threshold
        tf = token_features(doc)
        proposals: list[Proposal] = []
        for cue_tokens, cue_conf in self.cues(tf):
            anchor = cue_anchor(doc, cue_tokens)
            found = self.content(tf, anchor, cue_tokens)
            if found is None:
                continue
            start, end, content_conf = found
            confidence = cue_conf * content_conf
            if confidence < cut:
                continue
            proposals.append(
                Proposal(min(cue_tokens), max(cue_tokens) + 1, anchor.i, start, end, confidence)
            )
        return proposals

    def cues(self, tf: TokenFeatures) -> list[tuple[list[int], float]]:
        """Cue token runs with the tagger's mean marginal over them."""
        out: list[tuple[list[int], float]] = []
        for lo, hi in cue_sequences(tf):
            labels = self._cue.tag(tf.base[lo:hi])
            for run in _runs(labels):
                tokens = [lo + j for j in run]
                conf = sum(self._cue.marginal(labels[j], j) for j in run) / len(run)
                out.append((tokens, conf))
        return out

    def content(
        self, tf: TokenFeatures, anchor: Token, cue_tokens: list[int]
    ) -> tuple[int, int, float] | None:
        """The content's character range and mean marginal, or None."""
        lo, hi = window(tf, anchor, self.config.before, self.config.after)
        xseq = content_features(tf, anchor, set(cue_tokens), lo, hi)
        labels = self._content.tag(xseq)
        runs = _runs(labels)
        if not runs:
            return None
        blocks: list[list[int]] = [runs[0]]
        for run in runs[1:]:
            if run[0] - blocks[-1][-1] <= MAX_CONTENT_GAP:
                blocks[-1] = blocks[-1] + run
            else:
                blocks.append(run)
        scored = [(sum(self._content.marginal(labels[j], j) for j in b), b) for b in blocks]
        total, best = max(scored, key=lambda s: s[0])
        doc = tf.doc
        text = source_text(doc)
        start = doc[lo + best[0]].idx
        last = doc[lo + best[-1]]
        end = last.idx + len(last.text)
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        if end <= start:
            return None
        return start, end, total / len(best)


def _runs(labels: list[str]) -> list[list[int]]:
    """Positions of each B/I run (an I with no B before it starts a run too)."""
    runs: list[list[int]] = []
    for j, label in enumerate(labels):
        if label == "B" or (label == "I" and (j == 0 or labels[j - 1] == "O")):
            runs.append([j])
        elif label == "I":
            runs[-1].append(j)
    return runs


def cue_anchor(doc: Doc, cue_tokens: list[int]) -> Token:
    """The cue's head: a token of the cue whose syntactic head lies outside it, a verb
    before a noun before anything else."""
    inside = set(cue_tokens)
    heads = [doc[i] for i in cue_tokens if doc[i].head.i not in inside or doc[i].head.i == i]
    heads = heads or [doc[cue_tokens[0]]]
    for pos in (("VERB", "AUX"), ("NOUN", "PROPN")):
        for t in heads:
            if t.pos_ in pos:
                return t
    for t in (doc[i] for i in cue_tokens):
        if t.pos_ in ("VERB", "AUX"):
            return t
    return heads[0]


def load_attribution_model(directory: Path | None = None) -> AttributionModel:
    """The model in ``directory`` (default: the shipped one), loaded once per process."""
    return _load((directory or DEFAULT_DIR).resolve())


@lru_cache(maxsize=4)
def _load(directory: Path) -> AttributionModel:
    return AttributionModel(directory)
