"""extract_claims: cues and quotations -> Claim records with resolved speakers.

Order of work: reporting cues from the parse (rules.py) and "according to" phrases;
quotations from the raw text (quotes.py) attached to the cue whose content they hold or
to the nearest cue beside them; quote parts around one frame joined; layout attributions
("“…” ― Name", "NAME: …") where no cue covered the text; speakers resolved in text order
(speakers.py); a trained model's proposals merged in when one is given (proposals.py);
denials linked (link.py).

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
from collections import Counter

from spacy.tokens import Doc, Token

from pipeline.claims.acts import act_of
from pipeline.claims.boundaries import extend_to_sentence, stop_at_coordinated_cues
from pipeline.claims.cues import lemma
from pipeline.claims.layout import layout_claims
from pipeline.claims.link import link_denials
from pipeline.claims.proposals import Proposer, merge_proposals
from pipeline.claims.prose import in_prose, keep_layout
from pipeline.claims.quotes import find_quotes
from pipeline.claims.quoting import Quoted, Range, _inside_quote, attach_quotes, continue_quotes
from pipeline.claims.rules import Found, according_to, find_cues
from pipeline.claims.speakers import Speaker, SpeakerResolver
from pipeline.nlp.labels import (
    is_compound,
    is_nominal_modifier,
    is_possessive,
    is_preposition,
    is_preposition_object,
)
from pipeline.nlp.paragraphs import source_text
from pipeline.nlp.tokens import sentence_starts
from pipeline.records import Claim, ClaimKind, Mention, Stance


def extract_claims(
    doc: Doc, mentions: list[Mention], proposer: Proposer | None = None
) -> list[Claim]:
    """Every attributed statement in ``doc``, in text order. With a ``proposer`` (the
    trained attribution model), its proposals are merged in (pipeline.claims.proposals)."""
    text = source_text(doc)
    quotes: list[Quoted] = [(*q.inner(text), q) for q in find_quotes(text)]
    found = find_cues(doc, _quoted_regions(text, quotes)) + according_to(doc)
    stop_at_coordinated_cues(found)
    extend_to_sentence(found)
    contents, kinds = attach_quotes(doc, found, quotes)
    found = _in_text_order(found, contents)
    resolver = SpeakerResolver(mentions)
    found = in_prose(doc, text, found, contents, kinds, resolver.mention_at)
    claims, owners, claim_nouns = _claims_with_speakers(
        doc, found, contents, kinds, quotes, resolver
    )
    _add_layout_claims(doc, claims, quotes, text, resolver)
    continue_quotes(claims, quotes, text)
    if proposer is not None:
        merge_proposals(doc, claims, proposer(doc), resolver, quotes)
    link_denials(claims, owners, claim_nouns)
    return claims


def _quoted_regions(text: str, quotes: list[Quoted]) -> list[Range]:
    """Where cues are someone's quoted words, not claims of their own: quotations and,
    like them, transcript turns ("PENCE: … Hillary Clinton apparently thinks …")."""
    regions = [(q.start, q.end) for _, _, q in quotes]
    regions += [
        (lc.content_start, lc.content_end) for lc in layout_claims(text, quotes) if lc.cue == ":"
    ]
    return regions


def _in_text_order(found: list[Found], contents: dict[int, Range]) -> list[Found]:
    """The cues that have a content, by where their claim starts, one per content."""
    found = sorted((f for f in found if f.cue.i in contents), key=lambda f: contents[f.cue.i][0])
    found.sort(key=lambda f: min(f.cue.idx, contents[f.cue.i][0]))
    return _one_claim_per_content(found, contents)


def _one_claim_per_content(found: list[Found], contents: dict[int, Range]) -> list[Found]:
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


def _cue_inside(f: Found, span: Range) -> bool:
    return span[0] <= f.cue.idx < span[1]


def _claims_with_speakers(
    doc: Doc,
    found: list[Found],
    contents: dict[int, Range],
    kinds: dict[int, ClaimKind],
    quotes: list[Quoted],
    resolver: SpeakerResolver,
) -> tuple[list[Claim], dict[int, str | None], dict[int, str]]:
    """The claims in text order with speakers resolved, and for each denial naming a claim
    noun (by ``id`` of its claim) the noun's owner and lemma, for link_denials."""
    text = source_text(doc)
    sent_starts = sentence_starts(doc)
    claims: list[Claim] = []
    owners: dict[int, str | None] = {}
    claim_nouns: dict[int, str] = {}
    for f in found:
        lo, hi = contents[f.cue.i]
        previous = claims[-1] if claims else None
        speaker = _speaker_of(f, kinds[f.cue.i], previous, quotes, resolver)
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
            act=act_of(f.cue_text, text[lo:hi]),
        )
        if f.claim_object is not None:
            claim_nouns[id(claim)] = lemma(f.claim_object)
            owners[id(claim)] = _owner(resolver, f.claim_object)
        claims.append(claim)
    return claims, owners, claim_nouns


