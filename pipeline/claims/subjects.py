"""The speaker's head token of a reporting cue: its subject, a passive agent, or a
subject it inherits from the verb it is coordinated with or subordinate to.

Both label schemes are accepted (pipeline.nlp.labels).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from pipeline.claims.lexicon import RELATIVE_PRONOUNS
from pipeline.nlp.labels import (
    CLAUSAL_COMPLEMENT_DEPS,
    NOUN_CLAUSE_DEPS,
    appositions,
    has_dep,
    is_active_subject,
    is_agent,
    is_oblique_nominal,
    is_passive_subject,
    is_preposition_object,
    is_subject,
    preposition_of,
)

# Relations through which a verb without a subject takes its subject from its head:
# "said ... and added that" (conj), "…, saying that" (advcl), "went on to say" (xcomp),
# "is determined to warn" (acomp: the adjective passes on the subject of "is").
SUBJECT_INHERITING_DEPS = frozenset({"conj", "advcl", "xcomp", "acomp"})
# Prepositions whose gerund takes the subject of the verb they modify ("began by
# saying", "left without saying"); "of" and "for" are left out: "accused him of saying".
SUBJECT_CONTROL_PREPOSITIONS = frozenset(
    {"by", "after", "before", "while", "upon", "without", "since", "when"}
)
# Occasions of speech: "said at a news conference announcing that …" (see
# _occasion_holder). Documents that speak for themselves ("a report showing") are not.
OCCASION_NOUNS = frozenset(
    {"conference", "briefing", "statement", "speech", "interview", "appearance", "address",
     "rally", "event", "hearing", "broadcast", "message", "video", "post", "tweet"}
)  # fmt: skip
# How far up the tree a subject is looked for before giving up: a cue three conjuncts
# away from its subject is rare; further than that the guess is usually wrong.
MAX_SUBJECT_HOPS = 4
# A clock time or bare number ("10:50", "21:31", "2019"): live blogs open each entry with
# a timestamp that small parsers attach to the verb as a second subject. A numeral on its
# own names no one, so it is never a speaker ("Two officials said" has the noun as head).
_NUMERAL_SUBJECT = re.compile(r"^\d{1,4}(?:[:.h]\d{2})?(?:am|pm|GMT|UTC)?$", re.IGNORECASE)
# Finite clausal complements: a speaker's name phrase misparsed as one (see below).
CLAUSE_DEPS = CLAUSAL_COMPLEMENT_DEPS - {"xcomp"}


def is_numeral_subject(token: Token) -> bool:
    """ "10:50" in "10:50 — The Council said": a timestamp or number, not a speaker."""
    return bool(_NUMERAL_SUBJECT.match(token.text))


def find_subject(cue: Token) -> Token | None:
    """The speaker's head token: the subject, the passive agent, or an inherited subject."""
    verb = cue
    for _ in range(MAX_SUBJECT_HOPS):
        found, subject = _active_subject(verb)
        if found:
            if verb is not cue and subject is not None:
                return _reporter_of_same_person(verb, subject)
            return subject
        if any(is_passive_subject(c) for c in verb.children):
            return passive_agent(verb)
        if has_dep(verb, NOUN_CLAUSE_DEPS) and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            holder = _occasion_holder(verb.head)
            if holder is not None:
                verb = holder
                continue
            return verb.head
        if has_dep(verb, SUBJECT_INHERITING_DEPS) and verb.head is not verb:
            verb = verb.head
            continue
        if _subject_controlled_gerund(verb):
            verb = verb.head.head
            continue
        break
    return None


def _split_phrase_head(verb: Token, subject: Token) -> Token:
    """ "Wikileaks editor-in-chief Kristinn Hrafnsson said": small parsers split one name
    phrase into two subjects of the verb. Two subjects with nothing but words and
    hyphens between them are one phrase, headed by the later one (a comma between them
    is an apposition, "Kareemi, the spokesperson of the group tweeted", left as is)."""
    later = [c for c in verb.children if c.i > subject.i and c.i < verb.i and is_active_subject(c)]
    if not later:
        return subject
    head = later[-1]
    between = subject.doc[subject.i + 1 : head.i]
    if any((t.is_punct and t.text != "-") or t.is_space for t in between):
        return subject
    return head


