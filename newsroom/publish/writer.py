"""The one writer of exported files: confined to its folder, atomic, incremental.

Files go into a staging folder beside the target; `commit()` swaps it in with two
renames, so a failed or cancelled export leaves the previous site as it was. A file
whose bytes did not change is hard-linked from the previous site instead of being
rewritten (its modification time stays), which is what makes re-exports cheap to
upload. Paths are checked so nothing can be written outside the staging folder.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from newsroom.core.errors import NewsroomError


class ExportError(NewsroomError):
    """The export could not be written; the previous site is intact."""


class ExportCancelled(NewsroomError):
    """The user cancelled; the previous site is intact."""


def safe_relpath(relpath: str) -> str:
    """A relative path that stays inside the output folder, or ExportError."""
    parts = relpath.split("/")
    if (
        not relpath
        or "\x00" in relpath
        or "\\" in relpath
        or relpath.startswith("/")
        or any(part in ("..", ".", "") for part in parts)
    ):
        raise ExportError(f"refusing to write {relpath!r}: it would leave the output folder")
    return relpath


def place(target: str, staging: str, relpath: str, data: bytes) -> bool:
    """Put one file of the new site into `staging`: a hard link to the previous site's
    file when the bytes are equal (False), else the new bytes (True). Safe to call from
    several processes at once; used by `SiteWriter.write` and the export's workers."""
    safe_relpath(relpath)
    old = os.path.join(target, relpath)
    new = os.path.join(staging, relpath)
    os.makedirs(os.path.dirname(new), exist_ok=True)
    try:
        if os.path.isfile(old) and os.stat(old).st_size == len(data):
            with open(old, "rb") as f:
                same = f.read() == data
            if same:
                try:
                    os.link(old, new)
                except OSError:
                    shutil.copy2(old, new)
                return False
        with open(new, "wb") as f:
            f.write(data)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise ExportError(
                f"the disk is full (while writing {relpath}); "
                f"the previous site in {target} is untouched"
            ) from exc
        raise ExportError(f"cannot write {relpath}: {exc.strerror}") from exc
    return True


MARKER = ".newsroom-site"
"""Written into every export, so a later export knows the folder is its own to replace."""


class SiteWriter:
    def __init__(self, target: Path) -> None:
        self.target = target.absolute()
        parent = self.target.parent
        if not parent.is_dir():
            raise ExportError(f"cannot export to {self.target}: folder {parent} does not exist")
        if self.target.exists() and not self.target.is_dir():
            raise ExportError(f"cannot export to {self.target}: it is a file, not a folder")
        if (
            self.target.is_dir()
            and any(self.target.iterdir())
            and not (self.target / MARKER).is_file()
            and not (parent / f".{self.target.name}.newsroom-manifest.json").is_file()
        ):
            # Replacing the folder deletes what is in it: only ever an earlier export.
            raise ExportError(
                f"cannot export to {self.target}: the folder is not empty and was not "
                "written by Newsroom; choose a new or empty folder"
            )
        self.staging = parent / f".{self.target.name}.staging-{os.getpid()}"
        self.written = 0
        self.unchanged = 0
        self.removed = 0
        self.names: set[str] = set()
        self._dirs: set[str] = set()

    def __enter__(self) -> SiteWriter:
        if self.staging.exists():
            shutil.rmtree(self.staging)
        try:
            self.staging.mkdir()
        except OSError as exc:
            raise ExportError(f"cannot export to {self.target}: {exc.strerror}") from exc
        (self.staging / MARKER).write_text("Exported by Newsroom; replaced by each export.\n")
        return self

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        if kind is not None:
            self.abort()

    def previous(self, relpath: str) -> str | None:
        """The file at `relpath` in the site being replaced, if there is one."""
        old = os.path.join(self.target, safe_relpath(relpath))
        return old if os.path.isfile(old) else None

    def keep(self, relpath: str, stamp: tuple[int, int] | None = None) -> bool:
        """Carry the previous site's file over unchanged (hard link); False if none, or
        if `stamp` (size, mtime_ns) is given and the file no longer matches it (someone
        edited the published copy by hand: it is rendered again)."""
        old = self.previous(relpath)
        if old is None:
            return False
        if stamp is not None:
            st = os.stat(old)
            if (st.st_size, st.st_mtime_ns) != tuple(stamp):
                return False
        new = self._prepare(relpath)
        try:
            os.link(old, new)
        except OSError:
            shutil.copy2(old, new)
        self.unchanged += 1
        return True

    def write(self, relpath: str, data: bytes) -> bool:
        """Write `data` at `relpath`, or keep the previous file if the bytes are equal.
        True when written; the caller counts (see `written`/`unchanged`)."""
        self.claim(relpath)
        return place(str(self.target), str(self.staging), relpath, data)

    def claim(self, relpath: str) -> None:
        """Record that `relpath` belongs to the new site (a worker process writes it)."""
        key = safe_relpath(relpath)
        if key in self.names:
            raise ExportError(f"two pages want the same file {key!r}")
        self.names.add(key)

    def _prepare(self, relpath: str) -> str:
        self.claim(relpath)
        path = os.path.join(self.staging, relpath)
        folder = os.path.dirname(path)
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        return path

    def commit(self) -> None:
        """Swap the new site in; count what the old one had that the new one has not."""
        if self.target.is_dir():
            root = str(self.target)
            for folder, _dirs, files in os.walk(root):
                prefix = os.path.relpath(folder, root)
                for name in files:
                    key = name if prefix == "." else f"{prefix}/{name}".replace(os.sep, "/")
                    if key not in self.names and key != MARKER:
                        self.removed += 1
            retired = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
            if retired.exists():
                shutil.rmtree(retired)
            os.rename(self.target, retired)
            try:
                os.rename(self.staging, self.target)
            except OSError:
                os.rename(retired, self.target)  # put the old site back
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(self.staging, self.target)

    def stamps(self) -> dict[str, tuple[int, int]]:
        """(size, mtime_ns) of every file of the committed site, for the next `keep`."""
        out = {}
        root = str(self.target)
        for name in self.names:
            st = os.stat(os.path.join(root, name))
            out[name] = (st.st_size, st.st_mtime_ns)
        return out

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
