"""The predictors `make eval` compares: one entry of MODES each.

A predictor gets a parsed spaCy Doc (the product's pipeline, from pipeline.nlp's
``load_model``) and returns its claims as ``pipeline.records.Claim`` records, offsets
into the document's text. eval.run runs every selected mode over the same parses (own
gold set, web-page gold set, attribution-dev) and prints one table per mode; eval.gate
checks every mode its baseline holds.

Adding a predictor (a trained model, rules and model combined) is one function and one
entry::

    def model(doc: Doc) -> list[Claim]:
        return my_model_claims(doc)   # load the artifact once, at module level or cached

    MODES["model"] = Mode("model", "the trained attribution model alone", model)

``prepare`` (optional) is called once with the pipeline before anything is parsed, for a
predictor that needs a component inside it (one listening to ``tok2vec``): the parse
cache is keyed by the pipeline's component names, so such a mode gets its own parses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.attribution.predict import load_attribution_model
from pipeline.attribution.proposed import model_claims
from pipeline.claims import extract_claims
from pipeline.nlp.entities import extract_mentions
from pipeline.records import Claim

Predictor = Callable[[Doc], list[Claim]]


@dataclass(frozen=True, slots=True)
class Mode:
    name: str
    help: str
    predict: Predictor
    prepare: Callable[[Language], None] | None = None


def rules(doc: Doc) -> list[Claim]:
    """The claim rules, as the annotate stage runs them (pipeline.annotate.annotator)."""
    return extract_claims(doc, extract_mentions(doc))


def model(doc: Doc) -> list[Claim]:
    """The trained attribution model alone (models/attribution), its proposals given
    speakers by the claim machinery (pipeline.claims.proposals)."""
    return model_claims(doc, extract_mentions(doc), load_attribution_model())


def combined(doc: Doc) -> list[Claim]:
    """Rules and model merged, as the annotate stage runs them with the model on."""
    return extract_claims(doc, extract_mentions(doc), load_attribution_model())


MODES: dict[str, Mode] = {
    "rules": Mode(
        "rules", "the claim rules (pipeline.claims), what the pipeline runs by default", rules
    ),
    "model": Mode("model", "the trained attribution model alone (pipeline.attribution)", model),
    "combined": Mode(
        "combined",
        "rules and model merged (pipeline.claims.proposals), the pipeline with the model on",
        combined,
    ),
}
