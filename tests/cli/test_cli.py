"""The `newsclaims` command end to end, as a user runs it: a real process, a real file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO_ROOT, SAMPLES

# Subprocesses, Dagster runs or servers: `make check` leaves these to `make test`.
pytestmark = pytest.mark.slow

DAY = "2026-03-14"
# The console script the project installs, beside this interpreter.
CONSOLE_SCRIPT = Path(sys.executable).parent / "newsclaims"


def newsclaims(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("DAGSTER_HOME", None)  # an ephemeral Dagster instance per test run
    return subprocess.run(
        [str(CONSOLE_SCRIPT), *args],
        cwd=REPO_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """One run over the bundled sample pages (shared by the tests of this module)."""
    tmp = tmp_path_factory.mktemp("cli")
    sources = tmp / "sources.yaml"
    sources.write_text(f"sources:\n  - name: samples\n    path: {SAMPLES}\n", encoding="utf-8")
    db = tmp / "news.duckdb"
    result = newsclaims("run", "--sources", str(sources), "--db", str(db), "--date", DAY)
    return db, result


def test_run_succeeds_and_prints_a_summary(ran: tuple[Path, subprocess.CompletedProcess]) -> None:
    db, result = ran
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    with duckdb.connect(str(db), read_only=True) as conn:
        docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        statuses = dict(
            conn.execute("SELECT status, count(*) FROM fetch_log GROUP BY status").fetchall()
        )
    pages = len([p for p in SAMPLES.iterdir() if p.suffix in (".html", ".htm", ".txt")])
    assert sum(statuses.values()) == pages  # one fetch_log row per file
    assert statuses.get("duplicate", 0) >= 1  # the sample set serves one article twice
    assert docs == statuses["ok"] and docs >= 10
    assert claims > 20
    assert f"documents: {docs}" in out
    assert "claims:" in out and str(db.resolve()) in out


def test_rerun_gives_the_same_tables(ran: tuple[Path, subprocess.CompletedProcess]) -> None:
    db, first = ran
    assert first.returncode == 0
    query = (
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM fetch_log),"
        " (SELECT count(*) FROM mentions), (SELECT count(*) FROM claims),"
        " (SELECT count(*) FROM raw_pages), (SELECT count(*) FROM entity_aliases)"
    )
    with duckdb.connect(str(db), read_only=True) as conn:
        before = conn.execute(query).fetchone()
        claim_ids = conn.execute("SELECT list(claim_id ORDER BY claim_id) FROM claims").fetchone()
    sources = db.parent / "sources.yaml"
    again = newsclaims("run", "--sources", str(sources), "--db", str(db), "--date", DAY)
    assert again.returncode == 0, again.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute(query).fetchone() == before
        assert conn.execute("SELECT list(claim_id ORDER BY claim_id) FROM claims").fetchone() == (
            claim_ids
        )


def test_sql_prints_a_table(ran: tuple[Path, subprocess.CompletedProcess]) -> None:
    db, _ = ran
    result = newsclaims(
        "sql",
        "SELECT stance, count(*) AS n FROM claims GROUP BY stance ORDER BY n DESC",
        "--db",
        str(db),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["stance", "|", "n"]
    assert any(line.startswith("assert") for line in lines)
    assert any(line.startswith("deny") for line in lines)


def test_bad_query_fails_cleanly(ran: tuple[Path, subprocess.CompletedProcess]) -> None:
    db, _ = ran
    result = newsclaims("sql", "SELECT * FROM no_such_table", "--db", str(db))
    assert result.returncode == 1
    assert "no_such_table" in result.stderr and "Traceback" not in result.stderr


def test_malformed_sources_file_writes_nothing(tmp_path: Path) -> None:
    sources = tmp_path / "bad.yaml"
    sources.write_text("sources:\n  - name: x\n    feeed: https://example.org/rss\n")
    db = tmp_path / "never.duckdb"
    result = newsclaims("run", "--sources", str(sources), "--db", str(db), "--date", DAY)
    assert result.returncode == 2
    assert "feeed" in result.stderr and "allowed keys" in result.stderr
    assert not db.exists()


def test_missing_model_names_the_fix_and_writes_nothing(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - name: samples\n    path: {SAMPLES}\n")
    db = tmp_path / "never.duckdb"
    result = newsclaims(
        "run",
        "--sources",
        str(sources),
        "--db",
        str(db),
        "--date",
        DAY,
        env={"NEWSCLAIMS_SPACY_MODEL": "xx_no_such_model_sm"},
    )
    assert result.returncode == 2
    assert "xx_no_such_model_sm" in result.stderr and "NEWSCLAIMS_SPACY_MODEL" in result.stderr
    assert not db.exists()


def test_attribution_model_flag_adds_model_rows(
    ran: tuple[Path, subprocess.CompletedProcess], tmp_path: Path
) -> None:
    """`--attribution-model on` on the same pages: every rule row is still there (as
    rule or both), and the model adds rows with a confidence below 1."""
    db_rules, first = ran
    assert first.returncode == 0
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - name: samples\n    path: {SAMPLES}\n", encoding="utf-8")
    db = tmp_path / "model.duckdb"
    result = newsclaims(
        "run", "--sources", str(sources), "--db", str(db), "--date", DAY,
        "--attribution-model", "on",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(db_rules), read_only=True) as conn:
        rule_rows = conn.execute("SELECT DISTINCT method FROM claims").fetchall()
        rule_count = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    with duckdb.connect(str(db), read_only=True) as conn:
        by_method = dict(conn.execute("SELECT method, count(*) FROM claims GROUP BY 1").fetchall())
        low = conn.execute(
            "SELECT count(*) FROM claims WHERE method = 'model' AND confidence < 1"
        ).fetchone()[0]
    assert rule_rows == [("rule",)]
    assert by_method.get("rule", 0) + by_method.get("both", 0) == rule_count
    assert by_method.get("both", 0) > 0 and low == by_method.get("model", 0) > 0


def test_bad_attribution_model_names_the_fix_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "never.duckdb"
    result = newsclaims(
        "run", "--db", str(db), "--date", DAY, "--attribution-model", str(tmp_path / "none")
    )
    assert result.returncode == 2
    assert "--attribution-model" in result.stderr and "on, off" in result.stderr
    assert "Traceback" not in result.stderr
    assert not db.exists()


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    result = newsclaims("run", "--date", "14/03/2026", "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_console_script_exits_with_mains_code_past_the_final_collection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """entry_point exits with main()'s code, with the objects left frozen so that the
    interpreter's final garbage collection (~1 s after a run) skips them."""
    import gc

    from assets import cli

    monkeypatch.setattr(sys, "argv", ["newsclaims", "sql"])  # neither QUERY nor --file
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exited:
            cli.entry_point()
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # this test process lives on: let the collector see them again
    assert exited.value.code == cli.EXIT_USAGE
    assert frozen > 0


