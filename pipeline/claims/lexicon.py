"""Every word list the claim rules read, each defined once.

Kept apart from the rules, as spaCy keeps a language's data apart from its logic: the
lists are English news vocabulary, the rules are dependency patterns. Each list says what
it is for; the modules that read it say how.
"""

from __future__ import annotations

from pipeline.records import Stance

# -- reporting cues ----------------------------------------------------------------------

# Public statements of a position ("criticised the plan", "demanded an inquiry"): stance
# position, and only a claim when a clause or quote says what the position is.
POSITION_STATEMENTS = frozenset(
    {
        "criticize", "criticise", "condemn", "slam", "denounce", "decry", "lambaste",
        "mock", "ridicule", "applaud", "endorse", "defend", "demand", "propose",
        "recommend", "cite", "mention", "discuss", "highlight", "blame", "oppose",
        "support", "advocate", "request", "appeal",
    }
)  # fmt: skip

# Verbs that introduce reported speech or a stated position, by the stance they express.
# The list is the common core of news reporting verbs; verbs of mere perception ("see",
# "hear") are left out because their complement is not something the subject claims.
CUES_BY_STANCE: dict[Stance, frozenset[str]] = {
    Stance.ASSERT: frozenset(
        {
            "say", "claim", "state", "tell", "announce", "assure", "tweet", "add",
            "continue", "insist", "maintain", "argue", "report", "write", "explain",
            "note", "declare", "allege", "assert", "confirm", "reveal", "stress",
            "emphasize", "emphasise", "reiterate", "suggest", "indicate", "post",
            "testify", "contend", "acknowledge", "observe", "discover", "determine",
            "portray", "remark", "reply", "respond", "answer", "recall", "believe",
            "predict", "estimate", "urge", "accuse", "charge", "complain", "point",
            "boast", "describe", "conclude", "find", "show", "learn", "tout", "praise",
            "call",
            # thoughts and intentions (THOUGHT_CUES, INTENTION_CUES; act column)
            "think", "feel", "fear", "worry", "suspect", "expect", "assume", "reckon",
            "imagine", "hope", "want", "plan", "intend", "wish",
        }
    ),
    Stance.DENY: frozenset(
        {
            "deny", "reject", "dismiss", "refute", "dispute", "rebut", "contradict",
            "disavow", "repudiate", "debunk",
        }
    ),
    Stance.CONCEDE: frozenset({"admit", "concede", "confess"}),
    Stance.WARN: frozenset({"warn", "threaten", "caution"}),
    Stance.PROMISE: frozenset({"promise", "pledge", "vow", "swear"}),
    # A question put ("asked whether the deals required …") holds its content open.
    Stance.DOUBT: frozenset({"question", "doubt", "ask", "wonder"}),
    # Public acts of communication that express a position on something. Mental states
    # ("want", "plan", "know") are left out: nobody said anything. So are "attack" and
    # "blast", whose physical sense dominates in conflict reporting.
    Stance.POSITION: POSITION_STATEMENTS
    | {
        # only with a prepositional content (PREPOSITION_CONTENT): "pushed for …"
        "push", "press", "speak", "talk", "comment", "rail",
        # only as a request with an infinitive (REQUEST_VERBS): "encouraged X to …"
        "encourage",
        # "agreed to …", "agreed that …", "agreed with …"
        "agree",
    },
}  # fmt: skip

# Mental states reported of someone: what they think (``act`` thought) and what they mean
# to do (``act`` intention). Each is a cue only with a reported clause ("believes *that
# …*", "fears *the plan will fail*") or, for an intention, an infinitive ("plans *to
# run*", "wants *Rudolph to be disciplined*"), never with a bare object ("wants a car",
# "fears the dark"). Their stance is assert: the act column, not the stance, says that
# nobody claims to have said it. "know" and "see" are left out: their complement is
# usually the writer's fact, not the subject's view.
THOUGHT_CUES = frozenset(
    {
        "believe", "think", "feel", "fear", "worry", "suspect", "expect", "assume",
        "reckon", "imagine", "doubt", "wonder", "hope",
    }
)  # fmt: skip
INTENTION_CUES = frozenset({"want", "plan", "intend", "wish", "hope"})
# "hopes to win" is an intention, "hopes that the talks succeed" a thought.

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
NEEDS_CLAUSE = POSITION_STATEMENTS | {
    "ask", "wonder", "discover", "determine", "encourage", "agree", "call", "describe",
    "find", "show", "learn", "point", "urge", "answer", "accuse", "charge", "praise",
    "tout", "continue", "add", "post", "write", "note", "observe", "recall", "conclude",
    "estimate", "respond", "reply", "believe", "predict",
} | THOUGHT_CUES | INTENTION_CUES  # fmt: skip

