"""A user's mistakes with `newsclaims import` and `newsclaims brief`: one line naming the
fix, exit 2, nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assets.cli import EXIT_USAGE, main


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["import", "{tmp}/no-such-folder"], "does not exist; give a folder"),
        (["import", "{tmp}/sources.yaml", "--name", "x"], "--name names a folder's source"),
        (["import", "{tmp}/pages", "--name", "bad name!"], "is not a source name"),
        (["brief", "--date", "{tomorrow}"], "is after today"),
        (["brief", "--date", "2026-03-01"], "does not exist; run `newsclaims run` first"),
    ],
)
def test_a_mistake_is_one_line_and_exit_2(
    args: list[str],
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    db = tmp_path / "news.duckdb"
    monkeypatch.setenv("NEWSCLAIMS_DB", str(db))
    tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    argv = [a.format(tmp=tmp_path, tomorrow=tomorrow) for a in args]
    assert main(argv) == EXIT_USAGE
    assert says in one_line_error(capsys)
    assert not db.exists()
    assert not (tmp_path / "imports").exists()


def test_a_bad_brief_setting_names_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSCLAIMS_DB", str(tmp_path / "news.duckdb"))
    monkeypatch.setenv("NEWSCLAIMS_BRIEF_BY", "weekly")
    assert main(["brief"]) == EXIT_USAGE
    assert "NEWSCLAIMS_BRIEF_BY='weekly' is not one of ingest, published" in one_line_error(capsys)
