"""Attributions proposed by a trained model, merged into the rule claims.

A proposer (pipeline.attribution.predict) reads a parsed Doc and proposes attributions:
a cue (its tokens and head) and a content span, with a confidence. The claim machinery
gives each the rest: the speaker (the cue's subject, passive agent, possessor or "according
to" object, resolved by the SpeakerResolver like a rule claim's), stance, kind and
sentence. Rules stay where they win: a proposal whose content overlaps a rule claim's
marks that claim ``both`` and changes nothing else in it; only proposals over text no rule
claim covers become ``model`` claims, with the proposal's confidence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.claims.acts import act_of
from pipeline.claims.cues import lemma, stance_of
from pipeline.claims.prose import ProseMap
from pipeline.claims.quoting import Quoted
from pipeline.claims.rules import _according_source
from pipeline.claims.speakers import Speaker, SpeakerResolver
from pipeline.claims.subjects import find_subject, subject_parsed_as_clause
from pipeline.nlp.labels import is_possessive, is_preposition, is_preposition_object
from pipeline.nlp.paragraphs import source_text
from pipeline.nlp.tokens import sentence_starts
from pipeline.records import Claim, ClaimKind, ClaimMethod, Stance

# A proposal is the same attribution as a rule claim when their contents share at least
# this fraction of the shorter one (the attribution scorer's purity bound, not tuned); any
# smaller overlap is a competing reading of text a rule already covers, and the rule's
# reading is kept.
SAME_CONTENT = 0.5


@dataclass(frozen=True, slots=True)
class Proposal:
    cue_start: int  # token index of the cue's first token
    cue_end: int  # token index past its last
    anchor: int  # token index of the cue's head (the verb or noun the content hangs on)
    content_start: int  # character offsets into the document's source text
    content_end: int
    confidence: float  # 0..1


Proposer = Callable[[Doc], list[Proposal]]


def merge_proposals(
    doc: Doc,
    claims: list[Claim],
    proposals: list[Proposal],
    resolver: SpeakerResolver,
    quotes: list[Quoted],
) -> None:
    """Mark rule claims a proposal confirms ``both``; add the others as ``model`` claims
    (in text order, with speakers resolved)."""
    added: list[Claim] = []
    # The model reads every line the extraction kept; like a rule cue (pipeline/claims/
    # prose.py), a cue in a headline, caption, menu or list item proposes nothing.
    prose = ProseMap(source_text(doc))
    for p in sorted(proposals, key=lambda p: p.content_start):
        lo, hi = p.content_start, p.content_end
        if hi <= lo:
            continue
        overlapping = [c for c in claims if c.content_start < hi and lo < c.content_end]
        if overlapping:
            for c in overlapping:
                shared = min(hi, c.content_end) - max(lo, c.content_start)
                if shared >= SAME_CONTENT * min(hi - lo, c.content_end - c.content_start):
                    c.method = ClaimMethod.BOTH
            continue
        if any(c.content_start < hi and lo < c.content_end for c in added):
            continue
        if not prose.prose_at(doc[p.anchor].idx):
            continue
        added.append(_model_claim(doc, p, claims + added, resolver, quotes))
    claims.extend(added)
    claims.sort(key=lambda c: c.content_start)


def _model_claim(
    doc: Doc, p: Proposal, earlier: list[Claim], resolver: SpeakerResolver, quotes: list[Quoted]
) -> Claim:
    text = source_text(doc)
    anchor = doc[p.anchor]
    kind = _kind(text, p, quotes, anchor)
    head = _speaker_head(anchor)
    speaker: Speaker | None = None
    if head is not None and not _inside(head.idx, quotes):
        speaker = resolver.from_token(head)
        if not speaker.text.strip():
            speaker = None
    if speaker is None and kind == ClaimKind.DIRECT:
        speaker = _previous_speaker(earlier, p.content_start)
    if speaker is not None:
        resolver.remember(speaker)
    cue = "according to" if kind == ClaimKind.ACCORDING_TO else lemma(anchor)
    starts = sentence_starts(doc)
    return Claim(
        speaker=speaker.text if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        speaker_canonical=speaker.canonical if speaker else None,
        speaker_label=speaker.label if speaker else None,
        cue=cue,
        stance=stance_of(cue) or Stance.ASSERT,
        act=act_of(cue, text[p.content_start : p.content_end]),
        content=text[p.content_start : p.content_end],
        content_start=p.content_start,
        content_end=p.content_end,
        kind=kind,
        sentence_index=bisect_right(starts, anchor.i) - 1,
        affiliation=speaker.affiliation if speaker else None,
        speaker_role=speaker.role if speaker else None,
        method=ClaimMethod.MODEL,
        confidence=round(p.confidence, 3),
    )


def _speaker_head(anchor: Token) -> Token | None:
    """The cue's speaker: "according to X" its object; a verb its subject or agent; a
    noun its possessor ("her view"), its "of"/"by" object ("a statement by the army"), or
    the subject of the verb it hangs on ("said in a statement", "expressed the view")."""
    if anchor.lower_ == "according":
        return _according_source(anchor) if anchor.i + 1 < len(anchor.doc) else None
    if anchor.pos_ in ("VERB", "AUX"):
        return find_subject(anchor) or subject_parsed_as_clause(anchor)
    for child in anchor.children:
        if is_possessive(child):
            return child
        if is_preposition(child) and child.lower_ in ("of", "by", "from"):
            for pobj in child.children:
                if is_preposition_object(pobj) and pobj.pos_ in ("PROPN", "NOUN", "PRON"):
                    return pobj
    verb = anchor.head
    if is_preposition(verb):
        verb = verb.head
    if verb is not anchor and verb.pos_ in ("VERB", "AUX"):
        return find_subject(verb)
    return None


def _previous_speaker(earlier: list[Claim], before: int) -> Speaker | None:
    """A quotation with no speaker of its own is the previous claim's speaker's."""
    previous = [c for c in earlier if c.content_start < before and c.speaker is not None]
    if not previous:
        return None
    c = max(previous, key=lambda c: c.content_start)
    if c.speaker is None or c.speaker_start is None or c.speaker_end is None:
        return None
    return Speaker(
        c.speaker,
        c.speaker_start,
        c.speaker_end,
        c.speaker_canonical,
        c.speaker_label,
        c.speaker_role,
        c.affiliation,
    )


def _kind(text: str, p: Proposal, quotes: list[Quoted], anchor: Token) -> ClaimKind:
    if anchor.lower_ == "according":
        return ClaimKind.ACCORDING_TO
    lo, hi = p.content_start, p.content_end
    for qlo, qhi, _ in quotes:
        if qlo <= lo + 1 and hi - 1 <= qhi:
            return ClaimKind.DIRECT
    if any(lo <= qlo < hi or lo < qhi <= hi for qlo, qhi, _ in quotes):
        return ClaimKind.MIXED
    return ClaimKind.INDIRECT


def _inside(offset: int, quotes: list[Quoted]) -> bool:
    return any(q.start < offset < q.end for _, _, q in quotes)
