"""Dependency rules that find reporting cues, their speakers and their contents.

Both label schemes are accepted (pipeline.nlp.labels): Universal Dependencies (obj, obl,
nsubj:pass, parataxis) and ClearNLP (dobj, prep/pobj, nsubjpass, agent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from pipeline.claims.cues import (
    CLAIM_NOUNS,
    CUE_STANCE,
    DECLARING_VERBS,
    DENY,
    FALSITY_WORDS,
    NEEDS_CLAUSE,
    OBJECT_CONTENT,
    POSITION,
    PREPOSITION_CONTENT,
    PROMISE,
    REQUEST_VERBS,
    WARN,
    stance_of,
)
from pipeline.claims.spans import subtree_range, trim_tokens
from pipeline.nlp.labels import (
    AGENT_DEPS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    obliques,
    preposition_of,
)
from pipeline.nlp.tokens import indices_where, sentence_bounds

NEGATIONS = frozenset({"not", "n't", "n’t", "never", "no"})
# Relations through which a verb without a subject takes its subject from its head:
# "said ... and added that" (conj), "…, saying that" (advcl), "went on to say" (xcomp).
SUBJECT_INHERITING_DEPS = frozenset({"conj", "advcl", "xcomp"})
RELATIVE_DEPS = frozenset({"acl:relcl", "relcl", "acl"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# How far up the tree a subject is looked for before giving up: a cue three conjuncts
# away from its subject is rare; further than that the guess is usually wrong.
MAX_SUBJECT_HOPS = 4
# A clock time or bare number ("10:50", "21:31", "2019"): live blogs open each entry with
# a timestamp that small parsers attach to the verb as a second subject. A numeral on its
# own names no one, so it is never a speaker ("Two officials said" has the noun as head).
_NUMERAL_SUBJECT = re.compile(r"^\d{1,4}(?:[:.h]\d{2})?(?:am|pm|GMT|UTC)?$", re.IGNORECASE)
# Complements of fewer tokens are rarely a claim ("said so", "said this").
MIN_CONTENT_TOKENS = 2
CLAUSE_DEPS = frozenset({"ccomp"})
# Relations a cue gets when it is a parenthetical inside or after the reported clause.
PARENTHETICAL_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj"})
# Modifiers between a cue and its complement that are not part of the content.
MODIFIER_DEPS = frozenset(
    {
        "iobj",
        "dative",
        "obl",
        "obl:tmod",
        "obl:npmod",
        "npadvmod",
        "advmod",
        "prep",
        "nmod:tmod",
        "compound:prt",
        "prt",
    }
)
XCOMP = frozenset({"xcomp"})
ADDRESSEE_DEPS = frozenset({"obj", "dobj", "iobj", "dative"})
INFINITIVE_DEPS = frozenset({"xcomp", "acl", "advcl", "ccomp"})
# What follows the addressee of "called on X …": the requested action.
WH_OBJECTS = frozenset({"what", "which", "whom", "that"})
REQUEST_DEPS = frozenset({"xcomp", "advcl", "ccomp"})
# The predicate of "called it *a hoax*" / "described it *as reckless*": UD xcomp or obl
# (with "as"), ClearNLP oprd/xcomp/prep(as).
PREDICATE_DEPS = frozenset({"xcomp", "oprd", "obl", "prep", "advcl"})
QUOTE_OR_COLON = frozenset({"“", '"', "''", "``", ":", "«"})
# "said he would" is a claim; fewer words after a cue are rarely a whole clause.
MIN_REST_TOKENS = 3
# Verbs whose complement is a clause, so the rest of the sentence after them is the
# content when the parse failed to attach one.
SAY_LIKE = frozenset(
    {
        "say",
        "tell",
        "claim",
        "state",
        "add",
        "insist",
        "argue",
        "contend",
        "note",
        "explain",
        "believe",
        "acknowledge",
        "admit",
        "announce",
        "write",
        "testify",
        "suggest",
        "predict",
        "assert",
        "confirm",
        "maintain",
        "allege",
        "stress",
        "emphasize",
        "reiterate",
        "concede",
        "warn",
        "assure",
        "tweet",
        "report",
    }
)
NOUN_PART_DEPS = frozenset({"compound", "nmod", "obj", "dobj"})
# Cues whose direct object is the person addressed, not part of what was said: "told
# *reporters* that …", "assured *residents* that …" (en_core_web_sm hangs the that-clause
# of "assured residents that …" off the object as a relative clause).
ADDRESSEE_CUES = frozenset({"tell", "assure"})
# A clause introduced by a colon ("said: we will fight") is parataxis in UD.
COLON_CLAUSE_DEPS = frozenset({"parataxis"})


@dataclass(slots=True)
class Found:
    """A cue with its speaker and content, before speakers are resolved."""

    cue: Token
    cue_text: str  # lemma, or "according to"
    stance: str
    speaker_head: Token | None
    content: tuple[int, int] | None  # token range, inclusive
    kind: str
    claim_object: Token | None = None  # "the claim" in "denied the claim"

    @property
    def position(self) -> int:
        return self.cue.i


def lemma(token: Token) -> str:
    """The token's lemma; for a verb whose model lemma is no known cue, a cue lemma
    recovered from the inflected form. Trained lemmatizers misspell rarer verbs ("tweeted"
    -> "tweete"), which would silently drop a whole class of claims."""
    base = (token.lemma_ or token.text).lower()
    if base in CUE_STANCE or token.pos_ not in ("VERB", "AUX"):
        return base
    return _cue_of_form(token.lower_) or base


# lemma() of a VERB/AUX token from its LEMMA and LOWER ids (hashes of the strings, the
# same in every document and memory zone), kept for the verb forms seen so far.
_VERB_LEMMAS: dict[tuple[int, int], str] = {}
_MAX_VERB_LEMMAS = 200_000


def _verb_lemma(strings: StringStore, lemma_id: int, lower_id: int) -> str:
    """``lemma(token)`` for a verb, from the ids of its lemma and lower-case form."""
    key = (lemma_id, lower_id)
    found = _VERB_LEMMAS.get(key)
    if found is None:
        lower = strings[lower_id]
        # lemma(): (lemma_ or text).lower(), and text.lower() is the lower-case form.
        base = strings[lemma_id].lower() if lemma_id else lower
        found = base if base in CUE_STANCE else (_cue_of_form(lower) or base)
        if len(_VERB_LEMMAS) >= _MAX_VERB_LEMMAS:
            _VERB_LEMMAS.clear()  # bounded: an open vocabulary must not grow it forever
        _VERB_LEMMAS[key] = found
    return found


# Every verb of every document whose lemma is no cue comes here; news reuses the same few
# thousand verb forms, so the answer per form is kept instead of rebuilt per token.
@lru_cache(maxsize=65_536)
def _cue_of_form(form: str) -> str | None:
    """The first dictionary form of ``form`` that is a known cue, if any."""
    return next((c for c in _inflection_candidates(form) if c in CUE_STANCE), None)


def _inflection_candidates(form: str) -> list[str]:
    """Possible dictionary forms of an English verb form (tweeted, denies, replying)."""
    out = [form]
    if form.endswith("ied") or form.endswith("ies"):
        out.append(form[:-3] + "y")
    for suffix in ("ed", "es", "s", "ing", "d"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            stem = form[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:  # "committed" -> "commit"
                out.append(stem[:-1])
    return out


def is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in token.children)


def is_numeral_subject(token: Token) -> bool:
    """ "10:50" in "10:50 — The Council said": a timestamp or number, not a speaker."""
    return bool(_NUMERAL_SUBJECT.match(token.text))


def find_subject(cue: Token) -> Token | None:
    """The speaker's head token: the subject, the passive agent, or an inherited subject.

    A numeral subject (a live blog's "10:50 —") is not the speaker: the real subject is
    its apposition, or else a second subject child of the same verb."""
    verb = cue
    for _ in range(MAX_SUBJECT_HOPS):
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.dep_ not in PASSIVE_SUBJECT_DEPS:
                if is_numeral_subject(child):
                    # Parsers also hang the real subject under the timestamp as an
                    # apposition ("09:05 — [appos] Ferrovia's defence minister … has
                    # rejected"); with none, look at the verb's other subjects.
                    child = next(
                        (c for c in child.children if c.dep_ == "appos" and c.pos_ != "NUM"),
                        child,
                    )
                    if is_numeral_subject(child):
                        continue
                if child.is_space:
                    # Paragraph breaks sometimes come out as the subject with the real
                    # subject hanging below them (or beside them, as a second subject);
                    # use the first nominal underneath, else look at the other children.
                    child = next(
                        (t for t in child.subtree if t.pos_ in ("PROPN", "NOUN", "PRON")), child
                    )
                    if child.is_space:
                        continue
                if child.is_punct or child.lower_ in ("there",):
                    return None
                if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ in RELATIVE_DEPS:
                    # "Stumpf, who admitted …": the relative pronoun stands for its noun.
                    return verb.head if verb.head.pos_ in ("NOUN", "PROPN") else None
                return child
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children):
            return passive_agent(verb)
        if verb.dep_ in RELATIVE_DEPS and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return verb.head
        if verb.dep_ in SUBJECT_INHERITING_DEPS and verb.head is not verb:
            verb = verb.head
            continue
        break
    return None


def _subject_parsed_as_clause(cue: Token) -> Token | None:
    """ "Megan Hester, senior associate for education organizing at X, said parents …"
    parsed with the name phrase as a clause before the cue: when the cue has a clause on
    each side and the left one ends at a comma before the cue, the left clause's nominal
    subject is the speaker."""
    clauses = _children(cue, CLAUSE_DEPS)
    left = [c for c in clauses if c.i < cue.i]
    if not left or not any(c.i > cue.i for c in clauses):
        return None
    clause = left[-1]
    if cue.doc[cue.i - 1].text != ",":
        return None
    subject = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None and subject.pos_ == "PROPN":
        return subject
    return None


def passive_agent(verb: Token) -> Token | None:
    """ "was denied *by the ministry*" in either scheme."""
    for child in verb.children:
        if child.dep_ in AGENT_DEPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
        if child.dep_.startswith("obl") and preposition_of(child) == "by":
            return child
    return None


def _children(token: Token, deps: frozenset[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _with_deps(tokens: list[Token], deps: frozenset[str]) -> list[Token]:
    return [t for t in tokens if t.dep_ in deps]


def _range(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    trimmed = trim_tokens(doc, lo, hi)
    if trimmed is None:
        return None
    # At least one word: stop at the first instead of counting them all (and index the
    # tokens: doc[a:b] would build a Span first).
    has_word = any(not doc[j].is_punct for j in range(trimmed[0], trimmed[1] + 1))
    return trimmed if has_word else None


def _request(cue: Token) -> tuple[int, int] | None:
    """Token range "X to do Y" after a request verb; the infinitive may hang off the
    verb (xcomp) or, in noisier parses, off the addressee (acl)."""
    doc = cue.doc
    addressees = [c for c in cue.children if c.i > cue.i and c.dep_ in ADDRESSEE_DEPS]
    if not addressees:
        return None
    who = addressees[0]
    for clause in [*cue.children, *who.children]:
        if (
            clause.i > who.i
            and clause.dep_ in INFINITIVE_DEPS
            and any(m.lower_ == "to" for m in clause.children if m.i < clause.i)
        ):
            return _range(doc, who.left_edge.i, subtree_range(clause)[1])
    return None


def _that_follows(cue: Token) -> bool:
    """The first word after the cue and its particles/modifiers is a complementiser."""
    doc = cue.doc
    skip = {t.i for c in cue.children if c.i > cue.i and c.dep_ in MODIFIER_DEPS for t in c.subtree}
    i = cue.i + 1
    end = sentence_bounds(doc, cue.i).end
    while i < end and (i in skip or doc[i].text == ","):
        i += 1
    return i < end and doc[i].lower_ == "that" and doc[i].head.i > i


def _after_preposition(nominal: Token) -> int:
    """First token index after the preposition of a UD oblique (its ``case`` child)."""
    cases = [c.i for c in nominal.children if c.dep_ == "case" and c.i < nominal.i]
    return max(cases) + 1 if cases else nominal.left_edge.i


def _comma_before(cue: Token, speaker_ids: set[int]) -> bool:
    """A comma or closing quote right before the cue phrase ("…, X said", "…,” said X")."""
    first = min([cue.i, *(i for i in speaker_ids if i < cue.i)])
    while first > 0 and cue.doc[first - 1].pos_ in ("ADV", "AUX", "PART"):
        first -= 1  # "…, he also said", "…, she has said"
    return first > 0 and cue.doc[first - 1].text in {",", "”", '"', "''", "—", "–"}


def rest_of_sentence(cue: Token, stance: str) -> tuple[int, int] | None:
    """Fallback when the parse gives a speech verb no complement: "X said the union
    expected …" parsed with "the union" as object. The content is the rest of the
    sentence after the cue and its addressee/time/place modifiers ("told *reporters*",
    "said *on Monday*", "said *in a statement*") and a complementiser. Only used for
    verbs whose complement is normally a clause (SAY_LIKE), and only when a verb follows,
    so "said hello" or "told the committee" never become claims.
    """
    doc = cue.doc
    sent = sentence_bounds(doc, cue.i)
    skip: set[int] = set()
    for child in cue.children:
        if child.i <= cue.i:
            continue
        if child.dep_ in MODIFIER_DEPS:
            skip |= {t.i for t in child.subtree}
        elif cue.lemma_.lower() in ADDRESSEE_CUES and child.dep_ in OBJECT_DEPS:
            skip |= _addressee_tokens(child)
    i = cue.i + 1
    while i < sent.end and (i in skip or doc[i].is_punct or doc[i].is_space):
        if doc[i].text in QUOTE_OR_COLON:
            return None  # a quotation follows: the quote rules handle it
        i += 1
    if i < sent.end and doc[i].lower_ in ("that", "whether", "if"):
        i += 1
    if i >= sent.end or doc[i].text in QUOTE_OR_COLON or doc[i].lower_ in ("to", "about", "of"):
        return None
    end = next((j - 1 for j in range(i, sent.end) if doc[j].text == ";"), sent.end - 1)
    found = _range(doc, i, end)
    if found is None or found[1] - found[0] + 1 < MIN_REST_TOKENS:
        return None
    if not any(doc[j].pos_ in ("VERB", "AUX") for j in range(found[0], found[1] + 1)):
        return None
    return found


def _addressee_tokens(addressee: Token) -> set[int]:
    """The addressee's phrase without a that-clause the parse hung off it ("residents
    *that they would not be harmed*"): that clause is what was said to them."""
    said = {
        t.i
        for clause in addressee.children
        if clause.i > addressee.i
        and any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children)
        for t in clause.subtree
    }
    return {t.i for t in addressee.subtree} - said