def _speaker_of(
    f: Found,
    kind: ClaimKind,
    previous: Claim | None,
    quotes: list[Quoted],
    resolver: SpeakerResolver,
) -> Speaker | None:
    """The cue's own speaker, resolved; for a quote with no speaker of its own, the
    previous claim's, when that had a speaker (a speakerless claim passes on no empty
    speaker span)."""
    speaker = resolver.from_token(f.speaker_head) if f.speaker_head is not None else None
    if speaker is not None and (not speaker.text.strip() or _inside_quote(speaker.start, quotes)):
        speaker = None  # a subject inside a quotation is a parse error, not a speaker
    if (
        speaker is None
        and previous is not None
        and previous.speaker is not None
        and previous.speaker_start is not None
        and previous.speaker_end is not None
        and kind == ClaimKind.DIRECT
        and f.speaker_head is None
    ):
        return Speaker(
            previous.speaker,
            previous.speaker_start,
            previous.speaker_end,
            previous.speaker_canonical,
            previous.speaker_label,
            previous.speaker_role,
            previous.affiliation,
        )
    return speaker


def sent_starts_chars(doc: Doc) -> list[int]:
    return [doc[i].idx for i in sentence_starts(doc)]


def _add_layout_claims(
    doc: Doc,
    claims: list[Claim],
    quotes: list[Quoted],
    text: str,
    resolver: SpeakerResolver,
) -> None:
    """Dash-signed quotations and "NAME: …" paragraphs the verb rules did not cover, when
    they are speech (prose.keep_layout: not a list after a colon)."""
    sent_chars = sent_starts_chars(doc)
    found_all = layout_claims(text, quotes)
    labels = Counter(text[f.speaker_start : f.speaker_end] for f in found_all if f.cue == ":")
    for found in found_all:
        lo, hi = found.content_start, found.content_end
        if any(c.content_start < hi and lo < c.content_end for c in claims):
            continue
        mention = resolver.mention_at(found.speaker_start, found.speaker_end)
        if not keep_layout(doc, found, text, labels, mention):
            continue
        claims.append(
            Claim(
                speaker=text[found.speaker_start : found.speaker_end],
                speaker_start=found.speaker_start,
                speaker_end=found.speaker_end,
                speaker_canonical=mention.canonical if mention else None,
                speaker_label=mention.label if mention else None,
                cue=found.cue,
                stance=Stance.ASSERT,
                content=text[lo:hi],
                content_start=lo,
                content_end=hi,
                kind=ClaimKind.DIRECT if found.cue == "―" else ClaimKind.INDIRECT,
                sentence_index=bisect_right(sent_chars, lo) - 1,
            )
        )
    claims.sort(key=lambda c: c.content_start)


def _owner(resolver: SpeakerResolver, obj: Token) -> str | None:
    """ "the Taliban's claim" / "the claim of the Taliban" / "claims by the army" /
    "the Saltmark account" (a proper-noun modifier names the claimant too)."""
    for child in obj.children:
        if is_possessive(child):
            return _owner_name(resolver, child)
        if is_preposition(child) and child.lower_ in ("of", "by"):
            for pobj in child.children:
                if is_preposition_object(pobj):
                    return _owner_name(resolver, pobj)
        if is_nominal_modifier(child) and any(g.lower_ in ("of", "by") for g in child.children):
            return _owner_name(resolver, child)
    for child in obj.children:
        if is_compound(child) and child.pos_ == "PROPN" and child.i < obj.i:
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
