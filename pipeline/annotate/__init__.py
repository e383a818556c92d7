"""Mentions and claims for a stream of documents: spaCy's parse, then our rules.

Above both ``pipeline.nlp`` (the model, tokenizer and entity mentions) and
``pipeline.claims`` (the attribution rules): this package joins them in one spaCy
component (annotator.py) and runs it over many documents with flat memory, in this
process (chunks.py) or in worker processes (workers.py), through ``annotate()``
(stream.py).
"""

from pipeline.annotate.stream import AnnotateStats, annotate

__all__ = ["AnnotateStats", "annotate"]
