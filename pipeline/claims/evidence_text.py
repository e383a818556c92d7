"""Evidence the text gives about the entities it names, token by token: the noun phrase
a name plays a role in, the nouns written beside a name, the word before it, the tokens
inside quotation marks. Read by pipeline.claims.evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from pipeline.claims.lexicon import FEMININE_NOUNS, MASCULINE_NOUNS, ROLE_FAMILY, ROLE_NOUNS
from pipeline.nlp.labels import is_apposition, is_name_part
from pipeline.nlp.names import is_role_title
from pipeline.nlp.tokens import indices_where, sentence_bounds, sentence_starts

STATED_WEIGHT = 3
PRONOUN_WEIGHT = 1
# The word right before a name, over spaces only ("Minister" in "Finance Minister Dascu").
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)[ \t]+$")
_WORD_BEFORE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
# (which may refer to anyone) are not taken as evidence.
_OPEN_QUOTES = frozenset({"“", "«"})
_CLOSE_QUOTES = frozenset({"”", "»"})
_TOGGLE_QUOTES = frozenset({'"', "''", "``"})
_QUOTE_MARKS = _OPEN_QUOTES | _CLOSE_QUOTES | _TOGGLE_QUOTES


@dataclass(frozen=True, slots=True)
class Antecedent:
    """An entity mention a pronoun or description can refer back to."""

    start: int
    canonical: str
    label: str
    subject: bool  # the mention is (the apposition of) its clause's subject


def clause_head(token: Token) -> Token:
    """The token that carries the syntactic role of the noun phrase ``token`` belongs to:
    up through name parts and appositions ("Clara Moen" in "the minister, Clara Moen,
    said" plays the minister's subject role)."""
    seen = 0
    while (is_name_part(token) or is_apposition(token)) and token.head is not token:
        token = token.head
        seen += 1
        if seen > 8:  # a malformed cycle guard; real name chains are short
            break
    return token


def _span_of(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def role_key(lemma: str) -> str:
    lemma = lemma.lower()
    return ROLE_FAMILY.get(lemma, lemma)


def _word_before(text: str, end: int) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(text, 0, end)``, searched from where a match can start.

    From 0 the regex tries every position of the text before each mention: quadratic in
    the document's length. A match is a run of letters and dots, then spaces or tabs up
    to ``end`` (or to a line break just before ``end``: ``$`` also matches before a final
    newline), so it cannot start before that run; searching from the run's first
    character finds the same leftmost match.
    """
    lo = end
    if lo > 0 and text[lo - 1] == "\n":
        lo -= 1
    while lo > 0 and text[lo - 1] in " \t":
        lo -= 1
    while lo > 0 and text[lo - 1] in _WORD_BEFORE_CHARS:
        lo -= 1
    return _WORD_BEFORE.search(text, lo, end)


PERSON_NOUN_KEYS = frozenset(role_key(r) for r in ROLE_NOUNS) | FEMININE_NOUNS | MASCULINE_NOUNS


def _is_person_noun(token: Token) -> bool:
    """A role or gendered noun that only a person can be ("leader", "grandmother")."""
    word = token.text.rstrip(".").lower()
    return (
        role_key(token.lemma_ or word) in PERSON_NOUN_KEYS
        or word in PERSON_NOUN_KEYS
        or (token.pos_ == "PROPN" and is_role_title(token.text))
    )


def _descriptor_nouns(span: Span) -> list[Token]:
    """Common nouns (or role titles) written beside a name: its apposition host or
    apposition ("the mayor, Agnes Holm"; "Kareemi, the spokesperson") and the words just
    before it that modify it ("the charity MedBridge", "Interior Minister Sven Dahl")."""
    doc = span.doc
    root = span.root
    nouns: list[Token] = []
    if is_apposition(root) and root.head.pos_ == "NOUN":
        nouns.append(root.head)
    nouns += [c for c in root.children if is_apposition(c) and c.pos_ == "NOUN"]
    members = set(range(span.start, span.end))
    k = span.start - 1
    sent_start = sentence_bounds(doc, span.start).start  # span.sent.start, without Spans
    while k >= sent_start:
        t = doc[k]
        word = t.text
        if not (t.pos_ == "NOUN" or (t.pos_ == "PROPN" and is_role_title(word))):
            break
        if t.head.i not in members:
            break
        nouns.append(t)
        members.add(k)
        k -= 1
    # "a grandmother, Selma Dorn," set off by commas: an apposition by punctuation even
    # when the parse attached the two nouns some other way.
    if (
        span.start >= 2
        and doc[span.start - 1].text == ","
        and doc[span.start - 2].pos_ == "NOUN"
        and span.end < len(doc)
        and doc[span.end].text in (",", ".")
        and doc[span.start - 2] not in nouns
    ):
        nouns.append(doc[span.start - 2])
    return nouns


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indices of tokens inside quotation marks, sentence by sentence.

    A mark opens, closes or toggles the quotation; every token between an opening mark
    and the next mark (or the sentence end) is inside. Only the marks are visited: the
    tokens between them are whole index ranges.
    """
    inside: set[int] = set()
    bounds = [*sentence_starts(doc), len(doc)]  # the state restarts in every sentence
    marks = indices_where(doc, ORTH, _QUOTE_MARKS)
    k = 0
    for end in bounds[1:]:
        open_at: int | None = None  # the mark that opened the current quotation
        while k < len(marks) and marks[k] < end:
            i = marks[k]
            k += 1
            text = doc[i].text
            if open_at is not None:
                inside.update(range(open_at + 1, i))
            if text in _OPEN_QUOTES or (text in _TOGGLE_QUOTES and open_at is None):
                open_at = i
            else:  # a closing mark, or a toggle while open
                open_at = None
        if open_at is not None:
            inside.update(range(open_at + 1, end))
    return inside
