"""Opening databases: new ones at head, connection set-up, refusing bad files untouched."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from newsroom.core import migrations
from newsroom.core.articles import ArticleInput, create_article
from newsroom.core.db import ENV_VAR, default_location, open_database, resolve_location, to_url
from newsroom.core.errors import DatabaseOpenError, SchemaTooNewError


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int] | None]:
    """Every entry in `folder` with its bytes, mtime and mode (None for a sub-folder)."""
    if not folder.exists():
        return {}
    return {
        p.name: None if p.is_dir() else (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(folder.iterdir())
    }


def refuse(path: Path, error: type[DatabaseOpenError] = DatabaseOpenError) -> str:
    """Open `path`, expect `error`; return its message after checking it is one line."""
    with pytest.raises(error) as caught:
        open_database(path)
    message = str(caught.value)
    assert message and "\n" not in message
    return message


def newsroom_db(path: Path, stories: int = 0) -> Path:
    db = open_database(path)
    with db.transaction() as session:
        for n in range(stories):
            create_article(session, ArticleInput(headline=f"Story {n}", body="lorem " * 500))
    db.close()
    return path


@pytest.mark.sqlite_only
def test_a_new_database_is_created_at_the_newest_schema(db, db_path):
    assert db_path.is_file()
    assert db.backup_path is None
    with db.reading() as session:
        version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == migrations.head_revision()
    assert migrations.current_revision(db.engine) == migrations.head_revision()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", ["reading", "transaction"])
def test_sessions_have_foreign_keys_wal_and_a_busy_timeout(db, kind):
    with getattr(db, kind)() as session:
        pragma = {
            name: session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        }
    assert pragma["foreign_keys"] == 1
    assert pragma["journal_mode"] == "wal"
    assert pragma["busy_timeout"] > 0


def make_text(path: Path) -> None:
    path.write_text("Dear editor,\nthis is a letter, not a database.\n")


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_truncated(path: Path) -> None:
    newsroom_db(path, stories=40)
    con = sqlite3.connect(path)
    con.execute("VACUUM")
    con.close()
    assert not path.with_name(path.name + "-wal").exists()
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)


def make_read_only(path: Path) -> None:
    newsroom_db(path, stories=2)
    path.chmod(0o444)


def make_folder(path: Path) -> None:
    path.mkdir()


def make_too_new(path: Path) -> None:
    newsroom_db(path, stories=2)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (make_text, "not a SQLite database"),
        (make_empty, "empty"),
        (make_truncated, "truncated"),
        (make_read_only, "read-only"),
        (make_folder, "folder"),
    ],
    ids=["text-file", "empty-file", "truncated", "read-only", "directory"],
)
def test_a_bad_file_is_refused_and_left_untouched(tmp_path, make, words):
    path = tmp_path / "newsroom.db"
    make(path)
    before = snapshot(tmp_path)

    assert words in refuse(path)
    assert snapshot(tmp_path) == before


def test_a_database_from_a_newer_newsroom_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newsroom.db"
    make_too_new(path)
    before = snapshot(tmp_path)

    message = refuse(path, SchemaTooNewError)

    assert "newer" in message and "9999" in message
    assert snapshot(tmp_path) == before


def test_a_path_in_a_missing_folder_is_refused_and_nothing_is_created(tmp_path):
    message = refuse(tmp_path / "no-such-folder" / "newsroom.db")

    assert "does not exist" in message
    assert list(tmp_path.iterdir()) == []


def make_foreign(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO recipes (name) VALUES ('soup')")
    con.commit()
    con.close()


def test_a_sqlite_database_of_another_program_is_refused(tmp_path):
    path = tmp_path / "recipes.db"
    make_foreign(path)

    assert "not a Newsroom database" in refuse(path)
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    con.close()
    assert tables == ["recipes"]


def test_a_sqlite_database_of_another_program_is_left_byte_for_byte_untouched(tmp_path):
    path = tmp_path / "recipes.db"
    make_foreign(path)
    before = snapshot(tmp_path)

    refuse(path)

    assert path.read_bytes()[18:20] == b"\x01\x01", "the file was switched to WAL mode"
    assert snapshot(tmp_path) == before


def test_to_url_takes_a_path_or_a_url(tmp_path, monkeypatch):
    url = to_url(tmp_path / "a.db")
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(tmp_path / "a.db")

    monkeypatch.chdir(tmp_path)
    assert to_url("relative.db").database == str(tmp_path / "relative.db")

    url = to_url(f"sqlite:///{tmp_path / 'b.db'}")
    assert (url.get_backend_name(), url.database) == ("sqlite", str(tmp_path / "b.db"))

    with pytest.raises(DatabaseOpenError):
        to_url("::not a url://")


def test_open_database_accepts_a_sqlite_url(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'via-url.db'}")
    try:
        assert (tmp_path / "via-url.db").is_file()
        assert db.display_name == str(tmp_path / "via-url.db")
    finally:
        db.close()


def test_resolve_location_prefers_db_argument_then_environment_then_default(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "/srv/from-env.db")
    assert resolve_location("/srv/from-arg.db") == ("/srv/from-arg.db", False)
    assert resolve_location(None) == ("/srv/from-env.db", False)

    monkeypatch.delenv(ENV_VAR)
    assert resolve_location(None) == (str(default_location()), True)
    assert resolve_location("") == (str(default_location()), True)
    assert os.path.basename(resolve_location(None)[0]) == "newsroom.db"
