"""What a cue reports (the ``claims.act`` column, pipeline.records.ClaimAct).

=========  ======================================================================
speech     something said or written: every speech, position and denial cue, quotes,
           "according to", layout attributions
thought    a belief, feeling or expectation reported of the speaker: believe, think,
           feel, fear, worry, suspect, expect, assume, reckon, imagine, consider,
           doubt, wonder, hope (with a clause: "hopes that the talks succeed")
intention  a plan or wish: want, plan, intend, wish, aim, and hope with an
           infinitive ("hopes to win")
=========  ======================================================================

The stance stays what the cue expresses (assert for most thoughts, doubt for "doubt" and
"wonder"); the act says whether anybody is reported to have said it.
"""

from __future__ import annotations

from pipeline.claims.lexicon import INTENTION_CUES, THOUGHT_CUES
from pipeline.records import ClaimAct


def act_of(cue: str, content: str) -> ClaimAct:
    """The act of a claim with cue lemma ``cue`` and content text ``content``."""
    if cue in INTENTION_CUES and (cue not in THOUGHT_CUES or content.lstrip().startswith("to ")):
        return ClaimAct.INTENTION
    if cue in THOUGHT_CUES:
        return ClaimAct.THOUGHT
    return ClaimAct.SPEECH
