"""Which found cues are attributions in prose: the precision checks for real web pages.

The cue rules read every sentence the extraction keeps, and a web page keeps more than
an article: headlines and teasers between paragraphs, navigation, captions, lists after a
colon, recipe steps, score lines. On 61 news-dev pages read claim by claim, half the
rows came from such text or from a verb used in another sense ("the video *shows*
officers racing", "Marchand *added* three assists") or had a subject that is nobody
("The stock added 2%", "Multiple lines of evidence point to"). Each check below removes
one of those classes; docs/CLAIMS.md ("Precision on web pages") lists them with the
measured effect.

* **Prose only.** A cue in a line that does not read as prose (a Title-Case or short
  unpunctuated line, a caption, a numbered or bulleted item) gives no claim unless the
  line holds a real attribution frame: a core speech verb with a speaker and a clause
  ("Police say the man fled").
* **Cue in context.** Verbs that are speech only with a reported clause (add, show,
  find, note, report, reveal, write, …) give no claim with a bare object ("added a
  goal", "reports earnings", "found him guilty") unless the content is quoted.
* **A speaker is somebody.** A person, organisation or group (a name), a pronoun that
  can stand for one, a role or group noun ("officials", "the spokeswoman", "residents"),
  or a document that speaks for its authors ("the report", "a study"); never a thing
  ("the stock", "the video", "multiple lines"), a stray word ("you", "which"), or an
  all-capital fragment that no entity backs ("SEE MORE", a dateline "BUFFALO").
* **Layout claims** ("NAME: …") only for a person's label or a transcript's recurring
  capitalised label, and only when what follows has a finite verb: a list after a colon
  ("Portion Fix Containers: 1 Green, 1 Red", "Path B: Bosnia, Slovakia") is no speech.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable

from spacy.tokens import Doc, Token

from pipeline.claims.layout import LayoutClaim
from pipeline.claims.lexicon import (
    COLLECTIVE_NOUNS,
    COLLECTIVE_PRONOUNS,
    INTENTION_CUES,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    THOUGHT_CUES,
)
from pipeline.claims.rules import Found
from pipeline.nlp.labels import VALUE_LABELS
from pipeline.records import ClaimKind, EntityLabel, Mention

# Verbs that are speech only with a reported clause: with a bare object they report an
# event or a finding ("added a goal", "showed officers racing", "found him guilty",
# "reported earnings", "discussed results", "wrote a novel", "maintained the lead").
# Position cues (cite, discuss, mention, support, …) keep their object: "Schultz
# supported Democrats" is a position, and the speaker check keeps out "the evidence
# supports". Measured on attribution-dev, requiring a clause of them lost 31 gold
# attributions for 2 false ones fewer on the web pages.
CLAUSE_ONLY_CUES = frozenset(
    {
        "add", "show", "find", "note", "discover", "determine", "learn", "conclude",
        "maintain", "write", "post", "continue", "recall", "observe", "estimate",
        "explain", "indicate", "suggest", "reveal", "remark", "answer", "respond",
        "reply",
    }
)  # fmt: skip
# Accusations, a claim only with what the accused did: "accused X of Y" (the web-page
# guidelines), not "accused Assange" alone.
CHARGE_CUES = frozenset({"accuse", "charge", "blame"})
# Speech verbs that make an attribution frame even in a headline ("Police say …").
FRAME_CUES = frozenset(
    {
        "say", "tell", "claim", "deny", "according to", "insist", "warn", "announce",
        "accuse", "admit", "vow", "promise", "argue", "allege", "confirm",
    }
)  # fmt: skip

# Pronouns that can stand for a speaker (besides the personal and collective ones):
# quantifiers over a group ("Those in favor have said", "all of them say", "some argue").
GROUP_PRONOUNS = frozenset(
    {
        "i", "we", "us", "me", "those", "some", "many", "others", "all", "both", "most",
        "several", "few", "dozens", "hundreds", "thousands", "millions", "half",
        "one", "someone", "somebody", "everyone", "everybody", "anyone", "nobody",
        "none", "who", "each", "either", "neither", "them",
    }
)  # fmt: skip
# Common nouns for people and groups, beyond the roles and collectives of the lexicon.
PEOPLE_NOUNS = frozenset(
    {
        "man", "woman", "men", "women", "people", "person", "source", "expert", "critic",
        "supporter", "opponent", "voter", "resident", "witness", "neighbour", "neighbor",
        "user", "fan", "family", "friend", "parent", "student", "teacher", "worker",
        "employee", "member", "staff", "leadership", "management", "democrat",
        "republican", "conservative", "liberal", "protester", "protestor", "victim",
        "survivor", "doctor", "nurse", "scientist", "investigator", "detective",
        "author", "writer", "reporter", "journalist", "editor", "host",
        "player", "coach", "owner", "official", "authority", "community", "public",
        "audience", "customer", "client", "patient", "citizen", "couple", "child",
        "kid", "mother", "father", "wife", "husband", "son", "daughter", "brother",
        "sister", "boy", "girl", "guy", "colleague", "partner", "ally", "rival",
        "defendant", "plaintiff", "suspect", "jury", "panel", "board", "firm",
        "industry", "market", "investor", "bank", "agency", "newspaper", "outlet",
        "network", "paper", "magazine", "station", "channel", "site", "website",
        "blog", "account", "house", "senate", "congress", "parliament", "cabinet",
        "state", "country", "nation", "city", "county", "town", "province", "region",
        "school", "university", "college", "hospital", "clinic", "church", "club",
        "league", "side", "squad", "camp", "crew", "household", "majority",
        "minority", "everyone", "group", "team", "insider", "observer", "commentator",
        "commenter", "poster", "follower", "viewer", "reader", "listener", "king",
        "queen", "prince", "princess", "pope", "bishop", "priest", "imam", "rabbi",
        # frequent source heads of attribution-train (../shared/corpus, the training split)
        "campaign", "candidate", "aide", "nominee", "organization", "media",
        "donor", "delegate", "delegation", "backer", "organizer", "pollster",
        "front-runner", "superdelegate", "attendee", "moderator", "actor", "actress",
        "progressive", "diplomat", "figure", "contender", "staffer", "hopeful",
        "electorate", "justice", "independent", "tycoon", "veteran", "pundit", "mogul",
        "neurosurgeon", "charity", "crowd", "establishment", "politician", "party",
        "press", "intelligence", "military", "police", "mediator", "negotiator",
        "percent", "government", "administration", "court", "regime", "co-author",
        "co-founder", "mate", "running-mate", "ex", "boss", "fund", "conference",
        "publication", "newsroom", "think-tank", "institute", "foundation", "centre",
        "center", "campaigner", "inspector", "regulator", "watchdog", "ministry",
    }
)  # fmt: skip
# Documents that speak for their authors ("the report says", "a new study reports").
DOCUMENT_NOUNS = frozenset(
    {
        "report", "study", "survey", "poll", "paper", "statement", "letter", "document",
        "filing", "complaint", "lawsuit", "suit", "indictment", "ruling", "verdict",
        "decision", "memo", "analysis", "review", "research", "article", "post",
        "tweet", "release", "announcement", "data", "investigation",
        "inquiry", "assessment", "estimate", "forecast", "guidance", "note", "email",
        "message", "text", "petition", "resolution", "order", "judgment", "opinion",
        "affidavit", "transcript", "record", "records", "bill", "law", "policy",
        "findings", "testimony", "notice", "warning", "website",
        "page", "book", "documentary", "film", "editorial", "column", "summary",
        "charter", "manifesto", "constitution", "treaty", "video", "ad", "speech",
        "polling", "platform", "calculation", "projection",
        "count", "tally", "statistics", "figures", "numbers", "model", "simulation",
        "observation", "measurement", "census", "audit", "journal", "database",
        "footage", "submission", "brief", "response",
    }
)  # fmt: skip
# Word endings of agent nouns ("lawmaker", "economist", "politician", "participant",
# "employee"), with the common words that end so and name no person.
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer", "ee", "ive", "ess")
NOT_AGENTS = frozenset(
    {
        "number", "water", "matter", "order", "power", "factor", "sector", "center",
        "centre", "computer", "corner", "quarter", "paper", "letter", "member",
        "moment", "element", "content", "event", "percent", "payment", "amount",
        "treatment", "development", "equipment", "environment", "instrument",
        "argument", "comment", "plant", "restaurant", "tournament", "incident",
        "accident", "statement", "document", "investment", "settlement", "measurement",
        "achievement", "improvement", "requirement", "announcement", "agreement",
        "movement", "department", "government", "parliament", "weather", "winter",
        "summer", "river", "flower", "tower", "border", "chapter", "filter", "layer",
        "meter", "liter", "monitor", "motor", "error", "mirror", "color", "colour",
        "floor", "door", "indicator", "elevator", "alternative", "initiative",
        "incentive", "objective", "perspective", "drive", "archive", "press", "access",
        "process", "business", "success", "address", "progress", "fitness", "wellness",
        "illness", "weakness", "awareness", "sweetener", "container", "trailer",
        "answer", "dinner", "butter", "sugar", "powder", "burger", "cancer", "career",
        "fee", "coffee", "tree", "degree", "guarantee",
    }
)  # fmt: skip
# Stray subjects the parser leaves on a cue that stand for nobody.
# ("you" is the generic reader: "You can say all you want"; a relative "which" or "that"
# was replaced by its noun before this point, pipeline.claims.subjects.)
NOT_SPEAKER_WORDS = frozenset({"you", "ye", "which", "what", "this", "these", "there"})
# First-person speakers outside a quotation are the page's own voice ("we called it a
# compelling option", "I believe the #1 enemy is …"), no attribution in the guidelines.
FIRST_PERSON = frozenset({"i", "we", "us", "me"})

# Lines that do not read as prose.
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]\s|step\s+\d+\b|[-•*▪●◦–]\s)", re.IGNORECASE)
_CAPTION = re.compile(
    r"^\s*(?:photo|image|picture|video|credit|caption|file photo|pictured)\b\s*[:|]"
    r"|\((?:AP|AFP|Reuters|Getty|EPA|Photo|Image|Credit)\b[^)]*\)\s*$"
    r"|\b(?:Getty Images|AP Photo|Shutterstock)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Words a title leaves in lower case ("Woman Found Dead in a Basket").
_TITLE_SMALL = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "at", "and", "or", "for", "with", "by",
     "from", "as", "but", "vs", "via", "into", "over", "after", "is", "are"}
)  # fmt: skip
_SENTENCE_END = tuple('.!?…:;"”’)»')
# An unpunctuated line this long is a paragraph whose last mark the extraction lost.
PROSE_MIN_WORDS = 20
# A line this long ending like a sentence is one even in Title Case ("Police in Fort
# Worth Said Friday …" never happens; names-heavy leads do).
PUNCTUATED_SENTENCE_WORDS = 8
# Share of capitalised words from which an unpunctuated line is a title.
TITLE_CASE_SHARE = 0.6


def line_reads_as_prose(line: str) -> bool:
    """A paragraph of running text, not a headline, caption or list item."""
    stripped = line.strip()
    if not stripped or _LIST_ITEM.match(stripped) or _CAPTION.search(stripped):
        return False
    words = _WORD.findall(stripped)
    if stripped.endswith(_SENTENCE_END) and len(words) >= PUNCTUATED_SENTENCE_WORDS:
        return True  # a sentence, however many names it holds
    content = [w for w in words[1:] if w.lower() not in _TITLE_SMALL]
    capitalised = sum(w[:1].isupper() for w in content)
    if len(content) >= 3 and capitalised / len(content) >= TITLE_CASE_SHARE:
        return False  # a Title-Case line: a headline, a menu, a teaser
    if len(words) >= PROSE_MIN_WORDS:
        return True
    # A short line without a sentence's last mark is a heading or a label.
    return stripped.endswith(_SENTENCE_END) and len(words) >= 4


class ProseMap:
    """Per document: which character offsets lie in lines that read as prose."""

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._prose: list[bool] = []
        at = 0
        for line in text.split("\n"):
            self._starts.append(at)
            self._prose.append(line_reads_as_prose(line))
            at += len(line) + 1

    def prose_at(self, offset: int) -> bool:
        return self._prose[max(0, bisect_right(self._starts, offset) - 1)]


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


_AUX_DEPS = frozenset({"aux", "auxpass", "aux:pass", "cop"})


def _finite(t: Token) -> bool:
    """A finite verb; a parse without fine-grained tags (a hand-built one) falls back on
    a verb or auxiliary with a subject or serving as one's auxiliary."""
    if t.tag_:
        return t.tag_ in FINITE_TAGS
    return t.pos_ in ("VERB", "AUX") and (
        t.dep_ in _AUX_DEPS or any(c.dep_.startswith("nsubj") for c in t.children)
    )


