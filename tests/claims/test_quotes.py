"""Quotation finding and layout attributions: pure text, no parser involved."""

from __future__ import annotations

from pipeline.claims.layout import layout_claims
from pipeline.claims.quotes import find_quotes


def quoted(text: str) -> list[str]:
    out = []
    for quote in find_quotes(text):
        lo, hi = quote.inner(text)
        out.append(text[lo:hi])
    return out


def test_curly_and_straight_quotes() -> None:
    text = 'He said “we won the war.” She said "they lost it."'
    assert quoted(text) == ["we won the war.", "they lost it."]


def test_doubled_apostrophes_as_quote_marks() -> None:
    text = "''This isn't tax reform,'' said the economist. Rock''n roll stays as it is."
    assert quoted(text) == ["This isn't tax reform,"]


def test_quote_continues_into_next_paragraph_that_opens_with_a_mark() -> None:
    text = "He said: “Our forces hold every pass.\n\n“We will not leave.”\n\nNext paragraph."
    [quote] = find_quotes(text)
    lo, hi = quote.inner(text)
    assert text[lo:hi] == "Our forces hold every pass.\n\n“We will not leave."


def test_unclosed_quote_ends_with_its_paragraph_when_the_next_does_not_continue() -> None:
    text = "He said: “Our forces hold every pass.\n\nThe front denied it."
    [quote] = find_quotes(text)
    lo, hi = quote.inner(text)
    assert text[lo:hi] == "Our forces hold every pass."


def test_closing_mark_typed_at_a_word_start_opens_a_quote() -> None:
    text = "Comments: ”We are tired of this war.” ― Jane Doe"
    assert quoted(text) == ["We are tired of this war."]


def test_dash_signed_quote_and_speaker_label_paragraphs() -> None:
    text = (
        "“We will rebuild every village in the valley.” ― Mariam Sadat\n\n"
        "HAVEL: Our forces hold every pass in the valley.\n\n"
        "Note: this article was updated.\n"
    )
    quotes = [(*q.inner(text), q) for q in find_quotes(text)]
    found = {
        (text[c.speaker_start : c.speaker_end], c.cue, text[c.content_start : c.content_end])
        for c in layout_claims(text, quotes)
    }
    assert found == {
        ("Mariam Sadat", "―", "We will rebuild every village in the valley."),
        ("HAVEL", ":", "Our forces hold every pass in the valley."),
    }
