"""Linking a denial to the earlier claim it denies, inside one document.

A denial is linked when its object names a claim ("denied the claim", "rejected the
reports", "declared the group's claim false"):

* with a possessor or an "of"/"by" phrase ("the Taliban's claim", "claims by the army"),
  to the most recent earlier non-denial whose speaker is, or is affiliated with, that
  possessor; no such claim, no link;
* without one, to the most recent earlier non-denial by a different speaker.

In both cases an earlier claim whose cue is the verb of the claim noun ("denied *the
claim*" and an earlier "X *claimed* …"; "the allegation" and "alleged") is preferred over
a more recent one with another cue.

A denial whose content is a clause ("rejected reports that the town fell") is linked to
the most recent earlier non-denial by a different speaker whose content shares enough
content words with it (LINK_MIN_OVERLAP). Where this stops: claims in other documents are
linked in SQL (sql/views/contested_claims.sql), and a denial of something never reported
as a claim in the document stays unlinked.
"""

from __future__ import annotations

import re

from pipeline.claims.cues import DENY, NOUN_TO_CUE
from pipeline.records import Claim

# Share of the denial's content words that must appear in the denied claim's content for
# a clause-content denial to be linked: a third rules out chance overlap of one or two
# function-like words while allowing the usual rewording between claim and denial.
LINK_MIN_OVERLAP = 0.34
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "is",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "not",
        "no",
        "any",
        "all",
        "by",
        "for",
        "with",
        "from",
        "at",
        "as",
        "their",
        "they",
        "them",
        "his",
        "her",
        "he",
        "she",
        "we",
        "our",
        "you",
        "your",
        "there",
        "here",
        "than",
        "then",
        "which",
        "who",
        "whom",
        "what",
    ]
)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP}


def _same_speaker(a: Claim, b: Claim) -> bool:
    if a.speaker_canonical and b.speaker_canonical:
        return a.speaker_canonical == b.speaker_canonical
    return (a.speaker or "").lower() == (b.speaker or "").lower()


def _matches_owner(claim: Claim, owner: str) -> bool:
    owner = owner.lower()
    names = [claim.speaker_canonical, claim.affiliation, claim.speaker]
    return any(n and (n.lower() == owner or owner in n.lower()) for n in names)


def link_denials(
    claims: list[Claim], owners: dict[int, str | None], claim_nouns: dict[int, str]
) -> None:
    """Set Claim.denies for denials.

    ``owners`` maps a denial (by ``id()``) to the possessor of its object ("the group's
    claim"), ``claim_nouns`` to the lemma of its claim-noun object ("claim", "report").
    """
    for i, denial in enumerate(claims):
        if denial.stance != DENY:
            continue
        earlier = [
            j
            for j in range(i - 1, -1, -1)
            if claims[j].stance != DENY and not _same_speaker(claims[j], denial)
        ]
        if id(denial) in claim_nouns:
            owner = owners.get(id(denial))
            if owner:
                earlier = [j for j in earlier if _matches_owner(claims[j], owner)]
            verb = NOUN_TO_CUE.get(claim_nouns[id(denial)])
            matching_verb = [j for j in earlier if claims[j].cue == verb]
            target = (matching_verb or earlier or [None])[0]
        else:
            words = _words(denial.content)
            target = None
            if words:
                for j in earlier:
                    shared = len(words & _words(claims[j].content)) / len(words)
                    if shared >= LINK_MIN_OVERLAP:
                        target = j
                        break
        denial.denies = target