def is_clause(doc: Doc, lo: int, hi: int) -> bool:
    """Whether the token range [lo, hi] (inclusive) opens with a clause: its first root
    (a token whose head lies outside the range) is a finite verb or has a finite
    auxiliary, or the range opens with a clause word ("that", "whether", "how"); "a
    goal as the Bruins beat …" is not."""
    for t in doc[lo : hi + 1]:
        if t.is_punct or t.is_space:
            continue
        if t.lower_ in ("that", "whether", "if", "how", "why", "what", "when", "where", "who"):
            return True
        if lo <= t.head.i <= hi and t.head is not t:
            continue
        if _finite(t) or any(c.dep_ in _AUX_DEPS and _finite(c) for c in t.children):
            return True  # a finite clause; "officers racing", "him guilty" are not
        return t.lower_ == "to" or (t.tag_ == "VB" and t.i > 0 and doc[t.i - 1].lower_ == "to")
    return False


def _is_agent_noun(word: str) -> bool:
    if word in NOT_AGENTS:
        return False
    return word.endswith(AGENT_SUFFIXES) and len(word) > 4


# Capitalised words up to this long are acronyms (RT, DEA, NATO), longer ones words in
# capitals (SEE MORE, a dateline BUFFALO).
ACRONYM_MAX = 4

