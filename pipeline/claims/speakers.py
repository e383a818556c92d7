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

from spacy.tokens import Token

from pipeline.claims.antecedents import ORG_LABELS, AntecedentSearch
from pipeline.claims.evidence import Speaker
from pipeline.claims.evidence_text import role_key
from pipeline.claims.lexicon import (
    COLLECTIVE_NOUNS,
    COLLECTIVE_PRONOUNS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
)
from pipeline.claims.spans import char_span, speaker_tokens
from pipeline.nlp.labels import (
    ORGANIZATION,
    PERSON,
    PLACE,
    is_apposition,
    is_compound,
    is_nominal_modifier,
    is_possessive,
    is_preposition,
    is_preposition_object,
    is_subject,
)
from pipeline.nlp.names import display_name, is_role_title
from pipeline.nlp.paragraphs import doc_text
from pipeline.records import Mention

__all__ = ["ORG_LABELS", "Speaker", "SpeakerResolver"]

# People who speak for the organisation named before them ("Health Department
# officials", "Apple executives", "the ministry's spokesman").
SPEAK_FOR_ORG = frozenset(
    {
        "official", "spokesperson", "spokesman", "spokeswoman", "representative",
        "executive", "management", "leadership", "staff", "office", "lawyer", "attorney",
        "prosecutor", "officer", "source", "leader", "board", "delegation", "delegate",
        "negotiator",
    }
)  # fmt: skip


class SpeakerResolver(AntecedentSearch):
    """Keeps the document's speaker history as claims are found in text order."""

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
        appositions = [c for h in holders for c in h.children if is_apposition(c)]
        # "X, the spokesperson of Y tweeted": without the second comma parsers often
        # make the role a second subject of the verb instead of an apposition.
        appositions += [
            c
            for c in head.head.children
            if c.i > head.i
            and is_subject(c)
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
            if (is_possessive(child) or is_compound(child)) and child.i < role.i:
                return self._name_of(child)
            if is_preposition(child) or is_nominal_modifier(child):
                target = child
                if is_preposition(child):
                    pobj = [c for c in child.children if is_preposition_object(c)]
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
        mention = self._mention_over(head) or self.mention_at(speaker.start, speaker.end)
        if (
            mention is not None
            and head.pos_ != "PROPN"
            and not mention.start_char <= head.idx < mention.end_char
            and not (mention.label in ORG_LABELS and head.lemma_.lower() in SPEAK_FOR_ORG)
        ):
            # The name only modifies the speaker: "Hong Kong police", "one Weibo
            # commenter", "Israeli courts" are not Hong Kong, Weibo or Israel; the
            # organisation's own officials and staff speak for it ("Berrien County
            # Health Department officials").
            mention = self._mention_over(head)
        elif (
            mention is not None
            and head.pos_ == "PROPN"
            and head.text[:1].isupper()
            and not mention.start_char <= head.idx < mention.end_char
            and mention.end_char <= head.idx
        ):
            # A name inside a longer name the model did not tag whole ("the U.S.
            # Attorney's Office"): the office speaks, not the United States.
            mention = None
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
        elif lower in COLLECTIVE_PRONOUNS and lower != "we":
            # "we" outside a quotation is the writer or the outlet, never an earlier
            # organisation of the text ("we called it a compelling option").
            self._resolve_collective(speaker)
        elif head.pos_ == "NOUN":
            self._resolve_description(speaker, head)
            if speaker.canonical is None and head.lemma_.lower() in SPEAK_FOR_ORG:
                self._resolve_staff_of(speaker, head)
        if speaker.role and speaker.canonical and speaker.label == PERSON:
            self.roles[speaker.role] = speaker

    def _resolve_staff_of(self, speaker: Speaker, head: Token) -> None:
        """ "Company management", "party officials": people who speak for the
        organisation a collective noun before them refers to, as "the company" would."""
        for child in head.children:
            noun = child.lemma_.lower()
            if child.i < head.i and is_compound(child) and noun in COLLECTIVE_NOUNS:
                found = self._described_as(role_key(noun), speaker.start) or self._named_with(
                    noun, speaker.start
                )
                if found is None:
                    found = self._collective_at(speaker.start)
                if found is not None:
                    speaker.canonical, speaker.label = found
                return

    def _mention_over(self, head: Token) -> Mention | None:
        """The mention holding the speaker's head word, if any."""
        found = self.mention_at(head.idx, head.idx + len(head.text))
        if found is not None and found.start_char <= head.idx < found.end_char:
            return found
        return None

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
        if not words or any(not t.text[:1].isupper() and t.tag_ != "POS" for t in words):
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


def _contains_words(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return bool(n) and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
