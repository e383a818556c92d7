"""Document-wide evidence for speaker resolution (see pipeline.claims.speakers): which
mentions are antecedents a pronoun or description can take, which nouns are written
beside each name, what gender the text states for each person, and which untagged
subject names are people. Gathered once per Doc, before the first speaker is resolved.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import POS
from spacy.tokens import Doc, Span, Token

from pipeline.claims.evidence_text import (
    PRONOUN_WEIGHT,
    STATED_WEIGHT,
    Antecedent,
    _descriptor_nouns,
    _is_person_noun,
    _quoted_tokens,
    _span_of,
    _word_before,
    clause_head,
    role_key,
)
from pipeline.claims.lexicon import (
    COLLECTIVE_NOUNS,
    FEMININE_NOUNS,
    GENDERED_PRONOUNS,
    MASCULINE_NOUNS,
    TITLE_GENDER,
)
from pipeline.claims.spans import char_span
from pipeline.nlp.labels import PERSON, PLACE, is_name_part, is_subject, name_tokens
from pipeline.nlp.names import display_name, is_role_title
from pipeline.nlp.paragraphs import doc_text, source_text
from pipeline.nlp.tokens import indices_where, sentence_bounds
from pipeline.records import Mention

# Courtesy titles written right before a name ("Ms. Moen", "Mr Venn").
_TITLE_BEFORE = re.compile(
    r"\b(" + "|".join(title.capitalize() for title in TITLE_GENDER) + r")\.?\s*$"
)


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
class DocumentEvidence:
    """What the document says about its entities (antecedents, descriptors, gender
    evidence), gathered once per Doc, and the speakers resolved so far in text order."""

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
                if (
                    any(_is_person_noun(n) for n in nouns_beside(k, span))
                    or (before is not None and is_role_title(before.group(1)))
                    or self._referred_to_as_person(span, m.canonical, quoted)
                ):
                    # "Finance Minister Aurel Dascu", even when a sentence split or the
                    # tagger cut the title off the name.
                    self.relabel[m.canonical] = PERSON
        covered: set[int] = set()
        for k, (m, span) in enumerate(spans):
            label = self.relabel.get(m.canonical, m.label)
            if label == PLACE or span is None or not len(span):
                continue
            covered.update(range(span.start, span.end))
            root = span.root
            if label == PERSON and _modifies_noun(root, span.end):
                continue  # "Border agents", "Trump supporters": no "he" stands for it
            head = clause_head(root)
            self.antecedents.append(Antecedent(m.start_char, m.canonical, label, is_subject(head)))
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
            if is_subject(head):
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
                or not is_subject(clause_head(token))
                or is_name_part(token)
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

    def _referred_to_as_person(self, span: Span, canonical: str, quoted: set[int]) -> bool:
        """A subject name the model typed as an organisation that the sentence goes on
        to call "she" or "his" ("Holt admitted errors under her leadership") is a
        person: an organisation is "it". Not for a name holding an organisation noun or
        written with "the" ("The court said his appeal failed")."""
        words = {w.casefold() for w in canonical.split()}
        if (
            words & COLLECTIVE_NOUNS
            or not is_subject(clause_head(span.root))
            or (span.start > 0 and span.doc[span.start - 1].lower_ == "the")
        ):
            return False
        return self._pronoun_after(span, canonical, quoted, weigh=False) is not None

    def _pronoun_after(
        self, span: Span, canonical: str, quoted: set[int], *, weigh: bool = True
    ) -> str | None:
        """The first gendered pronoun after a subject name in its sentence, outside
        quotations and before any other person is named, is taken to refer to it; its
        gender counts as evidence when ``weigh``, and is returned."""
        starts, reach = self._others_than(canonical)
        doc = span.doc
        for j in range(span.end, sentence_bounds(doc, span.start).end):
            token = doc[j]
            # Inside another person's mention: one starts at or before the token and
            # the furthest end among those lies beyond it.
            k = bisect_right(starts, token.idx) - 1
            if k >= 0 and reach[k] > token.idx:
                return None
            if token.i in quoted:
                continue
            gender = GENDERED_PRONOUNS.get(token.lower_)
            if gender:
                if weigh:
                    self._add_evidence(canonical, gender, PRONOUN_WEIGHT)
                return gender
        return None

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


def _modifies_noun(root: Token, span_end: int) -> bool:
    """Whether a name only modifies a common noun after it ("Border agents")."""
    return root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= span_end
