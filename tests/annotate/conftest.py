"""Fixture: the real spaCy model as annotate() runs it, once per session."""

from __future__ import annotations

import pytest
from spacy.language import Language


@pytest.fixture(scope="session")
def nlp(nlp: Language) -> Language:
    """The suite's model with the annotator installed (disabled), as annotate() leaves it."""
    from pipeline.annotate.annotator import install_annotator

    install_annotator(nlp)
    return nlp
