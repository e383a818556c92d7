"""extract_claims: cues and quotations -> Claim records with resolved speakers.

Order of work: reporting cues from the parse (rules.py) and "according to" phrases;
quotations from the raw text (quotes.py) attached to the cue whose content they hold or
to the nearest cue beside them; quote parts around one frame joined; layout attributions
("“…” ― Name", "NAME: …") where no cue covered the text; speakers resolved in text order
(speakers.py); denials linked (link.py).

Kinds: ``direct`` (content is a quotation, possibly in several parts with the frame
between them inside the span), ``indirect`` (reported clause or object), ``mixed``
(indirect with quoted fragments), ``according_to``.

Conventions: the speaker span is the speaker as written (a pronoun's own span);
``speaker_canonical`` is None unless a mention, a person/organisation speaker earlier in
the text, or a role introduced earlier backs it. Negated cues ("did not say", "did not
deny") give no claim at all. Offsets index the document's source text (the model may
have read line breaks as spaces; pipeline.nlp.paragraphs), so
``source_text(doc)[content_start:content_end] == content`` and, for a Doc made from the
text directly, ``doc.text`` is that source text.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from pipeline.claims.cues import stance_of
from pipeline.claims.layout import layout_claims
from pipeline.claims.link import link_denials
from pipeline.claims.quotes import Quote, find_quotes
from pipeline.claims.rules import Found, according_to, find_cues, find_subject, is_negated, lemma
from pipeline.claims.spans import char_span, token_chars
from pipeline.claims.speakers import Speaker, SpeakerResolver
from pipeline.nlp.paragraphs import source_text
from pipeline.nlp.tokens import sentence_bounds, sentence_starts
from pipeline.records import Claim, Mention

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


def _quote_for(
    lo: int, hi: int, quotes: list[tuple[int, int, Quote]]
) -> tuple[int, int, Quote] | None:
    """The quotation whose marks enclose the char range [lo, hi), if any."""
    for qlo, qhi, q in quotes:
        if q.start <= lo and hi <= q.end:
            return qlo, qhi, q
    return None


def _stop_at_coordinated_cues(found: list[Found]) -> None:
    """ "said the town fell and warned that …": a content ends before a later cue that
    starts inside it, so each cue keeps its own statement."""
    starts = sorted(f.cue.i for f in found)
    for f in found:
        if f.content is None or f.kind == ACCORDING_TO:
            continue
        lo, hi = f.content
        doc = f.cue.doc
        inner = [i for i in starts if lo < i <= hi and i > f.cue.i and doc[i].dep_ == "conj"]
        if not inner:
            continue
        cut = min(doc[inner[0]].left_edge.i, inner[0])
        while cut - 1 > lo and doc[cut - 1].dep_ in ("cc", "punct", "advmod"):
            cut -= 1
        if cut - 1 >= lo + 1:
            f.content = (lo, cut - 1)


def _extend_to_sentence(found: list[Found]) -> None:
    """A reported clause after its cue runs to the end of the sentence.

    Small parsers often cut a long complement short ("said it would be "improper" | for
    him to speak on …"); in news the reported clause after a cue almost always ends with
    the sentence. It stops before another cue's own words ("…, adding that …") and at a
    semicolon. A cue set off by commas inside the sentence ("The museum, Mr. Obama said,
    would …") also takes the words before it.
    """
    cue_at = sorted(f.cue.i for f in found)
    is_cue = set(cue_at)
    for f in found:
        if f.content is None or f.kind == ACCORDING_TO:
            continue
        lo, hi = f.content
        doc = f.cue.doc
        if lo <= f.cue.i or not any(doc[j].pos_ in ("VERB", "AUX") for j in range(lo, hi + 1)):
            continue  # only reported clauses; an object ("attacked Machado") stays as is
        sent = sentence_bounds(doc, f.cue.i)
        end = sent.end - 1
        for i in range(hi + 1, sent.end):
            if i in is_cue or doc[i].text == ";":
                end = min(doc[i].left_edge.i, i) - 1
                break
        while (
            end > hi and (doc[end].is_punct or doc[end].is_space) and not _is_quote_mark(doc[end])
        ):
            end -= 1
        if end > hi and not any(doc[i].text in ("“", '"', "''") for i in range(hi + 1, end + 1)):
            hi = end
        first = f.speaker_head.left_edge.i if f.speaker_head is not None else f.cue.i
        first = min(first, f.cue.i)
        if (
            first > sent.start
            and doc[first - 1].text == ","
            and doc[lo].pos_ in ("AUX", "VERB")  # "The museum, he said, *would* …"
            and not any(sent.start <= i < first for i in cue_at)
        ):
            lo = sent.start
        f.content = (lo, hi)


def _is_quote_mark(token: Token) -> bool:
    return token.text in ("”", '"', "''", "’")


def _quote_plus_frame(
    f: Found, lo: int, hi: int, quotes: list[tuple[int, int, Quote]]
) -> tuple[int, int, Quote] | None:
    """The quotation a content consists of once its own frame is set aside: a parse that
    hangs the cue inside the quoted clause yields "“…,” X said" as content."""
    overlapping = _overlapping(lo, hi, quotes)
    if not overlapping:
        return None  # most contents hold no quotation: skip walking the cue's subtree
    doc = f.cue.doc
    own = {t.i for t in f.cue.subtree if t.i == f.cue.i or t.dep_ in FRAME_DEPS}
    if f.speaker_head is not None:
        own |= {t.i for t in f.speaker_head.subtree}
    own.add(f.cue.i)
    content = doc.char_span(lo, hi, alignment_mode="expand") or []
    for qlo, qhi, q in overlapping:
        outside = [t for t in content if not (q.start <= t.idx < q.end) and t.i not in own]
        if all(t.is_punct or t.is_space for t in outside):
            return qlo, qhi, q
    return None


def _one_claim_per_content(found: list[Found], contents: dict[int, tuple[int, int]]) -> list[Found]:
    """Two cues with the very same content are one statement read twice ("advocating X
    as shown by …"): keep the cue standing outside the content, else the first."""
    best: dict[tuple[int, int], Found] = {}
    for f in found:
        span = contents[f.cue.i]
        held = best.get(span)
        if held is None or (_cue_inside(held, span) and not _cue_inside(f, span)):
            best[span] = f
    kept = {id(f) for f in best.values()}
    return [f for f in found if id(f) in kept]


def _cue_inside(f: Found, span: tuple[int, int]) -> bool:
    return span[0] <= f.cue.idx < span[1]


def _inside_quote(offset: int, quotes: list[tuple[int, int, Quote]]) -> bool:
    return any(lo <= offset < hi for lo, hi, _ in quotes)


def _overlapping(
    lo: int, hi: int, quotes: list[tuple[int, int, Quote]]
) -> list[tuple[int, int, Quote]]:
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


def extract_claims(doc: Doc, mentions: list[Mention]) -> list[Claim]:
    """Every attributed statement in ``doc``, in text order."""
    text = source_text(doc)
    quotes = [(*q.inner(text), q) for q in find_quotes(text)]
    quote_marks = [(q.start, q.end) for _, _, q in quotes]
    # A transcript turn ("PENCE: … Hillary Clinton apparently thinks …") is the labelled
    # speaker's words, like a quotation: cues inside it are not separate claims.
    quote_marks += [
        (lc.content_start, lc.content_end) for lc in layout_claims(text, quotes) if lc.cue == ":"
    ]
    found = find_cues(doc, quote_marks) + according_to(doc)
    _stop_at_coordinated_cues(found)
    _extend_to_sentence(found)
    by_cue = {f.cue.i: f for f in found}

    # Attach quotations: a claim whose content sits inside a quotation takes the whole
    # quotation; a quotation no cue reached is given to the nearest cue beside it.
    contents: dict[int, tuple[int, int]] = {}
    kinds: dict[int, str] = {}
    for f in found:
        if f.content is None:
            continue
        lo, hi = token_chars(doc, *f.content)
        kind = f.kind
        if kind != ACCORDING_TO:
            inside = _quote_for(lo, hi, quotes) or _quote_plus_frame(f, lo, hi, quotes)
            if inside is not None:
                lo, hi, kind = inside[0], inside[1], DIRECT
            elif _overlapping(lo, hi, quotes):
                kind = MIXED
        contents[f.cue.i] = (lo, hi)
        kinds[f.cue.i] = kind
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
            existing = Found(
                cue, lemma(cue), stance_of(lemma(cue)) or "assert", find_subject(cue), None, DIRECT
            )
            found.append(existing)
            by_cue[cue.i] = existing
        contents[cue.i] = (qlo, qhi)
        kinds[cue.i] = DIRECT

    _join_quote_parts(doc, found, contents, kinds, quotes)

    found = sorted((f for f in found if f.cue.i in contents), key=lambda f: contents[f.cue.i][0])
    found.sort(key=lambda f: min(f.cue.idx, contents[f.cue.i][0]))
    found = _one_claim_per_content(found, contents)

    resolver = SpeakerResolver(mentions)
    sent_starts = sentence_starts(doc)
    claims: list[Claim] = []
    owners: dict[int, str | None] = {}
    claim_nouns: dict[int, str] = {}
    previous: Claim | None = None
    for f in found:
        lo, hi = contents[f.cue.i]
        speaker: Speaker | None = (
            resolver.from_token(f.speaker_head) if f.speaker_head is not None else None
        )
        if speaker is not None and (
            not speaker.text.strip() or _inside_quote(speaker.start, quotes)
        ):
            speaker = None  # a subject inside a quotation is a parse error, not a speaker
        if (
            speaker is None
            and previous is not None
            and previous.speaker is not None
            and previous.speaker_start is not None
            and previous.speaker_end is not None
            and kinds[f.cue.i] == DIRECT
            and f.speaker_head is None
        ):
            # A quote with no speaker of its own continues the previous one's, when that
            # had a speaker: a speakerless claim passes on no (empty) speaker span.
            speaker = Speaker(
                previous.speaker,
                previous.speaker_start,
                previous.speaker_end,
                previous.speaker_canonical,
                previous.speaker_label,
                previous.speaker_role,
                previous.affiliation,
            )
        if speaker is not None:
            resolver.remember(speaker)
        claim = Claim(
            speaker=speaker.text if speaker else None,
            speaker_start=speaker.start if speaker else None,
            speaker_end=speaker.end if speaker else None,
            speaker_canonical=speaker.canonical if speaker else None,
            speaker_label=speaker.label if speaker else None,
            cue=f.cue_text,
            stance=f.stance,
            content=text[lo:hi],
            content_start=lo,
            content_end=hi,
            kind=kinds[f.cue.i],
            sentence_index=bisect_right(sent_starts, f.cue.i) - 1,
            affiliation=speaker.affiliation if speaker else None,
            speaker_role=speaker.role if speaker else None,
        )
        if f.claim_object is not None:
            claim_nouns[id(claim)] = lemma(f.claim_object)
            owners[id(claim)] = _owner(resolver, f.claim_object)
        claims.append(claim)
        previous = claim
    _add_layout_claims(claims, quotes, text, resolver, sent_starts_chars(doc))
    _continue_quotes(claims, quotes, text)
    link_denials(claims, owners, claim_nouns)
    return claims


def _join_quote_parts(
    doc: Doc,
    found: list[Found],
    contents: dict[int, tuple[int, int]],
    kinds: dict[int, str],
    quotes: list[tuple[int, int, Quote]],
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
        (f for f in found if kinds.get(f.cue.i) in (DIRECT, MIXED)),
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


def sent_starts_chars(doc: Doc) -> list[int]:
    return [doc[i].idx for i in sentence_starts(doc)]


def _add_layout_claims(
    claims: list[Claim],
    quotes: list[tuple[int, int, Quote]],
    text: str,
    resolver: SpeakerResolver,
    sent_chars: list[int],
) -> None:
    """Dash-signed quotations and "NAME: …" paragraphs the verb rules did not cover."""
    for found in layout_claims(text, quotes):
        lo, hi = found.content_start, found.content_end
        if any(c.content_start < hi and lo < c.content_end for c in claims):
            continue
        mention = resolver.mention_at(found.speaker_start, found.speaker_end)
        claims.append(
            Claim(
                speaker=text[found.speaker_start : found.speaker_end],
                speaker_start=found.speaker_start,
                speaker_end=found.speaker_end,
                speaker_canonical=mention.canonical if mention else None,
                speaker_label=mention.label if mention else None,
                cue=found.cue,
                stance="assert",
                content=text[lo:hi],
                content_start=lo,
                content_end=hi,
                kind=DIRECT if found.cue == "―" else INDIRECT,
                sentence_index=bisect_right(sent_chars, lo) - 1,
            )
        )
    claims.sort(key=lambda c: c.content_start)


def _owner(resolver: SpeakerResolver, obj: Token) -> str | None:
    """ "the Taliban's claim" / "the claim of the Taliban" / "claims by the army" /
    "the Saltmark account" (a proper-noun modifier names the claimant too)."""
    for child in obj.children:
        if child.dep_ in ("poss", "nmod:poss"):
            return _owner_name(resolver, child)
        if child.dep_ == "prep" and child.lower_ in ("of", "by"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _owner_name(resolver, pobj)
        if child.dep_.startswith("nmod") and any(g.lower_ in ("of", "by") for g in child.children):
            return _owner_name(resolver, child)
    for child in obj.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i < obj.i:
            return resolver._name_of(child)
    return None


def _owner_name(resolver: SpeakerResolver, token: Token) -> str:
    """The possessor resolved the way a speaker is: "the colonel" to the colonel named
    earlier, "the ministry" to the ministry, "its" to the group; as written otherwise."""
    if token.pos_ in ("NOUN", "PRON"):
        resolved = resolver.from_token(token).canonical
        if resolved:
            return resolved
    return resolver._name_of(token)


def _continue_quotes(claims: list[Claim], quotes: list[tuple[int, int, Quote]], text: str) -> None:
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
            last.kind not in (DIRECT, MIXED)
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
                kind=DIRECT,
                sentence_index=last.sentence_index,
                affiliation=last.affiliation,
                speaker_role=last.speaker_role,
            )
        )
        covered.append((qlo, qhi))
    claims.sort(key=lambda c: c.content_start)


__all__ = ["char_span", "extract_claims"]
