"""Bytes -> str for HTML pages and plain-text files.

HTML: the declared charset wins (HTTP header, then BOM, then <meta> in the first bytes),
then strict UTF-8, then charset-normalizer's guess, then cp1252 with replacement, which
never fails. Plain text: BOM, header charset, strict UTF-8, then the same guess; plain
text is stored verbatim so offsets into it match the decoded file.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# How far into an HTML page a <meta charset> may appear: the HTML standard requires it
# within the first 1024 bytes; 4096 tolerates pages that put a large comment first.
META_SNIFF_BYTES = 4096
# A decoded text with more than this share of U+FFFD replacement characters or control
# characters is treated as undecodable (binary, or a wrong charset beyond repair).
MAX_BAD_CHAR_SHARE = 0.02

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never appear in real text (tab, LF, CR, FF are fine), and
# U+FFFD, the replacement character a failed decode leaves behind.
_BAD_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_REPLACEMENT_UTF8 = "\ufffd".encode()


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    # Browsers read pages labelled latin-1/ascii as windows-1252 (WHATWG encoding spec);
    # doing the same keeps curly quotes from cp1252 pages intact.
    return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name


def bom_encoding(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return _known(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_SNIFF_BYTES])
    return _known(match.group(1).decode("ascii", "ignore")) if match else None


def bad_char_share(text: str) -> float:
    """Share of control and replacement characters in the text."""
    # Counted on the UTF-8 bytes, three times faster than a regex over the str (this
    # runs on every whole page): a control character is the same single byte in UTF-8
    # and no multi-byte sequence contains one; EF BF BD is U+FFFD and nothing else,
    # since EF only ever starts a character.
    data = text.encode("utf-8", errors="surrogatepass")
    controls = len(data) - len(data.translate(None, _BAD_CONTROL_BYTES))
    return (controls + data.count(_REPLACEMENT_UTF8)) / max(len(text), 1)


def _try(body: bytes, encoding: str | None) -> str | None:
    if encoding is None:
        return None
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(body: bytes) -> str | None:
    best = charset_normalizer.from_bytes(body).best()
    return str(best) if best is not None else None


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode an HTML page; never raises (the last resort replaces bad bytes)."""
    # A BOM is authoritative over everything else, as in browsers.
    for encoding in (bom_encoding(body), header_charset(content_type), meta_charset(body)):
        text = _try(body, encoding)
        if text is not None:
            return text.lstrip("\ufeff")
    text = _try(body, "utf-8") or _guess(body)
    return text if text is not None else body.decode("cp1252", errors="replace")


def decode_text(body: bytes, content_type: str | None) -> str:
    """Decode a plain-text file verbatim (only a BOM is dropped); never raises."""
    for encoding in (bom_encoding(body), header_charset(content_type), "utf-8"):
        text = _try(body, encoding)
        if text is not None:
            return text  # the BOM codecs already dropped the BOM itself
    text = _guess(body)
    return text if text is not None else body.decode("cp1252", errors="replace")
