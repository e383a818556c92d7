"""Linking a denial to the earlier claim it denies, inside one document.

A denial is linked when its object names a claim ("denied the claim", "rejected the
reports", "declared the group's claim false"):

* with a possessor, an "of"/"by" phrase or a proper-noun modifier ("the Taliban's claim",
  "claims by the army", "the Saltmark account"), to the most recent earlier non-denial
  whose speaker is, or is affiliated with, that possessor. Names are compared as entities,
  not strings: the possessor's words inside a resolved name ("the ministry" in "Ministry
  of Interior", "Lind" in "Oliver Lind"), an acronym of it ("SDF"), or the speaker's role
  ("the colonel's account"). No such claim, no link;
* without one, to the most recent earlier non-denial by a different speaker.

In both cases an earlier claim whose cue is the verb of the claim noun ("denied *the
claim*" and an earlier "X *claimed* …"; "the allegation" and "alleged") is preferred over
a more recent one with another cue, and a noun that names a number ("the figure", "the
death toll") prefers a claim whose content states one. Otherwise the chosen claim is
followed back to the start of its speaker's run: "X said A. X added B. Y denied the
claim" denies A, the statement that B elaborates. A run is the same speaker, or a
spokesperson affiliated with it, with no other speaker's claim in between.

A denial whose content is a clause ("rejected reports that the town fell") is linked to
the most recent earlier non-denial by a different speaker whose content shares enough
content words with it (LINK_MIN_OVERLAP). A short noun-phrase denial that names no claim
("she denied any wrongdoing") is linked to the most recent earlier claim by another
speaker whose content is about the denier (names it, or, for a pronoun denier, uses that
pronoun): that claim is the accusation being denied.

A news lead often reports the denial before the claim ("The union rejected reports that
it had reached a deal. Local media had reported …"): a clause-content denial with no
earlier target is linked to one of the next FORWARD_CLAIMS claims by a different speaker
that shares its content words or is made with a claim-making cue (CLAIM_CUES).

An owner that is a media noun ("the newspaper's claim", "the paper's report") names no
speaker by its words; it matches a claim whose speaker is written with that noun or whose
cue is a reporting verb (MEDIA_CUES): news outlets report.

Two speakers written as different common-noun descriptions ("The group", "The
government") are different speakers even when both were resolved to the same entity: a
wrong resolution must not hide the claim the denial answers.

Where this stops: claims in other documents are linked in SQL
(sql/views/contested_claims.sql); a denial of something never reported as a claim in the
document stays unlinked; a wrong speaker resolution (a denier resolved to the claimant)
hides the target behind the same-speaker filter.
"""

from __future__ import annotations

import re

from pipeline.claims.lexicon import (
    CLAIM_NOUNS,
    NOUN_TO_CUE,
    NUMBER_NOUNS,
    NUMBER_WORDS,
    PRONOUN_FORMS,
    STOP_WORDS,
)
from pipeline.records import Claim, Stance

# Share of the denial's content words that must appear in the denied claim's content for
# a clause-content denial to be linked: a third rules out chance overlap of one or two
# function-like words while allowing the usual rewording between claim and denial.
LINK_MIN_OVERLAP = 0.34
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
# A denial content this short (in words) with no claim noun and no clause overlap is a
# noun phrase ("any wrongdoing", "involvement in the attack"), not a reported clause.
NP_DENIAL_MAX_WORDS = 4
_POSSESSIVE = re.compile(r"([A-Za-z][\w-]*)['’]s?\b")
# How far ahead (in claims) a denial reported before its claim may look: the claim is in
# the next sentence or two of the lead, never further down the story.
FORWARD_CLAIMS = 3
# Cues of a claim a later denial can answer without sharing its words ("Local media had
# reported …", "the group claimed …"): the verbs of the claim nouns.
CLAIM_CUES = frozenset(NOUN_TO_CUE.values())
# Possessors that name a news outlet by its kind, and the cues outlets make claims with.
MEDIA_NOUNS = frozenset(
    {
        "newspaper", "paper", "daily", "tabloid", "broadcaster", "channel", "network",
        "outlet", "magazine", "media", "agency", "station", "website", "site", "journal",
        "publication",
    }
)  # fmt: skip
MEDIA_CUES = frozenset({"report", "publish", "write", "reveal", "print", "broadcast"})
_ARTICLES = frozenset({"the", "a", "an"})


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in STOP_WORDS}