# What speaker_verdict says of a speaker's head word.
SPEAKER = "speaker"  # somebody: keep
FRAGMENT = "fragment"  # a parse fragment (a dateline, "’s", "SEE MORE"): keep no speaker
NOBODY = "nobody"  # a thing or a stray word as subject: no attribution unless quoted


def speaker_verdict(head: Token, mention_over: Mention | None) -> str:
    """Whether ``head`` can be who speaks (see the module docstring)."""
    lower, lemma = head.lower_, (head.lemma_ or head.text).lower()
    if lower in NOT_SPEAKER_WORDS or lower in FIRST_PERSON:
        return NOBODY
    letters = [c for c in head.text if c.isalpha()]
    if len(letters) < 2 and lower != "i":
        return FRAGMENT  # "’s" of "Let’s", a stray letter or mark
    if mention_over is not None and mention_over.model_label in VALUE_LABELS:
        return NOBODY  # "March", "2012": a date or a number speaks for nobody
    if (
        len(letters) > ACRONYM_MAX
        and all(c.isupper() for c in letters)
        and (mention_over is None or mention_over.label == EntityLabel.PLACE)
    ):
        return FRAGMENT  # "SEE MORE", a dateline "BUFFALO": capitals no speaker backs
    if _dateline(head, letters):
        return FRAGMENT  # "TESH CITY, March 3 —" whatever entity the tagger saw in it
    before = head.doc[head.i - 1] if head.i > 0 else None
    unit = head.pos_ == "PROPN" and head.is_upper  # "GW", "MW", "KM"
    if unit and before is not None and before.text[:1].isdigit() and before.head.i == head.i:
        return NOBODY  # "1.64 GW plans to …": a quantity
    if head.pos_ == "PROPN" or mention_over is not None:
        return SPEAKER
    if lower in GROUP_PRONOUNS:
        return SPEAKER  # "many", "most" whatever the tagger made of them
    if head.pos_ == "PRON" or lower in PERSON_PRONOUNS or lower in COLLECTIVE_PRONOUNS:
        pronoun = lower in PERSON_PRONOUNS or lower in COLLECTIVE_PRONOUNS
        return SPEAKER if pronoun or lower in GROUP_PRONOUNS else NOBODY
    sentence_start = head.is_sent_start or (head.i > 0 and head.doc[head.i - 1].is_space)
    if head.text[:1].isupper() and not sentence_start:
        return SPEAKER  # a name the tagger called a noun ("Tarsis wants …")
    if head.pos_ == "NUM" and head.is_alpha:
        return SPEAKER  # "One of them", "two said"; not a figure ("1.64 GW plans")
    if head.pos_ in ("NOUN", "ADJ", "X"):
        words: tuple[str, ...] = (lemma, lower)
        if head.i + 2 < len(head.doc) and head.doc[head.i + 1].text == "-":
            words += (f"{lower}-{head.doc[head.i + 2].lower_}",)  # "co-author"
        if any(w in ROLE_NOUNS or w in COLLECTIVE_NOUNS for w in words):
            return SPEAKER
        if any(w in PEOPLE_NOUNS or w in DOCUMENT_NOUNS for w in words):
            return SPEAKER
        if head.pos_ == "ADJ" and head.text[:1].isupper():
            return SPEAKER  # "Israeli", "Democrats" tagged as adjectives by small models
        return SPEAKER if any(_is_agent_noun(w) for w in words) else NOBODY
    return SPEAKER if head.text[:1].isupper() else FRAGMENT


