"""CRF features of a parsed Doc: per-token parse features and, for the content tagger,
features relative to a cue (Citron's design: the content is read from the cue).

Features are crfsuite attribute names (strings, value 1). Per-token features are built
once per Doc (``TokenFeatures``); a content window adds the anchor-relative ones.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.claims.cues import CUE_STANCE
from pipeline.claims.quotes import find_quotes
from pipeline.nlp.paragraphs import source_text
from pipeline.nlp.tokens import sentence_starts

# Cues the verb lexicon (pipeline.claims.lexicon) leaves out and the press uses: nominal
# cues ("in a statement", "the claim that", "her view"), thoughts and intentions
# ("believes", "wants", "expects", "plans"). A feature only: the CRF learns from the
# training corpus which of them are cues in context.
EXTRA_CUES = frozenset(
    {
        "statement", "view", "claim", "comment", "remark", "belief", "opinion", "position",
        "argument", "assertion", "allegation", "report", "interview", "speech", "letter",
        "tweet", "post", "release", "testimony", "word", "message", "announcement",
        "according", "accord", "think", "believe", "want", "expect", "plan", "hope", "fear",
        "feel", "know", "consider", "see", "hear", "wish", "intend", "worry", "doubt",
        "seem", "appear", "accuse", "criticism", "praise", "call", "ask", "question",
        "agree", "disagree", "promise", "pledge", "warning", "threat", "suggestion",
        "concern", "idea", "insist", "decide", "refuse", "vow", "admit", "blame",
        "describe", "characterize", "label", "dub", "brand", "recognize", "understand",
    }
)  # fmt: skip

QUOTE_MARKS = frozenset({'"', "“", "”", "«", "»", "„", "``", "''"})
MAX_WORD_FEATURES = 40  # longer "words" (URLs, runs of symbols) are no useful feature


@dataclass(slots=True)
class TokenFeatures:
    """The per-token features of one Doc and what the windows need to build on them."""

    doc: Doc
    base: list[list[str]]  # per token
    in_quote: list[bool]
    sent_starts: list[int]

    def sentence_of(self, i: int) -> int:
        return bisect_right(self.sent_starts, i) - 1

    def sentence_range(self, k: int) -> tuple[int, int]:
        start = self.sent_starts[k]
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        return start, end


def _cue_flag(lemma: str) -> str:
    stance = CUE_STANCE.get(lemma)
    if stance is not None:
        return "cue=" + stance
    return "cue=extra" if lemma in EXTRA_CUES else "cue=no"


def token_features(doc: Doc) -> TokenFeatures:
    text = source_text(doc)
    quotes = [(q.start, q.end) for q in find_quotes(text)]
    starts = sentence_starts(doc)
    n = len(doc)
    lemmas = [(t.lemma_ or t.text).lower()[:MAX_WORD_FEATURES] for t in doc]
    pos = [t.pos_ for t in doc]
    deps = [t.dep_ for t in doc]
    cue = [_cue_flag(lem) for lem in lemmas]
    in_quote = [False] * n
    q = 0
    for t in doc:
        while q < len(quotes) and quotes[q][1] <= t.idx:
            q += 1
        in_quote[t.i] = q < len(quotes) and quotes[q][0] <= t.idx < quotes[q][1]
    sent_of = [0] * n
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else n
        for i in range(s, end):
            sent_of[i] = k
    base: list[list[str]] = []
    for t in doc:
        i = t.i
        head = t.head
        k = sent_of[i]
        s = starts[k]
        e = starts[k + 1] if k + 1 < len(starts) else n
        child_deps = {c.dep_ for c in t.children}
        f = [
            "b",
            "w=" + t.lower_[:MAX_WORD_FEATURES],
            "l=" + lemmas[i],
            "p=" + pos[i],
            "t=" + t.tag_,
            "d=" + deps[i],
            "hl=" + lemmas[head.i],
            "hp=" + pos[head.i],
            "dhp=" + deps[i] + "|" + pos[head.i],
            cue[i],
            "hc=" + cue[head.i],
            "q=" + str(in_quote[i]),
            "qm=" + str(t.text in QUOTE_MARKS),
            "sp=" + ("first" if i == s else "last" if i == e - 1 else str(4 * (i - s) // (e - s))),
        ]
        if t.is_title:
            f.append("title")
        if t.ent_type_:
            f.append("ent=" + t.ent_type_)
        # Sorted: crfsuite numbers features in the order it first meets them, and a set's
        # order changes with PYTHONHASHSEED, so the artifact's bytes would too.
        for dep in sorted(child_deps):
            f.append("cd=" + dep)
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n and sent_of[j] == k:
                f.append(f"{off}l=" + lemmas[j])
                f.append(f"{off}p=" + pos[j])
                if off in (-1, 1):
                    f.append(f"{off}" + cue[j])
                    f.append(f"{off}q=" + str(in_quote[j]))
            else:
                f.append(f"{off}=edge")
        base.append(f)
    return TokenFeatures(doc=doc, base=base, in_quote=in_quote, sent_starts=starts)


def cue_sequences(tf: TokenFeatures) -> list[tuple[int, int]]:
    """The cue tagger's sequences: one per sentence, as token ranges."""
    return [tf.sentence_range(k) for k in range(len(tf.sent_starts))]


