"""Fixtures of the reliability suite."""

from __future__ import annotations

import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def nlp(model_name: str) -> Language:
    """The real model, loaded once for the session (load_model also caches per process)."""
    from pipeline.nlp import load_model

    return load_model(model_name)
