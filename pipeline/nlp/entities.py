"""Entity mentions with in-document resolution to one canonical name per entity.

Within a document:

* identical names (ignoring case, whitespace, a leading "the", a possessive "'s" and
  courtesy titles) are one entity: "the NRF's" and "NRF";
* an acronym defined in parentheses, "National Resistance Front (NRF)", is the same entity
  as its long form, both ways; the canonical name is the long form. Other whole-word
  occurrences of a defined acronym become mentions even when the model missed them;
* a shorter person name resolves to the one full name it ends with: "Massoud" ->
  "Ahmad Massoud". When two different full names end that way ("Ahmad Massoud", "Ali
  Massoud") the short name stays unresolved: guessing would attach claims to the wrong
  person. The model's label for the short name is not required to be PERSON, because
  small models often tag a lone surname as ORG or LOC; the full-name match is the stronger
  evidence, so surnames joined this way do not vote on the entity's label;
* the label of an entity is the majority of the model's labels over its mentions
  (normalised first, so GPE and LOC agree as "place"); a tie goes to the label of the
  mentions spelled like the canonical name, then to the first mention's. Mentions added by
  rules (acronyms the model did not tag) have no vote and keep ``model_label`` empty.

* listed variants of a place or organisation are one entity under the table's name and
  type (pipeline.nlp.variants: "US", "U.S.", "America" -> "United States", place);
* a name written with a courtesy title ("Mr. Trump") is a person whatever the model
  tagged; a PERSON or ORG span the text contradicts (a product, a fraction:
  pipeline.nlp.entity_types) votes as ``other``;
* a royal or noble title before a single name stays part of it ("Prince Andrew"); other
  titles, a leading lower-case word ("older") and a dateline glued to the name
  ("(CNN)President") are cut.

The canonical name is the longest member name (by words), the most frequent spelling
among those, then the first; it never carries "the", "'s" or a courtesy title.

Across documents an entity is ``entity_id(canonical, label)``; ``alias_pairs`` lists the
surface forms a document used for each entity (rows of ``entity_aliases``). A day's
surname-only people are joined to its one full name in the store
(sql/store/entities/day_merges.sql); docs/ENTITIES.md says what merges and where it stops.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.nlp.acronyms import AcronymDefinition, acronym_occurrences, find_definitions
from pipeline.nlp.entity_types import contradicted
from pipeline.nlp.labels import (
    NAME_PART_DEPS,
    ORGANIZATION,
    PERSON,
    is_value_label,
    normalise_label,
)
from pipeline.nlp.names import (
    HONORIFICS,
    POSSESSIVE_TOKENS,
    display_name,
    fold_space,
    is_role_title,
    keeps_title,
    name_key,
    possessive_length,
    strip_article_and_possessive,
)
from pipeline.nlp.paragraphs import doc_text
from pipeline.nlp.tokens import sentence_bounds
from pipeline.nlp.variants import Variant, find_variant
from pipeline.records import EntityLabel, Mention

# Length of the hex digest used as entity id: 64 bits, so a collision is not a practical
# concern even over hundreds of millions of distinct names.
ENTITY_ID_HEX = 16


def entity_id(canonical: str, label: str) -> str:
    """A stable id for an entity across documents and runs.

    Hash of the label and the casefolded, whitespace-folded name without a leading "the"
    or a possessive, so "the Taliban" and "Taliban" share an id.
    """
    key = f"{label.strip().lower()}\x1f{strip_article_and_possessive(canonical).casefold()}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:ENTITY_ID_HEX]


def alias_pairs(mentions: Iterable[Mention]) -> list[tuple[str, str, str]]:
    """Distinct (surface form, canonical name, label) of a document's mentions, sorted.

    Rows for an ``entity_aliases`` table: every way the document wrote an entity ("NRF",
    "Massoud"), the canonical name itself included, with whitespace folded. The entity is
    ``entity_id(canonical, label)``.
    """
    return sorted({(fold_space(m.text), m.canonical, m.label) for m in mentions})


_FIRST_WORD = re.compile(r"\s*\S+\s+")
# A courtesy title right before or at the start of a name: "Mr. Trump", "Dr Lopes". Only
# people are written so, whatever the model tagged ("Trump" as ORG is common).
# Written as a title, capitalised ("Mr", "Dr."), never in capitals or lower case: a
# headline's "DON'T MISS China" is no title. "Miss" is left out ("Miss America").
_TITLE_WORDS = "|".join(sorted(t.capitalize() for t in HONORIFICS - {"miss"}))
_TITLE_BEFORE = re.compile(rf"\b(?:{_TITLE_WORDS})\.?\s+$")
_TITLE_AT_START = re.compile(rf"^(?:{_TITLE_WORDS})\.?\s+\S")
# The label a mention votes with when the text contradicts the model's
# (pipeline.nlp.entity_types): normalised to ``other``.
CONTRADICTED = "PRODUCT"
# Lower-case words that belong to a name ("Charles de Gaulle", "Bashar al-Assad"): any
# other lower-case word at the start of a span is the model's overreach ("older").
NAME_PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "bin", "ibn",
     "al", "el", "la", "le", "abu", "ben", "dos", "das", "y"}
)  # fmt: skip


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    model_label: str  # "" when a rule added the mention
    text: str = ""
    key: str = ""
    vote_label: str | None = None  # the label it votes with, when not model_label
    variant: Variant | None = None  # the listed entity it is a variant name of
    titled: bool = False  # written with a courtesy title: "Mr. Trump"

    @property
    def voting_label(self) -> str:
        return self.model_label if self.vote_label is None else self.vote_label


def _trim(span: Span) -> tuple[int, int] | None:
    """Character offsets of an entity span without a leading "the", edge punctuation
    or whitespace, a person's leading role titles ("Governor") and a trailing possessive;
    None when nothing is left."""
    tokens = list(span)
    while tokens and (
        tokens[0].is_space
        or tokens[0].is_punct
        or tokens[0].lower_ == "the"
        # "older MacBook Pro": a lower-case word before a name is not part of it.
        or (
            len(tokens) > 1
            and tokens[0].is_lower
            and tokens[0].is_alpha
            and tokens[0].lower_ not in NAME_PARTICLES
        )
    ):
        tokens.pop(0)
    if normalise_label(span.label_) == PERSON:
        while (
            len(tokens) > 1
            and is_role_title(tokens[0].text)
            and not keeps_title([t.text for t in tokens])
        ):
            tokens.pop(0)
    while tokens and (
        tokens[-1].is_space
        or tokens[-1].text in POSSESSIVE_TOKENS
        or (tokens[-1].is_punct and tokens[-1].text != ".")
    ):
        tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(span.doc)
    # A possessive the tokenizer left attached ("Massoud’s" as one token).
    end -= possessive_length(text[start:end])
    # A dateline glued to the name ("(CNN)President Donald Trump" as "CNN)President"):
    # the name starts after the unmatched parenthesis, and a title there goes too.
    close = text.rfind(")", start, end)
    if close != -1 and "(" not in text[start:close]:
        start = close + 1
        if normalise_label(span.label_) == PERSON:
            start += _title_length(text[start:end])
    while start < end and text[start].isspace():
        start += 1
    return (start, end) if end > start else None


def _title_length(name: str) -> int:
    """Characters of the role titles (and the space after them) that open ``name``:
    "President " in "President Donald Trump"."""
    length = 0
    while True:
        rest = name[length:]
        words = rest.split()
        first = _FIRST_WORD.match(rest)
        if not first or len(words) < 2 or not is_role_title(words[0]) or keeps_title(words):
            return length
        length += first.end()


def _extend_person_name(ent: Span) -> Span:
    """A PERSON span widened over the rest of the name the parser joins to it.

    Small models often tag only the surname ("Jorin [Abate]"); the parser still attaches
    the given name as a compound/flat part of the same proper-noun phrase. Only adjacent
    capitalised proper nouns are taken, so "NRF leader Ahmad Massoud" stays the name, and
    never a role title before the name: "Commander" in "Commander Yusuf Karimzada" is a
    capitalised PROPN compound of the name too, but not part of it.
    """
    if normalise_label(ent.label_) != PERSON or not ent.doc.has_annotation("DEP"):
        return ent
    doc = ent.doc
    start, end = ent.start, ent.end
    members = {t.i for t in ent}

    def joined(token_i: int, before_name: bool = False) -> bool:
        t = doc[token_i]
        if t.pos_ != "PROPN" or not t.text[:1].isupper() or t.ent_type_ not in ("", ent.label_):
            return False
        if "(" in t.text or ")" in t.text:  # "CNN)President": a dateline glued to a title
            return False
        # Titles come before a name; after it the same words are surnames ("Larry King").
        if before_name and is_role_title(t.text):
            return False
        return (t.head.i in members and t.dep_ in NAME_PART_DEPS) or any(
            doc[m].head.i == t.i and doc[m].dep_ in NAME_PART_DEPS for m in members
        )

    sent = sentence_bounds(doc, ent.start)  # ent.sent, without building Spans
    while start > sent.start and joined(start - 1, before_name=True):
        start -= 1
        members.add(start)
    while end < sent.end and joined(end):
        members.add(end)
        end += 1
    # "Prince [Andrew]": a regnal title before a single name is part of it (names.py).
    if start > sent.start and keeps_title([doc[start - 1].text] + [t.text for t in doc[start:end]]):
        start -= 1
    # The widened span keeps the entity's label: _trim strips a person's titles by it.
    return Span(doc, start, end, label=ent.label) if (start, end) != (ent.start, ent.end) else ent


def _model_mentions(doc: Doc) -> list[_Raw]:
    raw = []
    for ent in doc.ents:
        if is_value_label(ent.label_):
            continue
        span = _extend_person_name(ent)
        offsets = _trim(span)
        if offsets:
            checked = doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
            product = contradicted(checked if checked is not None else span, ent.label_)
            raw.append(
                _Raw(
                    offsets[0], offsets[1], ent.label_, vote_label=CONTRADICTED if product else None
                )
            )
    return raw


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _apply_acronyms(
    text: str, raw: list[_Raw], definitions: list[AcronymDefinition]
) -> tuple[list[_Raw], list[tuple[str, str]]]:
    """Replace model spans over each definition by the exact long form and acronym, add
    untagged occurrences of defined acronyms, and return the (long, acronym) key pairs."""
    pairs = []
    for d in definitions:
        long_labels = [
            r.model_label for r in raw if _overlaps(r.start, r.end, d.long_start, d.long_end)
        ]
        short_labels = [
            r.model_label for r in raw if _overlaps(r.start, r.end, d.short_start, d.short_end)
        ]
        raw = [
            r
            for r in raw
            if not _overlaps(r.start, r.end, d.long_start, d.long_end)
            and not _overlaps(r.start, r.end, d.short_start, d.short_end)
        ]
        raw.append(_Raw(d.long_start, d.long_end, long_labels[0] if long_labels else ""))
        raw.append(_Raw(d.short_start, d.short_end, short_labels[0] if short_labels else ""))
        pairs.append((name_key(text[d.long_start : d.long_end]), name_key(d.acronym)))
    for acronym in {d.acronym for d in definitions}:
        for start, end in acronym_occurrences(text, acronym):
            if not any(_overlaps(r.start, r.end, start, end) for r in raw):
                raw.append(_Raw(start, end, ""))
    return raw, pairs


class _Clusters:
    """Union-find over name keys."""

    def __init__(self, keys: list[str]) -> None:
        self.parent = {key: key for key in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _vote(members: list[_Raw], canonical_key: str | None, mute: frozenset[str]) -> EntityLabel:
    """Majority of the normalised model labels; members whose key is in ``mute`` abstain."""
    votes = Counter(
        normalise_label(r.voting_label) for r in members if r.voting_label and r.key not in mute
    )
    if not votes:
        # Only rule-made mentions: acronym definitions, which name organisations far
        # more often than anything else.
        return ORGANIZATION
    ranked = votes.most_common()
    best = [label for label, n in ranked if n == ranked[0][1]]
    if len(best) == 1:
        return best[0]
    voters = [r for r in members if r.voting_label and r.key not in mute]
    for r in voters:
        if r.key == canonical_key and normalise_label(r.voting_label) in best:
            return normalise_label(r.voting_label)
    return next(
        normalise_label(r.voting_label) for r in voters if normalise_label(r.voting_label) in best
    )


def _canonical(members: list[_Raw], long_forms: set[str]) -> _Raw:
    defined = [r for r in members if r.key in long_forms]
    pool = defined or members
    most_words = max(len(r.key.split()) for r in pool)
    longest = [r for r in pool if len(r.key.split()) == most_words]
    spellings = Counter(display_name(r.text) for r in longest)
    top = max(spellings.values())
    return next(r for r in longest if spellings[display_name(r.text)] == top)


def _resolve_short_names(
    clusters: _Clusters, by_key: dict[str, list[_Raw]], labels: dict[str, EntityLabel]
) -> frozenset[str]:
    """Join a person's shorter name to the single full name it ends with; return the
    keys joined this way."""
    joined = set()
    full_names = [key for key in by_key if len(key.split()) > 1]
    for short in by_key:
        words = short.split()
        candidates = {
            clusters.find(full)
            for full in full_names
            if len(full.split()) > len(words)
            and full.split()[-len(words) :] == words
            and labels[clusters.find(full)] == PERSON
        }
        candidates.discard(clusters.find(short))
        if len(candidates) == 1:
            clusters.union(candidates.pop(), short)
            joined.add(short)
    return frozenset(joined)


def _variant_key(key: str) -> str:
    """The key of an acronym definition's side once variants are folded in."""
    variant = find_variant(key, "") or find_variant(key.upper(), "")
    return name_key(variant.name) if variant else key


