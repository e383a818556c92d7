"""`newsclaims sql` output: whole values in every format, wrapped tables, clean usage errors.

Each test queries a real DuckDB file through main(argv), as the console script does.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from assets.cli import EXIT_USAGE, main
from assets.tables import fair_widths

# Longer than any terminal, with what breaks naive formats: the CSV and Markdown
# separators, quotes, a line break, a word longer than a narrow column, non-ASCII.
LONG = (
    "The harbour authority said the northern quay would reopen “once divers have finished”"
    ' checking the seawall | a "temporary" closure, it added,\nthough the minister’s office'
    " disputed that account at https://example.org/a/very/long/path/that/cannot/fit/in/any"
    "/narrow/column/at/all and promised a full report | by Friday."
)
QUERY = "SELECT claim_id, day, score, content FROM claims ORDER BY claim_id"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute(
            "CREATE TABLE claims (claim_id INTEGER, day DATE, score DECIMAL(5,2), content VARCHAR)"
        )
        conn.execute(
            "INSERT INTO claims VALUES (1, DATE '2026-03-14', 1.50, ?), (2, NULL, NULL, 'short')",
            [LONG],
        )
    return path


def sql(db: Path, *args: str) -> int:
    return main(["sql", "--db", str(db), *args])


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_csv_carries_every_value_whole(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sql(db, QUERY, "--format", "csv") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [
        ["claim_id", "day", "score", "content"],
        ["1", "2026-03-14", "1.50", LONG],
        ["2", "", "", "short"],  # NULL is an empty field
    ]


def test_json_is_an_array_of_objects_with_typed_values(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sql(db, QUERY, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == [
        {"claim_id": 1, "day": "2026-03-14", "score": 1.5, "content": LONG},
        {"claim_id": 2, "day": None, "score": None, "content": "short"},
    ]


def test_jsonl_is_one_object_per_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sql(db, QUERY, "--format", "jsonl") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["content"] for line in lines] == [LONG, "short"]


def test_json_values_match_the_database(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with duckdb.connect(str(db), read_only=True) as conn:
        stored = conn.execute(QUERY).fetchall()
    assert sql(db, QUERY, "--format", "json") == 0
    printed = json.loads(capsys.readouterr().out)
    assert [r["content"] for r in printed] == [row[3] for row in stored]
    assert stored[0][1:3] == (date(2026, 3, 14), Decimal("1.50"))


def test_markdown_escapes_pipes_and_keeps_each_row_on_a_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sql(db, QUERY, "--format", "markdown") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["| claim_id | day | score | content |", "| --- | --- | --- | --- |"]
    assert len(lines) == 4  # header, rule, one line per row
    content = lines[2].split(" | ", 3)[3].removesuffix(" |")
    assert "\\|" in content and "<br>" in content
    assert content.replace("<br>", "\n").replace("\\|", "|") == LONG
    # Only the separators are bare pipes: the cell's own are escaped.
    assert lines[2].replace("\\|", "").count("|") == 5


def test_full_table_prints_each_value_whole_on_one_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sql(db, QUERY, "--full") == 0
    out = capsys.readouterr().out
    assert " ".join(LONG.split()) in out.splitlines()[2]
    assert out.splitlines()[-1] == "(2 rows)"


@pytest.mark.parametrize("columns", [30, 60, 100])
def test_table_wraps_to_the_terminal_keeping_every_character(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert sql(db, "SELECT claim_id, content FROM claims ORDER BY claim_id") == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert lines[0].split() == ["claim_id", "|", "content"]
    assert lines[-1] == "(2 rows)"
    body = lines[2:-1]
    first_row = body[: next(i for i, line in enumerate(body) if line.startswith("-"))]
    assert len(first_row) > 1  # it did wrap
    # The id column holds no pipe: what follows the first separator is the content.
    wrapped = "".join(line.split(" | ", 1)[1] for line in first_row)
    assert squeezed(wrapped) == squeezed(LONG)


def test_table_has_no_colour_codes_off_a_terminal(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich's switch must not reach a pipe
    assert sql(db, QUERY) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_a_keyword_is_a_variable_name(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sql(db, "SELECT getvariable('order') AS v", "--set", "order=x y", "--format", "csv") == 0
    assert capsys.readouterr().out.splitlines() == ["v", "x y"]


@pytest.mark.parametrize("item", ["about", "1st=x", "a b=x", "=x", "about-me=x"])
def test_bad_set_is_one_line_naming_the_fix(
    db: Path, capsys: pytest.CaptureFixture[str], item: str
) -> None:
    assert sql(db, QUERY, "--set", item) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "NAME=VALUE" in err and repr(item) in err and 'about="Mira Sefton"' in err


def test_unknown_format_is_a_usage_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        sql(db, QUERY, "--format", "xml")
    assert exited.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "usage:" in err and "invalid choice: 'xml'" in err and "Traceback" not in err


def test_short_columns_stay_whole_and_the_longest_text_gets_the_room() -> None:
    # day, relation, speaker, stance, cue, claim, source of the who-claims example
    longest = [10, 8, 21, 6, 7, 300, 7]
    widths = fair_widths(longest, 100)
    assert sum(widths) == 100
    assert widths[:5] == longest[:5] and widths[6] == 7
    two_long = fair_widths([10, 40, 300], 62)
    assert sum(two_long) == 62 and two_long[0] == 10 and two_long[2] > two_long[1] >= 12
    assert fair_widths([5, 5], 100) == [5, 5]  # fits: nothing wraps
