"""Hand-built parsed documents for the claim rules, in both dependency label schemes.

Each sentence is written once per scheme as rows ``(word, head, dep, pos, lemma)`` with
``head`` an index inside the sentence; ``build`` joins sentences into one Doc with
absolute heads, sentence starts and entity spans, so the rules see exactly the parse we
mean and nothing depends on a statistical model.
"""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.tokens import Doc, Span

# An English vocab, so lexical attributes (lower_, is_punct, like_num) are filled in as
# they are with a real model; a bare Vocab() leaves them empty.
VOCAB = spacy.blank("en").vocab
Row = tuple[str, int, str, str, str]
NO_SPACE_BEFORE = {".", ",", "”", "'s", "’s", ":"}
NO_SPACE_AFTER = {"“"}


@dataclass(frozen=True)
class Sentence:
    ud: list[Row]
    clear: list[Row]
    ents: tuple[tuple[int, int, str], ...] = ()  # (start, end) token indices in the sentence


def build(sentences: list[Sentence], scheme: str) -> Doc:
    words: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    pos: list[str] = []
    lemmas: list[str] = []
    starts: list[bool] = []
    ents: list[tuple[int, int, str]] = []
    for sentence in sentences:
        rows = sentence.ud if scheme == "ud" else sentence.clear
        assert [r[0] for r in rows] == [r[0] for r in sentence.ud], "schemes differ in words"
        offset = len(words)
        for k, (word, head, dep, tag, lemma) in enumerate(rows):
            words.append(word)
            heads.append(offset + head)
            deps.append(dep)
            pos.append(tag)
            lemmas.append(lemma)
            starts.append(k == 0)
        ents.extend((offset + s, offset + e, label) for s, e, label in sentence.ents)
    spaces = [
        i + 1 < len(words)
        and words[i + 1] not in NO_SPACE_BEFORE
        and words[i] not in NO_SPACE_AFTER
        for i in range(len(words))
    ]
    doc = Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        sent_starts=starts,
    )
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


# "Ali Nazary, the spokesperson of the Taliban, claimed that the group captured the
# province." UD: flat name, nmod with case; ClearNLP: compound name, prep + pobj.
CLAIM = Sentence(
    ud=[
        ("Ali", 9, "nsubj", "PROPN", "Ali"),
        ("Nazary", 0, "flat", "PROPN", "Nazary"),
        (",", 4, "punct", "PUNCT", ","),
        ("the", 4, "det", "DET", "the"),
        ("spokesperson", 0, "appos", "NOUN", "spokesperson"),
        ("of", 7, "case", "ADP", "of"),
        ("the", 7, "det", "DET", "the"),
        ("Taliban", 4, "nmod", "PROPN", "Taliban"),
        (",", 4, "punct", "PUNCT", ","),
        ("claimed", 9, "ROOT", "VERB", "claim"),
        ("that", 13, "mark", "SCONJ", "that"),
        ("the", 12, "det", "DET", "the"),
        ("group", 13, "nsubj", "NOUN", "group"),
        ("captured", 9, "ccomp", "VERB", "capture"),
        ("the", 15, "det", "DET", "the"),
        ("province", 13, "obj", "NOUN", "province"),
        (".", 9, "punct", "PUNCT", "."),
    ],
    clear=[
        ("Ali", 1, "compound", "PROPN", "Ali"),
        ("Nazary", 9, "nsubj", "PROPN", "Nazary"),
        (",", 1, "punct", "PUNCT", ","),
        ("the", 4, "det", "DET", "the"),
        ("spokesperson", 1, "appos", "NOUN", "spokesperson"),
        ("of", 4, "prep", "ADP", "of"),
        ("the", 7, "det", "DET", "the"),
        ("Taliban", 5, "pobj", "PROPN", "Taliban"),
        (",", 1, "punct", "PUNCT", ","),
        ("claimed", 9, "ROOT", "VERB", "claim"),
        ("that", 13, "mark", "SCONJ", "that"),
        ("the", 12, "det", "DET", "the"),
        ("group", 13, "nsubj", "NOUN", "group"),
        ("captured", 9, "ccomp", "VERB", "capture"),
        ("the", 15, "det", "DET", "the"),
        ("province", 13, "dobj", "NOUN", "province"),
        (".", 9, "punct", "PUNCT", "."),
    ],
    ents=((0, 2, "PERSON"), (7, 8, "ORG")),
)

