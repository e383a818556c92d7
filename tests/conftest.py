"""Settings shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = REPO_ROOT / "samples" / "pages"
# Tests use the stand-in model unless the environment names another (CI exports it too).
os.environ.setdefault("NEWSCLAIMS_SPACY_MODEL", "en_ud_ewt_sm")


@pytest.fixture(scope="session")
def model_name() -> str:
    return os.environ["NEWSCLAIMS_SPACY_MODEL"]
