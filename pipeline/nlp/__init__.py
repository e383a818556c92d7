"""spaCy setup and entity mentions: the model, its tokenizer and the parts the claim rules
read (labels, tokens, paragraphs, names). Running the rules over documents is
pipeline.annotate's."""

from pipeline.nlp.model import ModelNotInstalledError, ensure_model_installed, load_model

__all__ = [
    "ModelNotInstalledError",
    "ensure_model_installed",
    "load_model",
]
