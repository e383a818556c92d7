"""Finding reporting cues: every cue verb with its speaker and content, and every
"according to" phrase with its source.

Both label schemes are accepted (pipeline.nlp.labels): Universal Dependencies (obj, obl,
nsubj:pass, parataxis) and ClearNLP (dobj, prep/pobj, nsubjpass, agent).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS
from spacy.tokens import Doc, Token

from pipeline.claims.clauses import token_range
from pipeline.claims.content import content_of
from pipeline.claims.cues import is_negated, stance_of, verb_lemma
from pipeline.claims.lexicon import NEEDS_CLAUSE
from pipeline.claims.subjects import find_subject, subject_parsed_as_clause
from pipeline.nlp.labels import has_dep
from pipeline.nlp.tokens import indices_where, sentence_bounds
from pipeline.records import ClaimKind, Stance

# "according" attached as part of a multi-word preposition: UD case/fixed.
ACCORDING_TO_DEPS = frozenset({"case", "fixed"})
# The source under "according to": ClearNLP pobj, UD obj/nmod/obl.
SOURCE_DEPS = frozenset({"pobj", "obj", "nmod", "obl"})


@dataclass(slots=True)
class Found:
    """A cue with its speaker and content, before speakers are resolved."""

    cue: Token
    cue_text: str  # lemma, or "according to"
    stance: Stance
    speaker_head: Token | None
    content: tuple[int, int] | None  # token range, inclusive
    kind: ClaimKind
    claim_object: Token | None = None  # "the claim" in "denied the claim"

    @property
    def position(self) -> int:
        return self.cue.i


def find_cues(doc: Doc, quoted: list[tuple[int, int]]) -> list[Found]:
    """Every reporting cue with a speaker or content, in text order."""
    found: list[Found] = []
    strings = doc.vocab.strings
    # Plain lists: indexing a numpy array per verb costs more than converting it once.
    lemmas, lowers = doc.to_array(LEMMA).tolist(), doc.to_array(LOWER).tolist()
    for i in indices_where(doc, POS, ("VERB", "AUX")):  # a cue is always a verb
        # Most verbs are no cue: their lemma is looked up from the attribute ids, and a
        # Token is built only for the cues.
        cue_lemma = verb_lemma(strings, lemmas[i], lowers[i])
        stance = stance_of(cue_lemma)
        if stance is None:
            continue
        token = doc[i]
        if is_negated(token):
            continue
        if _inside(token.idx, quoted):
            continue  # speech reported inside a quotation belongs to the quoted speaker
        speaker = find_subject(token) or subject_parsed_as_clause(token)
        content, stance, claim_object = content_of(token, speaker)
        if content is None and cue_lemma in NEEDS_CLAUSE:
            continue
        if speaker is None and content is None:
            continue
        found.append(
            Found(
                cue=token,
                cue_text=cue_lemma,
                stance=stance,
                speaker_head=speaker,
                content=content,
                kind=ClaimKind.INDIRECT,
                claim_object=claim_object,
            )
        )
    return found


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= offset < hi for lo, hi in spans)


def according_to(doc: Doc) -> list[Found]:
    """ "according to X, …" and "…, according to X"."""
    found: list[Found] = []
    for i in indices_where(doc, LOWER, ("according",)):
        if i + 1 >= len(doc) or doc[i + 1].lower_ != "to":
            continue
        token = doc[i]
        source = _according_source(token)
        if source is None:
            continue
        sent = sentence_bounds(doc, token.i)
        phrase_end = max(t.i for t in source.subtree if t.i < sent.end)
        # The phrase ends at the first comma after "to" when the subtree runs on.
        for j in range(token.i + 2, phrase_end + 1):
            if doc[j].text in (",", ";"):
                phrase_end = j - 1
                break
        before = token_range(doc, sent.start, token.i - 1) if token.i > sent.start else None
        after = (
            token_range(doc, phrase_end + 1, sent.end - 1) if phrase_end + 1 < sent.end else None
        )
        content = before if before and (not after or _len(before) >= _len(after)) else after
        if content is None:
            continue
        found.append(
            Found(token, "according to", Stance.ASSERT, source, content, ClaimKind.ACCORDING_TO)
        )
    return found


def _len(r: tuple[int, int]) -> int:
    return r[1] - r[0] + 1


def _according_source(according: Token) -> Token | None:
    doc = according.doc
    if has_dep(according, ACCORDING_TO_DEPS) or according.head.i > according.i + 1:
        head = according.head
        if head.i > according.i + 1 and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return head
    to = doc[according.i + 1]
    for child in list(to.children) + list(according.children):
        if has_dep(child, SOURCE_DEPS) and child.i > to.i:
            return child
    for j in range(according.i + 2, min(len(doc), according.i + 8)):
        t = doc[j]
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            head = t
            while (
                head.head.i > head.i
                and head.head.i < according.i + 8
                and head.head.pos_ in ("PROPN", "NOUN")
            ):
                head = head.head
            return head
    return None
