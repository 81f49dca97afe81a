"""One Newsroom process at a time inside a SQLite database file: the process gate.

Why: SQLite guards a database shared between processes with POSIX advisory locks, and
POSIX locks belong to a (process, file) pair: when *any* descriptor of the file is
closed anywhere in the process, every lock the process held on it is gone. A desktop
process can not promise that nothing ever opens the database file: Qt's file dialogs
open each file they list to sniff its type, and so may icon providers, GTK, a MIME
library, a backup tool. Once the window's locks are gone, a command-line process sees
nobody else on the file, checkpoints and deletes the `-wal` and `-shm` the window is
still writing to, and a saved story silently disappears ("How To Corrupt An SQLite
Database File", section 2.2).

So SQLite's locks are not trusted between Newsroom processes. Every Newsroom process
takes this gate, an exclusive lock of its own on `<database>-lock`, before it opens
its first connection to the file and gives it back when it closes its last one; with
connections opened per unit of work (`sqlite.configure_engine` uses no pool), the gate
is held for the length of a transaction, not for the life of the window. The lock is
an open-file-description lock (Linux `F_OFD_SETLK`, elsewhere `flock`): it belongs to
the descriptor this module opened, so no other code closing another descriptor of any
file can drop it, and the kernel releases it when the process dies (no stale lock
after a crash or `kill -9`).

Inside the process, SQLite coordinates its own connections in memory, so threads share
the gate (a count); other processes wait their turn. Writers inside the process take
their turn from `WriterQueue` first, first come first served: SQLite's busy handler
polls with growing sleeps, so a thread that commits and begins again at once could
take the write lock over and over while another waited until its busy timeout ran out
("database is locked"). A second byte is a turnstile: a
waiting process holds it while it waits, so a process that gives the gate back and
wants it again at once queues behind the waiter instead of starving it.

Programs other than Newsroom (the `sqlite3` shell) do not take the gate; they still
have SQLite's own locking, and the README says not to write with them while a window
is open.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from newsroom.core.errors import DatabaseBusyError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own locking there is sound
    fcntl = None  # type: ignore[assignment]

GATE, TURNSTILE = 0, 1
_INFO_AT = 64  # who holds the gate, as JSON, after the lock bytes
_POLL_FIRST, _POLL_MAX = 0.001, 0.02
NOTICE_AFTER = 1.0
"""Seconds a process waits before it is told who it is waiting for."""


def lock_path(database: Path) -> Path:
    """The gate's file, beside the database (like SQLite's own `-wal` and `-shm`)."""
    return database.with_name(database.name + "-lock")


def _ofd_lock(fd: int, byte: int, exclusive: bool | None) -> bool:
    """Lock (exclusive / shared) or unlock (None) one byte without waiting."""
    kind = fcntl.F_UNLCK if exclusive is None else (fcntl.F_WRLCK if exclusive else fcntl.F_RDLCK)
    # struct flock { short l_type, l_whence; off_t l_start, l_len; pid_t l_pid; }
    request = struct.pack("hhqqi", kind, os.SEEK_SET, byte, 1, 0)
    try:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, request)
    except (BlockingIOError, PermissionError):
        return False
    return True


class WriterQueue:
    """Write transactions of one process in the order they asked (a ticket lock).

    Re-entrant for the thread holding the turn, so a nested write transaction fails as
    SQLite would make it fail (busy) instead of waiting for itself. A writer that has
    waited `timeout` seconds gives up with `DatabaseBusyError`, as SQLite's busy
    timeout would have made it, and leaves the queue without holding up those behind.
    """

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._cond = threading.Condition()
        self._next_ticket = 0
        self._serving = 0
        self._abandoned: set[int] = set()
        self._owner: int | None = None
        self._depth = 0

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the process's write turn for the block."""
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._depth += 1
            else:
                ticket = self._next_ticket
                self._next_ticket += 1
                if not self._cond.wait_for(lambda: self._serving == ticket, self.timeout):
                    self._abandoned.add(ticket)
                    raise DatabaseBusyError(
                        f"the database is busy: another task of this program has been "
                        f"writing for more than {self.timeout:.0f} s; nothing was changed, "
                        "try again when it has finished"
                    )
                self._owner, self._depth = me, 1
        try:
            yield
        finally:
            with self._cond:
                self._depth -= 1
                if self._depth == 0:
                    self._owner = None
                    self._serving += 1
                    while self._serving in self._abandoned:
                        self._abandoned.discard(self._serving)
                        self._serving += 1
                    self._cond.notify_all()

    @property
    def waiting(self) -> int:
        """Threads queued behind the one holding the turn."""
        with self._cond:
            queued = self._next_ticket - self._serving - len(self._abandoned)
            return queued - (1 if self._owner is not None else 0)