def _dateline(head: Token, letters: list[str]) -> bool:
    """A place in capitals opening a paragraph and followed by a comma: a dateline."""
    if not letters or not all(c.isupper() for c in letters):
        return False
    doc = head.doc
    start = head.i
    while start > 0 and doc[start - 1].is_upper and not doc[start - 1].is_space:
        start -= 1  # "TESH CITY": the run of capitalised words
    run = "".join(t.text for t in doc[start : head.i + 1])
    at_start = start == 0 or doc[start].is_sent_start or doc[start - 1].is_space
    after = next((t for t in doc[head.i + 1 : head.i + 4] if not t.is_upper), None)
    long_enough = sum(c.isalpha() for c in run) > ACRONYM_MAX
    return long_enough and at_start and after is not None and after.text == ","


def dateline_subject(head: Token, cue: Token) -> Token | None:
    """The subject after a dateline the parser made the subject: in "HALDEN, Sept 8 —
    The Halden Dockworkers' Union on Monday rejected …" the union, not HALDEN."""
    doc = cue.doc
    dash = next((j for j in range(head.i + 1, cue.i) if doc[j].text in ("—", "–", "--", "-")), None)
    if dash is None:
        return None
    nominals = [
        t
        for t in doc[dash + 1 : cue.i]
        if t.pos_ in ("NOUN", "PROPN", "PRON") and t.dep_ not in _MODIFIER_DEPS
    ]
    # The cue's own subject when the parse found one after the dash ("LENNA VALLEY, Oct
    # 19 — Three weeks after …, residents … say"), else the first nominal.
    subjects = [t for t in nominals if t.head.i == cue.i and t.dep_.startswith("nsubj")]
    best = subjects or nominals
    return best[0] if best else None


