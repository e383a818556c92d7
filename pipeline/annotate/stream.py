"""Run spaCy and the claim rules over a stream of documents, flat in memory.

Memory: spaCy's vocabulary and string store grow with every new word form they see, so a
long run over news text grows without bound. Documents are processed in chunks, each
inside ``nlp.memory_zone()`` (spaCy >= 3.8), which frees everything the chunk added when it
closes. Doc objects never leave the zone: each is turned into plain records
(DocumentAnnotations) inside it, and only those are yielded. With ``n_process`` > 1 the
chunks are small tasks run by long-lived worker processes, each task in a zone of the
worker's (workers.py); with one process, larger chunks run here (chunks.py).

Failures: one bad document must not end a day's run. If the pipeline raises on a chunk,
the chunk's remaining documents are retried one at a time so only the bad one is lost; a
document whose mentions or claims raise is lost alone. Each loss is logged with its
doc_id and counted in ``AnnotateStats.failed``; failed documents yield nothing.

Tokenizer cache: spaCy's tokenizer remembers how it split each whitespace-separated piece
of text ("said," -> "said" + ","), up to ``max_cache_size`` (10,000) pieces, but saves
nothing inside a memory zone, where an entry would point at words the zone frees. Inside
our zones every word would go through the prefix, suffix and infix rules again: 25 times
the tokenizer's cached cost, ~4 % of this stage's CPU on the benchmark's generated pages
(bench/annotate_cpu.py).
So once per pipeline, before its first zone, the opening ``warmup_chars`` of the texts are
tokenized outside any zone: the cache fills with the common words, whose strings then stay
in the vocabulary for good — a fixed few MB, not growth with the run. With
``n_process`` > 1 the workers are forked from this process after that and inherit it.

Long documents: texts longer than ``max_chars`` are cut at the last paragraph break (else
sentence end, else space) before the limit and counted in ``stats.truncated``. A prefix
keeps every character offset valid against the stored text. The default limit is far
above any news article, so only extraction garbage (whole-site dumps, tables) is cut, and
it bounds the parser's memory, which grows with document length.
"""

from __future__ import annotations

import logging
import weakref
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from spacy.language import Language

from pipeline.annotate.annotator import annotator_enabled, install_annotator
from pipeline.annotate.chunks import Failure, Outcome, PipeFailed, run_chunk
from pipeline.annotate.workers import TASK_DOCS, WorkerPool, fork_available
from pipeline.nlp.model import load_model, prepare_pipeline
from pipeline.records import DocumentAnnotations

log = logging.getLogger(__name__)

# 200,000 characters is ~30,000 words, ten times a long-read feature. The parser and NER
# hold per-token state for the whole document, so this also caps one document's memory.
# Never above nlp.max_length (spaCy's own guard, 1,000,000 by default).
MAX_DOC_CHARS = 200_000

# Documents per memory zone with one process: one nlp.pipe call each, long enough that
# the call's start is nothing beside it, while the strings of one chunk stay a small
# amount of memory. (Several processes use smaller tasks: workers.TASK_DOCS.)
CHUNK_DOCS = 1_000

# Characters tokenized outside any memory zone to fill the tokenizer cache (see above):
# ~50,000 words, some 80 articles, about as many distinct pieces of text as the cache holds
# (10,000). Tokenizing them costs ~15 ms on the generated pages (tens of ms on more varied
# news); it makes tokenizing in zones ~25 times cheaper.
WARMUP_CHARS = 300_000

ENGLISH = frozenset({"en", "eng"})

# Pipelines whose tokenizer cache has been filled (warm_tokenizer_cache): once each.
_warmed: weakref.WeakSet[Language] = weakref.WeakSet()


@dataclass
class AnnotateStats:
    """Counters of one annotate() run, filled in while its iterator is consumed."""

    documents: int = 0  # annotated and yielded
    skipped_language: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    failed_ids: list[str] = field(default_factory=list)
    truncated: int = 0


def language_code(language: str | None) -> str | None:
    """Primary language subtag, lower-cased: "en-GB" -> "en"; None when unknown."""
    if not language or not language.strip():
        return None
    return language.strip().replace("_", "-").split("-", 1)[0].lower()


