"""The SSRF guard: address classification, and refusal before any connection is made."""

from __future__ import annotations

import pytest

from pipeline.fetch import classify_address, fetch_url, guard
from pipeline.fetch import status as st
from pipeline.sources.config import FetchSettings
from tests.http_server import TestServer, article


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("10.0.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("::ffff:10.1.2.3", "private"),
        ("100.64.0.1", "non-global"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_classify_address(address: str, expected: str | None) -> None:
    assert classify_address(address) == expected


def test_loopback_refused_and_server_never_contacted(
    server: TestServer, settings: FetchSettings
) -> None:
    server.add("/a.html", article("A"))
    strict = settings.model_copy(update={"allow_private_networks": False})
    result = fetch_url(server.url("/a.html"), strict)
    assert result.status == st.PRIVATE_ADDRESS
    assert "loopback" in (result.reason or "")
    assert server.hits() == 0  # not even robots.txt


def test_hostname_resolving_to_loopback_is_refused(
    server: TestServer, settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A public-looking name whose DNS answer is private (rebinding) is refused at connect."""
    monkeypatch.setattr(guard, "resolve_host", lambda host, port: ["127.0.0.1"])
    server.add("/a.html", article("A"))
    strict = settings.model_copy(update={"allow_private_networks": False})
    result = fetch_url(f"http://news.example.com:{server.port}/a.html", strict)
    assert result.status == st.PRIVATE_ADDRESS
    assert server.hits() == 0
    # Allowed, the same name connects to exactly the address the guard resolved.
    allowed = fetch_url(f"http://news.example.com:{server.port}/a.html", settings)
    assert allowed.status == st.OK, allowed.reason
    assert server.requests_to("/a.html")[0].headers["host"] == f"news.example.com:{server.port}"


def test_redirect_to_private_address_is_refused_per_hop(
    server: TestServer, settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    public_ip = "93.184.215.14"  # what "public.example.com" resolves to in this test
    target = f"http://127.0.0.1:{server.port}/internal"

    def fake_resolve(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host == "127.0.0.1" else [public_ip]

    monkeypatch.setattr(guard, "resolve_host", fake_resolve)
    # The guard checks addresses, so let the "public" name be served by our local server
    # by connecting it there, while the redirect target is judged on its own address.
    real_check = guard.check_host

    def check(host: str, port: int, allow_private: bool) -> list[str]:
        addresses = real_check(host, port, allow_private)
        return ["127.0.0.1"] if addresses == [public_ip] else addresses

    monkeypatch.setattr(guard, "check_host", check)
    server.add("/start", status=302, headers={"Location": target})
    server.add("/internal", article("Internal"))
    strict = settings.model_copy(update={"allow_private_networks": False, "respect_robots": False})
    result = fetch_url(f"http://public.example.com:{server.port}/start", strict)
    assert result.status == st.PRIVATE_ADDRESS
    assert result.final_url == target
    assert server.hits("/start") == 1
    assert server.hits("/internal") == 0