class ProcessGate:
    """The gate of one database file in this process (see the module notes).

    `enter()` / `leave()` bracket each connection; the first `enter()` of the process
    waits up to `timeout` seconds for other processes, the last `leave()` lets them in.
    """

    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self.timeout = 30.0
        self.on_wait: Callable[[str], None] | None = None
        self._mutex = threading.Lock()
        self._count = 0
        self._fd: int | None = None
        self.writers = WriterQueue()
        self._ofd = fcntl is not None and hasattr(fcntl, "F_OFD_SETLK")

    @property
    def held(self) -> bool:
        return self._count > 0

    def enter(self) -> None:
        with self._mutex:
            if self._count == 0 and fcntl is not None:
                self._fd = self._take()
            self._count += 1

    def leave(self) -> None:
        with self._mutex:
            if self._count == 0:
                return
            self._count -= 1
            if self._count == 0 and self._fd is not None:
                fd, self._fd = self._fd, None
                os.close(fd)  # closing the only descriptor releases its locks

    @contextmanager
    def hold(self) -> Iterator[None]:
        """The gate around work that opens the file without an engine (backups)."""
        self.enter()
        try:
            yield
        finally:
            self.leave()

    def _take(self) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            deadline = time.monotonic() + self.timeout
            if self._ofd:
                self._wait(fd, TURNSTILE, deadline)
                try:
                    self._wait(fd, GATE, deadline)
                finally:
                    _ofd_lock(fd, TURNSTILE, None)
            else:
                self._wait(fd, GATE, deadline)
            self._write_holder(fd)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _try(self, fd: int, byte: int) -> bool:
        if self._ofd:
            return _ofd_lock(fd, byte, True)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _wait(self, fd: int, byte: int, deadline: float) -> None:
        started = time.monotonic()
        pause, told = _POLL_FIRST, False
        while not self._try(fd, byte):
            now = time.monotonic()
            if now >= deadline:
                raise DatabaseBusyError(
                    f"the database is busy: {self.holder()} has been using it for more than "
                    f"{self.timeout:.0f} s; nothing was changed, try again when it has finished"
                )
            if not told and self.on_wait is not None and now - started >= NOTICE_AFTER:
                told = True
                self.on_wait(self.holder())
            time.sleep(min(pause, deadline - now))
            pause = min(pause * 2, _POLL_MAX)

    def _write_holder(self, fd: int) -> None:
        words = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"]
        if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
            words.append(sys.argv[1])  # the subcommand: "newsroom import"
        info = {"pid": os.getpid(), "program": " ".join(words)[:100]}
        data = json.dumps(info).encode()
        if os.pread(fd, len(data) + 1, _INFO_AT) != data:  # else leave the file as it is
            os.ftruncate(fd, _INFO_AT)
            os.pwrite(fd, data, _INFO_AT)

    def holder(self) -> str:
        """Who holds the gate, as a user would recognise it (best effort)."""
        try:
            raw = self.path.read_bytes()[_INFO_AT:]
            info = json.loads(raw.decode()) if raw else {}
        except (OSError, ValueError):
            info = {}
        pid, program = info.get("pid"), info.get("program")
        if not pid:
            return "another Newsroom process"
        return f"another Newsroom process (pid {pid}: {program or 'newsroom'})"

    def _after_fork(self) -> None:
        """A forked child does not inherit the parent's turn (its descriptor would keep
        the parent's lock alive after the parent gave it back)."""
        self._mutex = threading.Lock()
        self._count = 0
        self.writers = WriterQueue()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


_GATES: dict[str, ProcessGate] = {}
_GATES_MUTEX = threading.Lock()


def gate_for(database: Path) -> ProcessGate:
    """The one gate of this process for a database file, whichever engine asks: two
    engines on one file in one process must share it or they would wait on each other."""
    key = os.path.realpath(database)
    with _GATES_MUTEX:
        gate = _GATES.get(key)
        if gate is None:
            gate = _GATES[key] = ProcessGate(Path(key))
        return gate


def _reset_after_fork() -> None:
    global _GATES_MUTEX
    _GATES_MUTEX = threading.Lock()
    for gate in _GATES.values():
        gate._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)
