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
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.claims import extract_claims
from pipeline.nlp.entities import extract_mentions
from pipeline.nlp.paragraphs import source_text
from pipeline.records import Claim, DocumentAnnotations, Mention

ANNOTATOR = "newsclaims_annotator"
RECORDS = "newsclaims_records"  # user_data key: ([mention row, …], [claim row, …])
FAILED = "newsclaims_failed"  # user_data key: the traceback of a document's rules

ClaimRules = Callable[[Doc, list[Mention]], list[Claim]]

# Field order of the rows. Rows rather than dicts: a few bytes per value, not per key.
MENTION_FIELDS = tuple(Mention.__dataclass_fields__)
CLAIM_FIELDS = tuple(Claim.__dataclass_fields__)
MENTION_TEXT = MENTION_FIELDS.index("text")


def claim_rules() -> ClaimRules:
    """The claim rules (looked up on each call, so tests can substitute them)."""
    return extract_claims


def _rows(doc: Doc) -> tuple[list[list[Any]], list[list[Any]]]:
    mentions = extract_mentions(doc)
    claims = claim_rules()(doc, mentions)
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


@Language.component(ANNOTATOR)
def annotate_doc(doc: Doc) -> Doc:
    """An empty Doc carrying the mentions and claims of ``doc`` as rows in its
    ``user_data[RECORDS]``.

    Empty because the records are all annotate() needs: with ``n_process`` > 1 spaCy
    serialises every Doc a worker returns and rebuilds it in the parent (``to_bytes``,
    ``from_bytes``: every token's attributes and strings), several milliseconds of CPU
    per document on each side for a Doc nobody reads.
    """
    carrier = Doc(doc.vocab)
    try:
        carrier.user_data[RECORDS] = _rows(doc)
    except Exception as exc:
        carrier.user_data[FAILED] = "".join(traceback.format_exception(exc))
    return carrier


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


def install_annotator(nlp: Language) -> None:
    """Add the component last, disabled (idempotent)."""
    if ANNOTATOR not in nlp.component_names:
        nlp.add_pipe(ANNOTATOR, last=True)
        nlp.disable_pipe(ANNOTATOR)


@contextmanager
def annotator_enabled(nlp: Language) -> Iterator[None]:
    """The component enabled for the block, disabled again after it (if it was)."""
    install_annotator(nlp)
    was_disabled = ANNOTATOR in nlp.disabled
    if was_disabled:
        nlp.enable_pipe(ANNOTATOR)
    try:
        yield
    finally:
        if was_disabled:
            nlp.disable_pipe(ANNOTATOR)