def _tokens(name: str) -> list[str]:
    name = name.lower().replace("’", "'")
    name = re.sub(r"'s\b", "", name)
    return [w for w in re.findall(r"[a-z0-9][a-z0-9'-]*", name) if w != "the"]


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper()).lower()


def _names_match(owner: str, name: str | None) -> bool:
    """Does ``owner`` (a possessor as written or resolved) name the entity ``name``?

    The same entity is written in many ways: whole ("Saltmark Defence Force"), a part of
    it ("the ministry", "Lind", "Saltmark"), or its acronym ("SDF"). A part must be whole
    words, so "Hand" never matches "Handel".
    """
    if not name:
        return False
    o, n = _tokens(owner), _tokens(name)
    if not o or not n:
        return False
    if any(n[i : i + len(o)] == o for i in range(len(n) - len(o) + 1)):
        return True
    if any(o[i : i + len(n)] == n for i in range(len(o) - len(n) + 1)):
        return True  # "the Taliban leadership" owns a claim by "Taliban"
    compact = "".join(o)
    return len(compact) >= 2 and len(o) == 1 and compact == _acronym(name)


def _description(speaker: str | None) -> frozenset[str] | None:
    """The words of a common-noun speaker ("The group" -> {"group"}); None for a name or
    a pronoun."""
    words = [w for w in (speaker or "").split() if w.lower() not in _ARTICLES]
    if not words or any(w[:1].isupper() for w in words) or words[0].lower() in PRONOUN_FORMS:
        return None
    return frozenset(w.lower() for w in words)


def _same_speaker(a: Claim, b: Claim) -> bool:
    if a.speaker_canonical and b.speaker_canonical:
        if a.speaker_canonical != b.speaker_canonical:
            return False
        da, db = _description(a.speaker), _description(b.speaker)
        return da is None or db is None or bool(da & db)
    return (a.speaker or "").lower() == (b.speaker or "").lower()


def _same_side(a: Claim, b: Claim) -> bool:
    """Same speaker, or one speaks for the other ("The Red Hand Brigades said …" and
    "the brigades' spokesman, Kasim Adler, stated …")."""
    if _same_speaker(a, b) and (a.speaker_canonical or a.speaker):
        return True
    for x, y in ((a, b), (b, a)):
        if x.affiliation and _names_match(x.affiliation, y.speaker_canonical):
            return True
    return False


def _matches_owner(claim: Claim, owner: str) -> bool:
    if owner.lower() in MEDIA_NOUNS and claim.cue in MEDIA_CUES:
        return True  # "the newspaper's claim" and "Morgenpost reported …"
    if any(_names_match(owner, n) for n in (claim.speaker_canonical, claim.affiliation)):
        return True
    if claim.speaker_role and _tokens(owner) == _tokens(claim.speaker_role):
        return True  # "the colonel's account" and a claim by the colonel
    speaker = claim.speaker or ""
    return bool(speaker) and owner.lower() in speaker.lower()


def _states_number(text: str) -> bool:
    return any(ch.isdigit() for ch in text) or bool(_words(text) & NUMBER_WORDS)


def _about(claim: Claim, denial: Claim) -> bool:
    """Is ``claim``'s content about the denier: its name, or the denier's pronoun?"""
    words = set(_tokens(claim.content))
    pronoun = (denial.speaker or "").lower()
    if pronoun in PRONOUN_FORMS:
        return bool(words & PRONOUN_FORMS[pronoun])
    name = _tokens(denial.speaker_canonical or "")
    return bool(name) and any(w in words for w in name if w[:1].isalpha() and len(w) > 2)