def test_run_set_up_is_frozen_after_its_garbage_is_collected() -> None:
    """set_up_then_frozen: no collection during the set-up; at its end the set-up's
    garbage (a reference cycle here) is freed, what survives is frozen, and the collector
    is back on."""
    import gc
    import weakref

    from assets import cli

    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    gc.unfreeze()
    try:
        with cli.set_up_then_frozen():
            paused = not gc.isenabled()
            kept = Node()
            cycle = Node()
            cycle.other = Node()
            cycle.other.other = cycle
            garbage = weakref.ref(cycle)
            del cycle
            alive_inside = garbage() is not None  # only the collector frees a cycle
        frozen = gc.get_freeze_count()
        enabled = gc.isenabled()
        kept_is_frozen = all(obj is not kept for obj in gc.get_objects())
    finally:
        gc.unfreeze()  # this test process lives on: let the collector see them again
    assert paused and enabled
    assert alive_inside and garbage() is None
    assert frozen > 0 and kept_is_frozen


def test_run_set_up_leaves_a_disabled_collector_disabled() -> None:
    """A caller that turned the collector off (to fork, say) finds it still off."""
    import gc

    from assets import cli

    gc.disable()
    try:
        with cli.set_up_then_frozen():
            pass
        enabled = gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()
    assert not enabled