_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod:poss", "det", "flat", "nn"})


def rejection(
    found: Found,
    content: tuple[int, int],
    kind: ClaimKind,
    prose: ProseMap,
    mention_at: Callable[[int, int], Mention | None],
) -> str | None:
    """Why a cue with its content (character range) and kind is no attribution, or None
    when it is one; a fragment speaker is replaced (the subject after a dateline) or
    dropped on the way."""
    doc = found.cue.doc
    quoted = kind in (ClaimKind.DIRECT, ClaimKind.MIXED)
    head = found.speaker_head
    if head is not None and head.lower_ in FIRST_PERSON:
        return "the page's own voice"  # quoted or not: "we called it “a compelling …”"
    if head is not None:
        verdict = speaker_verdict(head, _over(head, mention_at))
        if verdict == FRAGMENT:
            head = dateline_subject(head, found.cue)
            if head is not None and speaker_verdict(head, _over(head, mention_at)) != SPEAKER:
                head = None
            found.speaker_head = head
        elif verdict == NOBODY:
            if not quoted:
                return "speaker is nobody"
            found.speaker_head = head = None
    if head is None and found.cue_text in THOUGHT_CUES | INTENTION_CUES:
        # "is expected to …": a thought of nobody in particular. (Speech cues without a
        # speaker stay: on attribution-dev most are attributions whose source the parse
        # missed, 37 of 68.)
        return "no speaker"
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    clause = span is not None and len(span) > 0 and is_clause(doc, span.start, span.end - 1)
    if found.cue_text in CLAUSE_ONLY_CUES and not quoted and not clause:
        return "cue without a clause"
    charge = span is not None and any(t.lower_ in ("of", "for") for t in span)
    if found.cue_text in CHARGE_CUES and not (quoted or clause or charge):
        return "accusation without a charge"  # "a woman accused Assange": of what?
    if found.cue_text == "threaten" and not quoted and text_of(doc, content).startswith("to "):
        return "a threat to act"  # "threatened to kill her parents": an act, no proposition
    frame = found.cue_text in FRAME_CUES and head is not None and (clause or quoted)
    if not prose.prose_at(found.cue.idx) and not frame:
        return "not prose"
    return None


