"""Who is speaking: names, roles, affiliations, and pronoun/role resolution.

Resolution follows the order of the text. A named speaker (a mention) resolves to its
in-document canonical name. "he"/"she" resolve to the most recent person speaker (or, when
no person has spoken yet, the most recent person mentioned); "it", "they" and group nouns
("the group", "the front") to the most recent organization or group speaker or mention; a
role noun ("the spokesperson", "the minister") to the person last introduced with that
role. Anything else stays unresolved: the raw text is kept and the entity is None.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.claims.spans import char_span, speaker_tokens
from pipeline.nlp.labels import GROUP, ORGANIZATION, PERSON, PLACE, SUBJECT_DEPS
from pipeline.records import Mention

PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
COLLECTIVE_PRONOUNS = frozenset({"it", "they", "we"})
# Nouns that stand for an organisation when used with "the" ("the group said").
COLLECTIVE_NOUNS = frozenset(
    {
        "group",
        "organisation",
        "organization",
        "movement",
        "front",
        "militia",
        "party",
        "government",
        "ministry",
        "army",
        "military",
        "coalition",
        "alliance",
        "council",
        "agency",
        "company",
        "office",
        "administration",
        "campaign",
        "committee",
        "rebels",
        "insurgents",
        "forces",
        "authorities",
        "department",
        "union",
        "commission",
        "force",
        "police",
        "regime",
        "faction",
        "bloc",
        "court",
        "embassy",
        "team",
    }
)
# Role nouns: a person's position, so "the spokesperson" can resolve to the person
# introduced as the spokesperson.
ROLE_NOUNS = frozenset(
    {
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "leader",
        "commander",
        "minister",
        "president",
        "chief",
        "official",
        "governor",
        "director",
        "head",
        "chairman",
        "chairwoman",
        "chair",
        "secretary",
        "ambassador",
        "envoy",
        "general",
        "mayor",
        "senator",
        "representative",
        "deputy",
        "founder",
        "co-founder",
        "adviser",
        "advisor",
        "analyst",
        "prosecutor",
        "judge",
        "colonel",
        "captain",
        "officer",
        "premier",
        "candidate",
        "lawmaker",
        "mp",
        "negotiator",
        "mediator",
        "coordinator",
        "researcher",
        "professor",
        "economist",
        "executive",
        "ceo",
        "manager",
        "aide",
        "strategist",
        "campaigner",
        "activist",
        "lawyer",
        "attorney",
        "counsel",
    }
)
# Roles that are synonyms of one another for resolution.
ROLE_FAMILY = {
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "chairman": "chair",
    "chairwoman": "chair",
    "advisor": "adviser",
}
ORG_LABELS = frozenset({ORGANIZATION, GROUP})


def role_key(lemma: str) -> str:
    lemma = lemma.lower()
    return ROLE_FAMILY.get(lemma, lemma)


@dataclass(slots=True)
class Speaker:
    text: str
    start: int
    end: int
    canonical: str | None = None
    label: str | None = None
    role: str | None = None
    affiliation: str | None = None


@dataclass
class SpeakerResolver:
    """Keeps the document's speaker history as claims are found in text order."""

    mentions: list[Mention]
    history: list[Speaker] = field(default_factory=list)
    roles: dict[str, Speaker] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    described: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: m.start_char)
        self._starts = [m.start_char for m in self.mentions]

    # -- mentions -------------------------------------------------------------------
    def mention_at(self, start: int, end: int) -> Mention | None:
        """The longest mention overlapping [start, end)."""
        best: Mention | None = None
        i = bisect_right(self._starts, end) - 1
        while i >= 0 and self.mentions[i].end_char > start - 200:
            m = self.mentions[i]
            if (
                m.start_char < end
                and m.end_char > start
                and (best is None or m.end_char - m.start_char > best.end_char - best.start_char)
            ):
                best = m
            i -= 1
        return best

    def _last_mention(self, before: int, labels: frozenset[str]) -> Mention | None:
        i = bisect_right(self._starts, before) - 1
        while i >= 0:
            if self.mentions[i].label in labels and self.mentions[i].end_char <= before:
                return self.mentions[i]
            i -= 1
        return None

    # -- building a speaker from a parse ---------------------------------------------
    def from_token(self, head: Token) -> Speaker:
        """The speaker phrase headed by ``head``, with role, affiliation and resolution."""
        tokens = speaker_tokens(head)
        start, end = char_span(tokens)
        speaker = Speaker(text=head.doc.text[start:end], start=start, end=end)
        self._describe(speaker, head, tokens)
        self._resolve(speaker, head)
        return speaker

    def _describe(self, speaker: Speaker, head: Token, tokens: list[Token]) -> None:
        """Role and affiliation from compounds ("NRF leader X") and appositions."""
        name_head = head
        # An apposition may hang off a paragraph-break token the parser made the head.
        holders = [head, head.head] if head.head.is_space else [head]
        appositions = [c for h in holders for c in h.children if c.dep_ == "appos"]
        # "X, the spokesperson of Y tweeted": without the second comma parsers often
        # make the role a second subject of the verb instead of an apposition.
        appositions += [
            c
            for c in head.head.children
            if c.i > head.i
            and c.dep_ in SUBJECT_DEPS
            and c.i - 1 > head.i
            and any(t.text == "," for t in head.doc[head.i + 1 : c.i])
        ]
        for appos in appositions:
            if head.lower_ in ROLE_NOUNS or head.lemma_.lower() in ROLE_NOUNS:
                # "the spokesperson of the group, Ali Nazary": the apposition is the name.
                if self.mention_at(appos.idx, appos.idx + len(appos.text)):
                    speaker.role = role_key(head.lemma_)
                    speaker.affiliation = self._affiliation(head)
                    name_head = appos
            elif appos.lemma_.lower() in ROLE_NOUNS or appos.lower_ in ROLE_NOUNS:
                # "Kareemi, the spokesperson of the group"
                speaker.role = role_key(appos.lemma_)
                speaker.affiliation = self._affiliation(appos)
        if name_head is head and speaker.role is None:
            for t in tokens:
                if t.i != head.i and t.lemma_.lower() in ROLE_NOUNS and t.i < head.i:
                    # "NRF leader Ahmad Massoud": role noun inside the name's compounds.
                    speaker.role = role_key(t.lemma_)
                    owners = [
                        x for x in tokens if x.i < t.i and x.pos_ in ("PROPN", "NOUN", "ADJ", "X")
                    ]
                    if owners:
                        s, e = char_span(owners)
                        m = self.mention_at(s, e)
                        speaker.affiliation = m.canonical if m else head.doc.text[s:e]
            if speaker.role is None and (
                head.lemma_.lower() in ROLE_NOUNS or head.lower_ in ROLE_NOUNS
            ):
                speaker.role = role_key(head.lemma_)
                speaker.affiliation = self._affiliation(head)
        if name_head is not head:
            tokens = speaker_tokens(name_head)
            speaker.start, speaker.end = char_span(tokens)
            speaker.text = head.doc.text[speaker.start : speaker.end]

    def _affiliation(self, role: Token) -> str | None:
        """ "of the Taliban" / "the Taliban's" attached to a role noun."""
        for child in role.children:
            if child.dep_ in ("poss", "nmod:poss", "compound") and child.i < role.i:
                return self._name_of(child)
            if child.dep_ in ("nmod", "prep") or child.dep_.startswith("nmod"):
                target = child
                if child.dep_ == "prep":
                    pobj = [c for c in child.children if c.dep_ == "pobj"]
                    if not pobj or child.lower_ != "of":
                        continue
                    target = pobj[0]
                elif not any(c.lower_ == "of" for c in child.children):
                    continue
                return self._name_of(target)
        return None

    def _name_of(self, token: Token) -> str:
        s, e = char_span(speaker_tokens(token))
        m = self.mention_at(s, e)
        if m:
            return m.canonical
        text = token.doc.text[s:e]
        text = text[4:] if text.lower().startswith("the ") else text
        # "Front leader X" after "the Valley Front": a unique entity whose name ends in
        # the word(s) used is the one meant; two candidates leave the text as written.
        longer = {
            m.canonical
            for m in self.mentions
            if m.label != PLACE and m.canonical.lower().endswith(" " + text.lower())
        }
        return longer.pop() if len(longer) == 1 else text

    def _resolve(self, speaker: Speaker, head: Token) -> None:
        lower = head.lower_
        mention = self.mention_at(speaker.start, speaker.end)
        if mention is not None and head.pos_ != "PRON":
            speaker.canonical, speaker.label = mention.canonical, mention.label
        elif head.text[:1].isupper() and (named := self._person_by_surname(speaker.text)):
            # A surname the model did not tag here (small taggers even call a lone
            # surname a verb), of exactly one person named in full in the document.
            speaker.canonical, speaker.label = named, PERSON
        elif lower in PERSON_PRONOUNS:
            self._resolve_person_pronoun(speaker, PERSON_PRONOUNS[lower])
        elif lower in COLLECTIVE_PRONOUNS:
            self._resolve_collective(speaker)
        elif head.pos_ in ("NOUN",) and any(c.lower_ == "the" for c in head.children):
            key = role_key(head.lemma_)
            if key in {role_key(r) for r in ROLE_NOUNS} and key in self.roles:
                known = self.roles[key]
                if speaker.affiliation in (None, known.affiliation):
                    speaker.canonical, speaker.label = known.canonical, known.label
                    speaker.affiliation = speaker.affiliation or known.affiliation
            elif head.lemma_.lower() in COLLECTIVE_NOUNS:
                self._resolve_collective(speaker)
        if speaker.role and speaker.canonical and speaker.label == PERSON:
            self.roles[speaker.role] = speaker

    def _person_by_surname(self, text: str) -> str | None:
        """The one person mention whose canonical name ends with ``text``, if unique."""
        words = text.split()
        if not words:
            return None
        names = {
            m.canonical
            for m in self.mentions
            if m.label == PERSON
            and len(m.canonical.split()) > len(words)
            and m.canonical.split()[-len(words) :] == words
        }
        return names.pop() if len(names) == 1 else None

    def _resolve_person_pronoun(self, speaker: Speaker, gender: str) -> None:
        for past in reversed(self.history):
            if (
                past.label == PERSON
                and past.canonical
                and (self.genders.get(past.canonical, gender) == gender)
            ):
                speaker.canonical, speaker.label = past.canonical, PERSON
                speaker.role, speaker.affiliation = past.role, past.affiliation
                self.genders[past.canonical] = gender
                return
        mention = self._last_mention(speaker.start, frozenset({PERSON}))
        if mention is not None and self.genders.get(mention.canonical, gender) == gender:
            speaker.canonical, speaker.label = mention.canonical, PERSON
            self.genders[mention.canonical] = gender

    def _resolve_collective(self, speaker: Speaker) -> None:
        for past in reversed(self.history):
            if past.label in ORG_LABELS and past.canonical:
                speaker.canonical, speaker.label = past.canonical, past.label
                return
        mention = self._last_mention(speaker.start, ORG_LABELS)
        if mention is not None:
            speaker.canonical, speaker.label = mention.canonical, mention.label

    def remember(self, speaker: Speaker) -> None:
        """Add a resolved speaker to the history; a role or affiliation learned earlier
        for the same entity carries over to later mentions ("Havel said" after "Front
        leader Samir Havel said")."""
        if not speaker.canonical:
            return
        known = self.described.get(speaker.canonical)
        if known is not None:
            speaker.role = speaker.role or known[0]
            speaker.affiliation = speaker.affiliation or known[1]
        if speaker.role or speaker.affiliation:
            self.described[speaker.canonical] = (speaker.role, speaker.affiliation)
        self.history.append(speaker)


def is_place(label: str | None) -> bool:
    return label == PLACE
