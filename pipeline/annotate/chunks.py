"""One chunk of documents through the pipeline, in the calling process: what annotate()
runs itself with one process and what each worker runs with several (workers.py).

The caller holds the memory zone and enables the annotator component (annotator.py). The
chunk's outcomes are plain, picklable objects: the records of each document, a Failure
for each one lost, and a PipeFailed where the pipeline itself raised; the parent logs and
counts them (stream.py), so a worker needs no access to the run's counters or log.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language

from pipeline.annotate.annotator import AnnotationFailed, annotations_of
from pipeline.records import DocumentAnnotations

Chunk = list[tuple[str, str]]  # (text, doc_id)


@dataclass(frozen=True)
class Failure:
    """A document lost: its rules or the pipeline raised on it alone."""

    doc_id: str
    reason: str  # the exception with its traceback


@dataclass(frozen=True)
class PipeFailed:
    """The pipeline raised on a batch; the chunk's remaining documents were run singly."""

    error: str


Outcome = DocumentAnnotations | Failure | PipeFailed


def run_chunk(chunk: Chunk, nlp: Language, batch_size: int) -> Iterator[Outcome]:
    """Outcomes of the chunk's documents, in order, each as soon as its Doc comes back.

    The texts go to ``nlp.pipe`` as they are: the pipeline's own tokenizer makes the Docs
    and its last component runs the mention and claim rules. If the pipeline raises on a
    batch, the documents it has not handed back are run one at a time so only the bad
    one is lost.
    """
    done = 0  # documents the pipe has handed back, annotated or failed
    # The pipe yields one Doc per text, in order, so the ids are zipped back on; should
    # it ever yield fewer, strict raises and the documents not handed back run singly.
    try:
        docs = nlp.pipe([text for text, _ in chunk], batch_size=batch_size)
        for doc, (_, doc_id) in zip(docs, chunk, strict=True):
            done += 1
            try:
                record = annotations_of(doc_id, doc)
            except AnnotationFailed as exc:
                yield Failure(doc_id, str(exc))  # the message is the rules' traceback
                continue
            yield record
    except Exception as exc:
        yield PipeFailed(repr(exc))
        for text, doc_id in chunk[done:]:
            try:
                record = annotations_of(doc_id, nlp(text))
            except AnnotationFailed as single_exc:
                yield Failure(doc_id, str(single_exc))
                continue
            except Exception as single_exc:
                yield Failure(doc_id, "".join(traceback.format_exception(single_exc)))
                continue
            yield record
