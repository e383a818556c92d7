"""Reporting cues and the stance each one expresses.

Stance values (the ``claims.stance`` column):

=========  =====================================================================
assert     the speaker puts the content forward as true (say, claim, announce, …)
deny       the speaker rejects a claim or report (deny, reject, refute, "declared
           the claim false", "called the report baseless")
concede    the speaker admits something, often against interest (admit, concede)
warn       a warning or threat about what will happen (warn, threaten)
promise    a commitment about the speaker's own future action (promise, vow)
doubt      the speaker questions the content or asks it as a question (question,
           doubt, "asked whether …", "“…?” she asked")
position   the speaker takes a public position on the content rather than stating it
           as true: calls for, urges, criticizes, praises, supports, cites ("Democrats
           called for an inquiry", "she criticized the plan"); the content is the
           object or prepositional phrase
=========  =====================================================================

A negated cue ("did not deny", "did not say") yields no claim: "X did not deny the
report" is not a denial by X, and is not an assertion by X either.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.strings import StringStore
from spacy.tokens import Token

from pipeline.claims.lexicon import CUES_BY_STANCE, NEGATIONS
from pipeline.nlp.labels import is_negation
from pipeline.records import Stance

STANCES: tuple[str, ...] = tuple(Stance)
# Each cue lemma and its stance, from the lexicon's lists.
CUE_STANCE: dict[str, Stance] = {
    lemma: stance for stance, lemmas in CUES_BY_STANCE.items() for lemma in lemmas
}


def stance_of(lemma: str) -> Stance | None:
    return CUE_STANCE.get(lemma.lower())


def lemma(token: Token) -> str:
    """The token's lemma; for a verb whose model lemma is no known cue, a cue lemma
    recovered from the inflected form. Trained lemmatizers misspell rarer verbs ("tweeted"
    -> "tweete"), which would silently drop a whole class of claims."""
    base = (token.lemma_ or token.text).lower()
    if base in CUE_STANCE or token.pos_ not in ("VERB", "AUX"):
        return base
    return _cue_of_form(token.lower_) or base


# lemma() of a VERB/AUX token from its LEMMA and LOWER ids (hashes of the strings, the
# same in every document and memory zone), kept for the verb forms seen so far.
_VERB_LEMMAS: dict[tuple[int, int], str] = {}
_MAX_VERB_LEMMAS = 200_000


def verb_lemma(strings: StringStore, lemma_id: int, lower_id: int) -> str:
    """``lemma(token)`` for a verb, from the ids of its lemma and lower-case form."""
    key = (lemma_id, lower_id)
    found = _VERB_LEMMAS.get(key)
    if found is None:
        lower = strings[lower_id]
        # lemma(): (lemma_ or text).lower(), and text.lower() is the lower-case form.
        base = strings[lemma_id].lower() if lemma_id else lower
        found = base if base in CUE_STANCE else (_cue_of_form(lower) or base)
        if len(_VERB_LEMMAS) >= _MAX_VERB_LEMMAS:
            _VERB_LEMMAS.clear()  # bounded: an open vocabulary must not grow it forever
        _VERB_LEMMAS[key] = found
    return found


# Every verb of every document whose lemma is no cue comes here; news reuses the same few
# thousand verb forms, so the answer per form is kept instead of rebuilt per token.
@lru_cache(maxsize=65_536)
def _cue_of_form(form: str) -> str | None:
    """The first dictionary form of ``form`` that is a known cue, if any."""
    return next((c for c in _inflection_candidates(form) if c in CUE_STANCE), None)


def _inflection_candidates(form: str) -> list[str]:
    """Possible dictionary forms of an English verb form (tweeted, denies, replying)."""
    out = [form]
    if form.endswith("ied") or form.endswith("ies"):
        out.append(form[:-3] + "y")
    for suffix in ("ed", "es", "s", "ing", "d"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            stem = form[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:  # "committed" -> "commit"
                out.append(stem[:-1])
    return out


def is_negated(token: Token) -> bool:
    return any(is_negation(c) or c.lower_ in NEGATIONS for c in token.children)