def _listed(members: list[_Raw]) -> Variant | None:
    """The listed entity (pipeline.nlp.variants) an entity's mentions name, if any."""
    return next((r.variant for r in members if r.variant), None)


def _listed_name(members: list[_Raw]) -> str | None:
    listed = _listed(members)
    return listed.name if listed else None


def extract_mentions(doc: Doc) -> list[Mention]:
    """Named-entity mentions of ``doc`` in text order, each with its in-document entity."""
    text = doc_text(doc)
    raw, acronym_pairs = _apply_acronyms(text, _model_mentions(doc), find_definitions(doc))
    for r in raw:
        r.text = text[r.start : r.end]
        r.variant = find_variant(r.text, r.model_label)
        r.titled = bool(
            _TITLE_AT_START.match(r.text)
            or _TITLE_BEFORE.search(text[max(0, r.start - 8) : r.start])
        )
        # Every variant of a listed entity shares the key of the name it is shown under.
        r.key = name_key(r.variant.name if r.variant else r.text)
    # A span without a letter ("½" tagged PERSON on a recipe page) names nothing.
    raw = [r for r in raw if r.key and any(ch.isalpha() for ch in r.text)]
    raw.sort(key=lambda r: (r.start, r.end))

    by_key: dict[str, list[_Raw]] = {}
    for r in raw:
        by_key.setdefault(r.key, []).append(r)
    clusters = _Clusters(list(by_key))
    long_forms = set()
    for long_key, short_key in acronym_pairs:
        long_key, short_key = _variant_key(long_key), _variant_key(short_key)
        if long_key in by_key and short_key in by_key:
            clusters.union(long_key, short_key)
            long_forms.add(long_key)

    def label_all(
        mute: frozenset[str],
    ) -> tuple[dict[str, list[_Raw]], dict[str, EntityLabel]]:
        groups: dict[str, list[_Raw]] = {}
        for key, members in by_key.items():
            groups.setdefault(clusters.find(key), []).extend(members)
        chosen = {}
        for root, members in groups.items():
            members.sort(key=lambda r: r.start)
            listed = _listed(members)
            if listed:
                chosen[root] = listed.label
            elif any(r.titled for r in members):
                chosen[root] = PERSON  # "Mr. Trump": only people are written so
            else:
                chosen[root] = _vote(members, _canonical(members, long_forms).key, mute)
        return groups, chosen

    _, labels = label_all(frozenset())
    # A surname joined to a person's full name does not vote on the entity's label: it was
    # joined because the full name is a person, and small models often tag a lone surname
    # as a place or organisation ("Karimzada" LOC) — two such tags must not turn the person
    # into a place.
    surnames = _resolve_short_names(clusters, by_key, labels)
    groups, labels = label_all(surnames)

    canonical = {
        root: _listed_name(members) or display_name(_canonical(members, long_forms).text)
        for root, members in groups.items()
    }
    mentions = []
    for r in raw:
        root = clusters.find(r.key)
        mentions.append(
            Mention(
                text=r.text,
                label=labels[root],
                start_char=r.start,
                end_char=r.end,
                canonical=fold_space(canonical[root]),
                model_label=r.model_label,
            )
        )
    return mentions
