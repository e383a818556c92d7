"""annotate()'s worker pool: how it deals documents into tasks, and that its workers do
not outlive a killed run (no model needed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.annotate.workers import split_tasks
from tests.conftest import REPO_ROOT


def sizes(n: int, task_docs: int, parts: int) -> list[int]:
    tasks = list(split_tasks(iter(range(n)), task_docs, parts))
    assert [d for task in tasks for d in task] == list(range(n))  # all, once, in order
    return [len(task) for task in tasks]


def test_a_day_smaller_than_one_task_is_shared_by_all_tasks_in_flight() -> None:
    assert sizes(61, 64, 4) == [16, 15, 15, 15]
    assert sizes(3, 64, 4) == [1, 1, 1]
    assert sizes(0, 64, 4) == []


def test_a_large_day_is_full_tasks_then_an_even_tail() -> None:
    # 1000 = 11 full tasks of 64, then the last 296 (< 64 x 5) in four near-equal parts.
    assert sizes(1000, 64, 4) == [64] * 11 + [74, 74, 74, 74]
    assert sizes(64 * 5, 64, 4) == [64] + [64] * 4
    assert sizes(64 * 5 + 1, 64, 4) == [64, 65, 64, 64, 64]


def test_documents_are_read_no_further_ahead_than_needed() -> None:
    read = []

    def docs():  # type: ignore[no-untyped-def]
        for i in range(1000):
            read.append(i)
            yield i

    tasks = split_tasks(docs(), 64, 4)
    first = next(tasks)
    assert first == list(range(64))
    assert len(read) == 64 * 5  # one task plus the window behind it


# A run whose main process is killed mid-stage: the workers must not outlive it. sys.argv[1]
# is what the main process does with SIGTERM meanwhile, which its forked workers inherit:
# "default"; "ignore", as a process started in the background by a shell (SIGINT ignored)
# has it once Dagster maps SIGTERM to SIGINT's handler; "dagster", the handler Dagster's
# run execution sets (capture_interrupts), which only records the signal.
KILLED_RUN = """
import multiprocessing, signal, sys, time
import spacy
from spacy.language import Language
from pipeline.annotate import annotate

@Language.component("newsclaims_test_slow")
def slow(doc):
    time.sleep(0.2)
    return doc

nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")  # the claim rules need sentences
nlp.add_pipe("newsclaims_test_slow")
docs = [(str(i), "A short text.", "en") for i in range(200)]
if sys.argv[1] == "ignore":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
elif sys.argv[1] == "dagster":
    from dagster._utils.interrupts import capture_interrupts
    capture_interrupts().__enter__()
for n, _ in enumerate(annotate(docs, nlp, n_process=2, chunk_docs=4)):
    if n == 0:
        print(*(p.pid for p in multiprocessing.active_children()), flush=True)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
@pytest.mark.parametrize("parent_sigterm", ["default", "ignore", "dagster"])
def test_workers_end_when_the_main_process_is_killed(parent_sigterm: str) -> None:
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, parent_sigterm],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    try:
        assert run.stdout is not None
        workers = [int(pid) for pid in run.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    finally:
        run.kill()  # SIGKILL: no clean-up code of the main process runs
        run.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:  # a failure must not leave them behind either
        os.kill(pid, signal.SIGKILL)
    assert survivors == []
