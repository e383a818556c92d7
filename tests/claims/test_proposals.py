"""Merging model proposals into the rule claims (pipeline.claims.proposals), on the real
model's parses: rules keep what they found, the model adds what they missed."""

from __future__ import annotations

from spacy.language import Language

from pipeline.claims import extract_claims
from pipeline.claims.proposals import Proposal
from pipeline.nlp.entities import extract_mentions
from pipeline.records import ClaimKind, ClaimMethod, Stance

TEXT = (
    "Senator Maria Lopez denied that the budget was cut. "
    "In her view, the schools need more teachers. "
    "Lopez expects the vote to pass next week."
)


def _proposal(doc, cue: str, content: str, confidence: float) -> Proposal:  # type: ignore[no-untyped-def]
    anchor = next(t for t in doc if t.text == cue)
    start = TEXT.index(content)
    return Proposal(anchor.i, anchor.i + 1, anchor.i, start, start + len(content), confidence)


def test_rules_keep_their_claims_and_the_model_adds_the_rest(nlp: Language) -> None:
    doc = nlp(TEXT)
    rules = extract_claims(doc, extract_mentions(doc))
    denial = next(c for c in rules if c.stance == Stance.DENY)
    proposals = [
        # the same content as the rule's denial, read with another cue and a lower bound
        _proposal(doc, "denied", "the budget was cut", 0.9),
        # what no rule reads: a nominal cue and an expectation
        _proposal(doc, "view", "the schools need more teachers", 0.7),
        _proposal(doc, "expects", "the vote to pass next week", 0.6),
    ]
    merged = extract_claims(doc, extract_mentions(doc), lambda _doc: proposals)

    same = next(c for c in merged if c.content_start == denial.content_start)
    assert same.method == ClaimMethod.BOTH
    assert (same.stance, same.speaker, same.cue, same.confidence) == (
        denial.stance,
        denial.speaker,
        denial.cue,
        1.0,
    )
    assert all(c.method == ClaimMethod.RULE for c in rules)

    model_rows = {c.content: c for c in merged if c.method == ClaimMethod.MODEL}
    ruled = {c.content for c in rules}
    added = set(model_rows) - ruled
    assert "the schools need more teachers" in added
    view = model_rows["the schools need more teachers"]
    assert view.speaker == "her" and view.speaker_canonical == "Maria Lopez"
    assert view.confidence == 0.7 and view.kind == ClaimKind.INDIRECT
    if "the vote to pass next week" in added:  # unless a rule reads "expects" itself
        expects = model_rows["the vote to pass next week"]
        assert expects.speaker == "Lopez" and expects.cue == "expect"
    assert [c.content_start for c in merged] == sorted(c.content_start for c in merged)


def test_a_proposal_over_part_of_a_rule_claim_changes_nothing(nlp: Language) -> None:
    doc = nlp(TEXT)
    rules = extract_claims(doc, extract_mentions(doc))
    denial = next(c for c in rules if c.stance == Stance.DENY)
    # A competing reading: a proposal covering the denial's last word and beyond.
    start = denial.content_end - 3
    end = TEXT.index("In her view") + 6
    proposal = Proposal(0, 1, 0, start, end, 0.8)
    merged = extract_claims(doc, extract_mentions(doc), lambda _doc: [proposal])
    assert [(c.content_start, c.content_end, c.method) for c in merged] == [
        (c.content_start, c.content_end, ClaimMethod.RULE) for c in rules
    ]


def test_a_proposal_outside_prose_adds_nothing(nlp: Language) -> None:
    """A cue in a list item or a caption gives no model claim, as it gives no rule claim
    (pipeline/claims/prose.py); the same words in a paragraph do."""
    from pipeline.attribution.predict import load_attribution_model

    model = load_attribution_model()
    sentence = "Patel, for his part, is convinced the budget will run over"
    for line, expected in ((f"1. {sentence}", 0), (f"{sentence} (AP Photo/Jane Doe)", 0)):
        text = f"The council met on Tuesday.\n\n{line}\n\nThe vote is next week.\n"
        doc = nlp(text)
        assert model.propose(doc), line  # the model does propose it ...
        claims = extract_claims(doc, extract_mentions(doc), proposer=model.propose)
        assert len([c for c in claims if c.method == ClaimMethod.MODEL]) == expected, line
    doc = nlp(f"The council met on Tuesday.\n\n{sentence}.\n")
    claims = extract_claims(doc, extract_mentions(doc), proposer=model.propose)
    assert [c.content for c in claims if c.method == ClaimMethod.MODEL] == [
        "the budget will run over"
    ]
