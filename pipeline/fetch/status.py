"""FetchResult.status codes; the table in pipeline.fetch's docstring says what each means."""

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

ALL_STATUSES = frozenset(
    {
        OK,
        ROBOTS,
        TIMEOUT,
        HTTP_ERROR,
        TOO_LARGE,
        NOT_HTML,
        EMPTY,
        PRIVATE_ADDRESS,
        REDIRECT_LOOP,
        TOO_MANY_REDIRECTS,
        CONNECTION_ERROR,
        INVALID_URL,
        NOT_MODIFIED,
        FILE_ERROR,
        BAD_FEED,
        BAD_SITEMAP,
        ERROR,
    }
)
