"""Model-independent labels: entity types and dependency relations.

newsclaims runs with en_core_web_sm (OntoNotes entity types, ClearNLP dependency labels)
in production and with UD-trained pipelines (Universal Dependencies labels, fewer entity
types) elsewhere. Everything downstream — entity rows, the claim rules — asks these
helpers instead of comparing raw label strings, so both schemes work unchanged.

Entity types
============

=================================  ============
model label                        normalised
=================================  ============
PERSON, PER                        person
ORG                                organization
GPE, LOC, FAC                      place
NORP                               group
anything else (DATE, MONEY, MISC…) other
=================================  ============

PER is the label many non-spaCy-trained and multilingual pipelines use for people.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from pipeline.records import EntityLabel

PERSON = EntityLabel.PERSON
ORGANIZATION = EntityLabel.ORGANIZATION
PLACE = EntityLabel.PLACE
GROUP = EntityLabel.GROUP
OTHER = EntityLabel.OTHER

ENTITY_LABELS: dict[str, EntityLabel] = {
    "PERSON": PERSON,
    "PER": PERSON,
    "ORG": ORGANIZATION,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    "NORP": GROUP,
}


def normalise_label(model_label: str) -> EntityLabel:
    """person, organization, place, group or other for any model's entity label."""
    return ENTITY_LABELS.get(model_label.upper(), OTHER)


# Dependency relations. Both schemes are listed in full; UD subtypes (nsubj:pass,
# obl:tmod, nmod:poss, flat:name) are matched by their exact label where the subtype
# matters and by the base label otherwise.

#: Subjects: UD nsubj, nsubj:pass, csubj, csubj:pass; ClearNLP nsubj, nsubjpass, csubj,
#: csubjpass. ``expl`` ("there", "it") is not a subject a claim can be attributed to.
SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj", "csubj:pass", "csubjpass"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubj:pass", "nsubjpass", "csubj:pass", "csubjpass"})
#: Direct objects: UD obj, ClearNLP dobj.
OBJECT_DEPS = frozenset({"obj", "dobj"})
#: Indirect objects ("told *reporters*"): UD iobj, ClearNLP dative.
INDIRECT_OBJECT_DEPS = frozenset({"iobj", "dative"})
#: Clausal complements: ccomp (finite, "said *that ...*"), xcomp (open, "vowed *to fight*").
CLAUSAL_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp"})
#: Appositions ("Kareemi, *the spokesperson*"): appos in both schemes.
APPOSITION_DEPS = frozenset({"appos"})
#: Parts of a multi-word name: ClearNLP/UD compound, UD flat and flat:name.
NAME_PART_DEPS = frozenset({"compound", "flat", "flat:name"})
#: Possessors ("*Massoud's* forces"): ClearNLP poss, UD nmod:poss.
POSSESSIVE_DEPS = frozenset({"poss", "nmod:poss"})
#: Prepositions: ClearNLP makes the preposition head of its noun (prep -> pobj); UD makes
#: the noun head (obl/nmod) with the preposition as a ``case`` child.
PREPOSITION_DEPS = frozenset({"prep"})
PREPOSITION_OBJECT_DEPS = frozenset({"pobj"})
CASE_DEPS = frozenset({"case"})
#: Oblique nominals attached directly to a verb (UD obl and subtypes) or noun (nmod).
OBLIQUE_DEPS = frozenset({"obl", "nmod"})
#: Passive agent marker ClearNLP uses for "by" ("was denied *by* the ministry").
AGENT_DEPS = frozenset({"agent"})


def base_dep(label: str) -> str:
    """The UD relation without its subtype: obl:tmod -> obl. ClearNLP labels are unchanged."""
    return label.split(":", 1)[0]


def is_subject(token: Token) -> bool:
    return token.dep_ in SUBJECT_DEPS


def is_passive_subject(token: Token) -> bool:
    return token.dep_ in PASSIVE_SUBJECT_DEPS


def is_object(token: Token) -> bool:
    return token.dep_ in OBJECT_DEPS


def is_clausal_complement(token: Token) -> bool:
    return token.dep_ in CLAUSAL_COMPLEMENT_DEPS


def is_apposition(token: Token) -> bool:
    return token.dep_ in APPOSITION_DEPS


def is_name_part(token: Token) -> bool:
    return token.dep_ in NAME_PART_DEPS


def is_possessive(token: Token) -> bool:
    return token.dep_ in POSSESSIVE_DEPS


def is_oblique(token: Token) -> bool:
    """A prepositional or bare oblique nominal: UD obl/nmod (and subtypes, not the
    possessive nmod:poss), ClearNLP pobj under a preposition or a passive ``agent``."""
    dep = token.dep_
    if dep in PREPOSITION_OBJECT_DEPS:
        return token.head.dep_ in PREPOSITION_DEPS | AGENT_DEPS
    return base_dep(dep) in OBLIQUE_DEPS and dep not in POSSESSIVE_DEPS


def subjects(head: Token) -> list[Token]:
    """The subject children of a verb (active or passive, nominal or clausal)."""
    return [child for child in head.children if is_subject(child)]


