"""The same content exports to the same files from SQLite and from PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from newsroom.core.db import open_database


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_sqlite_and_postgresql_export_identical_sites(tmp_path, pg_url, fill_newsroom) -> None:  # type: ignore[no-untyped-def]
    sites = {}
    for name, location in (("sqlite", tmp_path / "n.db"), ("postgresql", pg_url)):
        db = open_database(location)
        try:
            newsroom = fill_newsroom(db)
            out = tmp_path / name
            newsroom.export(out)
            sites[name] = _files(out)
        finally:
            db.close()
    assert sites["sqlite"].keys() == sites["postgresql"].keys()
    differing = [k for k in sites["sqlite"] if sites["sqlite"][k] != sites["postgresql"][k]]
    assert differing == [], differing[:5]
