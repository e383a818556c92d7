"""The model's proposals alone as claims, for measuring the model apart from the rules."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.claims.proposals import Proposer, merge_proposals
from pipeline.claims.quotes import find_quotes
from pipeline.claims.quoting import Quoted
from pipeline.claims.speakers import SpeakerResolver
from pipeline.nlp.paragraphs import source_text
from pipeline.records import Claim, Mention


def model_claims(doc: Doc, mentions: list[Mention], proposer: Proposer) -> list[Claim]:
    """Every proposal as a ``model`` claim, speakers resolved as for merged ones."""
    text = source_text(doc)
    quotes: list[Quoted] = [(*q.inner(text), q) for q in find_quotes(text)]
    claims: list[Claim] = []
    merge_proposals(doc, claims, proposer(doc), SpeakerResolver(mentions), quotes)
    return claims