# "The Resistance Front denied the claim."
DENIAL = Sentence(
    ud=[
        ("The", 2, "det", "DET", "the"),
        ("Resistance", 2, "compound", "PROPN", "Resistance"),
        ("Front", 3, "nsubj", "PROPN", "Front"),
        ("denied", 3, "ROOT", "VERB", "deny"),
        ("the", 5, "det", "DET", "the"),
        ("claim", 3, "obj", "NOUN", "claim"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 2, "det", "DET", "the"),
        ("Resistance", 2, "compound", "PROPN", "Resistance"),
        ("Front", 3, "nsubj", "PROPN", "Front"),
        ("denied", 3, "ROOT", "VERB", "deny"),
        ("the", 5, "det", "DET", "the"),
        ("claim", 3, "dobj", "NOUN", "claim"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    ents=((1, 3, "ORG"),),
)

# "He did not deny the report." — a negated denial is no claim at all.
NOT_DENIED = Sentence(
    ud=[
        ("He", 3, "nsubj", "PRON", "he"),
        ("did", 3, "aux", "AUX", "do"),
        ("not", 3, "advmod", "PART", "not"),
        ("deny", 3, "ROOT", "VERB", "deny"),
        ("the", 5, "det", "DET", "the"),
        ("report", 3, "obj", "NOUN", "report"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    clear=[
        ("He", 3, "nsubj", "PRON", "he"),
        ("did", 3, "aux", "AUX", "do"),
        ("not", 3, "neg", "PART", "not"),
        ("deny", 3, "ROOT", "VERB", "deny"),
        ("the", 5, "det", "DET", "the"),
        ("report", 3, "dobj", "NOUN", "report"),
        (".", 3, "punct", "PUNCT", "."),
    ],
)

# "The spokesperson added that the town was quiet." — a role noun as speaker.
ROLE_ADDED = Sentence(
    ud=[
        ("The", 1, "det", "DET", "the"),
        ("spokesperson", 2, "nsubj", "NOUN", "spokesperson"),
        ("added", 2, "ROOT", "VERB", "add"),
        ("that", 7, "mark", "SCONJ", "that"),
        ("the", 5, "det", "DET", "the"),
        ("town", 7, "nsubj", "NOUN", "town"),
        ("was", 7, "cop", "AUX", "be"),
        ("quiet", 2, "ccomp", "ADJ", "quiet"),
        (".", 2, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 1, "det", "DET", "the"),
        ("spokesperson", 2, "nsubj", "NOUN", "spokesperson"),
        ("added", 2, "ROOT", "VERB", "add"),
        ("that", 6, "mark", "SCONJ", "that"),
        ("the", 5, "det", "DET", "the"),
        ("town", 6, "nsubj", "NOUN", "town"),
        ("was", 2, "ccomp", "AUX", "be"),
        ("quiet", 6, "acomp", "ADJ", "quiet"),
        (".", 2, "punct", "PUNCT", "."),
    ],
)

# "According to the ministry, the town fell." UD: case + fixed; ClearNLP: prep + pobj.
ACCORDING = Sentence(
    ud=[
        ("According", 3, "case", "VERB", "accord"),
        ("to", 0, "fixed", "ADP", "to"),
        ("the", 3, "det", "DET", "the"),
        ("ministry", 7, "obl", "NOUN", "ministry"),
        (",", 7, "punct", "PUNCT", ","),
        ("the", 6, "det", "DET", "the"),
        ("town", 7, "nsubj", "NOUN", "town"),
        ("fell", 7, "ROOT", "VERB", "fall"),
        (".", 7, "punct", "PUNCT", "."),
    ],
    clear=[
        ("According", 7, "prep", "VERB", "accord"),
        ("to", 0, "prep", "ADP", "to"),
        ("the", 3, "det", "DET", "the"),
        ("ministry", 1, "pobj", "NOUN", "ministry"),
        (",", 7, "punct", "PUNCT", ","),
        ("the", 6, "det", "DET", "the"),
        ("town", 7, "nsubj", "NOUN", "town"),
        ("fell", 7, "ROOT", "VERB", "fall"),
        (".", 7, "punct", "PUNCT", "."),
    ],
)

# "The report was rejected by the Resistance Front." UD obl + case; ClearNLP agent + pobj.
PASSIVE_REJECTION = Sentence(
    ud=[
        ("The", 1, "det", "DET", "the"),
        ("report", 3, "nsubj:pass", "NOUN", "report"),
        ("was", 3, "aux:pass", "AUX", "be"),
        ("rejected", 3, "ROOT", "VERB", "reject"),
        ("by", 7, "case", "ADP", "by"),
        ("the", 7, "det", "DET", "the"),
        ("Resistance", 7, "compound", "PROPN", "Resistance"),
        ("Front", 3, "obl", "PROPN", "Front"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 1, "det", "DET", "the"),
        ("report", 3, "nsubjpass", "NOUN", "report"),
        ("was", 3, "auxpass", "AUX", "be"),
        ("rejected", 3, "ROOT", "VERB", "reject"),
        ("by", 3, "agent", "ADP", "by"),
        ("the", 7, "det", "DET", "the"),
        ("Resistance", 7, "compound", "PROPN", "Resistance"),
        ("Front", 4, "pobj", "PROPN", "Front"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    ents=((6, 8, "ORG"),),
)

# "“We won,” he said." — a direct quote with the speaker after it.
QUOTE_AFTER = Sentence(
    ud=[
        ("“", 2, "punct", "PUNCT", "“"),
        ("We", 2, "nsubj", "PRON", "we"),
        ("won", 6, "ccomp", "VERB", "win"),
        (",", 2, "punct", "PUNCT", ","),
        ("”", 2, "punct", "PUNCT", "”"),
        ("he", 6, "nsubj", "PRON", "he"),
        ("said", 6, "ROOT", "VERB", "say"),
        (".", 6, "punct", "PUNCT", "."),
    ],
    clear=[
        ("“", 6, "punct", "PUNCT", "“"),
        ("We", 2, "nsubj", "PRON", "we"),
        ("won", 6, "ccomp", "VERB", "win"),
        (",", 6, "punct", "PUNCT", ","),
        ("”", 6, "punct", "PUNCT", "”"),
        ("he", 6, "nsubj", "PRON", "he"),
        ("said", 6, "ROOT", "VERB", "say"),
        (".", 6, "punct", "PUNCT", "."),
    ],
)

# "The ministry said that the town fell." — a claim by a second, unaffiliated speaker.
MINISTRY_SAID = Sentence(
    ud=[
        ("The", 1, "det", "DET", "the"),
        ("ministry", 2, "nsubj", "NOUN", "ministry"),
        ("said", 2, "ROOT", "VERB", "say"),
        ("that", 6, "mark", "SCONJ", "that"),
        ("the", 5, "det", "DET", "the"),
        ("town", 6, "nsubj", "NOUN", "town"),
        ("fell", 2, "ccomp", "VERB", "fall"),
        (".", 2, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 1, "det", "DET", "the"),
        ("ministry", 2, "nsubj", "NOUN", "ministry"),
        ("said", 2, "ROOT", "VERB", "say"),
        ("that", 6, "mark", "SCONJ", "that"),
        ("the", 5, "det", "DET", "the"),
        ("town", 6, "nsubj", "NOUN", "town"),
        ("fell", 2, "ccomp", "VERB", "fall"),
        (".", 2, "punct", "PUNCT", "."),
    ],
    # Tagged, so it resolves to an entity of its own: untagged, the resolver takes "the
    # ministry" for the most recent organisation (the Taliban), which makes the two
    # claims one side's run.
    ents=((1, 2, "ORG"),),
)

# "The Resistance Front declared the Taliban's claim false." UD nmod:poss + xcomp;
# ClearNLP poss + oprd.
DECLARED_FALSE = Sentence(
    ud=[
        ("The", 2, "det", "DET", "the"),
        ("Resistance", 2, "compound", "PROPN", "Resistance"),
        ("Front", 3, "nsubj", "PROPN", "Front"),
        ("declared", 3, "ROOT", "VERB", "declare"),
        ("the", 5, "det", "DET", "the"),
        ("Taliban", 7, "nmod:poss", "PROPN", "Taliban"),
        ("'s", 5, "case", "PART", "'s"),
        ("claim", 3, "obj", "NOUN", "claim"),
        ("false", 3, "xcomp", "ADJ", "false"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 2, "det", "DET", "the"),
        ("Resistance", 2, "compound", "PROPN", "Resistance"),
        ("Front", 3, "nsubj", "PROPN", "Front"),
        ("declared", 3, "ROOT", "VERB", "declare"),
        ("the", 5, "det", "DET", "the"),
        ("Taliban", 7, "poss", "PROPN", "Taliban"),
        ("'s", 5, "case", "PART", "'s"),
        ("claim", 3, "dobj", "NOUN", "claim"),
        ("false", 3, "oprd", "ADJ", "false"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    ents=((1, 3, "ORG"), (5, 6, "ORG")),
)

# "He did not say that the town fell." — not an assertion by anyone.
NOT_SAID = Sentence(
    ud=[
        ("He", 3, "nsubj", "PRON", "he"),
        ("did", 3, "aux", "AUX", "do"),
        ("not", 3, "advmod", "PART", "not"),
        ("say", 3, "ROOT", "VERB", "say"),
        ("that", 7, "mark", "SCONJ", "that"),
        ("the", 6, "det", "DET", "the"),
        ("town", 7, "nsubj", "NOUN", "town"),
        ("fell", 3, "ccomp", "VERB", "fall"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    clear=[
        ("He", 3, "nsubj", "PRON", "he"),
        ("did", 3, "aux", "AUX", "do"),
        ("not", 3, "neg", "PART", "not"),
        ("say", 3, "ROOT", "VERB", "say"),
        ("that", 7, "mark", "SCONJ", "that"),
        ("the", 6, "det", "DET", "the"),
        ("town", 7, "nsubj", "NOUN", "town"),
        ("fell", 3, "ccomp", "VERB", "fall"),
        (".", 3, "punct", "PUNCT", "."),
    ],
)

# "The town, the ministry said, fell." UD: the cue is parataxis of the reported verb;
# ClearNLP: parataxis too (en_core_web_sm's usual analysis of a mid-sentence frame).
MID_SENTENCE = Sentence(
    ud=[
        ("The", 1, "det", "DET", "the"),
        ("town", 7, "nsubj", "NOUN", "town"),
        (",", 5, "punct", "PUNCT", ","),
        ("the", 4, "det", "DET", "the"),
        ("ministry", 5, "nsubj", "NOUN", "ministry"),
        ("said", 7, "parataxis", "VERB", "say"),
        (",", 5, "punct", "PUNCT", ","),
        ("fell", 7, "ROOT", "VERB", "fall"),
        (".", 7, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 1, "det", "DET", "the"),
        ("town", 7, "nsubj", "NOUN", "town"),
        (",", 5, "punct", "PUNCT", ","),
        ("the", 4, "det", "DET", "the"),
        ("ministry", 5, "nsubj", "NOUN", "ministry"),
        ("said", 7, "parataxis", "VERB", "say"),
        (",", 5, "punct", "PUNCT", ","),
        ("fell", 7, "ROOT", "VERB", "fall"),
        (".", 7, "punct", "PUNCT", "."),
    ],
)

# "The ministry called for an inquiry." UD obl + case; ClearNLP prep + pobj.
CALLED_FOR = Sentence(
    ud=[
        ("The", 1, "det", "DET", "the"),
        ("ministry", 2, "nsubj", "NOUN", "ministry"),
        ("called", 2, "ROOT", "VERB", "call"),
        ("for", 5, "case", "ADP", "for"),
        ("an", 5, "det", "DET", "an"),
        ("inquiry", 2, "obl", "NOUN", "inquiry"),
        (".", 2, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 1, "det", "DET", "the"),
        ("ministry", 2, "nsubj", "NOUN", "ministry"),
        ("called", 2, "ROOT", "VERB", "call"),
        ("for", 2, "prep", "ADP", "for"),
        ("an", 5, "det", "DET", "an"),
        ("inquiry", 3, "pobj", "NOUN", "inquiry"),
        (".", 2, "punct", "PUNCT", "."),
    ],
)

# "The Resistance Front rejected the Taliban account." — a proper-noun modifier names
# the claimant as a possessor would (UD and ClearNLP both say compound).
REJECTED_COMPOUND_OWNER = Sentence(
    ud=[
        ("The", 2, "det", "DET", "the"),
        ("Resistance", 2, "compound", "PROPN", "Resistance"),
        ("Front", 3, "nsubj", "PROPN", "Front"),
        ("rejected", 3, "ROOT", "VERB", "reject"),
        ("the", 6, "det", "DET", "the"),
        ("Taliban", 6, "compound", "PROPN", "Taliban"),
        ("account", 3, "obj", "NOUN", "account"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 2, "det", "DET", "the"),
        ("Resistance", 2, "compound", "PROPN", "Resistance"),
        ("Front", 3, "nsubj", "PROPN", "Front"),
        ("rejected", 3, "ROOT", "VERB", "reject"),
        ("the", 6, "det", "DET", "the"),
        ("Taliban", 6, "compound", "PROPN", "Taliban"),
        ("account", 3, "dobj", "NOUN", "account"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    ents=((1, 3, "ORG"), (5, 6, "ORG")),
)

# "The Resistance Front dismissed the Taliban's claim as propaganda." — the label after
# the object is the denier's own words; the denied content is the object.
DISMISSED_AS = Sentence(
    ud=[
        ("The", 2, "det", "DET", "the"),
        ("Resistance", 2, "compound", "PROPN", "Resistance"),
        ("Front", 3, "nsubj", "PROPN", "Front"),
        ("dismissed", 3, "ROOT", "VERB", "dismiss"),
        ("the", 5, "det", "DET", "the"),
        ("Taliban", 7, "nmod:poss", "PROPN", "Taliban"),
        ("'s", 5, "case", "PART", "'s"),
        ("claim", 3, "obj", "NOUN", "claim"),
        ("as", 9, "case", "ADP", "as"),
        ("propaganda", 3, "obl", "NOUN", "propaganda"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    clear=[
        ("The", 2, "det", "DET", "the"),
        ("Resistance", 2, "compound", "PROPN", "Resistance"),
        ("Front", 3, "nsubj", "PROPN", "Front"),
        ("dismissed", 3, "ROOT", "VERB", "dismiss"),
        ("the", 5, "det", "DET", "the"),
        ("Taliban", 7, "poss", "PROPN", "Taliban"),
        ("'s", 5, "case", "PART", "'s"),
        ("claim", 3, "dobj", "NOUN", "claim"),
        ("as", 3, "prep", "ADP", "as"),
        ("propaganda", 8, "pobj", "NOUN", "propaganda"),
        (".", 3, "punct", "PUNCT", "."),
    ],
    ents=((1, 3, "ORG"), (5, 6, "ORG")),
)
