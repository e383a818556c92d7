"""The staging area (pipeline/store/staging.py) on real DuckDB files.

Rows staged in many small batches and committed once leave exactly the tables that
replace_partition leaves with the same rows in memory (per-day summaries included); an error
before COMMIT leaves the previous state; the temporary folder is always removed, and a
killed run's by the next staging area.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.store import ensure_schema, replace_partition
from pipeline.store import staging as staging_module
from pipeline.store.staging import OWNER_FILE, PREFIX, InputsChangedError, Staging
from pipeline.store.writes import SUMMARY_TABLES

DAY = date(2026, 3, 1)
OTHER = date(2026, 3, 2)
DAY_TABLES = ("documents", "fetch_log", "entity_aliases", "mentions", "claims")
STANCES = ("assert", "deny", "concede")


def day_rows(rng: random.Random, day: date, docs: int) -> dict[str, list[dict[str, Any]]]:
    """Rows of every per-day table for one day, plus the entities they refer to."""
    names = [f"Person {n}" for n in range(8)]
    entities = {f"e{n}": {"entity_id": f"e{n}", "name": name, "label": "person"}
                for n, name in enumerate(names)}  # fmt: skip
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in DAY_TABLES}
    when = datetime(day.year, day.month, day.day, 6)
    for d in range(docs):
        doc_id = f"{day.isoformat()}-{d:03d}"
        url = f"http://news.example/{day.isoformat()}/{d}"
        text = " ".join(rng.choice(names) + " said the talks failed." for _ in range(6))
        out["documents"].append(
            {"doc_id": doc_id, "url": url, "canonical_url": url, "source": "wire",
             "title": f"Story {d}", "language": rng.choice(["en", None]), "text": text,
             "content_hash": f"h-{doc_id}", "partition_date": day,
             "fetched_at": when + timedelta(minutes=d)}
        )  # fmt: skip
        out["fetch_log"].append(
            {"url": url, "source": "wire", "partition_date": day, "status": "ok",
             "http_status": 200, "doc_id": doc_id, "fetched_at": when}
        )  # fmt: skip
        for m in range(rng.randint(0, 5)):
            key = rng.choice(list(entities))
            start = m * 10
            out["mentions"].append(
                {"doc_id": doc_id, "entity_id": key, "text": text[start : start + 8],
                 "label": "person", "model_label": rng.choice(["PERSON", None]),
                 "start_char": start, "end_char": start + 8, "partition_date": day}
            )  # fmt: skip
            out["entity_aliases"].append(
                {"entity_id": key, "alias": entities[key]["name"], "doc_id": doc_id,
                 "partition_date": day}
            )  # fmt: skip
        for c in range(rng.randint(0, 3)):
            speaker = rng.choice([*entities, None])
            out["claims"].append(
                {"claim_id": f"{doc_id}-{c:03d}", "doc_id": doc_id, "sentence_index": c,
                 "speaker": entities[speaker]["name"] if speaker else "he",
                 "speaker_entity_id": speaker,
                 "speaker_name": entities[speaker]["name"] if speaker else None,
                 "cue": "say", "stance": rng.choice(STANCES),
                 "content": "the talks failed", "content_start": 0, "content_end": 16,
                 "kind": "indirect",
                 "denies_claim_id": f"{doc_id}-000" if c and rng.random() < 0.5 else None,
                 "partition_date": day}
            )  # fmt: skip
    out["entities"] = list(entities.values())
    return out


def all_tables(db: Path) -> dict[str, list[tuple]]:
    """Every row of the base tables and the per-day summaries, sorted: equal iff same.

    Not the summaries over all days: some pick among ties in storage order (any_value,
    string_agg), which need not be the same in two files written alike.
    """
    tables = [*DAY_TABLES, "raw_pages", "entities", *(t for t, _ in SUMMARY_TABLES)]
    with duckdb.connect(str(db), read_only=True) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def fresh_db(path: Path, *days: tuple[date, dict[str, list[dict[str, Any]]]]) -> Path:
    with duckdb.connect(str(path)) as conn:
        ensure_schema(conn)
        for day, rows in days:
            replace_partition(
                conn, day, {t: rows[t] for t in DAY_TABLES}, shared={"entities": rows["entities"]}
            )
    return path


def stage_rows(staging: Staging, rows: dict[str, list[dict[str, Any]]], batch: int) -> None:
    """Add the rows a few at a time, flushing after each batch, as a stage does."""
    for table in (*DAY_TABLES, "entities"):
        for start in range(0, len(rows[table]), batch):
            staging.add(table, rows[table][start : start + batch])
            staging.flush()


def test_batches_commit_like_replace_partition(tmp_path: Path) -> None:
    rng = random.Random(7)
    old, other, new = day_rows(rng, DAY, 6), day_rows(rng, OTHER, 4), day_rows(rng, DAY, 9)
    expected = fresh_db(tmp_path / "expected.duckdb", (DAY, old), (OTHER, other))
    actual = fresh_db(tmp_path / "actual.duckdb", (DAY, old), (OTHER, other))
    with duckdb.connect(str(expected)) as conn:
        replace_partition(
            conn, DAY, {t: new[t] for t in DAY_TABLES}, shared={"entities": new["entities"]}
        )
    with Staging(root=tmp_path, max_buffered_rows=4) as staging:
        stage_rows(staging, new, batch=3)
        assert len(list((staging.path / "mentions").glob("*.parquet"))) > 1
        with duckdb.connect(str(actual)) as conn:
            written = staging.commit(conn, DAY, DAY_TABLES, shared=("entities",))
    assert {t: written[t] for t in DAY_TABLES} == {t: len(new[t]) for t in DAY_TABLES}
    assert all_tables(actual) == all_tables(expected)


def test_a_table_staged_empty_loses_its_rows_for_the_day(tmp_path: Path) -> None:
    rng = random.Random(3)
    old, other = day_rows(rng, DAY, 3), day_rows(rng, OTHER, 3)
    db = fresh_db(tmp_path / "news.duckdb", (DAY, old), (OTHER, other))
    with Staging(root=tmp_path) as staging, duckdb.connect(str(db)) as conn:
        written = staging.commit(conn, DAY, ("claims",))
        day_claims = conn.execute("SELECT count(*) FROM claims WHERE partition_date = ?", [DAY])
        assert day_claims.fetchone()[0] == 0
        other_claims = conn.execute("SELECT count(*) FROM claims WHERE partition_date = ?", [OTHER])
        assert other_claims.fetchone()[0] == len(other["claims"])
    assert written == {"claims": 0}


def test_an_error_before_commit_leaves_the_previous_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    old, new = day_rows(rng, DAY, 5), day_rows(rng, DAY, 7)
    db = fresh_db(tmp_path / "news.duckdb", (DAY, old))
    before = all_tables(db)
    real = staging_module.insert_staged

    def failing(conn: Any, table: str, select: str) -> int:
        # Fails after the day's mentions were replaced and its claims deleted.
        if table == "claims":
            raise RuntimeError("disk full")
        return real(conn, table, select)

    monkeypatch.setattr(staging_module, "insert_staged", failing)
    with Staging(root=tmp_path) as staging:
        stage_rows(staging, new, batch=2)
        with duckdb.connect(str(db)) as conn, pytest.raises(RuntimeError, match="disk full"):
            staging.commit(conn, DAY, DAY_TABLES, shared=("entities",))
    assert all_tables(db) == before


def test_inputs_changed_since_the_snapshot_refuse_the_commit(tmp_path: Path) -> None:
    rng = random.Random(9)
    old, new = day_rows(rng, DAY, 4), day_rows(rng, DAY, 6)
    db = fresh_db(tmp_path / "news.duckdb", (DAY, old))
    with Staging(root=tmp_path) as staging:
        with duckdb.connect(str(db)) as conn:
            scope = {"day": DAY, "sources": ["wire"]}
            staging.pin(conn, "store/staging/annotations_inputs_fingerprint", scope, "changed")
            assert staging.snapshot(conn, "documents", "store/staging/documents", scope) == 4
        assert sorted(r[0] for r in staging.rows("documents")) == sorted(
            d["doc_id"] for d in old["documents"]
        )
        stage_rows(staging, new, batch=5)
        with duckdb.connect(str(db)) as conn:
            # Another run rewrites the day's documents meanwhile.
            replace_partition(conn, DAY, {"documents": new["documents"]})
            snapshot = {
                t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("mentions", "claims", "entity_aliases")
            }
            with pytest.raises(InputsChangedError, match="changed"):
                staging.commit(conn, DAY, ("mentions", "claims", "entity_aliases"))
            after = {
                t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("mentions", "claims", "entity_aliases")
            }
    assert after == snapshot


def test_the_folder_is_removed_after_use_and_after_an_error(tmp_path: Path) -> None:
    with Staging(root=tmp_path) as staging:
        staging.add("fetch_log", day_rows(random.Random(1), DAY, 2)["fetch_log"])
        staging.flush()
        used = staging.path
        assert any(used.rglob("*.parquet"))
    assert not used.exists()
    with pytest.raises(ValueError, match="unknown columns"), Staging(root=tmp_path) as staging:
        failed = staging.path
        staging.add("fetch_log", [{"url": "u", "colour": "red"}])
    assert not failed.exists()
    assert list(tmp_path.iterdir()) == []


def test_unknown_tables_are_refused(tmp_path: Path) -> None:
    with Staging(root=tmp_path) as staging:
        with pytest.raises(ValueError, match="unknown table"):
            staging.add("secrets; DROP TABLE claims", [{"a": 1}])
        with pytest.raises(ValueError, match="not a per-day table"):
            staging.commit(duckdb.connect(), DAY, ("entities",))


def test_folders_of_killed_runs_are_removed_by_the_next_one(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    abandoned, running, foreign = (tmp_path / f"{PREFIX}{n}" for n in ("a", "b", "c"))
    for folder, owner in ((abandoned, gone.stdout.strip()), (running, str(os.getppid()))):
        (folder / "claims").mkdir(parents=True)
        (folder / OWNER_FILE).write_text(owner, encoding="ascii")
    foreign.mkdir()  # no owner file: being created, or not a staging area
    with Staging(root=tmp_path) as staging:
        assert staging.path.exists()
    assert not abandoned.exists()
    assert running.exists() and foreign.exists()
