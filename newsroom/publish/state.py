"""What an export leaves beside the site for the next one: `.<name>.newsroom-state.sqlite`.

It holds, for the site in the folder: the change counter and export time it was made
at (`core.changes`), each file's fingerprint and stat (a full export renders only
files whose fingerprint moved and carries the others over), each story's path, rank
and summary, and which listing page lists which story with what it needs to be
rendered again, and why each More-news target left out is not on the site (so the
report of lines left out reads no article). With those an export after one edit reads
that story and the pages that list it, not the whole database.

It is an SQLite file beside the folder, not in it: the site's bytes stay a function
of the database and `--now`, and a page's notes are read by key, not all at once (a
100,000-story site's notes are ~100 MB of rows, but one edit reads a few).

A note is only trusted for the folder it was written for: the header records the
folder's inode (the staging folder that became the site, or the site a patch was
applied to); another folder under the name (deleted and exported afresh, restored
from a backup) gets a full export.

The journal (`journal` table) is what makes a patch (a few files replaced in place)
recoverable: the new files are written beside the site first, then one transaction
records them with the notes that describe the patched site; only then are they
renamed into the site. An export killed after that commit leaves the journal, and the
next export finishes the renames before anything else (`recover`).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsroom.publish import swap
from newsroom.publish.site_folder import ExportError

STATE_VERSION = 3

_SCHEMA = """
CREATE TABLE header (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, size INTEGER NOT NULL,
    mtime INTEGER NOT NULL, left_out TEXT NOT NULL
);
CREATE TABLE stories (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL, slug TEXT NOT NULL, path TEXT NOT NULL,
    rank INTEGER NOT NULL, summary TEXT NOT NULL, place TEXT NOT NULL, lastmod TEXT NOT NULL
);
CREATE INDEX stories_path ON stories (path, slug);  -- covers left_out()'s join
CREATE INDEX files_left_out ON files (path, left_out) WHERE left_out <> '';
CREATE TABLE reasons (uid TEXT PRIMARY KEY, article_id INTEGER, reason TEXT NOT NULL);
CREATE TABLE listings (path TEXT PRIMARY KEY, spec TEXT NOT NULL);
CREATE TABLE listed (
    story_id INTEGER NOT NULL, path TEXT NOT NULL, PRIMARY KEY (story_id, path)
) WITHOUT ROWID;
CREATE TABLE journal (path TEXT PRIMARY KEY, action TEXT NOT NULL, folder TEXT NOT NULL);
"""


def state_file(target: Path) -> Path:
    return target.parent / f".{target.name}.newsroom-state.sqlite"


@dataclass(frozen=True, slots=True)
class StoryNote:
    """What the site in the folder shows of one story."""

    id: int
    uid: str
    slug: str
    path: str
    rank: int  # 0 for the newest story on the site
    summary: str  # digest of what listings, feeds and other stories' pages show of it
    place: str  # digest of what decides where it is listed (date, section, tags, path)
    lastmod: str


Reason = tuple[int | None, str]
"""Why a More-news target is not on the site: (id of the story that has its uid, or
None when none has it; the reason, "it is a draft")."""


@dataclass(frozen=True, slots=True)  # (one per file: 150,000 on a big site)
class FileNote:
    fingerprint: str
    size: int
    mtime: int
    left_out: tuple[str, ...]  # More-news targets a story page left out


class Notes:
    """An open state file (read, and for a patch, written)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.header: dict[str, Any] = {
            key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM header")
        }

    def close(self) -> None:
        self.conn.close()

    def files(self) -> dict[str, FileNote]:
        return {
            path: FileNote(fp, size, mtime, tuple(left.split()))
            for path, fp, size, mtime, left in self.conn.execute(
                "SELECT path, fingerprint, size, mtime, left_out FROM files"
            )
        }

    def file(self, path: str) -> FileNote | None:
        row = self.conn.execute(
            "SELECT fingerprint, size, mtime, left_out FROM files WHERE path = ?", (path,)
        ).fetchone()
        return FileNote(row[0], row[1], row[2], tuple(row[3].split())) if row else None

    def stories(self, ids: Iterable[int]) -> dict[int, StoryNote]:
        out = {}
        for chunk in _chunks(sorted(set(ids)), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT id, uid, slug, path, rank, summary, place, lastmod FROM stories "
                f"WHERE id IN ({marks})",
                chunk,
            ):
                out[row[0]] = StoryNote(*row)
        return out

    def listed_on(self, ids: Iterable[int]) -> dict[str, dict[str, Any]]:
        """The listing pages that list any of stories `ids`: path -> spec."""
        out = {}
        for chunk in _chunks(sorted(set(ids)), 500):
            marks = ",".join("?" * len(chunk))
            for path, spec in self.conn.execute(
                "SELECT DISTINCT l.path, l.spec FROM listed s JOIN listings l ON l.path = s.path "
                f"WHERE s.story_id IN ({marks})",
                chunk,
            ):
                out[path] = json.loads(spec)
        return out

    def sitemap_entries(self, offset: int = 0, limit: int = -1) -> list[tuple[str, str]]:
        """(path, lastmod) of the story pages, by path; `limit` of them from `offset`."""
        return list(
            self.conn.execute(
                "SELECT path, lastmod FROM stories ORDER BY path LIMIT ? OFFSET ?",
                (limit, offset),
            )
        )

    def position(self, path: str) -> int:
        """How many story pages come before `path` in the sitemap's order."""
        return int(
            self.conn.execute("SELECT COUNT(*) FROM stories WHERE path < ?", (path,)).fetchone()[0]
        )

    def left_out(self) -> list[tuple[str, str]]:
        """(story slug, target uid) of every More-news line the site leaves out."""
        out = []
        for slug, left in self.conn.execute(  # the few files with such lines, then theirs
            "SELECT s.slug, f.left_out FROM files f CROSS JOIN stories s ON s.path = f.path "
            "WHERE f.left_out <> ''"
        ):
            out += [(slug, uid) for uid in left.split()]
        return out

    def reasons(self) -> dict[str, Reason]:
        """Why each More-news target left out is not on the site, as the export that
        wrote it (or the patch that changed its story) found: uid -> (id of the story
        that has it or None, reason). A patch asks again only for the stories it
        changed, so reporting the lines left out reads no article."""
        return {
            uid: (article_id, reason)
            for uid, article_id, reason in self.conn.execute(
                "SELECT uid, article_id, reason FROM reasons"
            )
        }

    def commit_patch(
        self,
        header: dict[str, Any],
        files: dict[str, FileNote],
        stories: list[StoryNote],
        journal: dict[str, str],
        folder: str,
        reasons: dict[str, Reason],
    ) -> None:
        """Record a patch: the notes of the patched site, the reasons asked again and
        the renames still to do, in one transaction (the patch's point of no return)."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO reasons VALUES (?, ?, ?)",
                [(uid, article_id, why) for uid, (article_id, why) in reasons.items()],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO header VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in header.items()],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                [
                    (p, f.fingerprint, f.size, f.mtime, " ".join(f.left_out))
                    for p, f in files.items()
                ],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [_story_row(s) for s in stories],
            )
            self.conn.executemany(
                "INSERT INTO journal VALUES (?, ?, ?)",
                [(path, action, folder) for path, action in journal.items()],
            )
        self.header.update(header)

    def set_header(self, values: dict[str, Any]) -> None:
        """Change header values (not flushed to the disk: callers write only what
        a crash may lose, such as folder times whose loss means a full export)."""
        self.conn.execute("PRAGMA synchronous = OFF")
        try:
            self._set_header(values)
        finally:
            self.conn.execute("PRAGMA synchronous = FULL")

    def _set_header(self, values: dict[str, Any]) -> None:
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO header VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in values.items()],
            )
        self.header.update(values)

    def finish_patch(self, target: Path) -> None:
        """Do the renames the journal lists, then forget them; safe to run again."""
        rows = list(self.conn.execute("SELECT path, action, folder FROM journal"))
        if not rows:
            return
        for path, action, folder in rows:
            source = target.parent / folder / path
            if action == "put" and source.is_file():
                os.replace(source, target / path)
        # Not flushed to the disk: a journal that comes back after a crash is finished
        # again, and finding its files already moved, does nothing.
        self.conn.execute("PRAGMA synchronous = OFF")
        try:
            with self.conn:
                self.conn.execute("DELETE FROM journal")
        finally:
            self.conn.execute("PRAGMA synchronous = FULL")
        for folder in {folder for _, _, folder in rows}:
            shutil.rmtree(target.parent / folder, ignore_errors=True)

    def pending(self) -> list[str]:
        """The folders of patches committed but not finished."""
        return [row[0] for row in self.conn.execute("SELECT DISTINCT folder FROM journal")]


def _file_row(path: str, f: FileNote) -> tuple[Any, ...]:
    return (path, f.fingerprint, f.size, f.mtime, " ".join(f.left_out))


def _story_row(s: StoryNote) -> tuple[Any, ...]:
    return (s.id, s.uid, s.slug, s.path, s.rank, s.summary, s.place, s.lastmod)


def _chunks(items: list[Any], n: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def read(target: Path) -> Notes | None:
    """The notes beside `target`, if there are any to trust (our version, readable)."""
    path = state_file(target)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path, isolation_level="DEFERRED")  # transactions by `with conn`
        notes = Notes(conn, path)
    except sqlite3.Error:
        return None
    if notes.header.get("version") != STATE_VERSION:
        notes.close()
        return None
    return notes


def recover(target: Path) -> None:
    """Finish a patch a killed export committed but did not finish (see the module
    notes); a patch's folder without a committed journal is a leftover `swap.tidy`
    clears."""
    notes = read(target)
    if notes is None:
        return
    try:
        folders = notes.pending()
        pids = [int(f.rsplit("-", 1)[1]) for f in folders if f.rsplit("-", 1)[-1].isdigit()]
        if folders and not any(swap.alive(pid) for pid in pids):
            notes.finish_patch(target)
    finally:
        notes.close()


class NotesFile:
    """A state file being written: made beside `path` when the first rows come, renamed
    over `path` by `finish`, deleted if the block ends without it (and by `swap.tidy`
    after a killed export). The notes of stories and listings do not depend on the
    files, so a full export adds them while its pages still render and only the files'
    rows (their stat) are left for the end. Workers forked after the connection opened
    never use it and end by `os._exit`, so they neither write nor close it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(f"{path.name}.new-{os.getpid()}")
        self._conn: sqlite3.Connection | None = None
        self._done = False

    def __enter__(self) -> NotesFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._conn is not None:  # not finished: an error or a cancel
            self._conn.close()
            self._conn = None
            with contextlib.suppress(OSError):
                self.temporary.unlink()

    @property
    def conn(self) -> sqlite3.Connection:
        assert not self._done, "the notes are finished"
        if self._conn is None:
            with contextlib.suppress(FileNotFoundError):
                self.temporary.unlink()
            self._conn = sqlite3.connect(self.temporary)
            self._conn.execute("PRAGMA journal_mode = OFF")
            self._conn.execute("PRAGMA synchronous = OFF")  # fsynced once, by `finish`
            self._conn.executescript(_SCHEMA)
        return self._conn

    def add(
        self,
        stories: Iterable[StoryNote],
        listings: Sequence[tuple[str, dict[str, Any], tuple[int, ...]]],
        reasons: dict[str, Reason],
    ) -> None:
        conn = self.conn
        # Rows are streamed, never listed: at 100,000 stories `listed` alone has over a
        # million (a list of them was the export's peak of memory).
        conn.executemany(
            "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (_story_row(s) for s in stories)
        )
        conn.executemany(
            "INSERT INTO listings VALUES (?, ?)",
            ((page, json.dumps(spec)) for page, spec, _ids in listings),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO listed VALUES (?, ?)",
            ((i, page) for page, _spec, ids in listings for i in ids),
        )
        conn.executemany(
            "INSERT INTO reasons VALUES (?, ?, ?)",
            [(uid, article_id, why) for uid, (article_id, why) in reasons.items()],
        )

    def finish(self, header: dict[str, Any], files: dict[str, FileNote]) -> None:
        """Add the header and the files' rows, then put the file in place, on the disk."""
        conn = self.conn
        conn.executemany(
            "INSERT INTO header VALUES (?, ?)",
            [(k, json.dumps(v)) for k, v in {**header, "version": STATE_VERSION}.items()],
        )
        conn.executemany(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?)", (_file_row(p, f) for p, f in files.items())
        )
        conn.commit()
        conn.close()
        self._conn, self._done = None, True
        try:
            with open(self.temporary, "rb") as f:
                os.fsync(f.fileno())
            os.replace(self.temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                self.temporary.unlink()
            raise


def failure(exc: sqlite3.Error, target: Path) -> ExportError:
    """The one-line error for notes that could not be written (before anything of the
    site was replaced)."""
    if "full" in str(exc):
        return ExportError(
            f"the disk is full (while writing the notes beside {target.name}); "
            f"the previous site in {target} is untouched"
        )
    return ExportError(
        f"cannot export to {target}: the notes beside it cannot be written ({exc}); "
        "the previous site is untouched"
    )
