"""robots.txt, fetched once per origin per Fetcher through the guarded client.

What an unusable robots.txt means follows RFC 9309 section 2.3.1:

* 2xx: parsed with urllib.robotparser; an empty file allows everything.
* 4xx (404, but also 401/403): "unavailable" -> everything allowed.
* 5xx, timeouts, connection errors, redirect trouble: "unreachable" -> we assume
  complete disallow for the rest of the run. A site whose robots.txt is down is
  usually down or overloaded itself, and the next daily run tries again.
* a robots.txt that resolves to a refused (private) address: the page fails with
  private_address, since its host is the same one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from pipeline.fetch.status import (
    CONNECTION_ERROR,
    HTTP_ERROR,
    OK,
    PRIVATE_ADDRESS,
    REDIRECT_LOOP,
    ROBOTS,
    TIMEOUT,
    TOO_MANY_REDIRECTS,
)
from pipeline.records import FetchResult, FetchStatus
from pipeline.sources.config import FetchSettings

log = logging.getLogger(__name__)

# What RFC 9309 calls "unreachable" (a 5xx is an HTTP_ERROR that passed the 4xx test).
UNREACHABLE = frozenset({HTTP_ERROR, CONNECTION_ERROR, TIMEOUT, REDIRECT_LOOP, TOO_MANY_REDIRECTS})

# Longest Crawl-delay we honour; beyond this a site would stall the daily run for hours.
MAX_CRAWL_DELAY = 30.0


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    status: FetchStatus | None = None  # the FetchResult status when not allowed
    reason: str | None = None
    crawl_delay: float | None = None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


class RobotsCache:
    """Answers "may we fetch this URL?", fetching each origin's robots.txt at most once."""

    def __init__(self, fetch: Callable[[str, FetchSettings], FetchResult]) -> None:
        self._fetch = fetch
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, RobotFileParser | Verdict] = {}

    def check(self, url: str, settings: FetchSettings) -> Verdict:
        if not settings.respect_robots:
            return Verdict(True)
        origin = robots_url(url)
        with self._lock:
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        # Other threads wanting the same origin wait for the one fetch instead of repeating it.
        with origin_lock:
            rules = self._rules.get(origin)
            if rules is None:
                rules = self._rules[origin] = self._load(origin, settings)
        if isinstance(rules, Verdict):
            return rules
        delay = rules.crawl_delay(settings.user_agent)
        crawl_delay = min(float(delay), MAX_CRAWL_DELAY) if delay is not None else None
        if rules.can_fetch(settings.user_agent, url):
            return Verdict(True, crawl_delay=crawl_delay)
        return Verdict(False, ROBOTS, f"disallowed by {origin}", crawl_delay)

    def _load(self, origin: str, settings: FetchSettings) -> RobotFileParser | Verdict:
        result = self._fetch(origin, settings)
        if result.status == OK:
            parser = RobotFileParser(origin)
            text = (result.body or b"").decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
            return parser
        if result.status == HTTP_ERROR and result.http_status and 400 <= result.http_status < 500:
            return Verdict(True)
        if result.status == PRIVATE_ADDRESS:
            return Verdict(False, PRIVATE_ADDRESS, result.reason)
        if result.status in UNREACHABLE:
            reason = f"{origin} unreachable ({result.status}: {result.reason}); assuming disallow"
            log.warning(reason)
            return Verdict(False, ROBOTS, reason)
        # Content problems (empty, binary, too large): treat as no usable rules.
        log.info("ignoring unusable %s (%s: %s)", origin, result.status, result.reason)
        return Verdict(True)
