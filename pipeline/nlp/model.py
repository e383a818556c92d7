"""Loading the spaCy pipeline: one model per process, named by the caller.

The edge (assets/settings.py) reads the name from NEWSCLAIMS_SPACY_MODEL and passes it
in; a caller that names none gets DEFAULT_MODEL. A missing model is an error that names
the fix, never a silent fallback to another model: claims extracted with a different
model are different data.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.nlp.paragraphs import install_paragraphs

# The setting that names the model, for the error messages (read by assets/settings.py).
MODEL_ENV = "NEWSCLAIMS_SPACY_MODEL"
DEFAULT_MODEL = "en_core_web_sm"

# Components some English pipelines ship that nothing in newsclaims reads. We use the
# parser (dependencies and sentence boundaries), tags/POS (tagger, morphologizer,
# attribute_ruler — en_core_web_sm's rule lemmatizer needs the POS the attribute_ruler
# maps), lemmas and NER, plus whatever they listen to (tok2vec, transformer). So only
# these are excluded; names a model doesn't have are ignored by spacy.load. ``senter``
# is disabled by default in en_core_web_* and redundant with the parser: excluding it
# keeps its weights out of memory.
UNUSED_COMPONENTS: tuple[str, ...] = (
    "senter",
    "textcat",
    "textcat_multilabel",
    "spancat",
    "span_finder",
    "entity_linker",
)

_cache: dict[str, Language] = {}
_lock = threading.Lock()


class ModelNotInstalledError(RuntimeError):
    """The spaCy model named by the settings is not installed."""


def model_name(name: str | None = None) -> str:
    """The model to use: ``name`` if given, else DEFAULT_MODEL."""
    return name or DEFAULT_MODEL


def _looks_like_path(name: str) -> bool:
    return os.sep in name or (os.altsep is not None and os.altsep in name) or name.startswith(".")


def _wheel_dirs(name: str, find_links: Sequence[str]) -> list[Path]:
    """The ``find_links`` entries (PIP_FIND_LINKS, what `make model` uses) that are
    directories holding a wheel for ``name``."""
    found = []
    for entry in find_links:
        folder = Path(entry.removeprefix("file://"))
        if folder.is_dir() and any(folder.glob(f"{name.replace('-', '_')}-*.whl")):
            found.append(folder)
    return found


def _not_installed(name: str, find_links: Sequence[str] = ()) -> ModelNotInstalledError:
    if _looks_like_path(name):
        return ModelNotInstalledError(
            f"spaCy model directory {name!r} does not exist or has no config.cfg. "
            f"Set {MODEL_ENV} (or --model) to an installed model name or a model directory."
        )
    fixes = [f"make model NEWSCLAIMS_SPACY_MODEL={name}"]
    fixes += [
        f"pip install --find-links {folder} {name}" for folder in _wheel_dirs(name, find_links)
    ]
    fixes.append(f"python -m spacy download {name}")
    return ModelNotInstalledError(
        f"spaCy model {name!r} is not installed. Install it with one of: "
        + "; ".join(f"`{fix}`" for fix in fixes)
        + f". The model is chosen by {MODEL_ENV} (default {DEFAULT_MODEL})."
    )


def ensure_model_installed(name: str | None = None, *, find_links: Sequence[str] = ()) -> str:
    """Raise ModelNotInstalledError unless the model is installed; return its name.

    Cheap: looks for the package or directory without loading any weights, so the CLI can
    validate settings before a run starts. ``find_links`` (PIP_FIND_LINKS' entries) are
    searched for a wheel of the model, which the error then offers to install.
    """
    name = model_name(name)
    if _looks_like_path(name) or Path(name).is_dir():
        if not (Path(name) / "config.cfg").is_file():
            raise _not_installed(name, find_links)
        return name
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # e.g. a dotted name whose parent is missing
        spec = None
    if spec is None and not spacy.util.is_package(name):
        raise _not_installed(name, find_links)
    return name


def plain_model(name: str | None = None, *, find_links: Sequence[str] = ()) -> Language:
    """The model as spaCy loads it, without our parts (newly loaded on every call): what
    bench/limit.py measures as the libraries' own cost."""
    name = ensure_model_installed(name, find_links=find_links)
    try:
        return spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:  # E050/E053: installed metadata but no loadable package
        raise _not_installed(name, find_links) from exc


def load_model(name: str | None = None, *, find_links: Sequence[str] = ()) -> Language:
    """The spaCy pipeline with our parts (prepare_pipeline), loaded once per process and
    shared by every later call."""
    name = ensure_model_installed(name, find_links=find_links)
    with _lock:
        if name not in _cache:
            nlp = plain_model(name, find_links=find_links)
            prepare_pipeline(nlp)
            _cache[name] = nlp
        return _cache[name]


def prepare_pipeline(nlp: Language) -> None:
    """Our parts of the pipeline (idempotent): the paragraph-aware tokenizer and component
    (line breaks as sentence starts, paragraphs.py). The mention and claim rules join it
    as a last component when annotate() runs (pipeline/annotate/annotator.py)."""
    install_paragraphs(nlp)
