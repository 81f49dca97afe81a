"""Putting a finished site under its name, so that the name holds a whole site, the old
one or the new one, at every instant, and an export killed at any instant leaves nothing
behind that the next one does not clear.

Why: a web server or an upload may read the folder at any moment, and an export may be
killed at any moment (kill -9, the OOM killer, a closed laptop lid).

- On Linux, `renameat2(RENAME_EXCHANGE)` swaps the staging folder and the site in one
  step (glibc >= 2.28; ext4, XFS, Btrfs, tmpfs and most local file systems). The old
  site then sits under the staging name and is deleted.
- Where there is no exchange (another system, an older glibc, NFS, FAT, SMB), the
  fallback is two renames: the old site aside to `.<name>.old-<pid>`, then the new one
  in. A crash between the two leaves no site under the name until the next export,
  whose first step is to put the old site back. We do not flip a symlink instead: it
  would turn the editor's folder into a link (what rsync or a web server configured
  for a folder sees would change), and the file systems without the exchange include
  those without symlinks (FAT, SMB).

Leftovers carry the pid of the export that made them: `.<name>.staging-<pid>` (a site
being written, or the old one being deleted), `.<name>.old-<pid>` and
`.<name>.next-<pid>` (a patch's new files; one whose journal was committed is
finished by `state.recover` before `tidy` runs). `tidy()` removes
those whose process is gone; a live process's are left alone (two exports at once).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}
MARKER = ".newsroom-site"
"""Written into every export, so a later export knows the folder is its own to replace."""


def checkpoint(name: str) -> None:
    """A named point of an export ("staged", "retired", "swapped", "rendering"). Does
    nothing; the crash tests replace it to kill the export exactly there."""


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc < 2.28, or another C library without it
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap the two existing paths `a` and `b` atomically. False where the system or the
    file system cannot (nothing was changed then); OSError for any other failure."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


def retired_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.old-{os.getpid()}")


def swap_in(staging: Path, target: Path) -> None:
    """Put the finished site `staging` under the name `target` and delete the old site.

    OSError when the new site could not be put in place; the old site is then where it
    was. Once the new site is in place nothing raises."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        checkpoint("swapped")
        return
    if exchange(staging, target):
        checkpoint("swapped")
        shutil.rmtree(staging, ignore_errors=True)  # the old site, now
        return
    retired = retired_name(target)
    if os.path.lexists(retired):
        shutil.rmtree(retired)
    os.rename(target, retired)
    checkpoint("retired")
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(retired, target)  # put the old site back
        raise
    checkpoint("swapped")
    shutil.rmtree(retired, ignore_errors=True)


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, dead but not yet reaped, does not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def leftovers(target: Path) -> list[tuple[Path, str, int]]:
    """(path, "staging" | "old" | "next" | "newsroom-state.sqlite.new", pid) of every
    leftover of exports into `target` ("next": the new files of a patch; the last, the
    notes a full export was writing: see `state`)."""
    kinds = "staging|old|next|newsroom-state\\.sqlite\\.new"
    pattern = re.compile(rf"\.{re.escape(target.name)}\.({kinds})-([0-9]+)")
    found = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    for name in sorted(names):
        match = pattern.fullmatch(name)
        if match:
            found.append((target.parent / name, match.group(1), int(match.group(2))))
    return found


def tidy(target: Path) -> None:
    """Clear what killed exports into `target` left: put back an old site that a crash
    between the fallback's two renames left aside, delete dead exports' folders."""
    dead = [(path, kind) for path, kind, pid in leftovers(target) if not alive(pid)]
    if not os.path.lexists(target):
        aside = [p for p, kind in dead if kind == "old" and (p / MARKER).is_file()]
        if aside:
            newest = max(aside, key=lambda p: p.stat().st_mtime_ns)
            # If another export got there first, the next one tries again.
            with contextlib.suppress(OSError):
                os.rename(newest, target)
    for path, _kind in dead:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
