"""The Dagster code location: `dagster dev -w workspace.yaml` loads `defs` from here."""

# No `from __future__ import annotations` here: it binds the name `annotations`, which
# the asset of that name imported below needs (type checkers reject the rebinding).

import dagster as dg

from assets.annotations import annotations
from assets.daily_brief import daily_brief
from assets.documents import documents
from assets.raw_pages import raw_pages
from assets.resources import build_resources
from assets.schedules import daily_ingest_job, daily_ingest_schedule
from assets.settings import Settings, load_settings


def build_definitions(
    db: str | None = None,
    sources: str | None = None,
    model: str | None = None,
    settings: Settings | None = None,
    import_plan: str | None = None,
) -> dg.Definitions:
    """All assets, the daily job and schedule, bound to a database and a sources file.

    With NEWSCLAIMS_CELERY_BROKER set, runs launched through the instance (the UI, the
    schedule, a backfill, ``execute_job``) run each step on a dagster-celery worker
    (``dagster-celery worker start -A dagster_celery.app``, docs/SCALING.md); that is for
    the lake (NEWSCLAIMS_LAKE), which many processes write at once.
    """
    settings = settings or load_settings()
    return dg.Definitions(
        assets=[raw_pages, documents, annotations, daily_brief],
        jobs=[daily_ingest_job],
        schedules=[daily_ingest_schedule],
        resources=build_resources(
            db=db, sources=sources, model=model, settings=settings, import_plan=import_plan
        ),
        executor=celery_executor_for(settings.celery_broker) if settings.celery_broker else None,
    )


def celery_executor_for(broker: str) -> dg.ExecutorDefinition:
    """dagster-celery's executor on ``broker``, which also carries the step results."""
    from dagster_celery import celery_executor  # Celery is imported only when used

    return celery_executor.configured({"broker": broker, "backend": broker})


defs = build_definitions()
