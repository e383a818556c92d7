"""Where the SQL files are read from: the checkout's sql/, or the folder the edge names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.store import sqlfiles
from pipeline.store.sqlfiles import SQL_DIR, load_sql, sql_dir, use_sql_dir, view_files


@pytest.fixture
def restore_sql_dir() -> Iterator[None]:
    yield
    use_sql_dir(None)


def test_the_checkout_folder_by_default() -> None:
    assert sql_dir() == SQL_DIR == Path(sqlfiles.__file__).resolve().parents[2] / "sql"
    assert "DELETE" in load_sql("store/delete_partition").upper()


def test_use_sql_dir_reads_another_folder(tmp_path: Path, restore_sql_dir: None) -> None:
    load_sql("store/delete_partition")  # cached from the checkout
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "delete_partition.sql").write_text("SELECT 'elsewhere'")
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "only.sql").write_text("SELECT 1")
    use_sql_dir(tmp_path)
    assert load_sql("store/delete_partition") == "SELECT 'elsewhere'"
    assert view_files() == [tmp_path / "views" / "only.sql"]
    with pytest.raises(FileNotFoundError, match="NEWSCLAIMS_SQL_DIR"):
        load_sql("store/no_such_statement")
    use_sql_dir(None)
    assert load_sql("store/delete_partition") != "SELECT 'elsewhere'"