def window(tf: TokenFeatures, anchor: Token, before: int, after: int) -> tuple[int, int]:
    """The token range of the sentences from ``before`` sentences before the anchor's to
    ``after`` sentences after it."""
    k = tf.sentence_of(anchor.i)
    lo = tf.sentence_range(max(0, k - before))[0]
    hi = tf.sentence_range(min(len(tf.sent_starts) - 1, k + after))[1]
    return lo, hi


def _distance(d: int) -> str:
    a = abs(d)
    bucket = (
        "0"
        if a == 0
        else "1"
        if a == 1
        else "2"
        if a == 2
        else "5"
        if a <= 5
        else ("10" if a <= 10 else "20" if a <= 20 else "far")
    )
    return ("-" if d < 0 else "+") + bucket


def content_features(
    tf: TokenFeatures, anchor: Token, cue_tokens: set[int], lo: int, hi: int
) -> list[list[str]]:
    """Features of tokens lo..hi for the content of the cue headed by ``anchor``."""
    doc = tf.doc
    k_anchor = tf.sentence_of(anchor.i)
    lemma = (anchor.lemma_ or anchor.text).lower()
    cue_kind = _cue_flag(lemma)
    # The branch of the anchor's subtree each token is in: the dependency label of the
    # anchor's child on the path, "anchor" for the cue, "" outside the subtree.
    branch: dict[int, str] = {anchor.i: "anchor"}
    for child in anchor.children:
        for t in child.subtree:
            branch[t.i] = child.dep_
    head = anchor.head
    head_branch: dict[int, str] = {}
    if head is not anchor:
        for child in head.children:
            if child is anchor:
                continue
            for t in child.subtree:
                head_branch[t.i] = child.dep_
    first_cue = min(cue_tokens)
    rows: list[list[str]] = []
    for i in range(lo, hi):
        rel = "in" if i in cue_tokens else "before" if i < first_cue else "after"
        so = tf.sentence_of(i) - k_anchor
        d = i - anchor.i
        br = branch.get(i, "")
        q = tf.in_quote[i]
        f = list(tf.base[i])
        f += [
            "rel=" + rel,
            "so=" + str(so),
            "dist=" + _distance(d),
            "br=" + br,
            "hbr=" + head_branch.get(i, ""),
            "rel|q=" + rel + str(q),
            "br|q=" + br + str(q),
            "so|q=" + str(so) + str(q),
            "so|rel=" + str(so) + rel,
            "ck=" + cue_kind,
            "ck|rel=" + cue_kind + rel,
            "ap=" + anchor.pos_,
            "ap|br=" + anchor.pos_ + br,
            "d|br=" + doc[i].dep_ + br,
        ]
        rows.append(f)
    return rows
