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

ASSERT = "assert"
DENY = "deny"
CONCEDE = "concede"
WARN = "warn"
PROMISE = "promise"
DOUBT = "doubt"
POSITION = "position"
STANCES: tuple[str, ...] = (ASSERT, DENY, CONCEDE, WARN, PROMISE, DOUBT, POSITION)

# Public statements of a position ("criticised the plan", "demanded an inquiry"): stance
# position, and only a claim when a clause or quote says what the position is.
POSITION_STATEMENTS: tuple[str, ...] = (
    "criticize",
    "criticise",
    "condemn",
    "slam",
    "denounce",
    "decry",
    "lambaste",
    "mock",
    "ridicule",
    "applaud",
    "endorse",
    "defend",
    "demand",
    "propose",
    "recommend",
    "cite",
    "mention",
    "discuss",
    "highlight",
    "blame",
    "oppose",
    "support",
    "advocate",
    "request",
    "appeal",
)

# Verbs that introduce reported speech or a stated position. The list is the common core
# of news reporting verbs; verbs of mere perception ("see", "hear") are left out because
# their complement is not something the subject claims.
CUE_STANCE: dict[str, str] = {
    **dict.fromkeys(
        [
            "say",
            "claim",
            "state",
            "tell",
            "announce",
            "assure",
            "tweet",
            "add",
            "continue",
            "insist",
            "maintain",
            "argue",
            "report",
            "write",
            "explain",
            "note",
            "declare",
            "allege",
            "assert",
            "confirm",
            "reveal",
            "stress",
            "emphasize",
            "emphasise",
            "reiterate",
            "suggest",
            "indicate",
            "post",
            "testify",
            "contend",
            "acknowledge",
            "observe",
            "discover",
            "determine",
            "portray",
            "remark",
            "reply",
            "respond",
            "answer",
            "recall",
            "believe",
            "predict",
            "estimate",
            "urge",
            "accuse",
            "charge",
            "complain",
            "point",
            "boast",
            "describe",
            "announce",
            "conclude",
            "find",
            "show",
            "learn",
            "tout",
            "praise",
            "call",
        ],
        ASSERT,
    ),
    **dict.fromkeys(
        [
            "deny",
            "reject",
            "dismiss",
            "refute",
            "dispute",
            "rebut",
            "contradict",
            "disavow",
            "repudiate",
            "debunk",
        ],
        DENY,
    ),
    **dict.fromkeys(["admit", "concede", "confess"], CONCEDE),
    **dict.fromkeys(["warn", "threaten", "caution"], WARN),
    **dict.fromkeys(["promise", "pledge", "vow", "swear"], PROMISE),
    # A question put ("asked whether the deals required …") holds its content open.
    **dict.fromkeys(["question", "doubt", "ask", "wonder"], DOUBT),
    # Public acts of communication that express a position on something. Mental states
    # ("want", "plan", "know") are left out: nobody said anything. So are "attack" and
    # "blast", whose physical sense dominates in conflict reporting.
    **dict.fromkeys(
        [
            *POSITION_STATEMENTS,
            # only with a prepositional content (PREPOSITION_CONTENT): "pushed for …"
            "push",
            "press",
            "speak",
            "talk",
            "comment",
            "rail",
            # only as a request with an infinitive (REQUEST_VERBS): "encouraged X to …"
            "encourage",
            # "agreed to …", "agreed that …", "agreed with …"
            "agree",
        ],
        POSITION,
    ),
}

# Verbs that report a request when followed by an addressee and an infinitive: "asked
# the candidates to discuss …", "urged voters to …", "told him to leave".
REQUEST_VERBS = frozenset(
    {"ask", "urge", "tell", "encourage", "press", "implore", "invite", "request", "appeal"}
)

