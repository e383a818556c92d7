"""String forms of entity names: display form, comparison keys.

Kept apart from spaCy so the same folding applies to mentions, to claim speakers and to
entity ids built in other stages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Possessive endings, straight and curly: "Massoud's", "Massoud’s", "the ministers'".
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’", "'S", "’S"})

# Personal titles written before a name. Dropped when comparing names and from the
# canonical name ("Mr. Massoud" is "Massoud"); deliberately only courtesy titles: office
# and rank words ("President", "General") are also parts of organisation names
# ("General Motors", "President's Office").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})


# Offices, ranks and roles written before a person's name ("Commander Yusuf Karimzada",
# "Deputy Minister Anwar Latifi"). Never part of the name itself: the canonical name, and
# so the entity id, must be the same whether or not an article gives the title. Only
# applied to spans labelled as persons — in organisation names the same words are part of
# the name ("General Motors", "Governor's Office"). Lower-case, without a final ".".
ROLE_TITLES = frozenset(
    {
        # government and politics
        "president", "vice", "prime", "minister", "deputy", "foreign", "defence", "defense",
        "interior", "finance", "acting", "former", "governor", "gov", "mayor", "senator",
        "sen", "rep", "representative", "speaker", "chancellor", "premier", "secretary",
        "ambassador", "envoy", "commissioner", "chairman", "chairwoman", "chair", "director",
        "spokesman", "spokeswoman", "spokesperson", "leader", "chief", "police", "judge",
        "justice", "attorney", "prosecutor",
        # military ranks
        "general", "gen", "lieutenant", "lt", "colonel", "col", "major", "maj", "captain",
        "capt", "commander", "cmdr", "sergeant", "sgt", "admiral", "adm", "marshal",
        "brigadier", "corporal", "private",
        # royal and religious
        "king", "queen", "prince", "princess", "emir", "sheikh", "mullah", "imam", "ayatollah",
        "pope", "cardinal", "bishop", "rev", "reverend",
    }
)  # fmt: skip


def is_role_title(word: str) -> bool:
    """ "Commander", "Gen.", "Deputy": a word that introduces a person's name."""
    return word.rstrip(".").casefold() in ROLE_TITLES


# Royal, noble and religious titles that are part of how a person is named: "Prince
# Andrew", "King Charles III", "Pope Francis", "Lord Sugar". Cut off, they leave a bare
# given name ("Andrew") that names nobody in particular and joins any Andrew of the day.
# Kept only before a single name (plus a regnal number, REGNAL_NUMBER); before a full name
# ("Crown Prince Mohammed bin Salman") the person is named without them, like any title.
REGNAL_TITLES = frozenset(
    {
        "king", "queen", "prince", "princess", "duke", "duchess", "pope", "emperor",
        "empress", "lord", "lady", "earl", "countess", "baron", "baroness", "sultan", "emir",
    }
)  # fmt: skip
REGNAL_NUMBER = re.compile(r"^[IVX]{1,5}$")


def keeps_title(words: list[str]) -> bool:
    """Is ``words`` a regnal title before a single name ("Prince", "Andrew"; "King",
    "Charles", "III")? Such a title stays part of the name."""
    if len(words) < 2 or words[0].rstrip(".").casefold() not in REGNAL_TITLES:
        return False
    rest = words[1:]
    if len(rest) == 2 and REGNAL_NUMBER.match(rest[1]):
        rest = rest[:1]
    return len(rest) == 1 and rest[0][:1].isupper()


# The name functions below are pure functions of a short string, and a document repeats
# the same few names dozens of times (every mention, every resolution pass, every
# speaker), so each keeps its recent answers. Bounded: news has an open set of names.
_CACHE_SIZE = 65_536


@lru_cache(maxsize=_CACHE_SIZE)
def fold_space(text: str) -> str:
    """NFKC-normalised text with every run of whitespace as one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


@lru_cache(maxsize=_CACHE_SIZE)
def strip_article_and_possessive(text: str) -> str:
    """ "the NRF's" -> "NRF"."""
    text = _LEADING_THE.sub("", fold_space(text))
    return _POSSESSIVE.sub("", text).rstrip()


def possessive_length(text: str) -> int:
    """Characters of a possessive ending on ``text`` ("'s", "’s", plural "'"), else 0."""
    match = _POSSESSIVE.search(text)
    return len(match.group(0)) if match and match.start() > 0 else 0


def strip_honorifics(text: str) -> str:
    """ "Mr. Ahmad Massoud" -> "Ahmad Massoud"; a name that is only a title stays as is."""
    words = text.split(" ")
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=_CACHE_SIZE)
def display_name(text: str) -> str:
    """The form shown as an entity's name: no article, possessive or courtesy title."""
    return strip_honorifics(strip_article_and_possessive(text))


@lru_cache(maxsize=_CACHE_SIZE)
def name_key(text: str) -> str:
    """Case-insensitive comparison key: two spellings with the same key are the same name."""
    return display_name(text).casefold()


def is_acronym(text: str) -> bool:
    """ "NRF", "UNAMA", "ISIS-K": one word with at least two capitals and no lower-case run.

    Lower-case letters are allowed singly between capitals ("DoD") but not as a word tail
    ("Kabul"), which keeps ordinary capitalised words out.
    """
    if " " in text or len(text) < 2 or len(text) > 12:
        return False
    capitals = sum(ch.isupper() for ch in text)
    return capitals >= 2 and not re.search(r"[a-z]{2}", text)