def text_of(doc: Doc, content: tuple[int, int]) -> str:
    return str(doc.text[content[0] : content[1]])


def _over(head: Token, mention_at: Callable[[int, int], Mention | None]) -> Mention | None:
    return mention_at(head.idx, head.idx + len(head.text))


def keep_layout(
    doc: Doc, found: LayoutClaim, text: str, labels: Counter[str], mention: Mention | None
) -> bool:
    """A "NAME: …" line is speech when the label is a person's or a transcript's, and a
    finite verb follows; a dash-signed quotation ("“…” ― Name") always is. A caption or
    list item with a speech verb and a reported clause keeps its claim: that is a real
    attribution frame (rejection)."""
    if found.cue != ":":
        return True
    label = text[found.speaker_start : found.speaker_end]
    person = mention is not None and mention.label == EntityLabel.PERSON
    # A transcript has turns: more than one capitalised label on the page.
    transcript = label.isupper() and sum(n for lb, n in labels.items() if lb.isupper()) >= 2
    if not (person or transcript):
        return False
    span = doc.char_span(found.content_start, found.content_end, alignment_mode="expand")
    return span is not None and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span)


# A comma and one of these ends what was reported and opens the writer's aside: "the size
# will remain 13.3 inches, although given the source …", "called it the end of an era,
# as the industry's symbol …".
_ASIDE = re.compile(r",[”\"]?\s+(?:although|though|while|whereas|as the|which)\b")


def without_aside(text: str, lo: int, hi: int) -> tuple[int, int]:
    """A reported content's span without a trailing aside of the writer."""
    match = _ASIDE.search(text, lo, hi)
    if match is None or match.start() - lo < MIN_ASIDE_HEAD:
        return lo, hi
    end = match.start()
    return (lo, end + 1) if text[end + 1 : end + 2] in ("”", '"') else (lo, end)


# Conjunctions that make the cue's clause subordinate: "While Richardson wants Rudolph
# to be disciplined, Heyward …" reports only up to the comma that closes the clause.
SUBORDINATORS = frozenset({"while", "although", "though", "whereas", "because", "since"})


def inside_subordinate(cue: Token, text: str, lo: int, hi: int) -> tuple[int, int]:
    """A content that runs past the comma closing its cue's subordinate clause, cut there."""
    if not any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in cue.children):
        return lo, hi
    comma = text.find(",", lo, hi)
    return (lo, comma) if comma - lo >= MIN_ASIDE_HEAD else (lo, hi)


# Characters an indirect content keeps before an aside may be cut off it.
MIN_ASIDE_HEAD = 20


def in_prose(
    doc: Doc,
    text: str,
    found: list[Found],
    contents: dict[int, tuple[int, int]],
    kinds: dict[int, ClaimKind],
    mention_at: Callable[[int, int], Mention | None],
) -> list[Found]:
    """The cues of ``found`` that are attributions (``rejection`` finds nothing wrong)."""
    prose = ProseMap(text)
    for f in found:
        if kinds[f.cue.i] in (ClaimKind.INDIRECT, ClaimKind.MIXED):
            contents[f.cue.i] = without_aside(text, *contents[f.cue.i])
            contents[f.cue.i] = inside_subordinate(f.cue, text, *contents[f.cue.i])
    return [
        f
        for f in found
        if rejection(f, contents[f.cue.i], kinds[f.cue.i], prose, mention_at) is None
    ]
