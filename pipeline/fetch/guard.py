"""SSRF guard and total deadline, enforced where the socket is opened and read.

Why at the socket and not before the request: a URL check that resolves the host and
then lets the HTTP client resolve it again is open to DNS rebinding (first answer
public, second answer 127.0.0.1). Here the guard *is* the resolver: ``GuardedBackend``
resolves the name once, refuses the connection if any address is not public, and
connects to exactly the address it checked. The URL, the Host header and TLS SNI /
certificate checks still use the hostname, so HTTPS verification is unchanged. Every
redirect hop and every robots.txt request goes through the same backend, so each of
them is checked at connect time too. Pooled keep-alive connections were checked when
they were opened and are only reused for the same origin.

The same wrapper bounds every read and write by a per-request *total* deadline held in
a thread-local: httpx timeouts are per socket operation, so a server that drips one
byte every second would otherwise never time out.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import typing
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class PrivateAddressError(Exception):
    """The host resolved to an address the SSRF guard refuses."""


class DeadlineExceeded(httpcore.ReadTimeout):
    """The request's total deadline ran out (httpx maps this to httpx.ReadTimeout)."""


def classify_address(address: str | IPAddress) -> str | None:
    """Why this address is refused ("loopback", "private", ...), or None if it is public."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    # ::ffff:127.0.0.1 reaches 127.0.0.1; judge the IPv4 address it carries.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),  # 169.254.169.254 is the cloud metadata service
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        # Catch-all for special ranges the flags above miss, e.g. 100.64.0.0/10 (CGNAT).
        ("non-global", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses for host, in the resolver's preference order (tests patch this)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for info in infos:
        seen[str(info[4][0])] = None
    return list(seen)


# socket.getaddrinfo has no timeout and blocks for the system resolver's own retries
# (often 5 s per attempt and server), which the per-socket deadline cannot see. Lookups
# run in this small pool so a request stops waiting at its deadline; a lookup given up on
# finishes in the background and only holds one of these threads until it does.
DNS_WORKERS = 8
_dns_pool = ThreadPoolExecutor(max_workers=DNS_WORKERS, thread_name_prefix="dns")


def _resolve_in_time(host: str, port: int) -> list[str]:
    if getattr(_local, "deadline", None) is None:
        return resolve_host(host, port)  # no request deadline to keep (direct calls)
    future = _dns_pool.submit(resolve_host, host, port)
    try:
        return future.result(timeout=_bounded(None))
    except FutureTimeout:
        future.cancel()
        raise DeadlineExceeded(f"DNS lookup for {host!r} not answered in time") from None


def check_host(host: str, port: int, allow_private: bool) -> list[str]:
    """Resolve host and return its addresses, raising PrivateAddressError if any is refused.

    One refused address refuses the host: with mixed answers we cannot know which one
    the attacker wants us to use.
    """
    host = host.strip("[]")
    try:
        addresses = _resolve_in_time(host, port)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve host {host!r}: {exc}") from exc
    if not addresses:
        raise httpcore.ConnectError(f"cannot resolve host {host!r}: no addresses")
    if not allow_private:
        for address in addresses:
            why = classify_address(address)
            if why is not None:
                raise PrivateAddressError(f"{host} resolves to {why} address {address}")
    return addresses


# --- total deadline --------------------------------------------------------------------

_local = threading.local()


class Deadline:
    """A point in monotonic time by which the current request must be done."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Bound every socket operation of this thread by a total of ``seconds``."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = current = Deadline(seconds)
    try:
        yield current
    finally:
        _local.deadline = previous


def _bounded(timeout: float | None) -> float | None:
    current: Deadline | None = getattr(_local, "deadline", None)
    if current is None:
        return timeout
    remaining = current.remaining()
    if remaining <= 0:
        raise DeadlineExceeded(f"total deadline of {current.seconds:g} s exceeded")
    return remaining if timeout is None else min(timeout, remaining)


class GuardedStream(httpcore.NetworkStream):
    """A network stream whose reads and writes never outlive the thread's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self._inner.read(max_bytes, _bounded(timeout))
        except httpcore.ReadTimeout as exc:
            current: Deadline | None = getattr(_local, "deadline", None)
            if current is not None and current.expired():
                raise DeadlineExceeded(f"total deadline of {current.seconds:g} s exceeded") from exc
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return GuardedStream(self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves, checks and connects to the checked address; see the module docstring."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = check_host(host, port, self.allow_private)
        last: Exception | None = None
        for address in addresses:  # the resolver's order, like socket.create_connection
            try:
                stream = self._inner.connect_tcp(
                    address, port, _bounded(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            return GuardedStream(stream)
        assert last is not None
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport with its connection pool built on GuardedBackend.

    httpx has no public hook for a network backend, so the pool it builds is replaced by
    an identical one that uses ours. pyproject pins httpx < 0.29; the check below fails
    loudly rather than silently dropping the guard if httpx ever renames the attribute.
    """

    def __init__(self, *, allow_private: bool, max_connections: int) -> None:
        super().__init__(trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx transport internals changed; SSRF guard cannot attach")
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            # Short keep-alive: with a per-host delay a pooled connection is mostly idle.
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(allow_private),
        )