def _falsity_predicate(cue: Token) -> Token | None:
    for child in cue.children:
        if lemma(child) in FALSITY_WORDS or child.lower_ in FALSITY_WORDS:
            return child
        if child.dep_ in ("xcomp", "oprd", "ccomp", "advcl", "obl") and any(
            lemma(g) in FALSITY_WORDS and g.dep_ in ("amod", "case", "det") for g in child.children
        ):
            return child
    return None


def content_of(
    cue: Token, speaker: Token | None
) -> tuple[tuple[int, int] | None, str, Token | None]:
    """(token range of the content, stance, claim-noun object) for a cue verb."""
    doc = cue.doc
    cue_lemma = lemma(cue)
    stance = stance_of(cue_lemma) or "assert"
    speaker_ids = {t.i for t in speaker.subtree} if speaker is not None else set()
    # The rules below filter the cue's children by relation again and again; spaCy
    # builds a new Token for each child on every walk, so the children are listed once.
    kids = list(cue.children)

    # "declared the claim false", "called the report baseless", "dismissed it as a lie"
    if cue_lemma in DECLARING_VERBS or stance == DENY:
        predicate = _falsity_predicate(cue)
        if predicate is not None:
            target = next((c for c in _with_deps(kids, OBJECT_DEPS) if c.i != predicate.i), None)
            if target is None:
                # "declared [the claim] false" parsed with the claim under the predicate
                # (as its subject in ClearNLP, as a compound in some UD parses).
                target = next(
                    (c for c in predicate.children if c.dep_ in SUBJECT_DEPS | NOUN_PART_DEPS),
                    None,
                )
            if target is not None:
                lo, hi = subtree_range(
                    target, exclude={t.i for t in predicate.subtree} - {t.i for t in target.subtree}
                )
                return _range(doc, lo, hi), DENY, target

    for clause in _with_deps(kids, CLAUSE_DEPS):
        subtree = [t.i for t in clause.subtree]  # walked once for both uses below
        if speaker is not None and speaker.i in subtree:
            continue  # the speaker's own phrase, misparsed as a clause
        if clause.i in speaker_ids:
            continue
        # subtree_range(clause, exclude=speaker_ids | {cue.i}) on the walk already made
        kept = [i for i in subtree if i not in speaker_ids and i != cue.i]
        lo, hi = min(kept), max(kept)
        found = _range(doc, lo, hi)
        if found is not None and found[1] - found[0] + 1 >= MIN_CONTENT_TOKENS:
            return found, stance, None

    for clause in _with_deps(kids, COLON_CLAUSE_DEPS):
        if clause.i > cue.i and any(doc[j].text == ":" for j in range(cue.i, clause.i)):
            lo, hi = subtree_range(clause)
            found = _range(doc, lo, hi)
            if found is not None:
                return found, stance, None

    # "…, X said." and "Acts of protest, X said, are acts of patriotism": the cue hangs
    # off the reported clause (UD parataxis; ClearNLP often ccomp/advcl of the clause).
    # The content is the clause around the cue phrase; when the cue sits in the middle,
    # the one contiguous span runs across it.
    if cue.dep_ in PARENTHETICAL_DEPS and cue.head is not cue and _comma_before(cue, speaker_ids):
        head = cue.head
        exclude = {t.i for t in cue.subtree}
        sent = sentence_bounds(doc, cue.i)
        around = [t.i for t in head.subtree if t.i not in exclude and sent.start <= t.i < sent.end]
        left = [i for i in around if i < cue.i]
        if left:
            found = _range(doc, min(around), max(around))
            if found is not None and found[1] - found[0] + 1 >= MIN_CONTENT_TOKENS:
                return found, stance, None

    if stance in (PROMISE, WARN) or cue_lemma in ("claim", "promise", "threaten", "vow", "agree"):
        for clause in _with_deps(kids, frozenset({"xcomp"})):
            lo, hi = subtree_range(clause)
            found = _range(doc, lo, hi)
            if found is not None and found[1] - found[0] + 1 >= MIN_CONTENT_TOKENS:
                return found, stance, None

    # "called for an inquiry", "talked about the economy", "called on X to resign"
    for prep, nominal in obliques(cue):
        if nominal.i > cue.i and prep in PREPOSITION_CONTENT.get(cue_lemma, ()):
            lo, hi = subtree_range(nominal)
            if prep == "on":  # "called on Dean to apologize": the request follows
                later = [c for c in kids if c.i > nominal.i and c.dep_ in REQUEST_DEPS]
                hi = max([hi, *(subtree_range(x)[1] for x in later)])
            lo = max(lo, _after_preposition(nominal))
            found = _range(doc, lo, hi)
            if found is not None:
                return found, POSITION if stance == "assert" else stance, None

    # "has called climate change a hoax", "described the plan as reckless": the object
    # with its predicate is what the speaker says.
    if cue_lemma in DECLARING_VERBS:
        objs = [o for o in _with_deps(kids, OBJECT_DEPS) if o.i > cue.i]
        if any(o.lower_ in WH_OBJECTS for o in _with_deps(kids, OBJECT_DEPS)):
            # "what he called a brazen breach": a label inside someone else's sentence.
            return None, stance, None
        preds = [p for p in kids if p.dep_ in PREDICATE_DEPS and objs and p.i > objs[0].i]
        if objs and preds and stance == DENY:
            # "dismissed the announcement as the work of …", "dismissed the ministry's
            # account within hours": what is denied is the object; the label or time
            # phrase after it is the denier's own words, not the denied content.
            lo, hi = subtree_range(objs[0])
            found = _range(doc, lo, hi)
            if found is not None:
                return found, stance, objs[0] if lemma(objs[0]) in CLAIM_NOUNS else None
        if objs and preds:
            found = _range(doc, subtree_range(objs[0])[0], subtree_range(preds[-1])[1])
            if found is not None:
                return found, stance, None

    # "asked the candidates to discuss …": addressee and requested action.
    if cue_lemma in REQUEST_VERBS:
        request = _request(cue)
        if request is not None:
            return request, POSITION, None

    # "<cue> (out/to reporters/on Monday) that <clause>" whatever the parse made of the
    # clause (small parsers attach it as advcl or even a relative clause).
    if (cue_lemma in SAY_LIKE or _that_follows(cue)) and speaker is not None:
        found = rest_of_sentence(cue, stance)
        if found is not None:
            return found, stance, None

    if cue_lemma in OBJECT_CONTENT:
        # "The claim was rejected by the ministry": the passive subject is the object.
        passive = _with_deps(kids, PASSIVE_SUBJECT_DEPS) if speaker is not None else []
        for obj in _with_deps(kids, OBJECT_DEPS) + passive:
            if obj.i in speaker_ids:
                continue
            # "rejected reports that the town had fallen": the clause is the content.
            clauses = [
                c
                for c in obj.children
                if c.dep_ in ("acl", "ccomp", "acl:relcl")
                and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ]
            if clauses:
                lo, hi = subtree_range(clauses[0])
                found = _range(doc, lo, hi)
                if found is not None:
                    return found, stance, obj if lemma(obj) in CLAIM_NOUNS else None
            lo, hi = subtree_range(obj)
            found = _range(doc, lo, hi)
            if found is not None:
                return found, stance, obj if lemma(obj) in CLAIM_NOUNS else None
    return None, stance, None