# Position cues whose content follows a preposition: "called *for* an inquiry",
# "appealed *for* support", "talked *about* the economy", "called *on* X to resign".
PREPOSITION_CONTENT: dict[str, frozenset[str]] = {
    "call": frozenset({"for", "on"}),
    "agree": frozenset({"to", "with", "on"}),
    "appeal": frozenset({"for", "to"}),
    "push": frozenset({"for"}),
    "press": frozenset({"for"}),
    "argue": frozenset({"for", "against"}),
    "speak": frozenset({"about", "out", "against", "of"}),
    "talk": frozenset({"about"}),
    "complain": frozenset({"about", "of"}),
    "warn": frozenset({"about", "of", "against"}),
    "rail": frozenset({"against"}),
    "point": frozenset({"to"}),
    "comment": frozenset({"on"}),
    "ask": frozenset({"for", "about"}),
    "testify": frozenset({"about", "on"}),
}

# Cues that only count with a clause or quote as complement: "she asked for water" and
# "he called his mother" are not claims, "asked whether …", "called it false" are.
NEEDS_CLAUSE = frozenset(
    {
        "ask",
        "wonder",
        "discover",
        "determine",
        "encourage",
        "agree",
        "call",
        "describe",
        "find",
        "show",
        "learn",
        "point",
        "urge",
        "answer",
        "accuse",
        *POSITION_STATEMENTS,
        "charge",
        "praise",
        "tout",
        "continue",
        "add",
        "post",
        "write",
        "note",
        "observe",
        "recall",
        "conclude",
        "estimate",
        "respond",
        "reply",
        "believe",
        "predict",
    }
)

# Cues whose direct object can be the whole content ("announced a ceasefire",
# "denied the claim", "confirmed the capture").
OBJECT_CONTENT = frozenset(
    {
        "deny",
        "reject",
        "dismiss",
        "refute",
        "dispute",
        "rebut",
        "contradict",
        "disavow",
        "repudiate",
        "debunk",
        "announce",
        "confirm",
        "claim",
        "report",
        "admit",
        "concede",
        "promise",
        "pledge",
        "question",
        "doubt",
        "reveal",
        "allege",
        "accuse",
        "praise",
        "tout",
        "urge",
        "describe",
        "ask",
    }
    # A position's object is its content ("condemned the raid"). "appeal" takes its
    # content from a preposition or an infinitive instead ("appealed for calm",
    # "appealed to residents to stay"; PREPOSITION_CONTENT, REQUEST_VERBS).
    | (frozenset(POSITION_STATEMENTS) - {"appeal"})
)

# "declared the claim false", "called the report baseless", "branded it a lie": a
# declaring verb with one of these as predicate is a denial of its object.
FALSITY_WORDS = frozenset(
    {
        "false",
        "untrue",
        "baseless",
        "groundless",
        "unfounded",
        "fabricated",
        "fake",
        "lie",
        "lies",
        "nonsense",
        "propaganda",
        "incorrect",
        "wrong",
        "inaccurate",
        "misleading",
        "ridiculous",
        "absurd",
        "fabrication",
        "hoax",
        "rumour",
        "rumor",
        "fiction",
        "bogus",
    }
)
DECLARING_VERBS = frozenset({"declare", "call", "label", "brand", "describe", "term", "dismiss"})

# Nouns that name a claim: a denial whose object is one of these refers to an earlier
# claim ("denied the claim", "rejected the reports").
CLAIM_NOUNS = frozenset(
    {
        "claim",
        "report",
        "allegation",
        "statement",
        "accusation",
        "assertion",
        "account",
        "rumour",
        "rumor",
        "suggestion",
        "charge",
        "story",
        "announcement",
        "version",
        "assessment",
        "figure",
    }
)


# A denial of "the claim" most likely targets a claim made with the matching verb:
# "denied the claim" <- "claimed", "rejected the report" <- "reported".
NOUN_TO_CUE = {
    "claim": "claim",
    "report": "report",
    "allegation": "allege",
    "accusation": "accuse",
    "statement": "state",
    "announcement": "announce",
    "assertion": "assert",
    "charge": "charge",
}


def stance_of(lemma: str) -> str | None:
    return CUE_STANCE.get(lemma.lower())


def is_cue(lemma: str) -> bool:
    return lemma.lower() in CUE_STANCE
