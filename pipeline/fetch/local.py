"""Local files from ``path:`` sources: read from disk under the same byte cap as the web."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from pipeline.fetch import status as st
from pipeline.fetch.clock import utcnow
from pipeline.fetch.limits import sniff_binary
from pipeline.records import FetchResult, SourceItem

# Suffixes the path source collects; mimetypes would depend on the host's /etc/mime.types.
SUFFIX_TYPES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}


def read_local(item: SourceItem, max_bytes: int) -> FetchResult:
    path = item.path if item.path is not None else Path(url2pathname(urlsplit(item.url).path))
    result = FetchResult(
        source=item.source,
        url=item.url,
        status=st.FILE_ERROR,
        fetched_at=utcnow(),
        final_url=item.url,
    )
    suffix = path.suffix.lower()
    result.content_type = SUFFIX_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0]
    try:
        with path.open("rb") as handle:
            # Read one byte past the cap: that is how we know the file is too large
            # without trusting a size that can change between stat and read.
            body = handle.read(max_bytes + 1)
    except OSError as exc:
        result.reason = f"cannot read {path}: {exc.strerror or exc}"
        return result
    if len(body) > max_bytes:
        result.status, result.reason = st.TOO_LARGE, f"file larger than max_bytes {max_bytes}"
    elif not body.strip():
        result.status, result.reason = st.EMPTY, f"empty file ({len(body)} bytes)"
    elif (binary := sniff_binary(body)) is not None:
        result.status, result.reason = st.NOT_HTML, f"{binary} content in {path.name}"
    else:
        result.status, result.body = st.OK, body
    return result
