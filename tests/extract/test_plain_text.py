"""Plain-text articles are stored verbatim: offsets into the text are offsets into the file."""

from __future__ import annotations

from pipeline.extract import ExtractedDocument, extract_document

from .conftest import PAGES, extract_sample, fetched

SENTENCES = [
    "Bellhaven's town council imposed a night curfew on Monday",
    "The front denied any involvement.",
    '"We are a small town and we are not used to this," Abernathy said.',
    "He urged both sides",
]


def test_sample_txt_is_verbatim() -> None:
    raw = (PAGES / "wire-bellhaven-curfew.txt").read_bytes().decode("utf-8")
    doc = extract_sample("wire-bellhaven-curfew.txt")
    assert doc.text == raw
    for sentence in SENTENCES:
        assert raw.index(sentence) == doc.text.index(sentence) > 0
    assert doc.title == "Bellhaven imposes night curfew after blast near talks venue"
    assert doc.language == "en"
    assert doc.author is None and doc.published_at is None


def test_txt_by_file_suffix_without_content_type(tmp_path) -> None:
    text = (
        "\n\n  Headline after blank lines  \r\n" + "The minister said the figures were wrong. " * 8
    )
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = extract_document(fetched(path.read_bytes(), path.as_uri(), content_type=None))
    assert isinstance(doc, ExtractedDocument)
    assert doc.text == text  # CRLF, leading blank lines and spaces all kept
    assert doc.title == "Headline after blank lines"
    assert doc.canonical_url == path.as_uri()


def test_txt_bom_is_dropped_and_offsets_count_characters() -> None:
    text = "Títular: the café owner said “no”.\n" + "Ördög said the vote was fair. " * 10
    doc = extract_document(fetched(b"\xef\xbb\xbf" + text.encode(), content_type="text/plain"))
    assert isinstance(doc, ExtractedDocument)
    assert doc.text == text
    assert doc.text.index("“no”") == text.index("“no”")


def test_txt_declared_charset_is_respected() -> None:
    text = "Café owners in Sorvik said prices had doubled. " * 6
    body = text.encode("iso-8859-1")
    doc = extract_document(fetched(body, content_type="text/plain; charset=ISO-8859-1"))
    assert isinstance(doc, ExtractedDocument)
    assert doc.text == text


def test_txt_undeclared_legacy_charset_falls_back() -> None:
    # Not UTF-8 and no declaration: a charset guess, never an exception or mojibake
    # replacement characters.
    text = "Der Sprecher sagte, die Straße nach Süden sei gesperrt worden. " * 6
    doc = extract_document(fetched(text.encode("cp1252"), content_type="text/plain"))
    assert isinstance(doc, ExtractedDocument)
    assert "\ufffd" not in doc.text
    assert doc.text.startswith("Der Sprecher sagte")
    assert doc.language == "de"
