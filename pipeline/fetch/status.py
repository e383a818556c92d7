"""FetchResult.status codes; the table in pipeline.fetch's docstring says what each means.

``FetchStatus`` is defined with the record (pipeline/records.py); the module-level names
are its members under short names, for ``st.OK`` at the call sites.
"""

from pipeline.records import FetchStatus

__all__ = ["ALL_STATUSES", "FetchStatus"]

OK = FetchStatus.OK
ROBOTS = FetchStatus.ROBOTS
TIMEOUT = FetchStatus.TIMEOUT
HTTP_ERROR = FetchStatus.HTTP_ERROR
TOO_LARGE = FetchStatus.TOO_LARGE
NOT_HTML = FetchStatus.NOT_HTML
EMPTY = FetchStatus.EMPTY
PRIVATE_ADDRESS = FetchStatus.PRIVATE_ADDRESS
REDIRECT_LOOP = FetchStatus.REDIRECT_LOOP
TOO_MANY_REDIRECTS = FetchStatus.TOO_MANY_REDIRECTS
CONNECTION_ERROR = FetchStatus.CONNECTION_ERROR
INVALID_URL = FetchStatus.INVALID_URL
NOT_MODIFIED = FetchStatus.NOT_MODIFIED
FILE_ERROR = FetchStatus.FILE_ERROR
BAD_FEED = FetchStatus.BAD_FEED
BAD_SITEMAP = FetchStatus.BAD_SITEMAP
ERROR = FetchStatus.ERROR

ALL_STATUSES: frozenset[FetchStatus] = frozenset(FetchStatus)
