"""`newsroom import` as a user runs it: summary line, failures on stderr, JSON, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "importing" / "fixtures"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(FIXTURES / "markdown" / "harbour-dredging.md", folder)
    shutil.copy(FIXTURES / "text" / "ferry-strike.txt", folder / "nested")
    return folder


@pytest.mark.slow
def test_import_a_folder_then_again(newsroom, tmp_path: Path, archive: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "n.db")
    first = newsroom("import", "--db", db, str(archive))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("2 imported, 0 updated, 0 skipped, 0 failed in ")
    assert "More news: A story that was never written" in first.stderr
    listed = newsroom("list", "--db", db)
    assert "Ferry strike called off after late-night deal" in listed.stdout
    again = newsroom("import", "--db", db, "--on-duplicate", "skip", "--json", str(archive))
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert (data["imported"], data["skipped"], data["failed"]) == (0, 2, 0)
    updated = newsroom("import", "--db", db, "--on-duplicate", "update", str(archive))
    assert updated.stdout.startswith("0 imported, 2 updated, 0 skipped, 0 failed")


@pytest.mark.slow
def test_status_draft_and_skip_reasons_then_update(newsroom, tmp_path: Path, archive: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "n.db")
    first = newsroom("import", "--db", db, "--status", "draft", "--json", str(archive))
    assert first.returncode == 0, first.stderr
    listed = json.loads(newsroom("list", "--db", db, "--json").stdout)
    assert {story["status"] for story in listed} == {"draft"}  # the file says published
    dredging = archive / "harbour-dredging.md"
    dredging.write_text(dredging.read_text().replace("in May", "in June"), encoding="utf-8")
    again = newsroom("import", "--db", db, str(dredging))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("0 imported, 0 updated, 1 skipped")
    assert (
        f"{dredging.absolute()}: skipped: already in the database: the story "
        "'Port Edris approves harbour dredging plan' has the same slug and publication day"
    ) in again.stderr
    assert "--on-duplicate update updates those stories" in again.stderr
    updated = newsroom("import", "--db", db, "--on-duplicate", "update", str(dredging))
    assert updated.stdout.startswith("0 imported, 1 updated, 0 skipped"), updated.stderr
    bad = newsroom("import", "--db", db, "--status", "published", str(dredging))
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


@pytest.mark.slow
def test_failed_files_exit_1_with_path_and_reason(newsroom, tmp_path: Path, archive: Path) -> None:  # type: ignore[no-untyped-def]
    (archive / "empty.md").write_bytes(b"")
    result = newsroom("import", "--db", str(tmp_path / "n.db"), "--json", str(archive))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["imported"] == 2 and data["failed"] == 1
    failed = [f for f in data["files"] if f["outcome"] == "failed"]
    assert failed == [
        {**failed[0], "path": str((archive / "empty.md").absolute()), "reason": "the file is empty"}
    ]
    human = newsroom("import", "--db", str(tmp_path / "m.db"), str(archive / "empty.md"))
    assert human.returncode == 1
    assert f"{archive / 'empty.md'}: the file is empty" in human.stderr


@pytest.mark.slow
def test_bad_usage_exits_2(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = newsroom("import", "--db", str(tmp_path / "n.db"), str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "no such file or folder" in missing.stderr
    no_paths = newsroom("import", "--db", str(tmp_path / "n.db"))
    assert no_paths.returncode == 2
    bad_choice = newsroom("import", "--on-duplicate", "merge", str(tmp_path))
    assert bad_choice.returncode == 2


@pytest.mark.slow
def test_the_hostile_corpus_is_one_line_per_bad_file_then_exports(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from importing.hostile_corpus import FAILS, IMPORTED, SKIPPED, hostile_folder

    folder = hostile_folder(tmp_path)
    db = str(tmp_path / "n.db")
    result = newsroom("import", "--db", db, str(folder))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr + result.stdout  # file names are printed escaped
    lines = result.stderr.splitlines()
    assert all(line.startswith("newsroom: import: ") for line in lines), lines
    for name in FAILS:
        assert sum(f"/{name}: " in line for line in lines) == 1, name
    for name in SKIPPED:  # with why: the same story as a file before it
        assert sum(f"/{name}: skipped: the same story as " in line for line in lines) == 1
    assert len(lines) == len(FAILS) + len(SKIPPED)
    counts = f"{len(IMPORTED)} imported, 0 updated, {len(SKIPPED)} skipped, {len(FAILS)} failed"
    assert result.stdout.startswith(counts)
    exported = newsroom("export", "--db", db, "--out", str(tmp_path / "site"))
    assert exported.returncode == 0, exported.stderr


def test_a_full_disk_stops_the_import_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's max_page_count makes the database "full" a few files in."""
    from sqlalchemy import event

    from newsroom import cli
    from newsroom.core import db as databases

    real_open = databases.open_database

    def small_disk(*args, **kwargs):  # type: ignore[no-untyped-def]
        database = real_open(*args, **kwargs)
        with database.reading() as session:
            pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()

        @event.listens_for(database.engine, "connect")
        def _limit(connection, _record) -> None:  # type: ignore[no-untyped-def]
            connection.execute(f"PRAGMA max_page_count = {pages + 30}")

        return database

    monkeypatch.setattr(databases, "open_database", small_disk)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(60):
        (folder / f"{n:02d}.md").write_text(
            f"---\ntitle: Story {n}\ntags: [Tag {n}]\n---\n" + "Words of a story. " * 300
        )
    code = cli.main(["import", "--db", str(tmp_path / "n.db"), str(folder)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1, err
    assert err.startswith("newsroom: import: stopped: the disk is full (database or disk is full)")
    assert "files not written" in err
    imported = int(out.split()[0])
    assert 0 < imported < 60 and "0 failed" in out
