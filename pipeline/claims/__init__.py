"""Claims: who said, claimed or denied what, with speakers resolved and denials linked.

Public API: ``extract_claims(doc, mentions) -> list[Claim]`` and ``STANCES``. Stance values
and cue words are documented in pipeline.claims.cues; the extraction order, kinds and
offset conventions in pipeline.claims.extract; denial linking in pipeline.claims.link;
speaker resolution in pipeline.claims.speakers; quotations in pipeline.claims.quotes;
layout attributions in pipeline.claims.layout.
"""

from pipeline.claims.cues import STANCES
from pipeline.claims.extract import extract_claims

__all__ = ["STANCES", "extract_claims"]
