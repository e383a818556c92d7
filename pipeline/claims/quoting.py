"""Quotations attached to cues: a content inside a quotation takes the whole quotation,
a quotation no cue reached goes to the nearest cue beside it, the parts of one quotation
around its frame are joined, and a later quotation with no cue continues a direct claim.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.claims.cues import is_negated, lemma, stance_of
from pipeline.claims.quotes import Quote
from pipeline.claims.rules import Found
from pipeline.claims.spans import token_chars
from pipeline.claims.subjects import find_subject
from pipeline.nlp.labels import has_dep
from pipeline.nlp.paragraphs import source_text
from pipeline.records import Claim, ClaimKind, Stance

Range = tuple[int, int]
# A quotation's inner character range and the quotation.
Quoted = tuple[int, int, Quote]

DIRECT, INDIRECT, MIXED, ACCORDING_TO = "direct", "indirect", "mixed", "according_to"
# Words between a quotation and its cue ("…,” the commander said) — further than this
# and the cue is taken to belong to other text.
MAX_CUE_DISTANCE_TOKENS = 12
# Longest frame between two parts of one quotation: the speaker may carry a long
# apposition ("said Robert Smith, one of several veterans who came to work with him.").
# Every frame token must still belong to the speaker or cue, so length alone never joins.
MAX_FRAME_TOKENS = 40
# Dependents of a cue that belong to its frame ("he added *on Twitter*", "she *also* said").
FRAME_DEPS = frozenset(
    {
        "nsubj",
        "aux",
        "advmod",
        "obl",
        "obl:tmod",
        "prep",
        "pobj",
        "npadvmod",
        "punct",
        "case",
        "det",
        "compound",
        "flat",
        "appos",
        "amod",
        "iobj",
        "dative",
    }
)


def _quote_for(lo: int, hi: int, quotes: list[Quoted]) -> Quoted | None:
    """The quotation whose marks enclose the char range [lo, hi), if any."""
    for qlo, qhi, q in quotes:
        if q.start <= lo and hi <= q.end:
            return qlo, qhi, q
    return None


def _quote_plus_frame(f: Found, lo: int, hi: int, quotes: list[Quoted]) -> Quoted | None:
    """The quotation a content consists of once its own frame is set aside: a parse that
    hangs the cue inside the quoted clause yields "“…,” X said" as content."""
    overlapping = _overlapping(lo, hi, quotes)
    if not overlapping:
        return None  # most contents hold no quotation: skip walking the cue's subtree
    doc = f.cue.doc
    own = {t.i for t in f.cue.subtree if t.i == f.cue.i or has_dep(t, FRAME_DEPS)}
    if f.speaker_head is not None:
        own |= {t.i for t in f.speaker_head.subtree}
    own.add(f.cue.i)
    content: list[Token] = list(doc.char_span(lo, hi, alignment_mode="expand") or [])
    for qlo, qhi, q in overlapping:
        outside = [t for t in content if not (q.start <= t.idx < q.end) and t.i not in own]
        if all(t.is_punct or t.is_space for t in outside):
            return qlo, qhi, q
    return None


def _inside_quote(offset: int, quotes: list[Quoted]) -> bool:
    return any(lo <= offset < hi for lo, hi, _ in quotes)


def _overlapping(lo: int, hi: int, quotes: list[Quoted]) -> list[Quoted]:
    return [x for x in quotes if x[0] < hi and lo < x[1]]


def _nearest_cue(doc: Doc, quote: Quote) -> Token | None:
    """A reporting verb just after the quotation (same sentence) or just before it."""
    end_tok = doc.char_span(quote.end - 1, quote.end, alignment_mode="expand")
    start_tok = doc.char_span(quote.start, quote.start + 1, alignment_mode="expand")
    candidates: list[Token] = []
    src = source_text(doc)  # the model may have read line breaks as spaces

    def breaks(t: Token) -> bool:
        return "\n" in src[t.idx : t.idx + len(t.text)]

    # Index loops rather than doc[a:b]: a slice builds a Span first.
    if end_tok is not None:
        i = end_tok.end
        for j in range(i, min(len(doc), i + MAX_CUE_DISTANCE_TOKENS)):
            t = doc[j]
            if t.text in ("“", '"') or breaks(t):
                break
            candidates.append(t)
    if start_tok is not None:
        i = start_tok.start
        back = []
        for j in range(i - 1, max(0, i - MAX_CUE_DISTANCE_TOKENS) - 1, -1):
            t = doc[j]
            if breaks(t) or t.text in ("”",):
                break
            back.append(t)
        candidates.extend(back)
    for t in candidates:
        if t.pos_ in ("VERB", "AUX") and stance_of(lemma(t)) and not is_negated(t):
            return t
    return None


def attach_quotes(
    doc: Doc, found: list[Found], quotes: list[Quoted]
) -> tuple[dict[int, Range], dict[int, ClaimKind]]:
    """Content character range and kind per cue index, quotations attached; a quotation
    no cue reached is given to the nearest cue beside it (added to ``found``)."""
    contents: dict[int, Range] = {}
    kinds: dict[int, ClaimKind] = {}
    for f in found:
        if f.content is None:
            continue
        lo, hi = token_chars(doc, *f.content)
        kind = f.kind
        if kind != ClaimKind.ACCORDING_TO:
            inside = _quote_for(lo, hi, quotes) or _quote_plus_frame(f, lo, hi, quotes)
            if inside is not None:
                lo, hi, kind = inside[0], inside[1], ClaimKind.DIRECT
            elif _overlapping(lo, hi, quotes):
                kind = ClaimKind.MIXED
        contents[f.cue.i] = (lo, hi)
        kinds[f.cue.i] = kind
    _give_quotes_to_nearest_cues(doc, found, quotes, contents, kinds)
    _join_quote_parts(doc, found, contents, kinds, quotes)
    return contents, kinds


def _give_quotes_to_nearest_cues(
    doc: Doc,
    found: list[Found],
    quotes: list[Quoted],
    contents: dict[int, Range],
    kinds: dict[int, ClaimKind],
) -> None:
    text = source_text(doc)
    by_cue = {f.cue.i: f for f in found}
    for qlo, qhi, quote in quotes:
        if any(lo < qhi and qlo < hi for lo, hi in contents.values()):
            continue
        if len(text[qlo:qhi].split()) < 3:
            continue  # a scare-quoted word or title, not a quotation
        cue = _nearest_cue(doc, quote)
        if cue is None:
            continue
        existing = by_cue.get(cue.i)
        if existing is not None and cue.i in contents:
            continue
        if existing is None:
            cue_lemma = lemma(cue)
            stance = stance_of(cue_lemma) or Stance.ASSERT
            existing = Found(cue, cue_lemma, stance, find_subject(cue), None, ClaimKind.DIRECT)
            found.append(existing)
            by_cue[cue.i] = existing
        contents[cue.i] = (qlo, qhi)
        kinds[cue.i] = ClaimKind.DIRECT


def _join_quote_parts(
    doc: Doc,
    found: list[Found],
    contents: dict[int, Range],
    kinds: dict[int, ClaimKind],
    quotes: list[Quoted],
) -> None:
    """Give a direct claim every later part of the same quotation in its paragraph.

    "“A,” he said. “B.”", "“A,” he said, “B.”" and "He said: “A.” “B.”" are one statement
    in two quoted parts. A later quotation joins when nothing but the claim's own cue
    phrase (speaker, cue, adverbs, punctuation) stands between the parts, it has no cue of
    its own, and no paragraph break intervenes (a quotation continued in a new paragraph
    is chained by find_quotes). The content then runs from the first part to the last,
    with the cue phrase inside it: a content span must be one contiguous slice.
    """
    text = source_text(doc)
    claimed = {contents[f.cue.i] for f in found if f.cue.i in contents}
    owners = sorted(
        (f for f in found if kinds.get(f.cue.i) in (ClaimKind.DIRECT, ClaimKind.MIXED)),
        key=lambda f: contents[f.cue.i][0],
    )
    for f in owners:
        lo, hi = contents[f.cue.i]
        own = {t.i for t in f.cue.subtree if not (lo <= t.idx < hi)} | {f.cue.i}
        if f.speaker_head is not None:
            own |= {t.i for t in f.speaker_head.subtree}
        for qlo, qhi, _ in quotes:
            if qlo < hi:
                continue
            if (qlo, qhi) in claimed or any(
                lo2 < qhi and qlo < hi2 for lo2, hi2 in claimed if (lo2, hi2) != (lo, hi)
            ):
                break
            gap = doc.char_span(hi, qlo, alignment_mode="expand")
            if "\n" in text[hi:qlo] or gap is None or len(gap) > MAX_FRAME_TOKENS:
                break
            if any(not (t.is_punct or t.is_space or t.i in own) for t in gap):
                break
            if qlo - hi > (hi - lo) + (qhi - qlo):
                break  # a frame longer than the quoted words: the parts stay apart
            hi = qhi
        if hi != contents[f.cue.i][1]:
            contents[f.cue.i] = (lo, hi)


def continue_quotes(claims: list[Claim], quotes: list[Quoted], text: str) -> None:
    """A quotation with no cue that follows a direct claim continues it (news convention:
    "“…,” she said. “…”" and a new paragraph that opens with a quotation)."""
    covered = [(c.content_start, c.content_end) for c in claims]
    for qlo, qhi, _ in quotes:
        if any(lo < qhi and qlo < hi for lo, hi in covered) or len(text[qlo:qhi].split()) < 3:
            continue
        before = [c for c in claims if c.content_end <= qlo]
        if not before:
            continue
        last = max(before, key=lambda c: c.content_end)
        gap = text[last.content_end : qlo]
        if (
            last.kind not in (ClaimKind.DIRECT, ClaimKind.MIXED)
            or len(gap) > 200
            or any(c.content_start > last.content_end and c.content_start < qlo for c in claims)
        ):
            continue
        if "\n" in gap.strip() or gap.count("\n") > 1:
            continue
        claims.append(
            Claim(
                speaker=last.speaker,
                speaker_start=last.speaker_start,
                speaker_end=last.speaker_end,
                speaker_canonical=last.speaker_canonical,
                speaker_label=last.speaker_label,
                cue=last.cue,
                stance=last.stance,
                content=text[qlo:qhi],
                content_start=qlo,
                content_end=qhi,
                kind=ClaimKind.DIRECT,
                sentence_index=last.sentence_index,
                affiliation=last.affiliation,
                speaker_role=last.speaker_role,
            )
        )
        covered.append((qlo, qhi))
    claims.sort(key=lambda c: c.content_start)