def _reporter_of_same_person(verb: Token, subject: Token) -> Token:
    """ "Rendell said he'd battled pneumonia and called it a common ailment": the parser
    hangs "called" on "battled", inside what Rendell said, and the cue inherits "he".
    When the inherited subject is a personal pronoun and its verb is the reported
    clause of a verb with a named subject, the pronoun is that reporter taking up the
    thread, and the reporter's name is the speaker. A named inner subject is kept."""
    outer = verb.head
    if (
        subject.lower_ in ("he", "she")
        and verb.dep_ == "ccomp"
        and outer is not verb
        and outer.pos_ == "VERB"
    ):
        found, reporter = _active_subject(outer)
        if found and reporter is not None and reporter.pos_ == "PROPN":
            return reporter
    return subject


def _occasion_holder(noun: Token) -> Token | None:
    """ "she said *at a news conference announcing* that …": a conference, statement or
    interview announces nothing itself; the one who spoke at it does. The verb the
    occasion hangs on (through at/in/during), whose subject is the speaker."""
    prep = noun.head
    if (
        noun.lemma_.lower() in OCCASION_NOUNS
        and is_preposition_object(noun)
        and prep.lower_ in ("at", "in", "during")
        and prep.head.pos_ in ("VERB", "AUX")
    ):
        return prep.head
    return None


def _subject_controlled_gerund(verb: Token) -> bool:
    """ "began *by saying*", "left *after claiming*": a gerund under a preposition
    (ClearNLP's pcomp; UD makes it an advcl, inherited above) whose speaker is the
    subject of the verb the preposition hangs on. Not "accused him of saying" or
    "praised her for saying", where the object is the one who spoke."""
    prep = verb.head
    return (
        verb.dep_ == "pcomp"
        and prep.lower_ in SUBJECT_CONTROL_PREPOSITIONS
        and prep.head is not prep
        and prep.head.pos_ in ("VERB", "AUX")
    )


def _active_subject(verb: Token) -> tuple[bool, Token | None]:
    """(True, speaker or None) when ``verb`` has an active subject that settles the
    question, (False, None) when it has none worth taking.

    A numeral subject (a live blog's "10:50 —") is not the speaker: the real subject is
    its apposition, or else a second subject child of the same verb."""
    for child in verb.children:
        if not is_active_subject(child):
            continue
        if is_numeral_subject(child):
            # Parsers also hang the real subject under the timestamp as an apposition
            # ("09:05 — [appos] Ferrovia's defence minister … has rejected"); with none,
            # look at the verb's other subjects.
            child = next((c for c in appositions(child) if c.pos_ != "NUM"), child)
            if is_numeral_subject(child):
                continue
        if child.is_space:
            # Paragraph breaks sometimes come out as the subject with the real subject
            # hanging below them (or beside them, as a second subject); use the first
            # nominal underneath, else look at the other children.
            child = next((t for t in child.subtree if t.pos_ in ("PROPN", "NOUN", "PRON")), child)
            if child.is_space:
                continue
        if child.is_punct or child.lower_ in ("there",):
            return True, None
        child = _split_phrase_head(verb, child)
        if child.lower_ in RELATIVE_PRONOUNS and has_dep(verb, NOUN_CLAUSE_DEPS):
            # "Stumpf, who admitted …": the relative pronoun stands for its noun.
            return True, (verb.head if verb.head.pos_ in ("NOUN", "PROPN") else None)
        return True, child
    return False, None


def subject_parsed_as_clause(cue: Token) -> Token | None:
    """ "Megan Hester, senior associate for education organizing at X, said parents …"
    parsed with the name phrase as a clause before the cue: when the cue has a clause on
    each side and the left one ends at a comma before the cue, the left clause's nominal
    subject is the speaker."""
    clauses = [c for c in cue.children if has_dep(c, CLAUSE_DEPS)]
    left = [c for c in clauses if c.i < cue.i]
    if not left or not any(c.i > cue.i for c in clauses):
        return None
    clause = left[-1]
    if cue.doc[cue.i - 1].text != ",":
        return None
    subject = next((c for c in clause.children if is_subject(c)), None)
    if subject is not None and subject.pos_ == "PROPN":
        return subject
    return None


def passive_agent(verb: Token) -> Token | None:
    """ "was denied *by the ministry*" in either scheme."""
    for child in verb.children:
        if is_agent(child):
            for pobj in child.children:
                if is_preposition_object(pobj):
                    return pobj
        if is_oblique_nominal(child) and preposition_of(child) == "by":
            return child
    return None
