"""newsclaims domain library: sources, fetch, extract, nlp, claims, store. No Dagster here."""

__version__ = "0.1.0"
