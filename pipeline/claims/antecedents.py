"""Antecedents of a pronoun or description speaker: who "he", "they", "the court", "the
minister" or "a spokeswoman for the company" stand for (the rules are listed in
pipeline.claims.speakers). Searched among the speakers resolved so far and the
document's entity mentions before the speaker.
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.claims.evidence import DocumentEvidence, Speaker
from pipeline.claims.evidence_text import role_key
from pipeline.claims.lexicon import COLLECTIVE_NOUNS, COLLECTIVE_POSSESSIVES, ROLE_NOUNS
from pipeline.claims.spans import char_span, speaker_tokens
from pipeline.nlp.labels import GROUP, ORGANIZATION, PERSON, PLACE, is_possessive, obliques

ORG_LABELS = frozenset({ORGANIZATION, GROUP})


class AntecedentSearch(DocumentEvidence):
    """Resolution of pronouns and descriptions over the document's evidence."""

    def _resolve_description(self, speaker: Speaker, head: Token) -> None:
        """ "the court", "the charity", "the minister", "a spokeswoman for the company"."""
        definite = any(c.lower_ == "the" for c in head.children)
        key = role_key(head.lemma_ or head.text)
        is_role = key in {role_key(r) for r in ROLE_NOUNS}
        if is_role and not definite and any(is_possessive(c) for c in head.children):
            # "Austria's interior minister" names one person as "the minister" does;
            # "the prosecutor's office" is no organisation met before, so only roles.
            later = self._described_after(key, speaker.end)
            if later is not None:
                speaker.canonical, speaker.label = later
            return
        if definite:
            found = self._described_as(key, speaker.start) or self._named_with(
                head.lemma_.lower(), speaker.start
            )
            if found is not None:
                speaker.canonical, speaker.label = found
                return
            if is_role and key in self.roles:
                known = self.roles[key]
                if speaker.affiliation in (None, known.affiliation):
                    speaker.canonical, speaker.label = known.canonical, known.label
                    speaker.affiliation = speaker.affiliation or known.affiliation
                return
            if is_role:
                # Cataphora: a lead names the role first and the person later ("…,
                # Austria's interior minister said" … "Interior Minister Wolfgang
                # Peschorn"). Only when one person in the whole text holds that role.
                later = self._described_after(key, speaker.end)
                if later is not None:
                    speaker.canonical, speaker.label = later
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
            if is_possessive(child) and child.lower_ in COLLECTIVE_POSSESSIVES:
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

    def _described_after(self, key: str, after: int) -> tuple[str, str] | None:
        """The one person written with this role noun beside the name after ``after``,
        when no other person in the document is written with it."""
        people = {
            (c, label) for _, noun, c, label in self.descriptors if noun == key and label == PERSON
        }
        if len(people) != 1 or not any(
            start >= after and noun == key and label == PERSON
            for start, noun, _, label in self.descriptors
        ):
            return None
        return people.pop()

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
