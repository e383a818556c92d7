"""Plain records passed between the pipeline stages.

Every stage takes and returns these; none of them knows about Dagster or DuckDB,
so each stage can be tested on its own and the store can write them unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class FetchStatus(StrEnum):
    """FetchResult.status: ok, or why not; the table in pipeline.fetch's docstring says
    what each means (pipeline/fetch/status.py has the members under short names).

    Defined here, with the record, so the store can build FetchResults without importing
    the fetch package (httpx and all). The values are the strings stored in
    ``fetch_log.status``: never rename one.
    """

    OK = "ok"
    ROBOTS = "robots"
    TIMEOUT = "timeout"
    HTTP_ERROR = "http_error"
    TOO_LARGE = "too_large"
    NOT_HTML = "not_html"
    EMPTY = "empty"
    PRIVATE_ADDRESS = "private_address"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    CONNECTION_ERROR = "connection_error"
    INVALID_URL = "invalid_url"
    NOT_MODIFIED = "not_modified"
    FILE_ERROR = "file_error"
    BAD_FEED = "bad_feed"
    BAD_SITEMAP = "bad_sitemap"
    ERROR = "error"


class EntityLabel(StrEnum):
    """An entity's normalised type, whatever labels the model uses (pipeline/nlp/labels.py).

    The values are the strings stored in ``entities.label`` and hashed into entity ids:
    never rename one.
    """

    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One thing to fetch: an http(s) URL, or a local file from a ``path:`` source."""

    source: str
    url: str  # http(s) URL, or file:// URI for local files
    path: Path | None = None  # set for local files


@dataclass(slots=True)
class FetchResult:
    """The outcome of one attempted URL: a row of ``fetch_log`` and, if ok, a raw page."""

    source: str
    url: str  # as requested
    status: FetchStatus  # ok, or why not (robots, timeout, http_error, ...)
    fetched_at: datetime
    final_url: str | None = None  # after redirects
    http_status: int | None = None
    reason: str | None = None  # human-readable detail for a failure
    content_type: str | None = None
    body: bytes | None = None  # decompressed body, only when status == 'ok'
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class ExtractedDocument:
    """Article text and metadata extracted from one raw page."""

    url: str
    canonical_url: str
    source: str
    text: str
    content_hash: str
    title: str | None = None
    author: str | None = None
    published_at: str | None = None  # ISO date as found on the page
    sitename: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention; offsets are character offsets into the document text."""

    text: str
    label: EntityLabel
    start_char: int
    end_char: int
    canonical: str  # in-document resolved full name ("Massoud" -> "Ahmad Massoud")
    model_label: str = ""  # label as the model emitted it (PERSON, GPE, ...)


class Stance(StrEnum):
    """What the speaker does with the content (the ``claims.stance`` column); each value
    is explained in pipeline.claims.cues."""

    ASSERT = "assert"
    DENY = "deny"
    CONCEDE = "concede"
    WARN = "warn"
    PROMISE = "promise"
    DOUBT = "doubt"
    POSITION = "position"


class ClaimAct(StrEnum):
    """What the cue reports (the ``claims.act`` column): ``speech`` something said or
    written ("said", "denied", "in a statement"), ``thought`` a belief or feeling
    ("believes", "fears", "thinks"), ``intention`` a plan or wish ("wants", "plans",
    "hopes to"). "Who said what" queries keep ``speech``; "who is reported to think what"
    queries read the other two."""

    SPEECH = "speech"
    THOUGHT = "thought"
    INTENTION = "intention"


class ClaimMethod(StrEnum):
    """Which part of the claims engine found a claim (the ``claims.method`` column):
    ``rule`` the hand-written rules (pipeline.claims), ``model`` the trained attribution
    model alone, ``both`` when the two agree on the claim."""

    RULE = "rule"
    MODEL = "model"
    BOTH = "both"


class ClaimKind(StrEnum):
    """How the content is reported (the ``claims.kind`` column): ``direct`` a quotation
    (possibly in parts with the frame between them), ``indirect`` a reported clause or
    object, ``mixed`` indirect with quoted fragments, ``according_to`` an "according to"
    phrase."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    ACCORDING_TO = "according_to"


@dataclass(slots=True)
class Claim:
    """One attributed statement. Offsets are character offsets into the document text."""

    speaker: str | None  # raw speaker text as written ("he", "the spokesperson", "Nazary")
    speaker_start: int | None
    speaker_end: int | None
    speaker_canonical: str | None  # resolved entity name, None when it cannot be resolved
    speaker_label: str | None  # normalised label of the resolved entity
    cue: str  # reporting verb lemma, or "according to"
    stance: Stance
    content: str
    content_start: int
    content_end: int
    kind: ClaimKind
    sentence_index: int
    affiliation: str | None = None  # "Taliban" in "Kareemi, the spokesperson of the Taliban"
    speaker_role: str | None = None  # "spokesperson"
    denies: int | None = None  # index (in this document's claim list) of the claim it denies
    act: ClaimAct = ClaimAct.SPEECH
    method: ClaimMethod = ClaimMethod.RULE
    confidence: float = 1.0  # 0..1; rules that fire are trusted fully, a model row its probability


@dataclass(slots=True)
class DocumentAnnotations:
    """Everything the NLP stage found in one document."""

    doc_id: str
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
