"""Common variant names of places and organisations: one entity for "US", "U.S." and
"United States".

A curated table, not a rule: the variants of a country or an international body are few,
well known and stable, while any general rule that would find them (initials, dropped
words) also joins names that merely look alike ("UN" and "Union", "America" and "Bank of
America"). The table gives each variant the name the entity is shown under and its type,
so the same entity id (pipeline.nlp.entities.entity_id) comes out in every document
whichever variant it used and whatever type the model guessed for it ("U.S." is tagged
ORG as often as GPE).

Matching:

* acronyms are compared case-sensitively with dots and spaces removed: "U.S.", "U. S."
  and "US" are one form, "us" or "Us" never are;
* full names are compared case-insensitively, without "the" or a possessive
  ("the United Nations'");
* a form listed in PLACE_ONLY is a variant only when the model tagged it as a place:
  "America" is the country as GPE, but the same word tagged as a person or inside an
  organisation's name is something else. (The longer names that contain a variant,
  "Bank of America", "Latin America", are other entities: only whole names match.)

Where it stops: only the names listed; a variant needs a place in the table before it
merges. Historical or disputed names (Burma/Myanmar, Holland) are deliberately absent.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.nlp.labels import ORGANIZATION, PLACE, normalise_label
from pipeline.nlp.names import strip_article_and_possessive
from pipeline.records import EntityLabel


@dataclass(frozen=True, slots=True)
class Variant:
    """The entity a variant name stands for: the name shown for it and its type."""

    name: str
    label: EntityLabel


UNITED_STATES = Variant("United States", PLACE)
UNITED_KINGDOM = Variant("United Kingdom", PLACE)
UNITED_NATIONS = Variant("United Nations", ORGANIZATION)
EUROPEAN_UNION = Variant("European Union", ORGANIZATION)
UNITED_ARAB_EMIRATES = Variant("United Arab Emirates", PLACE)
SOVIET_UNION = Variant("Soviet Union", PLACE)
NATO = Variant("NATO", ORGANIZATION)
WHO = Variant("World Health Organization", ORGANIZATION)
IMF = Variant("International Monetary Fund", ORGANIZATION)
CHINA = Variant("China", PLACE)
RUSSIA = Variant("Russia", PLACE)
NORTH_KOREA = Variant("North Korea", PLACE)
SOUTH_KOREA = Variant("South Korea", PLACE)

# Acronyms, upper case, without dots or spaces.
ACRONYMS: dict[str, Variant] = {
    "US": UNITED_STATES,
    "USA": UNITED_STATES,
    "UK": UNITED_KINGDOM,
    "UN": UNITED_NATIONS,
    "EU": EUROPEAN_UNION,
    "UAE": UNITED_ARAB_EMIRATES,
    "USSR": SOVIET_UNION,
    "NATO": NATO,
    "WHO": WHO,
    "IMF": IMF,
    "PRC": CHINA,
    "DPRK": NORTH_KOREA,
    "ROK": SOUTH_KOREA,
}

# Full names, casefolded.
NAMES: dict[str, Variant] = {
    "united states": UNITED_STATES,
    "united states of america": UNITED_STATES,
    "america": UNITED_STATES,
    "united kingdom": UNITED_KINGDOM,
    "united kingdom of great britain and northern ireland": UNITED_KINGDOM,
    # Strictly Great Britain leaves out Northern Ireland, but news uses "Britain" for the
    # state, and an analyst counting mentions of the country wants them together.
    "britain": UNITED_KINGDOM,
    "great britain": UNITED_KINGDOM,
    "united nations": UNITED_NATIONS,
    "european union": EUROPEAN_UNION,
    "united arab emirates": UNITED_ARAB_EMIRATES,
    "soviet union": SOVIET_UNION,
    "north atlantic treaty organization": NATO,
    "north atlantic treaty organisation": NATO,
    "world health organization": WHO,
    "world health organisation": WHO,
    "international monetary fund": IMF,
    "people's republic of china": CHINA,
    "russian federation": RUSSIA,
    "democratic people's republic of korea": NORTH_KOREA,
    "republic of korea": SOUTH_KOREA,
}

# Variants that are something else unless the model tagged them as a place.
PLACE_ONLY = frozenset({"america"})


def find_variant(text: str, model_label: str) -> Variant | None:
    """The entity ``text`` is a listed variant of, or None. ``model_label`` is the
    model's label for the mention ("" for a mention a rule added)."""
    name = strip_article_and_possessive(text).replace("’", "'")
    compact = name.replace(".", "").replace(" ", "")
    if compact.isupper() and compact in ACRONYMS:
        return ACRONYMS[compact]
    key = name.casefold()
    variant = NAMES.get(key)
    if variant is None:
        return None
    if key in PLACE_ONLY and normalise_label(model_label) != PLACE:
        return None
    return variant
