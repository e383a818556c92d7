"""Span helpers of the content rules: trimmed token ranges, the addressee and request
of a cue, the rest of a sentence after a cue.

Both label schemes are accepted (pipeline.nlp.labels).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.claims.cues import lemma
from pipeline.claims.lexicon import (
    ADDRESSEE_CUES,
    COMPLEMENTISERS,
    FALSITY_WORDS,
    NOT_CLAUSE_OPENERS,
)
from pipeline.claims.spans import subtree_range, trim_tokens
from pipeline.nlp.labels import (
    INDIRECT_OBJECT_DEPS,
    OBJECT_DEPS,
    has_dep,
    is_case_marker,
    is_marker,
    is_object,
)
from pipeline.nlp.tokens import sentence_bounds

# Modifiers between a cue and its complement that are not part of the content.
MODIFIER_DEPS = frozenset(
    {
        "iobj", "dative", "obl", "obl:tmod", "obl:npmod", "npadvmod", "advmod", "prep",
        "nmod:tmod", "compound:prt", "prt",
    }
)  # fmt: skip
# Who a request is made of ("asked *the candidates* to …"): a direct or indirect object.
ADDRESSEE_DEPS = OBJECT_DEPS | INDIRECT_OBJECT_DEPS
# Where the requested infinitive hangs: off the verb or, in noisier parses, the addressee.
INFINITIVE_DEPS = frozenset({"xcomp", "acl", "advcl", "ccomp"})
# Where a falsity word sits under a declaring verb ("dismissed it *as a lie*") and how it
# modifies the predicate's noun ("*false* claims").
FALSITY_PREDICATE_DEPS = frozenset({"xcomp", "oprd", "ccomp", "advcl", "obl"})
FALSITY_MODIFIER_DEPS = frozenset({"amod", "case", "det"})
# Marks that open a quotation or a colon clause: the quote rules handle what follows.
QUOTE_OR_COLON = frozenset({"“", '"', "''", "``", ":", "«"})
# "said he would" is a claim; fewer words after a cue are rarely a whole clause.
MIN_REST_TOKENS = 3


def token_range(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    trimmed = trim_tokens(doc, lo, hi)
    if trimmed is None:
        return None
    # At least one word: stop at the first instead of counting them all (and index the
    # tokens: doc[a:b] would build a Span first).
    has_word = any(not doc[j].is_punct for j in range(trimmed[0], trimmed[1] + 1))
    return trimmed if has_word else None


def request_range(cue: Token) -> tuple[int, int] | None:
    """Token range "X to do Y" after a request verb; the infinitive may hang off the
    verb (xcomp) or, in noisier parses, off the addressee (acl)."""
    doc = cue.doc
    addressees = [c for c in cue.children if c.i > cue.i and has_dep(c, ADDRESSEE_DEPS)]
    if not addressees:
        return None
    who = addressees[0]
    for clause in [*cue.children, *who.children]:
        if (
            clause.i > who.i
            and has_dep(clause, INFINITIVE_DEPS)
            and any(m.lower_ == "to" for m in clause.children if m.i < clause.i)
        ):
            return token_range(doc, who.left_edge.i, subtree_range(clause)[1])
    return None


def that_follows(cue: Token) -> bool:
    """The first word after the cue and its particles/modifiers is a complementiser."""
    doc = cue.doc
    skip = {
        t.i for c in cue.children if c.i > cue.i and has_dep(c, MODIFIER_DEPS) for t in c.subtree
    }
    i = cue.i + 1
    end = sentence_bounds(doc, cue.i).end
    while i < end and (i in skip or doc[i].text == ","):
        i += 1
    return i < end and doc[i].lower_ == "that" and doc[i].head.i > i


def after_preposition(nominal: Token) -> int:
    """First token index after the preposition of a UD oblique (its ``case`` child)."""
    cases = [c.i for c in nominal.children if is_case_marker(c) and c.i < nominal.i]
    return max(cases) + 1 if cases else nominal.left_edge.i


def comma_before(cue: Token, speaker_ids: set[int]) -> bool:
    """A comma or closing quote right before the cue phrase ("…, X said", "…,” said X")."""
    first = min([cue.i, *(i for i in speaker_ids if i < cue.i)])
    while first > 0 and cue.doc[first - 1].pos_ in ("ADV", "AUX", "PART"):
        first -= 1  # "…, he also said", "…, she has said"
    return first > 0 and cue.doc[first - 1].text in {",", "”", '"', "''", "—", "–"}


def rest_of_sentence(cue: Token) -> tuple[int, int] | None:
    """Fallback when the parse gives a speech verb no complement: "X said the union
    expected …" parsed with "the union" as object. The content is the rest of the
    sentence after the cue and its addressee/time/place modifiers ("told *reporters*",
    "said *on Monday*", "said *in a statement*") and a complementiser. Only used for
    verbs whose complement is normally a clause (SAY_LIKE), and only when a verb follows,
    so "said hello" or "told the committee" never become claims.
    """
    doc = cue.doc
    sent = sentence_bounds(doc, cue.i)
    skip: set[int] = set()
    for child in cue.children:
        if child.i <= cue.i:
            continue
        if has_dep(child, MODIFIER_DEPS):
            skip |= {t.i for t in child.subtree}
        elif cue.lemma_.lower() in ADDRESSEE_CUES and is_object(child):
            skip |= _addressee_tokens(child)
    i = cue.i + 1
    while i < sent.end and (i in skip or doc[i].is_punct or doc[i].is_space):
        if doc[i].text in QUOTE_OR_COLON:
            return None  # a quotation follows: the quote rules handle it
        i += 1
    if i < sent.end and doc[i].lower_ in COMPLEMENTISERS:
        i += 1
    if i >= sent.end or doc[i].text in QUOTE_OR_COLON or doc[i].lower_ in NOT_CLAUSE_OPENERS:
        return None
    end = next((j - 1 for j in range(i, sent.end) if doc[j].text == ";"), sent.end - 1)
    found = token_range(doc, i, end)
    if found is None or found[1] - found[0] + 1 < MIN_REST_TOKENS:
        return None
    if not any(doc[j].pos_ in ("VERB", "AUX") for j in range(found[0], found[1] + 1)):
        return None
    return found


def _addressee_tokens(addressee: Token) -> set[int]:
    """The addressee's phrase without a that-clause the parse hung off it ("residents
    *that they would not be harmed*"): that clause is what was said to them."""
    said = {
        t.i
        for clause in addressee.children
        if clause.i > addressee.i
        and any(m.lower_ == "that" and is_marker(m) for m in clause.children)
        for t in clause.subtree
    }
    return {t.i for t in addressee.subtree} - said


def falsity_predicate(cue: Token) -> Token | None:
    for child in cue.children:
        if lemma(child) in FALSITY_WORDS or child.lower_ in FALSITY_WORDS:
            return child
        if has_dep(child, FALSITY_PREDICATE_DEPS) and any(
            lemma(g) in FALSITY_WORDS and has_dep(g, FALSITY_MODIFIER_DEPS) for g in child.children
        ):
            return child
    return None
