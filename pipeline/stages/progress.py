"""Progress reporting shared by the stages: "n of N" at a bounded number of steps."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]

# Log about this many progress lines per stage however large the day is: enough to see
# movement in a long run, few enough not to drown the run's log.
PROGRESS_STEPS = 20


def should_report(done: int, total: int) -> bool:
    """True at the first item, every ~1/PROGRESS_STEPS of the way, and at the end."""
    step = max(1, total // PROGRESS_STEPS)
    return done == 1 or done == total or done % step == 0
