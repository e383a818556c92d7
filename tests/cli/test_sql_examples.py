"""Every sql/examples/*.sql answers its question on the bundled sample pages.

Each example names the values it is meant to run with in one header line,
`-- example: --set NAME=VALUE ...` (nothing after the colon when it needs none).
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from assets.cli import main
from tests.cli.test_cli import DAY, newsclaims
from tests.conftest import REPO_ROOT, SAMPLES

EXAMPLES = sorted((REPO_ROOT / "sql" / "examples").glob("*.sql"))
HEADER = "-- example:"


def example_args(path: Path) -> list[str]:
    """The arguments the example's header names for `newsclaims sql --file`."""
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(HEADER)
    ]
    assert len(lines) == 1, f"{path.name}: needs one `{HEADER} [--set NAME=VALUE ...]` line"
    return shlex.split(lines[0].removeprefix(HEADER))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_names_its_values(path: Path) -> None:
    args = example_args(path)
    assert args[::2] == ["--set"] * (len(args) // 2) and len(args) % 2 == 0
    assert all("=" in item for item in args[1::2])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample pages run once into a fresh DuckDB file with the default model."""
    tmp = tmp_path_factory.mktemp("examples")
    sources = tmp / "sources.yaml"
    sources.write_text(f"sources:\n  - name: samples\n    path: {SAMPLES}\n", encoding="utf-8")
    path = tmp / "news.duckdb"
    result = newsclaims("run", "--sources", str(sources), "--db", str(path), "--date", DAY)
    assert result.returncode == 0, result.stderr[-3000:]
    return path


def rows_of(db: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    argv = ["sql", "--file", str(path), "--db", str(db), "--format", "json", *example_args(path)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_answers_on_the_samples(
    db: Path, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert rows_of(db, path, capsys), f"{path.name} returned no row on the samples"


@pytest.mark.slow
def test_who_claims_what_about_finds_claims_by_and_about(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = rows_of(db, REPO_ROOT / "sql" / "examples" / "who_claims_what_about.sql", capsys)
    relations = {row["relation"] for row in rows}
    assert relations <= {"by", "about", "both"}
    # Mira Sefton speaks in the samples: her own claims are there, by her.
    by_her = [row for row in rows if row["relation"] in ("by", "both")]
    assert by_her and all(row["speaker"] == "Mira Sefton" for row in by_her)


@pytest.mark.slow
def test_readme_example_command_prints_her_claims(db: Path) -> None:
    """The README's command, word for word, with the database from NEWSCLAIMS_DB."""
    command = 'sql --file sql/examples/who_claims_what_about.sql --set about="Mira Sefton"'
    result: subprocess.CompletedProcess = newsclaims(
        *shlex.split(command), env={"NEWSCLAIMS_DB": str(db)}
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [name.strip() for name in lines[0].split("|")][:3] == ["day", "relation", "speaker"]
    assert "Mira Sefton" in result.stdout
    footer = re.fullmatch(r"\((\d+) rows?\)", lines[-1])
    assert footer and int(footer[1]) >= 1
