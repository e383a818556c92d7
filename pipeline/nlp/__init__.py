"""spaCy setup, entity mentions and document annotation."""

from pipeline.nlp.annotate import AnnotateStats, annotate
from pipeline.nlp.model import ModelNotInstalledError, ensure_model_installed, load_model

__all__ = [
    "AnnotateStats",
    "ModelNotInstalledError",
    "annotate",
    "ensure_model_installed",
    "load_model",
]