def truncate(text: str, max_chars: int) -> str:
    """A prefix of ``text`` at most ``max_chars`` long, cut at a natural boundary."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    # Only accept a boundary in the second half: cutting a 200k text at 5k loses too much.
    for boundary in ("\n\n", "\n", ". ", " "):
        cut = head.rfind(boundary)
        if cut > max_chars // 2:
            return head[: cut + len(boundary)].rstrip()
    return head


def _outcomes(
    docs: Iterator[tuple[str, str]],
    nlp: Language,
    batch_size: int,
    n_process: int,
    chunk_docs: int | None,
) -> Iterator[Outcome]:
    """Chunks of the (text, doc_id) pairs, each in a memory zone of its own: here with one
    process, else as tasks in a pool of long-lived workers (workers.py)."""
    if n_process > 1 and not fork_available():
        log.warning("no fork start method on this platform: annotating in one process")
        n_process = 1
    if n_process <= 1:
        size = chunk_docs or CHUNK_DOCS
        for chunk in iter(lambda: list(islice(docs, size)), []):
            # Outcomes are handed out while the zone is open: the caller stores each
            # record while the next documents are parsed. They are plain objects, nothing
            # of the zone's; the caller must not use ``nlp`` between them.
            with annotator_enabled(nlp), nlp.memory_zone():
                yield from run_chunk(chunk, nlp, batch_size)
        return
    pool = WorkerPool(nlp, batch_size, n_process)
    try:
        yield from pool.annotate(docs, chunk_docs or TASK_DOCS)
    finally:
        pool.close()


def warm_tokenizer_cache(nlp: Language, texts: Iterable[str], max_chars: int) -> None:
    """Tokenize the first ``max_chars`` characters of ``texts`` outside any memory zone,
    once per pipeline, so the tokenizer's cache holds their words (see the module doc)."""
    # in_memory_zone is a Vocab property that spaCy's stub (vocab.pyi) leaves out.
    in_zone: bool = getattr(nlp.vocab, "in_memory_zone")  # noqa: B009
    if nlp in _warmed or in_zone:
        return
    _warmed.add(nlp)
    budget = max_chars
    for text in texts:
        if budget <= 0:
            break
        # A text the tokenizer cannot read (a lone surrogate, say) fails again in the
        # chunk's pipe, where annotate() contains it; the warm-up only skips it.
        with suppress(Exception):
            nlp.make_doc(text[:budget])
        budget -= len(text)


def _english(
    items: Iterable[tuple[str, str, str | None]], stats: AnnotateStats, max_chars: int
) -> Iterator[tuple[str, str]]:
    for doc_id, text, language in items:
        code = language_code(language)
        if code is not None and code not in ENGLISH:
            stats.skipped_language[code] += 1
            continue
        text = text or ""
        if len(text) > max_chars:
            log.info("document %s has %d characters; cut at %d", doc_id, len(text), max_chars)
            stats.truncated += 1
            text = truncate(text, max_chars)
        yield text, doc_id


def annotate(
    items: Iterable[tuple[str, str, str | None]],
    nlp: Language | None = None,
    *,
    batch_size: int = 32,
    n_process: int = 1,
    stats: AnnotateStats | None = None,
    chunk_docs: int | None = None,
    max_chars: int = MAX_DOC_CHARS,
    warmup_chars: int = WARMUP_CHARS,
    attribution_model: Path | None = None,
) -> Generator[DocumentAnnotations, None, None]:
    """Mentions and claims for each (doc_id, text, language) whose language is English or
    unknown, in input order. Other languages are counted in ``stats.skipped_language``.

    ``chunk_docs``: documents per memory zone (default CHUNK_DOCS with one process,
    workers.TASK_DOCS per worker task with several, the last ones smaller).
    ``warmup_chars`` of the first texts fill the tokenizer's cache, once per pipeline
    (module doc); 0 leaves it as it is. ``attribution_model``: the trained attribution
    model's directory (pipeline.attribution), whose proposals join the rule claims; None
    runs the rules alone.

    Records are handed out while a chunk's memory zone (or the worker pool) is open: a
    caller that stops early should ``close()`` the generator, which ends it at once.
    """
    if nlp is None:
        nlp = load_model()
    prepare_pipeline(nlp)  # a pipeline not from load_model gets the same tokenizer
    # Installed before any worker is forked, so every worker inherits the same pipeline.
    install_annotator(nlp, attribution_model)
    stats = stats if stats is not None else AnnotateStats()
    max_chars = min(max_chars, nlp.max_length)
    pending = _english(items, stats, max_chars)
    # The opening texts warm the tokenizer's cache before any zone opens and before any
    # worker is forked (they inherit it); at most ``warmup_chars`` and one text are held.
    head: list[tuple[str, str]] = []
    read = 0
    while read < warmup_chars and (item := next(pending, None)) is not None:
        head.append(item)
        read += len(item[0])
    if head:
        warm_tokenizer_cache(nlp, (text for text, _ in head), warmup_chars)
    for outcome in _outcomes(chain(head, pending), nlp, batch_size, n_process, chunk_docs):
        if isinstance(outcome, Failure):
            log.warning("annotation failed for document %s: %s", outcome.doc_id, outcome.reason)
            stats.failed += 1
            stats.failed_ids.append(outcome.doc_id)
        elif isinstance(outcome, PipeFailed):
            log.warning(
                "spaCy failed on a batch (%s); retrying its documents singly",
                outcome.error,
            )
        else:
            stats.documents += 1
            yield outcome
