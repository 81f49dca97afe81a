"""The one writer of exported files: confined to its folder, atomic, incremental.

Files go into a staging folder beside the target; `commit()` swaps it in (see
`swap`), so a failed, cancelled or killed export leaves the previous site as it was. A
file whose bytes did not change is hard-linked from the previous site instead of being
rewritten (its modification time stays), which is what makes re-exports cheap to
upload. Paths are checked so nothing can be written outside the staging folder.

Which folder is ours to replace: only one holding our marker file (`.newsroom-site`),
or an empty one. Nothing beside the folder vouches for it (notes beside a folder
that was deleted and made again by hand said nothing about the new folder's files).

`--out` may be a symbolic link, typically to the folder a web server serves: the export
follows it and replaces the folder it points to, keeping the link, because that folder
is what readers see. (Replacing the link by a folder would leave the served site as it
was while reporting success.)
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from pathlib import Path

from newsroom.core.errors import NewsroomError
from newsroom.publish import swap
from newsroom.publish.swap import MARKER


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


Stamp = tuple[int, int]
"""A file's (size, mtime_ns): the notes keep it to tell a file edited by hand."""


def stage_file(target: str, staging: str, relpath: str, data: bytes) -> tuple[bool, Stamp]:
    """Put one file of the new site into `staging`: a hard link to the previous site's
    file when the bytes are equal (False), else the new bytes (True); and the file's
    stamp. Safe to call from several processes at once; used by `SiteWriter.write` and
    the export's workers."""
    safe_relpath(relpath)
    old = os.path.join(target, relpath)
    new = os.path.join(staging, relpath)
    try:
        try:
            before = os.stat(old)
        except (FileNotFoundError, NotADirectoryError):
            before = None  # (a new folder: every file; one system call, no isfile first)
        if before is not None and stat.S_ISREG(before.st_mode) and before.st_size == len(data):
            with open(old, "rb") as f:
                same = f.read() == data
            if same:
                _make_folder(new)
                try:
                    os.link(old, new)
                except OSError:
                    shutil.copy2(old, new)
                    return False, _stamp(os.stat(new))
                return False, _stamp(before)
        try:
            return True, _write_new(new, data)
        except FileNotFoundError:  # the first file of its folder
            _make_folder(new)
            return True, _write_new(new, data)
    except OSError as exc:
        raise failure(exc, Path(target), relpath) from exc


def _stamp(st: os.stat_result) -> Stamp:
    return st.st_size, st.st_mtime_ns


def _write_new(path: str, data: bytes) -> Stamp:
    """`data` into the file `path` (created or truncated) with as few system calls as it
    takes (`open()`'s buffered file asks three more: is it a terminal? where is its
    end? what is it?), and the file's stamp, from the open file (a `stat` by name at
    the end was a tenth of a second, serial, at 10,000 pages)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if os.name == "posix":  # the last write set the time; elsewhere closing may
            return _stamp(os.fstat(fd))
    finally:
        os.close(fd)
    return _stamp(os.stat(path))


def _make_folder(path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)


def failure(exc: OSError, target: Path, what: str | None = None) -> ExportError:
    """The one-line error for a file-system failure while exporting into `target`
    (raised before the swap: the previous site is untouched)."""
    what = what or (Path(exc.filename).name if exc.filename else None)
    where = f" (while writing {what})" if what else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(f"the disk is full{where}; the previous site in {target} is untouched")
    return ExportError(
        f"cannot export to {target}: {exc.strerror or exc}{where}; the previous site is untouched"
    )


def write_atomic(path: Path, data: bytes, temporary: Path) -> None:
    """Write `path` whole or not at all: into `temporary` (same file system), flushed to
    the disk, then renamed over `path`. A full disk or a crash never leaves a truncated
    file under the name; OSError is the caller's to turn into an ExportError."""
    try:
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a failed write() names no file
        raise


