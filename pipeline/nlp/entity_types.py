"""Entity types checked against the text: a model's PERSON that cannot be a person.

en_core_web_sm tags products, fractions and page fragments as people ("older MacBook
Pro", "½" on a review page); such an entity then tops the day's people and, when a claim
rule picks it up, its speakers. These checks use only the span and its parse, and each
names something a person's name never has:

* no letter at all ("½", "1/2");
* a digit ("iPhone 15", "Galaxy S24");
* a product word from PRODUCT_WORDS ("MacBook", "iPhone", "PlayStation"), or a word
  that starts in lower case and has a capital inside ("iPad", "eReader") — names such as
  "McDonald" or "DeSantis" start with a capital;
* a product-line suffix as the last word (MODEL_SUFFIXES: "Pro", "Ultra");
* a conjunction inside ("Pokemon Sword OR Shield");
* a determiner or comparative that a product takes and a name does not: "an older
  MacBook", "this Surface" (DETERMINERS, PRODUCT_MODIFIERS on the span's head).

Product words also take an organisation's label away ("MacBook Pro" tagged ORG). Such
mentions keep their model label in ``mentions.model_label`` but vote as ``other``
(pipeline.nlp.entities).

Where it stops: a product named like a person ("Alexa", "Siri") or a one-word brand
without digits stays whatever the model said.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from pipeline.nlp.labels import ORGANIZATION, PERSON, normalise_label

# Product names and product-line words that are no one's name. Lower case.
PRODUCT_WORDS = frozenset(
    {
        "macbook", "iphone", "ipad", "imac", "ipod", "airpods", "airtag", "playstation",
        "xbox", "kindle", "thinkpad", "chromebook", "chatgpt", "macos", "ios", "ipados",
        "watchos", "fitbit", "gopro", "roomba", "nintendo", "thinkcentre", "ideapad",
        "zenbook", "vivobook", "homepod", "firestick",
    }
)  # fmt: skip
# Last words of product-line names ("MacBook Pro", "Galaxy Ultra"); never a surname.
MODEL_SUFFIXES = frozenset({"pro", "ultra", "plus", "mini", "lite"})
# Determiners a product takes ("an older MacBook Pro", "my iPad") and a person's name
# does not ("the" is left out: "the Pope", "the Smiths").
DETERMINERS = frozenset(
    {"a", "an", "this", "that", "these", "those", "my", "your", "our", "their", "every", "each"}
)
# Modifiers of a product model: "older", "newer", "latest", "refurbished".
PRODUCT_MODIFIERS = frozenset(
    {"older", "newer", "latest", "newest", "refurbished", "used", "base", "entry-level"}
)
# A conjunction inside a span joins two things, never one person's name ("Pokemon Sword
# OR Shield" as PERSON on a games page). "y" is not listed: Spanish names use it.
CONJUNCTIONS = frozenset({"or", "and", "&", "vs", "vs.", "versus"})
_INNER_CAPITAL = re.compile(r"^[a-z]+[A-Z]")


def _product_word(word: str) -> bool:
    return word.casefold() in PRODUCT_WORDS or bool(_INNER_CAPITAL.match(word))


def _product_context(span: Span) -> bool:
    head = span.root
    for child in head.children:
        if child.i >= span.start and child.i < span.end:
            continue
        if child.dep_ == "det" and child.lower_ in DETERMINERS:
            return True
        if child.lower_ in PRODUCT_MODIFIERS or child.tag_ in ("JJR", "JJS"):
            return True
    return False


def is_not_a_person(span: Span) -> bool:
    """A PERSON span that names no person (see the module docstring)."""
    words = [t.text for t in span if not t.is_punct and not t.is_space]
    if not words or not any(ch.isalpha() for ch in span.text):
        return True
    if any(any(ch.isdigit() for ch in w) for w in words):
        return True
    if any(_product_word(w) for w in words):
        return True
    if len(words) > 1 and words[-1].casefold() in MODEL_SUFFIXES:
        return True
    if len(words) > 2 and any(w.casefold() in CONJUNCTIONS for w in words[1:-1]):
        return True
    return _product_context(span)


def contradicted(span: Span, model_label: str) -> bool:
    """Does the text contradict the model's label for ``span``? A person that cannot be
    one, or an organisation named by a product word ("MacBook Pro")."""
    label = normalise_label(model_label)
    if label == PERSON:
        return is_not_a_person(span)
    if label == ORGANIZATION:
        return any(t.lower_ in PRODUCT_WORDS for t in span)
    return False
