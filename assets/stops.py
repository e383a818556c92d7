"""Steps that stop for a reason a person can act on: failed for good, never retried.

Two things end a step that a retry cannot help with:

* the database stayed held by another process (a notebook's connection, another run)
  for ``NEWSCLAIMS_LOCK_TIMEOUT``: a retry would only wait that long again;
* an interrupt (Ctrl-C or SIGTERM to ``newsclaims run``, "Terminate" in the UI). Inside a
  step Dagster raises it as ``DagsterExecutionInterruptedError``, and when the step has a
  RetryPolicy it turns the interrupt into a retry, so the run would carry on after the
  policy's delay instead of stopping.

``@stop_cleanly`` (under ``@dg.asset``) turns both into ``dg.Failure(allow_retries=False)``
whose description says why ("stopped: ..."); ``newsclaims run`` prints that description
as its last line (``STOPPED_KEY`` in the failure's metadata says which case it was).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

import dagster as dg

from pipeline.store.lock import DatabaseBusyError, interrupted_wait

# Metadata key of a stopped step's failure: "database_busy" or "interrupted".
STOPPED_KEY = "newsclaims/stopped"
BUSY = "database_busy"
INTERRUPTED = "interrupted"

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def _failing_for_good() -> Iterator[None]:
    try:
        yield
    except DatabaseBusyError as exc:
        raise dg.Failure(
            description=f"stopped: {exc}",
            metadata={STOPPED_KEY: BUSY, "holder": exc.holder},
            allow_retries=False,
        ) from exc
    except (KeyboardInterrupt, dg.DagsterExecutionInterruptedError) as exc:
        what = interrupted_wait(exc)
        raise dg.Failure(
            description=f"stopped: interrupted while {what}" if what else "stopped: interrupted",
            metadata={STOPPED_KEY: INTERRUPTED},
            allow_retries=False,
        ) from exc


def stop_cleanly(compute: F) -> F:
    """The asset function ``compute``, with a busy database or an interrupt failing it for
    good (see the module's docstring). Keeps its signature, which Dagster reads."""
    if inspect.isgeneratorfunction(compute):

        @functools.wraps(compute)
        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with _failing_for_good():
                yield from compute(*args, **kwargs)

        return cast(F, generator)

    @functools.wraps(compute)
    def function(*args: Any, **kwargs: Any) -> Any:
        with _failing_for_good():
            return compute(*args, **kwargs)

    return cast(F, function)
