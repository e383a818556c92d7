"""How annotate()'s worker pool deals documents into tasks (no model needed)."""

from __future__ import annotations

from pipeline.nlp.workers import split_tasks


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
