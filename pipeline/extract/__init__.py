"""Stage 2 domain logic: a fetched page -> article text and metadata (no Dagster here)."""

from pipeline.extract.document import extract_document
from pipeline.extract.failures import ExtractionFailure
from pipeline.extract.hashing import content_hash
from pipeline.records import ExtractedDocument

__all__ = ["ExtractedDocument", "ExtractionFailure", "content_hash", "extract_document"]
