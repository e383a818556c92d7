"""What a reporting cue's speaker said: the content rules, tried in order.

Each rule looks for one shape of complement ("said *that …*", "denied *the claim*",
"called *for an inquiry*", "…, *X said*") and returns the content's token range, the
stance it implies and, for a denial, the claim noun it names; the first rule that finds
one wins. Both label schemes are accepted (pipeline.nlp.labels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.claims.clauses import (
    after_preposition,
    comma_before,
    falsity_predicate,
    request_range,
    rest_of_sentence,
    that_follows,
    token_range,
)
from pipeline.claims.cues import lemma, stance_of
from pipeline.claims.lexicon import (
    CLAIM_NOUNS,
    DECLARING_VERBS,
    INFINITIVE_CONTENT_CUES,
    OBJECT_CONTENT,
    PREPOSITION_CONTENT,
    REQUEST_VERBS,
    SAY_LIKE,
    WH_OBJECTS,
)
from pipeline.claims.spans import subtree_range
from pipeline.claims.subjects import CLAUSE_DEPS
from pipeline.nlp.labels import (
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    has_dep,
    is_marker,
    is_object,
    obliques,
)
from pipeline.nlp.tokens import sentence_bounds
from pipeline.records import Stance

# Complements of fewer tokens are rarely a claim ("said so", "said this").
MIN_CONTENT_TOKENS = 2
# Relations a cue gets when it is a parenthetical inside or after the reported clause.
PARENTHETICAL_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj"})
# The predicate of "called it *a hoax*" / "described it *as reckless*": UD xcomp or obl
# (with "as"), ClearNLP oprd/xcomp/prep(as).
PREDICATE_DEPS = frozenset({"xcomp", "oprd", "obl", "prep", "advcl"})
# What follows the addressee of "called on X …": the requested action.
REQUEST_DEPS = frozenset({"xcomp", "advcl", "ccomp"})
# Where "the claim" hangs in "declared [the claim] false" when not as the object: the
# predicate's subject (ClearNLP) or a compound of it (some UD parses).
NOUN_PART_DEPS = frozenset({"compound", "nmod", "obj", "dobj"})
# A clause introduced by a colon ("said: we will fight") is parataxis in UD.
COLON_CLAUSE_DEPS = frozenset({"parataxis"})
OPEN_COMPLEMENT_DEPS = frozenset({"xcomp"})
# Clauses under an object that say what it is ("reports *that the town had fallen*").
OBJECT_CLAUSE_DEPS = frozenset({"acl", "ccomp", "acl:relcl"})

Range = tuple[int, int]
# (token range of the content, stance, claim-noun object)
Content = tuple[Range | None, Stance, Token | None]


@dataclass(slots=True)
class Cue:
    """A cue verb with what every content rule reads about it."""

    token: Token
    lemma: str
    stance: Stance
    speaker: Token | None
    speaker_ids: set[int]
    # spaCy builds a new Token for each child on every walk: the children are listed once.
    kids: list[Token]

    @property
    def doc(self) -> Doc:
        return self.token.doc

    def kids_with(self, deps: frozenset[str]) -> list[Token]:
        return [c for c in self.kids if has_dep(c, deps)]


def _long_enough(found: Range | None) -> bool:
    return found is not None and found[1] - found[0] + 1 >= MIN_CONTENT_TOKENS


def _claim_noun(obj: Token) -> Token | None:
    return obj if lemma(obj) in CLAIM_NOUNS else None


def declared_false(cue: Cue) -> Content | None:
    """ "declared the claim false", "called the report baseless", "dismissed it as a lie"."""
    if not (cue.lemma in DECLARING_VERBS or cue.stance == Stance.DENY):
        return None
    predicate = falsity_predicate(cue.token)
    if predicate is None:
        return None
    target = next((c for c in cue.kids_with(OBJECT_DEPS) if c.i != predicate.i), None)
    if target is None:
        # "declared [the claim] false" parsed with the claim under the predicate (as its
        # subject in ClearNLP, as a compound in some UD parses).
        target = next(
            (c for c in predicate.children if has_dep(c, SUBJECT_DEPS | NOUN_PART_DEPS)), None
        )
    if target is None:
        return None
    inside = {t.i for t in predicate.subtree} - {t.i for t in target.subtree}
    lo, hi = subtree_range(target, exclude=inside)
    return token_range(cue.doc, lo, hi), Stance.DENY, target


def clausal_complement(cue: Cue) -> Content | None:
    """ "said *that the town had fallen*"."""
    for clause in cue.kids_with(CLAUSE_DEPS):
        subtree = [t.i for t in clause.subtree]  # walked once for both uses below
        if cue.speaker is not None and cue.speaker.i in subtree:
            continue  # the speaker's own phrase, misparsed as a clause
        if clause.i in cue.speaker_ids:
            continue
        kept = [i for i in subtree if i not in cue.speaker_ids and i != cue.token.i]
        found = token_range(cue.doc, min(kept), max(kept))
        if _long_enough(found):
            return found, cue.stance, None
    return None


def colon_clause(cue: Cue) -> Content | None:
    """ "said: we will fight"."""
    doc = cue.doc
    for clause in cue.kids_with(COLON_CLAUSE_DEPS):
        if clause.i > cue.token.i and any(doc[j].text == ":" for j in range(cue.token.i, clause.i)):
            found = token_range(doc, *subtree_range(clause))
            if found is not None:
                return found, cue.stance, None
    return None


def parenthetical(cue: Cue) -> Content | None:
    """ "…, X said." and "Acts of protest, X said, are acts of patriotism": the cue hangs
    off the reported clause (UD parataxis; ClearNLP often ccomp/advcl of the clause). The
    content is the clause around the cue phrase; when the cue sits in the middle, the one
    contiguous span runs across it."""
    token, doc = cue.token, cue.doc
    if not (
        has_dep(token, PARENTHETICAL_DEPS)
        and token.head is not token
        and comma_before(token, cue.speaker_ids)
    ):
        return None
    exclude = {t.i for t in token.subtree}
    sent = sentence_bounds(doc, token.i)
    around = [
        t.i for t in token.head.subtree if t.i not in exclude and sent.start <= t.i < sent.end
    ]
    if not any(i < token.i for i in around):
        return None
    found = token_range(doc, min(around), max(around))
    return (found, cue.stance, None) if _long_enough(found) else None


def infinitive(cue: Cue) -> Content | None:
    """ "vowed *to fight on*", "threatened *to withdraw*"."""
    if cue.stance not in (Stance.PROMISE, Stance.WARN) and cue.lemma not in INFINITIVE_CONTENT_CUES:
        return None
    for clause in cue.kids_with(OPEN_COMPLEMENT_DEPS):
        found = token_range(cue.doc, *subtree_range(clause))
        if _long_enough(found):
            return found, cue.stance, None
    return None


def prepositional(cue: Cue) -> Content | None:
    """ "called for an inquiry", "talked about the economy", "called on X to resign"."""
    for prep, nominal in obliques(cue.token):
        if nominal.i > cue.token.i and prep in PREPOSITION_CONTENT.get(cue.lemma, ()):
            lo, hi = subtree_range(nominal)
            if prep == "on":  # "called on Dean to apologize": the request follows
                later = [c for c in cue.kids if c.i > nominal.i and has_dep(c, REQUEST_DEPS)]
                hi = max([hi, *(subtree_range(x)[1] for x in later)])
            lo = max(lo, after_preposition(nominal))
            found = token_range(cue.doc, lo, hi)
            if found is not None:
                stance = Stance.POSITION if cue.stance == Stance.ASSERT else cue.stance
                return found, stance, None
    return None


def declared_as(cue: Cue) -> Content | None:
    """ "has called climate change a hoax", "described the plan as reckless": the object
    with its predicate is what the speaker says. A (None, …) result stops the search."""
    if cue.lemma not in DECLARING_VERBS:
        return None
    all_objs = cue.kids_with(OBJECT_DEPS)
    if any(o.lower_ in WH_OBJECTS for o in all_objs):
        # "what he called a brazen breach": a label inside someone else's sentence.
        return None, cue.stance, None
    objs = [o for o in all_objs if o.i > cue.token.i]
    preds = [p for p in cue.kids if has_dep(p, PREDICATE_DEPS) and objs and p.i > objs[0].i]
    if not (objs and preds):
        return None
    if cue.stance == Stance.DENY:
        # "dismissed the announcement as the work of …", "dismissed the ministry's account
        # within hours": what is denied is the object; the label or time phrase after it
        # is the denier's own words, not the denied content.
        found = token_range(cue.doc, *subtree_range(objs[0]))
        if found is not None:
            return found, cue.stance, _claim_noun(objs[0])
    found = token_range(cue.doc, subtree_range(objs[0])[0], subtree_range(preds[-1])[1])
    return (found, cue.stance, None) if found is not None else None


def request(cue: Cue) -> Content | None:
    """ "asked the candidates to discuss …": addressee and requested action."""
    if cue.lemma not in REQUEST_VERBS:
        return None
    found = request_range(cue.token)
    return (found, Stance.POSITION, None) if found is not None else None


def clause_after_cue(cue: Cue) -> Content | None:
    """ "<cue> (out/to reporters/on Monday) that <clause>" whatever the parse made of the
    clause (small parsers attach it as advcl or even a relative clause)."""
    if cue.speaker is None or not (cue.lemma in SAY_LIKE or that_follows(cue.token)):
        return None
    found = rest_of_sentence(cue.token)
    return (found, cue.stance, None) if found is not None else None


def object_content(cue: Cue) -> Content | None:
    """ "denied the claim", "confirmed the capture", and "The claim was rejected by the
    ministry" (the passive subject is the object)."""
    if cue.lemma not in OBJECT_CONTENT:
        return None
    passive = cue.kids_with(PASSIVE_SUBJECT_DEPS) if cue.speaker is not None else []
    for obj in [c for c in cue.kids if is_object(c)] + passive:
        if obj.i in cue.speaker_ids:
            continue
        # "rejected reports that the town had fallen": the clause is the content.
        clauses = [
            c
            for c in obj.children
            if has_dep(c, OBJECT_CLAUSE_DEPS)
            and any(g.lower_ == "that" and is_marker(g) for g in c.children)
        ]
        lo, hi = subtree_range(clauses[0] if clauses else obj)
        found = token_range(cue.doc, lo, hi)
        if found is None and clauses:
            found = token_range(cue.doc, *subtree_range(obj))
        if found is not None:
            return found, cue.stance, _claim_noun(obj)
    return None


CONTENT_RULES: tuple[Callable[[Cue], Content | None], ...] = (
    declared_false,
    clausal_complement,
    colon_clause,
    parenthetical,
    infinitive,
    prepositional,
    declared_as,
    request,
    clause_after_cue,
    object_content,
)


def content_of(cue: Token, speaker: Token | None) -> Content:
    """(token range of the content, stance, claim-noun object) for a cue verb."""
    cue_lemma = lemma(cue)
    facts = Cue(
        token=cue,
        lemma=cue_lemma,
        stance=stance_of(cue_lemma) or Stance.ASSERT,
        speaker=speaker,
        speaker_ids={t.i for t in speaker.subtree} if speaker is not None else set(),
        kids=list(cue.children),
    )
    for rule in CONTENT_RULES:
        found = rule(facts)
        if found is not None:
            return found
    return None, facts.stance, None