# Cues whose direct object can be the whole content ("announced a ceasefire", "denied
# the claim", "confirmed the capture"). A position's object is its content ("condemned
# the raid"); "appeal" takes its content from a preposition or an infinitive instead
# ("appealed for calm", "appealed to residents to stay").
OBJECT_CONTENT = (POSITION_STATEMENTS - {"appeal"}) | {
    "deny", "reject", "dismiss", "refute", "dispute", "rebut", "contradict", "disavow",
    "repudiate", "debunk", "announce", "confirm", "claim", "report", "admit", "concede",
    "promise", "pledge", "question", "doubt", "reveal", "allege", "accuse", "praise",
    "tout", "urge", "describe", "ask",
}  # fmt: skip

# Verbs whose complement is a clause, so the rest of the sentence after them is the
# content when the parse failed to attach one.
SAY_LIKE = frozenset(
    {
        "say", "tell", "claim", "state", "add", "insist", "argue", "contend", "note",
        "explain", "believe", "acknowledge", "admit", "announce", "write", "testify",
        "suggest", "predict", "assert", "confirm", "maintain", "allege", "stress",
        "emphasize", "reiterate", "concede", "warn", "assure", "tweet", "report",
    }
)  # fmt: skip

# Cues whose direct object is the person addressed, not part of what was said: "told
# *reporters* that …", "assured *residents* that …" (en_core_web_sm hangs the that-clause
# of "assured residents that …" off the object as a relative clause).
ADDRESSEE_CUES = frozenset({"tell", "assure"})

# Cues whose open infinitive complement is the content: "vowed *to fight on*", "claimed
# *to have captured* …" (stances promise and warn take it too).
INFINITIVE_CONTENT_CUES = frozenset({"claim", "promise", "threaten", "vow", "agree", "expect"}) | (
    INTENTION_CUES
)

# "declared the claim false", "called the report baseless", "branded it a lie": a
# declaring verb with one of these as predicate is a denial of its object.
FALSITY_WORDS = frozenset(
    {
        "false", "untrue", "baseless", "groundless", "unfounded", "fabricated", "fake",
        "lie", "lies", "nonsense", "propaganda", "incorrect", "wrong", "inaccurate",
        "misleading", "ridiculous", "absurd", "fabrication", "hoax", "rumour", "rumor",
        "fiction", "bogus",
    }
)  # fmt: skip
DECLARING_VERBS = frozenset({"declare", "call", "label", "brand", "describe", "term", "dismiss"})

# Nouns that name a claim: a denial whose object is one of these refers to an earlier
# claim ("denied the claim", "rejected the reports").
CLAIM_NOUNS = frozenset(
    {
        "claim", "report", "allegation", "statement", "accusation", "assertion", "account",
        "rumour", "rumor", "suggestion", "charge", "story", "announcement", "version",
        "assessment", "figure",
    }
)  # fmt: skip

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

# Claim nouns that name a number: such a denial targets a claim that states one.
NUMBER_NOUNS = frozenset({"figure", "number", "toll", "tally", "count", "estimate", "statistic"})
# Number words that make a content state a number ("hundreds of families").
NUMBER_WORDS = frozenset(
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million",
        "millions", "billion", "half", "dozen", "dozens", "per", "cent", "percent",
    }
)  # fmt: skip

# -- function words ----------------------------------------------------------------------

# Words that negate a cue ("did *not* deny", "*never* said").
NEGATIONS = frozenset({"not", "n't", "n’t", "never", "no"})
# Relative pronouns that stand for the noun a relative clause modifies ("Stumpf, *who*
# admitted …").
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Objects that make a declaring verb part of someone else's sentence ("*what* he called a
# brazen breach").
WH_OBJECTS = frozenset({"what", "which", "whom", "that"})
# Complementisers that open a reported clause ("said *that* …", "asked *whether* …").
COMPLEMENTISERS = frozenset({"that", "whether", "if"})
# Words right after a cue that open a preposition or infinitive, never a reported clause.
NOT_CLAUSE_OPENERS = frozenset({"to", "about", "of"})
# Tokens trimmed from the edges of a content span: the complementiser, punctuation,
# conjunctions left over from the cut.
EDGE_TRIM_LOWER = frozenset({"that", "whether", ",", ";", ":", "—", "–", "-", "and", "but"})
# Content words for comparing a denial with the claim it denies: everything but these.
STOP_WORDS = frozenset(
    {
        "the", "a", "an", "of", "to", "in", "on", "and", "or", "that", "this", "these",
        "those", "it", "its", "is", "was", "were", "be", "been", "has", "have", "had",
        "will", "would", "could", "should", "not", "no", "any", "all", "by", "for", "with",
        "from", "at", "as", "their", "they", "them", "his", "her", "he", "she", "we",
        "our", "you", "your", "there", "here", "than", "then", "which", "who", "whom",
        "what",
    }
)  # fmt: skip
# Labels at a paragraph start ("UPDATE:", "Q:") that are section markers, not speakers.
NOT_SPEAKERS = frozenset(
    {
        "update", "note", "editor", "correction", "source", "photo", "watch", "related",
        "read", "video", "transcript", "advertisement", "q", "a",
    }
)  # fmt: skip

