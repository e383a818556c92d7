"""Paragraph breaks without newline tokens.

Small parsers treat a "\\n" token as a word (the stand-in model even makes it the subject
of the next sentence), which wrecks the parse of the first sentence of every paragraph.
So the model reads the text with every line break replaced by a space — the same length,
so every character offset is unchanged — and a component placed before the parser marks
the first token after a break as a sentence start, which the parser respects. The original
text is kept in ``doc.user_data[SOURCE_TEXT]`` for anything that needs the breaks (quote
chaining across paragraphs, slicing stored content).

Both steps live inside the loaded pipeline (``install_paragraphs``): the tokenizer is
wrapped, so ``nlp(text)`` and ``nlp.pipe(texts)`` take the original text. That matters
with several processes: annotate()'s workers, like spaCy's ``n_process`` ones, get plain
strings and make their own Docs, where a Doc made in the parent would be serialised,
sent and rebuilt.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SOURCE_TEXT = "newsclaims_source_text"
MODEL_TEXT = "newsclaims_model_text"
COMPONENT = "newsclaims_paragraphs"
LINE_BREAKS = "\n\r\x0b\x0c\u2028\u2029"
_TO_SPACE = str.maketrans(dict.fromkeys(LINE_BREAKS, " "))
# One line break and the spaces or tabs after it; the next token may start where it ends.
_BREAK = re.compile(f"[{re.escape(LINE_BREAKS)}][ \t]*")


def model_text(text: str) -> str:
    """``text`` with line breaks as spaces (same length, same offsets)."""
    return text.translate(_TO_SPACE)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc.

    spaCy rebuilds ``Doc.text`` on every access by joining the text of every token, and
    the mention and claim rules slice it dozens of times per document: those joins were
    most of their CPU time. The text never changes once the Doc exists (retokenizing
    keeps it), so it is kept in ``doc.user_data``. A Doc from make_doc was made from
    ``model_text`` of its source text, and spaCy's tokenizer keeps text verbatim, so that
    translation (one C call) gives the same string without the join over the tokens. It is
    not stored by the tokenizer itself: with n_process > 1 user_data travels back from
    the workers, and a second copy of every text would travel with it.
    """
    text = doc.user_data.get(MODEL_TEXT)
    if text is None:
        source = doc.user_data.get(SOURCE_TEXT)
        text = doc.text if source is None else model_text(source)
        doc.user_data[MODEL_TEXT] = text
    return text


def source_text(doc: Doc) -> str:
    """The document's original text (with its line breaks)."""
    text = doc.user_data.get(SOURCE_TEXT)
    return doc_text(doc) if text is None else text


@Language.component(COMPONENT)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """The first non-space token after a line break (and any spaces or tabs) opens a
    sentence.

    Found from the breaks, not the tokens: a document has a few dozen line breaks and
    hundreds of tokens, and this runs on every document before the parser. Written in
    one from_array call: the Token.is_sent_start setter checks the whole document for a
    parse on every assignment.
    """
    text = doc.user_data.get(SOURCE_TEXT)
    if not text:
        return doc
    starts: list[int] | None = None
    opens: list[int] = []
    for match in _BREAK.finditer(text):
        if match.end() >= len(text):
            break
        if starts is None:
            starts = doc.to_array(IDX).tolist()  # token start offsets, ascending
        i = bisect_left(starts, match.end())
        if 0 < i < len(starts) and starts[i] == match.end() and not doc[i].is_space:
            opens.append(i)
    if opens:
        if doc.has_annotation("DEP"):
            doc[opens[0]].is_sent_start = True  # raises, as the setter does on a parse
        column = doc.to_array(SENT_START)  # -1/0/1 as unsigned, written back unchanged
        column[opens] = 1
        # to_array's stub says float; it returns the attribute's integer column.
        doc.from_array([SENT_START], column)  # type: ignore[arg-type]
    return doc


def add_paragraph_component(nlp: Language) -> None:
    """Insert the component before the parser (idempotent)."""
    if COMPONENT in nlp.pipe_names:
        return
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe(COMPONENT, before=before)
    else:
        nlp.add_pipe(COMPONENT, first=True)


class ParagraphTokenizer:
    """The pipeline's tokenizer, reading ``model_text`` and keeping the source text.

    Everything else (``memory_zone``, ``explain``, serialisation, …) is the wrapped
    tokenizer's: spaCy reaches it through ``nlp.tokenizer``.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(model_text(text))
        doc.user_data[SOURCE_TEXT] = text
        return doc

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def __reduce__(self) -> tuple[type[ParagraphTokenizer], tuple[Callable[[str], Doc]]]:
        return (ParagraphTokenizer, (self.tokenizer,))


def install_paragraphs(nlp: Language) -> None:
    """Wrap the tokenizer and add the paragraph component (idempotent)."""
    if not isinstance(nlp.tokenizer, ParagraphTokenizer):
        nlp.tokenizer = ParagraphTokenizer(nlp.tokenizer)
    add_paragraph_component(nlp)


def make_doc(nlp: Language, text: str) -> Doc:
    """A Doc ready for the pipeline: model text plus the original kept in user_data."""
    if isinstance(nlp.tokenizer, ParagraphTokenizer):
        return nlp.make_doc(text)
    doc = nlp.make_doc(model_text(text))
    doc.user_data[SOURCE_TEXT] = text
    return doc
