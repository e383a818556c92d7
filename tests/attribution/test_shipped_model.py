"""The shipped model (models/attribution) on a real article written here: it loads once
per process, proposes attributions, and with it on the claims table records where each
row came from (method) and how sure it is (confidence) through a real DuckDB file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from spacy.language import Language

from pipeline.annotate import annotate
from pipeline.attribution.predict import DEFAULT_DIR, load_attribution_model
from pipeline.stages.annotations import document_rows
from pipeline.store import ensure_schema, replace_partition

DAY = date(2026, 4, 3)
# Mostly what the rules read, plus two attributions only the model finds (a parenthetical
# "critics charge", an adjectival "is convinced").
ARTICLE = """\
City council approves transit plan after long debate

The city council approved a $40 million transit plan on Tuesday, ending months of debate \
over bus routes in the eastern districts.

“This is the best thing that has happened to this city in a decade,” Mayor Ellen Brooks \
said after the vote. She added that construction would begin in the spring.

Critics were not convinced. Councilman Raj Patel argued that the plan ignored the \
northern suburbs, and he believes the budget will run over within two years.

According to the transport authority, ridership has fallen by a third since 2019. In a \
statement, the authority said it would publish new timetables next month.

The plan, critics charge, will leave the northern suburbs without a single new route. \
Patel, for his part, is convinced the budget will run over.

Residents fear the fare increase will hit low-income families hardest. The mayor's \
office expects the first new buses to arrive in June.
"""


def test_the_model_loads_once_and_proposes_on_a_real_article(nlp: Language) -> None:
    model = load_attribution_model()
    assert load_attribution_model() is model
    assert load_attribution_model(DEFAULT_DIR) is model
    doc = nlp(ARTICLE)
    proposals = model.propose(doc)
    assert len(proposals) >= 4
    contents = [ARTICLE[p.content_start : p.content_end] for p in proposals]
    assert all(0.0 < p.confidence <= 1.0 for p in proposals)
    assert any("ignored the northern suburbs" in c for c in contents), contents
    assert any("construction would begin in the spring" in c for c in contents), contents


def test_method_and_confidence_are_stored_in_the_claims_table(
    nlp: Language, tmp_path: Path
) -> None:
    db = tmp_path / "model.duckdb"
    tables: dict[str, list[dict[str, Any]]] = {"entity_aliases": [], "mentions": [], "claims": []}
    entities: dict[str, dict[str, Any]] = {}
    items = [("doc-1", ARTICLE, "en")]
    for ann in annotate(items, nlp, attribution_model=DEFAULT_DIR):
        rows = document_rows(ann, DAY)
        for table, table_rows in tables.items():
            table_rows.extend(getattr(rows, table))
        for e in rows.entities:
            entities.setdefault(e["entity_id"], e)
    with duckdb.connect(str(db)) as conn:
        ensure_schema(conn)
        replace_partition(conn, DAY, tables, shared={"entities": list(entities.values())})
    with duckdb.connect(str(db), read_only=True) as conn:
        by_method = dict(
            conn.execute(
                "SELECT method, count(*) FROM claims GROUP BY method ORDER BY method"
            ).fetchall()
        )
        model_rows = conn.execute(
            "SELECT content, confidence FROM claims WHERE method = 'model'"
        ).fetchall()
        rule_confidence = conn.execute(
            "SELECT DISTINCT confidence FROM claims WHERE method IN ('rule', 'both')"
        ).fetchall()
    assert by_method.get("both", 0) >= 1, by_method
    assert by_method.get("model", 0) >= 1, by_method
    assert all(0.0 < conf < 1.0 for _, conf in model_rows), model_rows
    assert rule_confidence == [(1.0,)]

    # With the model off the same article gives rule rows only.
    rule_only = [c for ann in annotate(items, nlp) for c in ann.claims]
    assert rule_only and {c.method for c in rule_only} == {"rule"}


def test_eval_modes_model_and_combined(nlp: Language) -> None:
    from eval.modes import MODES

    doc = nlp(ARTICLE)
    rules = MODES["rules"].predict(doc)
    model = MODES["model"].predict(doc)
    combined = MODES["combined"].predict(doc)
    assert model and {c.method for c in model} == {"model"}
    assert {c.method for c in rules} == {"rule"}
    # Combined keeps every rule claim as it was and adds model rows.
    kept = {(c.content_start, c.content_end, c.speaker, c.stance) for c in combined}
    assert {(c.content_start, c.content_end, c.speaker, c.stance) for c in rules} <= kept
    assert len(combined) > len(rules)


@pytest.mark.slow
def test_worker_processes_propose_what_one_process_does(nlp: Language) -> None:
    """The model is loaded before the workers fork; they inherit it and agree with one
    process claim for claim."""
    items = [(f"d{i}", ARTICLE, "en") for i in range(6)]

    def claims(**kwargs: Any) -> list[list[tuple[int, str, float]]]:
        return [
            [(c.content_start, c.method, c.confidence) for c in ann.claims]
            for ann in annotate(items, nlp, attribution_model=DEFAULT_DIR, **kwargs)
        ]

    one = claims()
    assert {m for doc in one for _, m, _ in doc} == {"rule", "model", "both"}
    assert claims(n_process=2, chunk_docs=2) == one