def find_cues(doc: Doc, quoted: list[tuple[int, int]]) -> list[Found]:
    """Every reporting cue with a speaker or content, in text order."""
    found: list[Found] = []
    strings = doc.vocab.strings
    # Plain lists: indexing a numpy array per verb costs more than converting it once.
    lemmas, lowers = doc.to_array(LEMMA).tolist(), doc.to_array(LOWER).tolist()
    for i in indices_where(doc, POS, ("VERB", "AUX")):  # a cue is always a verb
        # Most verbs are no cue: their lemma is looked up from the attribute ids, and a
        # Token is built only for the cues.
        cue_lemma = _verb_lemma(strings, lemmas[i], lowers[i])
        stance = stance_of(cue_lemma)
        if stance is None:
            continue
        token = doc[i]
        if is_negated(token):
            continue
        if _inside(token.idx, quoted):
            continue  # speech reported inside a quotation belongs to the quoted speaker
        speaker = find_subject(token) or _subject_parsed_as_clause(token)
        content, stance, claim_object = content_of(token, speaker)
        if content is None and cue_lemma in NEEDS_CLAUSE:
            continue
        if speaker is None and content is None:
            continue
        found.append(
            Found(
                cue=token,
                cue_text=cue_lemma,
                stance=stance,
                speaker_head=speaker,
                content=content,
                kind="indirect",
                claim_object=claim_object,
            )
        )
    return found


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= offset < hi for lo, hi in spans)


