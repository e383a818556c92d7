"""Annotating documents in long-lived worker processes (annotate() with n_process > 1).

Why not spaCy's own ``nlp.pipe(n_process=N)``: a memory zone can only wrap a whole pipe
call, and spaCy starts its N workers anew for every call, so keeping memory flat meant
new processes every chunk of documents; and spaCy deals batches to its workers in strict
turn, so a worker that finishes first waits for the other. On 2,048 generated pages with
2 processes, in alternated runs, chunks of 1,024 through spaCy's pipe took 77-101 s
against 74-76 s for one long ``nlp.pipe`` call (the limit); this pool took 74-75 s.

Here N processes are forked once per pool and live until it closes. Each task is a few
dozen documents, annotated in the worker inside its own memory zone (``run_chunk``), so
the worker's strings are freed after every task; tasks go to whichever worker is free
(concurrent.futures), a fixed window of them ahead so the workers never wait for the
parent and a large day is never in memory whole.

Fork, not spawn or forkserver: the workers inherit the loaded pipeline (a second copy of
the model would cost seconds and hundreds of MB per worker, and a pipeline built in code
cannot always be pickled) and its warm tokenizer cache. The pool forks all its workers
at once, before its own threads start (Python >= 3.11 does so for fork).

A worker that dies (a segfault in a C extension, the OOM killer) breaks the pool. Then
the documents of the tasks in flight are annotated again one per task, one task at a
time, in a new pool: the document whose task breaks that pool too is the one lost. The
other way round, on Linux the workers end with the process that forked them, however it
ends (PR_SET_PDEATHSIG), so a killed run leaves no worker behind.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from itertools import islice
from typing import TypeVar

from spacy.language import Language

from pipeline.annotate.annotator import annotator_enabled
from pipeline.annotate.chunks import Chunk, Failure, Outcome, run_chunk

log = logging.getLogger(__name__)

Doc_ = TypeVar("Doc_")  # a document as split_tasks deals it (here: (text, doc_id))

# Documents per task: one memory zone and one pickled round trip each. At ~40 ms of CPU a
# document (the generated pages, stand-in model) a task is ~2.5 s of work: the round
# trip is noise beside it. (A day's last tasks are smaller: split_tasks.)
TASK_DOCS = 64

# Tasks in flight per worker: the one it works on and the next, so a worker that
# finishes never waits for the parent to hand it work. A few hundred texts in memory.
TASKS_AHEAD_PER_WORKER = 2


def split_tasks(docs: Iterator[Doc_], task_docs: int, parts: int) -> Iterator[list[Doc_]]:
    """Tasks of ``task_docs`` documents, except at the end: the last documents (fewer
    than ``task_docs`` x (``parts`` + 1)) are dealt into ``parts`` tasks of near-equal
    size.

    So a day smaller than one task still keeps every worker busy (61 documents would be
    one task of 64, one worker idle), and at the end of a large day the workers finish
    within a small task of each other. Holds at most ``task_docs`` x (``parts`` + 1)
    documents.
    """
    ahead: deque[Doc_] = deque()
    for doc in docs:
        ahead.append(doc)
        if len(ahead) == task_docs * (parts + 1):
            yield [ahead.popleft() for _ in range(task_docs)]
    size, extra = divmod(len(ahead), parts)
    for part in range(parts):
        if task := [ahead.popleft() for _ in range(size + (part < extra))]:
            yield task


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies

# The worker's pipeline and batch size, set in each worker by the pool's initializer.
# Under fork its arguments are not pickled: the worker inherits the parent's objects.
_worker_nlp: Language | None = None
_worker_batch_size = 32


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent(parent_pid: int) -> None:
    """Have Linux end this worker when the process that forked it dies (a run killed by
    Dagster, a user or the OOM killer), rather than leave it waiting for tasks forever
    with a copy of the model in memory.

    SIGTERM gets its default action (end the process) first: a forked worker inherits
    its parent's handlers, and under Dagster the parent's SIGTERM only sets a flag
    (``capture_interrupts`` around a run) or shares SIGINT's, which a shell ignores for a
    job it starts in the background. With either the death signal was lost and the
    workers lived on (tests/annotate/test_workers.py). A parent that died before the prctl
    call sends nothing, hence the check after it."""
    if sys.platform.startswith("linux"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent_pid:
            os._exit(1)


def _init_worker(nlp: Language, batch_size: int, parent_pid: int) -> None:
    global _worker_nlp, _worker_batch_size
    _die_with_parent(parent_pid)
    _worker_nlp, _worker_batch_size = nlp, batch_size


def _annotate_task(chunk: Chunk) -> list[Outcome]:
    nlp = _worker_nlp
    assert nlp is not None, "the pool's initializer did not run"
    with annotator_enabled(nlp), nlp.memory_zone():
        return list(run_chunk(chunk, nlp, _worker_batch_size))


def _died(doc_id: str, exc: BaseException) -> Outcome:
    return Failure(doc_id, f"the worker process died while annotating it ({exc})")


class WorkerPool:
    """``n_process`` forked workers annotating chunks of (text, doc_id); see the module doc."""

    def __init__(self, nlp: Language, batch_size: int, n_process: int) -> None:
        if not fork_available():
            raise RuntimeError("annotating in several processes needs the fork start method")
        self._nlp, self._batch_size, self._n = nlp, batch_size, n_process
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self._n,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_init_worker,
            initargs=(self._nlp, self._batch_size, os.getpid()),
        )

    def _renew(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self) -> None:
        # Tasks not started are dropped; a worker's running task ends first (seconds).
        self._pool.shutdown(wait=True, cancel_futures=True)

    def annotate(self, docs: Iterator[tuple[str, str]], task_docs: int) -> Iterator[Outcome]:
        """The outcomes of the (text, doc_id) pairs, in input order, in tasks of about
        ``task_docs`` documents (split_tasks)."""
        chunks = split_tasks(docs, task_docs, self._n * TASKS_AHEAD_PER_WORKER)
        in_flight: deque[tuple[Chunk, Future[list[Outcome]]]] = deque()

        def submit(count: int) -> None:
            for chunk in islice(chunks, count):
                in_flight.append((chunk, self._pool.submit(_annotate_task, chunk)))

        submit(self._n * TASKS_AHEAD_PER_WORKER)
        while in_flight:
            chunk, future = in_flight.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool as exc:
                # Every task in flight failed with the pool; isolate their documents.
                orphans = [doc for chunk_ in (chunk, *(c for c, _ in in_flight)) for doc in chunk_]
                in_flight.clear()
                log.warning(
                    "an annotation worker died (%s); annotating the %d documents in flight "
                    "one at a time",
                    exc,
                    len(orphans),
                )
                self._renew()
                yield from self._one_at_a_time(orphans)
                submit(self._n * TASKS_AHEAD_PER_WORKER)
                continue
            submit(1)  # before yielding: the caller's work on these overlaps the workers'
            yield from outcomes

    def _one_at_a_time(self, docs: Chunk) -> Iterator[Outcome]:
        for doc in docs:
            try:
                outcomes = self._pool.submit(_annotate_task, [doc]).result()
            except BrokenProcessPool as exc:
                self._renew()
                outcomes = [_died(doc[1], exc)]
            yield from outcomes