def _run_start(claims: list[Claim], j: int) -> int:
    """The first claim of the run of same-side claims that ends at ``j``."""
    while j > 0 and claims[j - 1].stance != Stance.DENY and _same_side(claims[j - 1], claims[j]):
        j -= 1
    return j


def _text_claim_noun(content: str) -> tuple[str, str | None] | None:
    """(claim noun, possessor) read off a short denial content the parser did not give
    as an object ("the ministry's figure" with "figure" tagged a verb)."""
    words = content.split()
    if not words or len(words) > NP_DENIAL_MAX_WORDS + 1:
        return None
    last = words[-1].lower().strip('.,;:!?"“”')
    noun = next((n for n in CLAIM_NOUNS if last in (n, n + "s")), None)
    if noun is None:
        return None
    owner = _POSSESSIVE.search(content)
    return noun, owner.group(1) if owner else None


def _noun_target(
    claims: list[Claim], earlier: list[int], noun: str, owner: str | None
) -> int | None:
    if owner:
        earlier = [j for j in earlier if _matches_owner(claims[j], owner)]
    verb = NOUN_TO_CUE.get(noun)
    matching_verb = [j for j in earlier if claims[j].cue == verb]
    if matching_verb:
        return matching_verb[0]
    if noun in NUMBER_NOUNS:
        numeric = [j for j in earlier if _states_number(claims[j].content)]
        earlier = numeric or earlier
    return _run_start(claims, earlier[0]) if earlier else None


def _later_target(
    claims: list[Claim], i: int, words: set[str], owner: str | None = None
) -> int | None:
    """A claim reported after the denial of it, within FORWARD_CLAIMS claims: shares the
    denial's content words, or is made with a claim-making cue (and by ``owner``, when
    the denial names one)."""
    denial = claims[i]
    for j in range(i + 1, min(len(claims), i + 1 + FORWARD_CLAIMS)):
        c = claims[j]
        if c.stance == Stance.DENY or _same_speaker(c, denial):
            continue
        if owner and not _matches_owner(c, owner):
            continue
        overlap = bool(words) and len(words & _words(c.content)) / len(words) >= LINK_MIN_OVERLAP
        if overlap or c.cue in CLAIM_CUES:
            return j
    return None


def link_denials(
    claims: list[Claim], owners: dict[int, str | None], claim_nouns: dict[int, str]
) -> None:
    """Set Claim.denies for denials.

    ``owners`` maps a denial (by ``id()``) to the possessor of its object ("the group's
    claim"), ``claim_nouns`` to the lemma of its claim-noun object ("claim", "report").
    """
    for i, denial in enumerate(claims):
        if denial.stance != Stance.DENY:
            continue
        earlier = [
            j
            for j in range(i - 1, -1, -1)
            if claims[j].stance != Stance.DENY and not _same_speaker(claims[j], denial)
        ]
        target: int | None = None
        from_text = _text_claim_noun(denial.content)
        words = _words(denial.content)
        if id(denial) in claim_nouns:
            owner = owners.get(id(denial))
            target = _noun_target(claims, earlier, claim_nouns[id(denial)], owner)
            if target is None:
                target = _later_target(claims, i, words, owner)
        elif from_text is not None:
            target = _noun_target(claims, earlier, *from_text)
        else:
            if words:
                for j in earlier:
                    shared = len(words & _words(claims[j].content)) / len(words)
                    if shared >= LINK_MIN_OVERLAP:
                        target = j
                        break
            if target is None and len(denial.content.split()) <= NP_DENIAL_MAX_WORDS:
                target = next((j for j in earlier if _about(claims[j], denial)), None)
            if target is None and len(denial.content.split()) > NP_DENIAL_MAX_WORDS:
                target = _later_target(claims, i, words)
        denial.denies = target