def resolve_out(out: Path) -> Path:
    """The folder an export into `out` replaces: `out` itself, or the folder it points
    to when `out` is a symbolic link (see the module notes)."""
    out = out.absolute()
    if not out.is_symlink():
        return out
    try:
        return Path(os.path.realpath(out, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(out))  # a link to a folder not made yet
    except OSError as exc:
        raise ExportError(
            f"cannot export to {out}: the link cannot be followed ({exc.strerror})"
        ) from exc


def check_folder(out: Path) -> None:
    """Raise ExportError (the export's own one-line reason) unless an export into `out`
    could be written: its parent exists, and it is new, empty or an earlier export.
    Reads, writes nothing: for choosing a folder before any export runs."""
    writer = SiteWriter(out)
    try:
        writer._check_target()
    except OSError as exc:
        raise failure(exc, writer.target) from exc


class SiteWriter:
    """Writes one export; use as a context manager, call `commit()` at the end."""

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        self.target = resolve_out(out)
        parent = self.target.parent
        if not parent.is_dir():
            raise ExportError(f"cannot export to {self.out}: folder {parent} does not exist")
        self.staging = parent / f".{self.target.name}.staging-{os.getpid()}"
        self.replacing = False
        """True when the target is an earlier export (it has our marker)."""
        self.written = 0
        self.unchanged = 0
        self.removed = 0
        self.names: set[str] = set()
        self._dirs: set[str] = set()
        self._stamps: dict[str, Stamp] = {}  # of the files written, as they were written

    def _check_target(self) -> None:
        shown = self.out if self.out == self.target else f"{self.out} (-> {self.target})"
        if os.path.lexists(self.target) and not self.target.is_dir():
            raise ExportError(f"cannot export to {shown}: it is a file, not a folder")
        if not self.target.is_dir():
            return
        self.replacing = (self.target / MARKER).is_file()
        if not self.replacing and any(self.target.iterdir()):
            # Replacing the folder deletes what is in it: only ever an earlier export.
            raise ExportError(
                f"cannot export to {shown}: the folder is not empty and was not written "
                f"by Newsroom (it has no {MARKER} file); choose a new or empty folder"
            )

    def __enter__(self) -> SiteWriter:
        try:
            swap.tidy(self.target)
            self._check_target()
            if os.path.lexists(self.staging):
                shutil.rmtree(self.staging)
            self.staging.mkdir()
            write_atomic(
                self.staging / MARKER,
                b"Exported by Newsroom; replaced by each export.\n",
                self.staging / f"{MARKER}.tmp",
            )
        except OSError as exc:
            self.abort()
            raise failure(exc, self.target) from exc
        except BaseException:
            self.abort()
            raise
        return self

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        if kind is not None:
            self.abort()

    def previous(self, relpath: str) -> str | None:
        """The file at `relpath` in the site being replaced, if there is one."""
        if not self.replacing:
            return None
        old = os.path.join(self.target, safe_relpath(relpath))
        return old if os.path.isfile(old) else None

    def carry_over(self, relpath: str, stamp: Stamp | None = None) -> bool:
        """Carry the previous site's file over unchanged (hard link); False if none, or
        if `stamp` (size, mtime_ns) is given and the file no longer matches it (someone
        edited the published copy by hand: it is rendered again)."""
        old = self.previous(relpath)
        if old is None:
            return False
        try:
            st = None
            if stamp is not None:
                st = os.stat(old)
                if _stamp(st) != tuple(stamp):
                    return False
            new = self._prepare(relpath)
            try:
                os.link(old, new)
                if st is not None:
                    self._stamps[relpath] = _stamp(st)  # the same file
            except OSError:
                shutil.copy2(old, new)
        except OSError as exc:
            raise failure(exc, self.target, relpath) from exc
        self.unchanged += 1
        return True

    def write(self, relpath: str, data: bytes) -> bool:
        """Write `data` at `relpath`, or keep the previous file if the bytes are equal.
        True when written; the caller counts (see `written`/`unchanged`)."""
        self.reserve(relpath)
        written, self._stamps[relpath] = stage_file(
            str(self.target), str(self.staging), relpath, data
        )
        return written

    def reserve(self, relpath: str) -> None:
        """Record that `relpath` belongs to the new site (before it is written, by this
        process or a worker); a second page wanting the same file is an error."""
        key = safe_relpath(relpath)
        if key in self.names:
            raise ExportError(f"two pages want the same file {key!r}")
        self.names.add(key)

    def _prepare(self, relpath: str) -> str:
        self.reserve(relpath)
        path = os.path.join(self.staging, relpath)
        folder = os.path.dirname(path)
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        return path

    def staged(self, relpath: str, stamp: Stamp) -> None:
        """Record the stamp of a file a worker staged (`stage_file`)."""
        self._stamps[relpath] = stamp

    def stamps(self) -> dict[str, Stamp]:
        """(size, mtime_ns) of every file of the new site, for the next `carry_over`: as
        written, or read in the staging folder (the swap renames folders, so the files
        keep them)."""
        out = {}
        root = str(self.staging)
        try:
            for name in self.names:
                known = self._stamps.get(name)
                out[name] = (
                    known if known is not None else _stamp(os.stat(os.path.join(root, name)))
                )
        except OSError as exc:
            raise failure(exc, self.target) from exc
        return out

    def commit(self) -> None:
        """Put the new site in place.

        Everything that can fail happens before the swap (counting what the old site
        had that the new one has not; the caller wrote the next export's notes), so an
        ExportError always means the previous site is untouched."""
        try:
            if self.replacing:
                root = str(self.target)
                for folder, _dirs, files in os.walk(root):
                    prefix = os.path.relpath(folder, root)
                    for name in files:
                        key = name if prefix == "." else f"{prefix}/{name}".replace(os.sep, "/")
                        if key not in self.names and key != MARKER:
                            self.removed += 1
            swap.checkpoint("staged")
            swap.swap_in(self.staging, self.target)
        except OSError as exc:
            raise failure(exc, self.target) from exc

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
