"""Who is speaking: names, roles, affiliations, and pronoun/role resolution.

Resolution follows the order of the text; the antecedents a pronoun or description can
take are the document's entity mentions before it and the speakers already resolved.

* A named speaker (a mention) resolves to its in-document canonical name. A capitalised
  proper-noun speaker the model did not tag resolves to the one person whose full name
  ends with it ("Garrett" -> "Yunus Garrett"), else to the one entity whose name contains
  it as whole words ("Association" -> "National Bankers' Association"), else to itself as
  written (without "the"), because a proper name is its own canonical form; its label is
  then "organization" when its last word is an organisation noun ("Sabre Movement") and
  unknown otherwise — the name is certain, the type is not guessed.
* A common-noun speaker with a name in apposition ("Its only doctor, Halim Reyes";
  "The port operator, Halden Terminals") is that name.
* "he"/"she" resolve to the most recent person in SUBJECT position (a speaker, or a
  person mention that is the subject of its clause, or its apposition) whose gender is
  compatible; failing that, the most recent compatible person mention anywhere. A
  person's gender comes from evidence in the text: a courtesy title (Mr, Ms, Mrs), a
  gendered noun beside the name ("spokeswoman", "a grandmother, Selma Dorn"), and a
  he/she/his/her after the name in the sentence where the name is the subject, with no
  other person named in between ("Orsk said, wiping her hands"); titles and nouns outweigh
  pronouns. An earlier pronoun resolution counts only when there is no such evidence.
* "it", "they", "we" resolve likewise to the most recent subject organisation or group
  (speaker or mention), else the most recent one mentioned.
* A definite description ("the court", "the charity", "the minister") resolves, in order,
  to the entity last introduced with that noun beside its name ("the charity MedBridge",
  "Interior Minister Sven Dahl"), to the most recent organisation whose name contains the
  noun ("the court" -> "Constitutional Court"), to the person last introduced with that
  role, and for collective nouns ("the group") to the most recent subject organisation.
* An unnamed spokesperson ("a spokeswoman for the company", "its spokesman") speaks for
  the organisation and resolves to it.

Anything else stays unresolved: the raw text is kept and the entity is None.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import ORTH, POS
from spacy.tokens import Doc, Span, Token

from pipeline.claims.spans import char_span, speaker_tokens
from pipeline.nlp.labels import (
    APPOSITION_DEPS,
    GROUP,
    NAME_PART_DEPS,
    ORGANIZATION,
    PERSON,
    PLACE,
    SUBJECT_DEPS,
    name_tokens,
    obliques,
)
from pipeline.nlp.names import display_name, is_role_title
from pipeline.nlp.paragraphs import doc_text, source_text
from pipeline.nlp.tokens import indices_where, sentence_bounds, sentence_starts
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
# Courtesy titles written right before a name ("Ms. Moen", "Mr Venn").
_TITLE_BEFORE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\.?\s*$")
TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f",
                "dame": "f", "lady": "f"}  # fmt: skip
# Third-person pronouns and the gender they carry, for evidence after a name.
GENDERED_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
                     "she": "f", "her": "f", "hers": "f", "herself": "f"}  # fmt: skip
# A title or gendered noun states the gender; a pronoun after the name usually refers to
# it but may refer to someone the sentence mentions without naming, so it counts less:
# one stated fact outweighs two pronouns.
STATED_WEIGHT = 3
PRONOUN_WEIGHT = 1
# The word right before a name, over spaces only ("Minister" in "Finance Minister Dascu").
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)[ \t]+$")
_WORD_BEFORE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
# Possessive pronouns that stand for an organisation ("Its spokesman", "their leader").
COLLECTIVE_POSSESSIVES = frozenset({"its", "their", "our"})
# Quote marks that open/close a quotation within a sentence, so pronouns in quoted words
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
    while token.dep_ in NAME_PART_DEPS | APPOSITION_DEPS and token.head is not token:
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
    genders: dict[str, str] = field(default_factory=dict)  # learned from resolutions
    described: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    antecedents: list[Antecedent] = field(default_factory=list)
    # Gender evidence per canonical name: positive feminine, negative masculine.
    evidence: Counter[str] = field(default_factory=Counter)
    # (position, noun, canonical, label): a noun written beside an entity's name.
    descriptors: list[tuple[int, str, str, str]] = field(default_factory=list)
    # Person labels for mentions the model typed otherwise, by canonical name.
    relabel: dict[str, str] = field(default_factory=dict)
    # Untagged subject names taken as persons, by start offset.
    unnamed: dict[int, tuple[str, str]] = field(default_factory=dict)
    _prepared: int | None = None

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: m.start_char)
        self._starts = [m.start_char for m in self.mentions]
        # The name searches run for every speaker over every mention; the mentions are
        # fixed for the resolver's life, so their distinct names are split once here
        # (a set of results over distinct names is the same set as over all mentions).
        self._person_names = [
            (name, name.split())
            for name in dict.fromkeys(m.canonical for m in self.mentions if m.label == PERSON)
        ]
        self._entity_names = [
            (name, label, name.casefold().split())
            for name, label in dict.fromkeys(
                (m.canonical, m.label) for m in self.mentions if m.label != PLACE
            )
        ]
        self._other_people: dict[str, tuple[list[int], list[int]]] = {}

    # -- document-wide evidence -------------------------------------------------------
    def prepare(self, doc: Doc) -> None:
        """Antecedents, descriptors and gender evidence from the parse (once per doc)."""
        if self._prepared == id(doc):
            return
        self._prepared = id(doc)
        self.antecedents, self.descriptors = [], []
        self.evidence = Counter()
        self.relabel, self.unnamed = {}, {}
        quoted = _quoted_tokens(doc)
        spans = [(m, _span_of(doc, m.start_char, m.end_char)) for m in self.mentions]
        # A name written after a person's role ("HDL leader Corin Mabe") is a person
        # whatever the small model's label says: an organisation has no "leader" title.
        self._text = source_text(doc)
        # Both passes below read the nouns beside a name; they are found once per mention.
        nouns: dict[int, list[Token]] = {}

        def nouns_beside(k: int, span: Span) -> list[Token]:
            found = nouns.get(k)
            if found is None:
                found = nouns[k] = _descriptor_nouns(span)
            return found

        for k, (m, span) in enumerate(spans):
            if span is not None and m.label != PERSON and m.label != PLACE:
                before = _word_before(self._text, m.start_char)
                if any(_is_person_noun(n) for n in nouns_beside(k, span)) or (
                    before is not None and is_role_title(before.group(1))
                ):
                    # "Finance Minister Aurel Dascu", even when a sentence split or the
                    # tagger cut the title off the name.
                    self.relabel[m.canonical] = PERSON
        covered = set()
        for k, (m, span) in enumerate(spans):
            label = self.relabel.get(m.canonical, m.label)
            if label == PLACE or span is None or not len(span):
                continue
            covered.update(range(span.start, span.end))
            root = span.root
            head = clause_head(root)
            self.antecedents.append(
                Antecedent(m.start_char, m.canonical, label, head.dep_ in SUBJECT_DEPS)
            )
            for noun in nouns_beside(k, span):
                key = role_key(noun.lemma_ or noun.text)
                self.descriptors.append((m.start_char, key, m.canonical, label))
                if label == PERSON:
                    self._stated(m.canonical, noun.lower_, noun.lemma_.lower())
            if label != PERSON:
                continue
            title = _TITLE_BEFORE.search(doc_text(doc)[max(0, m.start_char - 8) : m.start_char])
            first = m.text.split(" ", 1)[0].rstrip(".").lower()
            gender = TITLE_GENDER.get(title.group(1).lower()) if title else TITLE_GENDER.get(first)
            if gender:
                self._add_evidence(m.canonical, gender, STATED_WEIGHT)
            if head.dep_ in SUBJECT_DEPS:
                self._pronoun_after(span, m.canonical, quoted)
        self._untagged_subjects(doc, covered, quoted)
        self.antecedents.sort(key=lambda a: a.start)
        self.descriptors.sort(key=lambda d: d[0])

    def _untagged_subjects(self, doc: Doc, covered: set[int], quoted: set[int]) -> None:
        """Subject names the model did not tag ("Okoye later struck a softer tone",
        "Interior Minister Sven Dahl told reporters"): a person antecedent when the name
        is the surname of one person named in full, or follows a person's role title;
        otherwise not an antecedent (its type would be a guess)."""
        for i in indices_where(doc, POS, ("PROPN",)):
            token = doc[i]
            if (
                not token.text[:1].isupper()
                or token.i in covered
                or token.i in quoted
                or clause_head(token).dep_ not in SUBJECT_DEPS
                or token.dep_ in NAME_PART_DEPS
            ):
                continue
            parts = [t for t in name_tokens(token) if t.pos_ == "PROPN" and t.text[:1].isupper()]
            while parts and is_role_title(parts[0].text):
                parts.pop(0)
            if not parts or any(t.i in covered for t in parts):
                continue
            start, end = char_span(parts)
            name = display_name(doc_text(doc)[start:end])
            span = doc[parts[0].i : parts[-1].i + 1]
            nouns = _descriptor_nouns(span)
            canonical = self._person_by_surname(name)
            if canonical is None and any(_is_person_noun(n) for n in nouns):
                canonical = name
            if canonical is None:
                continue
            self.unnamed[start] = (canonical, PERSON)
            self.antecedents.append(Antecedent(start, canonical, PERSON, True))
            for noun in nouns:
                self.descriptors.append(
                    (start, role_key(noun.lemma_ or noun.text), canonical, PERSON)
                )
                self._stated(canonical, noun.lower_, noun.lemma_.lower())
            self._pronoun_after(span, canonical, quoted)

    def _stated(self, canonical: str, *words: str) -> None:
        for word in words:
            if word in FEMININE_NOUNS:
                self._add_evidence(canonical, "f", STATED_WEIGHT)
                return
            if word in MASCULINE_NOUNS:
                self._add_evidence(canonical, "m", STATED_WEIGHT)
                return

    def _add_evidence(self, canonical: str, gender: str, weight: int) -> None:
        self.evidence[canonical] += weight if gender == "f" else -weight

    def _pronoun_after(self, span: Span, canonical: str, quoted: set[int]) -> None:
        """The first gendered pronoun after a subject name in its sentence, outside
        quotations and before any other person is named, is taken to refer to it."""
        starts, reach = self._others_than(canonical)
        doc = span.doc
        for j in range(span.end, sentence_bounds(doc, span.start).end):
            token = doc[j]
            # Inside another person's mention: one starts at or before the token and
            # the furthest end among those lies beyond it.
            k = bisect_right(starts, token.idx) - 1
            if k >= 0 and reach[k] > token.idx:
                return
            if token.i in quoted:
                continue
            gender = GENDERED_PRONOUNS.get(token.lower_)
            if gender:
                self._add_evidence(canonical, gender, PRONOUN_WEIGHT)
                return

    def _others_than(self, canonical: str) -> tuple[list[int], list[int]]:
        """Start offsets of the person mentions not of ``canonical`` (sorted) and, for
        each prefix, the furthest end offset among them."""
        found = self._other_people.get(canonical)
        if found is None:
            spans = sorted(
                (m.start_char, m.end_char)
                for m in self.mentions
                if m.label == PERSON and m.canonical != canonical
            )
            reach: list[int] = []
            for _, end in spans:
                reach.append(max(end, reach[-1]) if reach else end)
            found = self._other_people[canonical] = ([start for start, _ in spans], reach)
        return found

    def gender_of(self, canonical: str) -> str | None:
        """ "f", "m" or None: evidence from the text first, then earlier resolutions."""
        score = self.evidence.get(canonical, 0)
        if score:
            return "f" if score > 0 else "m"
        return self.genders.get(canonical)

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

    # -- building a speaker from a parse ---------------------------------------------
    def from_token(self, head: Token) -> Speaker:
        """The speaker phrase headed by ``head``, with role, affiliation and resolution."""
        self.prepare(head.doc)
        tokens = speaker_tokens(head)
        start, end = char_span(tokens)
        speaker = Speaker(text=doc_text(head.doc)[start:end], start=start, end=end)
        name_head = self._describe(speaker, head, tokens)
        self._resolve(speaker, name_head)
        return speaker

    def _describe(self, speaker: Speaker, head: Token, tokens: list[Token]) -> Token:
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
            and any(head.doc[j].text == "," for j in range(head.i + 1, c.i))
        ]
        for appos in appositions:
            if (
                head.pos_ == "NOUN"
                or head.lower_ in ROLE_NOUNS
                or head.lemma_.lower() in ROLE_NOUNS
            ):
                # "the spokesperson of the group, Ali Nazary", "Its only doctor, Halim
                # Reyes", "The port operator, Halden Terminals": the apposition is the
                # name — a tagged mention, or a capitalised proper noun the model missed.
                if name_head is head and (
                    self.mention_at(appos.idx, appos.idx + len(appos.text))
                    or (appos.pos_ == "PROPN" and appos.text[:1].isupper())
                ):
                    if head.lower_ in ROLE_NOUNS or head.lemma_.lower() in ROLE_NOUNS:
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
                        speaker.affiliation = m.canonical if m else doc_text(head.doc)[s:e]
            if speaker.role is None and (
                head.lemma_.lower() in ROLE_NOUNS or head.lower_ in ROLE_NOUNS
            ):
                speaker.role = role_key(head.lemma_)
                speaker.affiliation = self._affiliation(head)
        if name_head is not head:
            tokens = speaker_tokens(name_head)
            speaker.start, speaker.end = char_span(tokens)
            speaker.text = doc_text(head.doc)[speaker.start : speaker.end]
        return name_head

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
        text = doc_text(token.doc)[s:e]
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
            speaker.canonical = mention.canonical
            speaker.label = self.relabel.get(mention.canonical, mention.label)
        elif (known := self._unnamed_at(speaker.start, speaker.end)) is not None:
            speaker.canonical, speaker.label = known
        elif head.pos_ == "PROPN" and head.text[:1].isupper():
            self._resolve_proper_name(speaker, head)
        elif head.text[:1].isupper() and (named := self._person_by_surname(speaker.text)):
            # A surname the model did not tag here (small taggers even call a lone
            # surname a verb), of exactly one person named in full in the document.
            speaker.canonical, speaker.label = named, PERSON
        elif lower in PERSON_PRONOUNS:
            self._resolve_person_pronoun(speaker, PERSON_PRONOUNS[lower])
        elif lower in COLLECTIVE_PRONOUNS:
            self._resolve_collective(speaker)
        elif head.pos_ == "NOUN":
            self._resolve_description(speaker, head)
        if speaker.role and speaker.canonical and speaker.label == PERSON:
            self.roles[speaker.role] = speaker

    def _unnamed_at(self, start: int, end: int) -> tuple[str, str] | None:
        for at, found in self.unnamed.items():
            if start <= at < end:
                return found
        return None

    def _resolve_proper_name(self, speaker: Speaker, head: Token) -> None:
        """A capitalised proper-noun speaker with no mention under it (see the module
        docstring): a unique full name ending with it, a unique entity name containing
        it, else the name itself with its type left open."""
        words = [t for t in speaker_tokens(head) if t.lower_ != "the"]
        if not words or any(not t.text[:1].isupper() for t in words):
            return
        name = display_name(doc_text(head.doc)[words[0].idx : speaker.end])
        if not name or all(is_role_title(w) for w in name.split()):
            return  # "Governor" alone names no one
        if named := self._person_by_surname(name):
            speaker.canonical, speaker.label = named, PERSON
            return
        wanted = name.casefold().split()
        containing = {
            (name, label)
            for name, label, parts in self._entity_names
            if _contains_words(parts, wanted)
        }
        if len(containing) == 1:
            speaker.canonical, speaker.label = containing.pop()
            return
        if containing:
            return  # two entities contain it: which one is meant is a guess
        speaker.canonical = name
        last = name.split()[-1].lower()
        speaker.label = ORGANIZATION if last in COLLECTIVE_NOUNS else None

    def _resolve_description(self, speaker: Speaker, head: Token) -> None:
        """ "the court", "the charity", "the minister", "a spokeswoman for the company"."""
        definite = any(c.lower_ == "the" for c in head.children)
        key = role_key(head.lemma_ or head.text)
        if definite:
            found = self._described_as(key, speaker.start) or self._named_with(
                head.lemma_.lower(), speaker.start
            )
            if found is not None:
                speaker.canonical, speaker.label = found
                return
            if key in {role_key(r) for r in ROLE_NOUNS} and key in self.roles:
                known = self.roles[key]
                if speaker.affiliation in (None, known.affiliation):
                    speaker.canonical, speaker.label = known.canonical, known.label
                    speaker.affiliation = speaker.affiliation or known.affiliation
                return
            if head.lemma_.lower() in COLLECTIVE_NOUNS or head.lower_ in COLLECTIVE_NOUNS:
                self._resolve_collective(speaker)
                return
        if key == "spokesperson" and speaker.canonical is None:
            # An unnamed spokesperson speaks for the organisation: "a spokeswoman for the
            # company", "its spokesman".
            org = self._spokesperson_org(head, speaker.start)
            if org is not None:
                speaker.canonical, speaker.label = org

    def _spokesperson_org(self, head: Token, before: int) -> tuple[str, str] | None:
        for child in head.children:
            if child.dep_ in ("poss", "nmod:poss") and child.lower_ in COLLECTIVE_POSSESSIVES:
                return self._collective_at(before)
        for prep, nominal in obliques(head):
            if prep not in ("for", "of"):
                continue
            s, e = char_span(speaker_tokens(nominal))
            m = self.mention_at(s, e)
            if m is not None and m.label in ORG_LABELS | {PLACE}:
                return m.canonical, m.label
            if any(c.lower_ == "the" for c in nominal.children):
                key = role_key(nominal.lemma_ or nominal.text)
                found = self._described_as(key, before) or self._named_with(
                    nominal.lemma_.lower(), before
                )
                if found is not None:
                    return found
                if nominal.lemma_.lower() in COLLECTIVE_NOUNS:
                    return self._collective_at(before)
        return None

    def _described_as(self, key: str, before: int) -> tuple[str, str] | None:
        """The entity most recently written with this noun beside its name."""
        for start, noun, canonical, label in reversed(self.descriptors):
            if start < before and noun == key:
                return canonical, label
        return None

    def _named_with(self, noun: str, before: int) -> tuple[str, str] | None:
        """The most recent organisation whose name contains ``noun`` as a word ("the
        court" after "Constitutional Court")."""
        for m in reversed(self.mentions):
            if (
                m.start_char < before
                and m.label in ORG_LABELS
                and noun in m.canonical.casefold().split()
            ):
                return m.canonical, m.label
        return None

    def _person_by_surname(self, text: str) -> str | None:
        """The one person mention whose canonical name ends with ``text``, if unique."""
        words = text.split()
        if not words:
            return None
        names = {
            name
            for name, parts in self._person_names
            if len(parts) > len(words) and parts[-len(words) :] == words
        }
        return names.pop() if len(names) == 1 else None

    def _candidates(self, before: int, labels: frozenset[str]) -> list[tuple[int, str, str, bool]]:
        """(position, canonical, label, subject) of earlier speakers and mentions with one
        of ``labels``, most recent first. Speakers count as subjects."""
        found = [
            (p.start, p.canonical, p.label, True)
            for p in self.history
            if p.canonical and p.label in labels and p.start < before
        ]
        found += [
            (a.start, a.canonical, a.label, a.subject)
            for a in self.antecedents
            if a.label in labels and a.start < before
        ]
        return sorted(found, key=lambda c: -c[0])

    def _passes(self, before: int) -> list[tuple[int, bool]]:
        """Search order for antecedents: (earliest position allowed, subjects only).
        The pronoun's own paragraph first — a person or group named there is who the
        paragraph is about, even outside subject position ("According to a councillor,
        Jonas Brek, … He told us") — then the whole text before it."""
        text = getattr(self, "_text", "")
        paragraph = text.rfind("\n", 0, before) + 1 if text else 0
        return [(paragraph, True), (paragraph, False), (0, True), (0, False)]

    def _resolve_person_pronoun(self, speaker: Speaker, gender: str) -> None:
        candidates = self._candidates(speaker.start, frozenset({PERSON}))
        for earliest, subject_only in self._passes(speaker.start):
            for position, canonical, _, subject in candidates:
                if position < earliest or (subject_only and not subject):
                    continue
                if self.gender_of(canonical) in (None, gender):
                    speaker.canonical, speaker.label = canonical, PERSON
                    known = self.described.get(canonical)
                    if known is not None:
                        speaker.role, speaker.affiliation = known
                    self.genders.setdefault(canonical, gender)
                    return

    def _collective_at(self, before: int) -> tuple[str, str] | None:
        candidates = self._candidates(before, ORG_LABELS)
        for earliest, subject_only in self._passes(before):
            for position, canonical, label, subject in candidates:
                if position >= earliest and (subject or not subject_only):
                    return canonical, label
        return None

    def _resolve_collective(self, speaker: Speaker) -> None:
        found = self._collective_at(speaker.start)
        if found is not None:
            speaker.canonical, speaker.label = found

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


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return bool(n) and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


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
    if root.dep_ in APPOSITION_DEPS and root.head.pos_ == "NOUN":
        nouns.append(root.head)
    nouns += [c for c in root.children if c.dep_ in APPOSITION_DEPS and c.pos_ == "NOUN"]
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


def is_place(label: str | None) -> bool:
    return label == PLACE