def objects(head: Token) -> list[Token]:
    return [child for child in head.children if is_object(child)]


def clausal_complements(head: Token) -> list[Token]:
    return [child for child in head.children if is_clausal_complement(child)]


def appositions(head: Token) -> list[Token]:
    return [child for child in head.children if is_apposition(child)]


def name_parts(head: Token) -> list[Token]:
    """Children that belong to the same name as ``head`` (compound/flat)."""
    return [child for child in head.children if is_name_part(child)]


def obliques(head: Token) -> Iterator[tuple[str, Token]]:
    """(preposition lemma, nominal) for each prepositional phrase attached to ``head``.

    "denied *by* the ministry" / "according *to* Kareemi" / "*in* Panjshir" in either scheme:
    ClearNLP: head -prep-> by -pobj-> ministry (also ``agent`` for passive "by");
    UD: head -obl/nmod-> ministry -case-> by. The preposition is "" when UD has no ``case``
    child (bare obliques such as "Monday" in "said Monday"). Multi-word prepositions
    ("according to") are given by their last word, which is the one attached to the noun
    in both schemes.
    """
    for child in head.children:
        dep = child.dep_
        if dep in PREPOSITION_DEPS or dep in AGENT_DEPS:
            for pobj in child.children:
                if pobj.dep_ in PREPOSITION_OBJECT_DEPS:
                    yield child.lower_, pobj
        elif base_dep(dep) in OBLIQUE_DEPS and dep not in POSSESSIVE_DEPS:
            yield preposition_of(child), child


def preposition_of(nominal: Token) -> str:
    """The preposition governing a nominal, lower-cased, or "" when there is none."""
    if nominal.dep_ in PREPOSITION_OBJECT_DEPS and nominal.head.dep_ in (
        PREPOSITION_DEPS | AGENT_DEPS
    ):
        return nominal.head.lower_
    cases = [child for child in nominal.children if child.dep_ in CASE_DEPS and child.i < nominal.i]
    return cases[-1].lower_ if cases else ""


def name_tokens(head: Token) -> list[Token]:
    """``head`` with its compound/flat name parts, in text order ("Ahmad" + "Massoud")."""
    parts = [head]
    stack = list(name_parts(head))
    while stack:
        token = stack.pop()
        parts.append(token)
        stack.extend(name_parts(token))
    return sorted(parts, key=lambda t: t.i)


#: Value types en_core_web_sm tags that are not entities anyone can claim anything as or
#: about ("Monday", "three", "40 percent"): extract_mentions drops them rather than filling
#: the entities table with dates and numbers. Everything else unlisted above is kept as
#: ``other`` (EVENT, LAW, PRODUCT, MISC, ...).
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


def is_value_label(model_label: str) -> bool:
    return model_label.upper() in VALUE_LABELS


# Single relations the claim rules test, named once here like the classes above.
NEGATION_DEPS = frozenset({"neg"})  # ClearNLP "not"/"never"; UD marks them advmod
MARKER_DEPS = frozenset({"mark"})  # complementisers ("that", "whether") in both schemes
CONJUNCT_DEPS = frozenset({"conj"})
COMPOUND_DEPS = frozenset({"compound"})
#: Clauses modifying a noun: UD acl and acl:relcl, ClearNLP acl and relcl.
NOUN_CLAUSE_DEPS = frozenset({"acl:relcl", "relcl", "acl"})


def has_dep(token: Token, deps: frozenset[str]) -> bool:
    """The token's relation is one of ``deps`` (a class of relations named in this module
    or by a caller's rule, e.g. the modifiers a cue may carry)."""
    return token.dep_ in deps


def is_negation(token: Token) -> bool:
    return token.dep_ in NEGATION_DEPS


def is_marker(token: Token) -> bool:
    return token.dep_ in MARKER_DEPS


def is_conjunct(token: Token) -> bool:
    return token.dep_ in CONJUNCT_DEPS


def is_compound(token: Token) -> bool:
    return token.dep_ in COMPOUND_DEPS


def is_active_subject(token: Token) -> bool:
    return token.dep_ in SUBJECT_DEPS and token.dep_ not in PASSIVE_SUBJECT_DEPS


def is_preposition(token: Token) -> bool:
    """A ClearNLP preposition heading its noun (``prep``; not the passive ``agent``)."""
    return token.dep_ in PREPOSITION_DEPS


def is_preposition_object(token: Token) -> bool:
    return token.dep_ in PREPOSITION_OBJECT_DEPS


def is_agent(token: Token) -> bool:
    return token.dep_ in AGENT_DEPS


def is_case_marker(token: Token) -> bool:
    """A UD preposition or possessive marker under its noun (``case``)."""
    return token.dep_ in CASE_DEPS


def is_nominal_modifier(token: Token) -> bool:
    """UD nmod and its subtypes (nmod:poss, nmod:tmod, …)."""
    return base_dep(token.dep_) == "nmod"


def is_oblique_nominal(token: Token) -> bool:
    """UD obl and its subtypes (obl:tmod, obl:npmod, …)."""
    return base_dep(token.dep_) == "obl"
