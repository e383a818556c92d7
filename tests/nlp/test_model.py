from __future__ import annotations

import pytest
import spacy

from pipeline.nlp import model
from pipeline.nlp.model import (
    DEFAULT_MODEL,
    MODEL_ENV,
    UNUSED_COMPONENTS,
    ModelNotInstalledError,
    ensure_model_installed,
    load_model,
)
from tests.conftest import TEST_MODEL

BOGUS = "xx_newsclaims_no_such_model"


def test_missing_model_names_every_fix() -> None:
    with pytest.raises(ModelNotInstalledError) as caught:
        ensure_model_installed(BOGUS)
    message = str(caught.value)
    assert BOGUS in message
    assert "make model" in message
    assert f"python -m spacy download {BOGUS}" in message
    assert MODEL_ENV in message
    assert "--find-links" not in message  # no wheel at hand, so no pip line
    assert isinstance(caught.value, RuntimeError)


def test_missing_model_offers_a_wheel_at_hand(tmp_path) -> None:
    (tmp_path / f"{BOGUS}-1.0.0-py3-none-any.whl").write_bytes(b"")
    empty = tmp_path / "empty"
    empty.mkdir()
    links = [str(empty), f"file://{tmp_path}", str(tmp_path / "missing")]
    with pytest.raises(ModelNotInstalledError) as caught:
        ensure_model_installed(BOGUS, find_links=links)
    # Only the folder that holds the wheel is offered, file:// or not.
    assert f"pip install --find-links {tmp_path} {BOGUS}" in str(caught.value)
    assert str(caught.value).count("--find-links") == 1
    with pytest.raises(ModelNotInstalledError, match="pip install --find-links"):
        load_model(BOGUS, find_links=[str(tmp_path)])


def test_load_model_ignores_the_environment(monkeypatch) -> None:
    # The edge (assets/settings.py) reads NEWSCLAIMS_SPACY_MODEL; the library takes names.
    monkeypatch.setenv(MODEL_ENV, BOGUS)
    assert model.model_name() == DEFAULT_MODEL
    with pytest.raises(ModelNotInstalledError, match=BOGUS):
        load_model(BOGUS)


def test_model_directory_without_config_is_not_installed(tmp_path) -> None:
    with pytest.raises(ModelNotInstalledError, match="directory"):
        ensure_model_installed(str(tmp_path / "model"))


def test_installed_model_passes_the_cheap_check() -> None:
    assert ensure_model_installed(TEST_MODEL) == TEST_MODEL


def test_model_is_loaded_once_with_what_we_use(nlp) -> None:
    assert load_model(TEST_MODEL) is nlp
    assert {"parser", "ner"} <= set(nlp.pipe_names)
    assert not set(nlp.pipe_names) & set(UNUSED_COMPONENTS)
    assert nlp.has_pipe("tagger") or nlp.has_pipe("morphologizer")


def test_an_installed_model_that_cannot_load_is_not_replaced(monkeypatch) -> None:
    # Package metadata present but no loadable model (spaCy's E050): the error names the
    # fix, nothing else is loaded in its place and nothing is cached.
    def broken(name, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(f"[E050] Can't find model '{name}'.")

    monkeypatch.setattr(spacy, "load", broken)
    name = "en_core_web_sm_broken_copy"
    monkeypatch.setattr(model, "ensure_model_installed", lambda n=None, **_: name)
    with pytest.raises(ModelNotInstalledError, match="python -m spacy download"):
        load_model(name)
    assert name not in model._cache
