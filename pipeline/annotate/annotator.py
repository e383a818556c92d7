"""The mention and claim rules as the last component of the spaCy pipeline.

Run inside the pipeline, the rules run where the parser ran: with ``n_process`` > 1 that
is annotate()'s worker processes (workers.py), so the parent process only collects
results. What leaves the component is an empty Doc carrying plain records in its
``user_data`` — lists of strings and numbers — not the parsed Doc, so a pipe over many
documents (spaCy's own ``n_process`` included, which serialises every Doc it sends back)
never holds or ships the parses.

``annotate()`` installs the component disabled (``install_annotator``), so ``nlp(text)``
still gives a parsed Doc, as any spaCy user expects, and enables it around its own
``nlp.pipe`` calls (``annotator_enabled``). The model itself (pipeline.nlp.model) knows
nothing of it: the rules it runs live above the model, in pipeline.claims.

A document whose rules raise is not an error for the batch: the component records the
traceback under ``FAILED`` and the caller counts the document as lost.

The component is a factory with one setting, ``attribution_model``: the directory of the
trained attribution model (pipeline.attribution) whose proposals the claim rules merge,
or "" for the rules alone. The model is loaded once per process (workers inherit it).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.attribution.predict import load_attribution_model
from pipeline.claims import extract_claims
from pipeline.claims.proposals import Proposer
from pipeline.nlp.entities import extract_mentions
from pipeline.nlp.paragraphs import source_text
from pipeline.records import Claim, DocumentAnnotations, Mention

ANNOTATOR = "newsclaims_annotator"
RECORDS = "newsclaims_records"  # user_data key: ([mention row, …], [claim row, …])
FAILED = "newsclaims_failed"  # user_data key: the traceback of a document's rules

# extract_claims's signature: (doc, mentions) or (doc, mentions, proposer).
ClaimRules = Callable[..., list[Claim]]

# Field order of the rows. Rows rather than dicts: a few bytes per value, not per key.
MENTION_FIELDS = tuple(Mention.__dataclass_fields__)
CLAIM_FIELDS = tuple(Claim.__dataclass_fields__)
MENTION_TEXT = MENTION_FIELDS.index("text")


def claim_rules() -> ClaimRules:
    """The claim rules (looked up on each call, so tests can substitute them)."""
    return extract_claims


def _rows(doc: Doc, proposer: Proposer | None) -> tuple[list[list[Any]], list[list[Any]]]:
    mentions = extract_mentions(doc)
    rules = claim_rules()
    claims = rules(doc, mentions) if proposer is None else rules(doc, mentions, proposer)
    # The model read the text with line breaks as spaces (paragraphs.py); every stored
    # string is cut from the original text so it slices exactly from documents.text.
    text = source_text(doc)
    mention_rows = []
    for m in mentions:
        row = [getattr(m, name) for name in MENTION_FIELDS]
        row[MENTION_TEXT] = text[m.start_char : m.end_char]
        mention_rows.append(row)
    claim_rows = []
    for claim in claims:
        claim.content = text[claim.content_start : claim.content_end]
        if claim.speaker_start is not None and claim.speaker_end is not None:
            claim.speaker = text[claim.speaker_start : claim.speaker_end]
        claim_rows.append([getattr(claim, name) for name in CLAIM_FIELDS])
    return mention_rows, claim_rows


class Annotator:
    """The component: an empty Doc carrying the mentions and claims of ``doc`` as rows in
    its ``user_data[RECORDS]``.

    Empty because the records are all annotate() needs: with ``n_process`` > 1 spaCy
    serialises every Doc a worker returns and rebuilds it in the parent (``to_bytes``,
    ``from_bytes``: every token's attributes and strings), several milliseconds of CPU
    per document on each side for a Doc nobody reads.
    """

    def __init__(self, attribution_model: str) -> None:
        self.attribution_model = attribution_model
        self.proposer: Proposer | None = (
            load_attribution_model(Path(attribution_model)) if attribution_model else None
        )

    def __call__(self, doc: Doc) -> Doc:
        carrier = Doc(doc.vocab)
        try:
            carrier.user_data[RECORDS] = _rows(doc, self.proposer)
        except Exception as exc:
            carrier.user_data[FAILED] = "".join(traceback.format_exception(exc))
        return carrier


@Language.factory(ANNOTATOR, default_config={"attribution_model": ""})
def make_annotator(nlp: Language, name: str, attribution_model: str) -> Annotator:
    return Annotator(attribution_model)


class AnnotationFailed(RuntimeError):
    """The rules raised on one document; the message is the traceback from the worker."""


def annotations_of(doc_id: str, doc: Doc) -> DocumentAnnotations:
    """The records the component left on ``doc``; AnnotationFailed if its rules raised."""
    if FAILED in doc.user_data:
        raise AnnotationFailed(doc.user_data[FAILED])
    if RECORDS not in doc.user_data:
        raise AnnotationFailed(f"the {ANNOTATOR} component did not run on this document")
    mention_rows, claim_rows = doc.user_data[RECORDS]
    return DocumentAnnotations(
        doc_id=doc_id,
        mentions=[Mention(*row) for row in mention_rows],
        claims=[Claim(*row) for row in claim_rows],
    )


def install_annotator(nlp: Language, attribution_model: Path | None = None) -> None:
    """Add the component last, disabled, with the attribution model in
    ``attribution_model`` (None: the rules alone); idempotent for the same model, a
    different one replaces the component."""
    wanted = str(attribution_model) if attribution_model is not None else ""
    if ANNOTATOR in nlp.component_names:
        component = nlp.get_pipe(ANNOTATOR)
        if isinstance(component, Annotator) and component.attribution_model == wanted:
            return
        nlp.remove_pipe(ANNOTATOR)
    nlp.add_pipe(ANNOTATOR, last=True, config={"attribution_model": wanted})
    nlp.disable_pipe(ANNOTATOR)


@contextmanager
def annotator_enabled(nlp: Language) -> Iterator[None]:
    """The component enabled for the block, disabled again after it (if it was); installed
    (without the attribution model) when annotate() did not install it."""
    if ANNOTATOR not in nlp.component_names:
        install_annotator(nlp)
    was_disabled = ANNOTATOR in nlp.disabled
    if was_disabled:
        nlp.enable_pipe(ANNOTATOR)
    try:
        yield
    finally:
        if was_disabled:
            nlp.disable_pipe(ANNOTATOR)
