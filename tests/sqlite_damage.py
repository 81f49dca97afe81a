"""Damage a SQLite file the way a failing disk does: pages in the middle overwritten,
the 100-byte header (and the schema's pages) intact, so the file still opens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def damage_pages(path: Path) -> list[int]:
    """Overwrite 16 bytes across each page boundary in the middle third of the file,
    skipping the schema's pages; return the damaged page numbers. The file must be
    closed (its WAL checkpointed)."""
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    conn = sqlite3.connect(path)
    try:
        schema = {
            n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")
        }
    except sqlite3.OperationalError as exc:  # SQLite built without dbstat
        pytest.skip(f"this SQLite can not list a file's pages: {exc}")
    finally:
        conn.close()
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    pages = len(data) // size
    hit = []
    for page in range(pages // 3 + 1, 2 * pages // 3 + 1):  # 1-based page numbers
        if page in schema or page - 1 in schema or page == 1:
            continue
        start = (page - 1) * size
        data[start - 8 : start + 8] = b"\xff" * 16
        hit.append(page)
    assert hit, "the file is too small to damage in the middle"
    path.write_bytes(bytes(data))
    return hit