def according_to(doc: Doc) -> list[Found]:
    """ "according to X, …" and "…, according to X"."""
    found: list[Found] = []
    for i in indices_where(doc, LOWER, ("according",)):
        if i + 1 >= len(doc) or doc[i + 1].lower_ != "to":
            continue
        token = doc[i]
        source = _according_source(token)
        if source is None:
            continue
        sent = sentence_bounds(doc, token.i)
        phrase_end = max(t.i for t in source.subtree if t.i < sent.end)
        # The phrase ends at the first comma after "to" when the subtree runs on.
        for j in range(token.i + 2, phrase_end + 1):
            if doc[j].text in (",", ";"):
                phrase_end = j - 1
                break
        before = _range(doc, sent.start, token.i - 1) if token.i > sent.start else None
        after = _range(doc, phrase_end + 1, sent.end - 1) if phrase_end + 1 < sent.end else None
        content = before if before and (not after or _len(before) >= _len(after)) else after
        if content is None:
            continue
        found.append(Found(token, "according to", "assert", source, content, "according_to"))
    return found


def _len(r: tuple[int, int]) -> int:
    return r[1] - r[0] + 1


def _according_source(according: Token) -> Token | None:
    doc = according.doc
    if according.dep_ in ("case", "fixed") or according.head.i > according.i + 1:
        head = according.head
        if head.i > according.i + 1 and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return head
    to = doc[according.i + 1]
    for child in list(to.children) + list(according.children):
        if child.dep_ in ("pobj", "obj", "nmod", "obl") and child.i > to.i:
            return child
    for j in range(according.i + 2, min(len(doc), according.i + 8)):
        t = doc[j]
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            head = t
            while (
                head.head.i > head.i
                and head.head.i < according.i + 8
                and head.head.pos_ in ("PROPN", "NOUN")
            ):
                head = head.head
            return head
    return None
