"""Fixture: the real spaCy model as annotate() runs it, once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.nlp.conftest import TEST_MODEL


@pytest.fixture(scope="session")
def nlp() -> Language:
    from pipeline.annotate.annotator import install_annotator
    from pipeline.nlp import load_model

    # The model's pipeline with the annotator installed (disabled), as annotate() leaves it.
    nlp = load_model(TEST_MODEL)
    install_annotator(nlp)
    return nlp