# -- speakers ----------------------------------------------------------------------------

# Third-person pronouns and the gender they carry, for evidence after a name.
GENDERED_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
                     "she": "f", "her": "f", "hers": "f", "herself": "f"}  # fmt: skip
# Personal pronouns a speaker can be ("he said"), resolved to a person of that gender.
PERSON_PRONOUNS = {w: GENDERED_PRONOUNS[w] for w in ("he", "she", "him", "her")}
# Pronouns a speaker can be that stand for an organisation or group ("they said").
COLLECTIVE_PRONOUNS = frozenset({"it", "they", "we"})
# Possessive pronouns that stand for an organisation ("Its spokesman", "their leader").
COLLECTIVE_POSSESSIVES = frozenset({"its", "their", "our"})
# Every form of a pronoun denier, for a claim that is about it: "she" denied; "her
# office" accused.
PRONOUN_FORMS = {
    "she": frozenset({"she", "her", "hers", "herself"}),
    "he": frozenset({"he", "him", "his", "himself"}),
    "they": frozenset({"they", "them", "their", "theirs", "themselves"}),
    "it": frozenset({"it", "its", "itself"}),
}

# Nouns that stand for an organisation when used with "the" ("the group said").
COLLECTIVE_NOUNS = frozenset(
    {
        "group", "organisation", "organization", "movement", "front", "militia", "party",
        "government", "ministry", "army", "military", "coalition", "alliance", "council",
        "agency", "company", "office", "administration", "campaign", "committee",
        "rebels", "insurgents", "forces", "authorities", "department", "union",
        "commission", "force", "police", "regime", "faction", "bloc", "court", "embassy",
        "team",
    }
)  # fmt: skip
# Role nouns: a person's position, so "the spokesperson" can resolve to the person
# introduced as the spokesperson.
ROLE_NOUNS = frozenset(
    {
        "spokesperson", "spokesman", "spokeswoman", "leader", "commander", "minister",
        "president", "chief", "official", "governor", "director", "head", "chairman",
        "chairwoman", "chair", "secretary", "ambassador", "envoy", "general", "mayor",
        "senator", "representative", "deputy", "founder", "co-founder", "adviser",
        "advisor", "analyst", "prosecutor", "judge", "colonel", "captain", "officer",
        "premier", "candidate", "lawmaker", "mp", "negotiator", "mediator",
        "coordinator", "researcher", "professor", "economist", "executive", "ceo",
        "manager", "aide", "strategist", "campaigner", "activist", "lawyer", "attorney",
        "counsel",
    }
)  # fmt: skip
# Roles that are synonyms of one another for resolution.
ROLE_FAMILY = {
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "chairman": "chair",
    "chairwoman": "chair",
    "advisor": "adviser",
}

# Gender evidence. Nouns that state a person's gender when written beside the name, as an
# apposition or before it ("spokeswoman Hanne Lyst", "a grandmother, Selma Dorn").
FEMININE_NOUNS = frozenset(
    {
        "woman", "spokeswoman", "chairwoman", "congresswoman", "councilwoman",
        "businesswoman", "policewoman", "stateswoman", "sportswoman", "mother",
        "grandmother", "wife", "daughter", "sister", "aunt", "niece", "widow", "girl",
        "queen", "princess", "duchess", "actress", "lady", "nun", "granddaughter",
    }
)  # fmt: skip
MASCULINE_NOUNS = frozenset(
    {
        "man", "spokesman", "chairman", "congressman", "councilman", "businessman",
        "policeman", "statesman", "sportsman", "father", "grandfather", "husband", "son",
        "brother", "uncle", "nephew", "widower", "boy", "king", "prince", "duke", "monk",
        "grandson",
    }
)  # fmt: skip
# Courtesy titles written right before a name ("Ms. Moen", "Mr Venn") and the gender they
# state.
TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f",
                "dame": "f", "lady": "f"}  # fmt: skip
