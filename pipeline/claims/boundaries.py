"""Where a reported clause ends when several cues share a sentence: a content stops
before a later coordinated cue and otherwise runs to the end of its sentence."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.claims.rules import Found
from pipeline.nlp.labels import has_dep, is_conjunct
from pipeline.nlp.tokens import sentence_bounds
from pipeline.records import ClaimKind

# What is left between a content and a later cue's own words ("… *and* warned", "…, *also*
# said"): coordinators, punctuation and adverbs, cut off with the cue.
CUT_DEPS = frozenset({"cc", "punct", "advmod"})


def stop_at_coordinated_cues(found: list[Found]) -> None:
    """ "said the town fell and warned that …": a content ends before a later cue that
    starts inside it, so each cue keeps its own statement."""
    starts = sorted(f.cue.i for f in found)
    for f in found:
        if f.content is None or f.kind == ClaimKind.ACCORDING_TO:
            continue
        lo, hi = f.content
        doc = f.cue.doc
        inner = [i for i in starts if lo < i <= hi and i > f.cue.i and is_conjunct(doc[i])]
        if not inner:
            continue
        cut = min(doc[inner[0]].left_edge.i, inner[0])
        while cut - 1 > lo and has_dep(doc[cut - 1], CUT_DEPS):
            cut -= 1
        if cut - 1 >= lo + 1:
            f.content = (lo, cut - 1)


def extend_to_sentence(found: list[Found]) -> None:
    """A reported clause after its cue runs to the end of the sentence.

    Small parsers often cut a long complement short ("said it would be "improper" | for
    him to speak on …"); in news the reported clause after a cue almost always ends with
    the sentence. It stops before another cue's own words ("…, adding that …") and at a
    semicolon. A cue set off by commas inside the sentence ("The museum, Mr. Obama said,
    would …") also takes the words before it.
    """
    cue_at = sorted(f.cue.i for f in found)
    is_cue = set(cue_at)
    for f in found:
        if f.content is None or f.kind == ClaimKind.ACCORDING_TO:
            continue
        lo, hi = f.content
        doc = f.cue.doc
        if lo <= f.cue.i or not any(doc[j].pos_ in ("VERB", "AUX") for j in range(lo, hi + 1)):
            continue  # only reported clauses; an object ("attacked Machado") stays as is
        sent = sentence_bounds(doc, f.cue.i)
        end = sent.end - 1
        for i in range(hi + 1, sent.end):
            if i in is_cue or doc[i].text == ";":
                end = min(doc[i].left_edge.i, i) - 1
                break
        while (
            end > hi and (doc[end].is_punct or doc[end].is_space) and not _is_quote_mark(doc[end])
        ):
            end -= 1
        if end > hi and not any(doc[i].text in ("“", '"', "''") for i in range(hi + 1, end + 1)):
            hi = end
        first = f.speaker_head.left_edge.i if f.speaker_head is not None else f.cue.i
        first = min(first, f.cue.i)
        if (
            first > sent.start
            and doc[first - 1].text == ","
            and doc[lo].pos_ in ("AUX", "VERB")  # "The museum, he said, *would* …"
            and not any(sent.start <= i < first for i in cue_at)
        ):
            lo = sent.start
        f.content = (lo, hi)


def _is_quote_mark(token: Token) -> bool:
    return token.text in ("”", '"', "''", "’")
