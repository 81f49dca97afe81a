"""The process gate: one Newsroom process at a time inside a SQLite file, whatever else
the process opens and closes (see newsroom/core/sqlite_lock.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsroom.core import articles
from newsroom.core.articles import ArticleInput
from newsroom.core.db import open_database
from newsroom.core.errors import DatabaseBusyError
from newsroom.core.sqlite_lock import ProcessGate, WriterQueue, gate_for, lock_path

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux locks are tested")

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from newsroom.core.sqlite_lock import gate_for
    gate = gate_for(Path(sys.argv[1]))
    gate.enter()
    print("held", flush=True)
    sys.stdin.readline()
    gate.leave()
    print("left", flush=True)
    sys.stdin.readline()
    """
)


@contextmanager
def held_elsewhere(database: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the gate of `database` until the block ends."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    try:
        assert child.stdout.readline().strip() == "held"
        yield child
    finally:
        child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()


def fresh_gate(database: Path, timeout: float = 0.3) -> ProcessGate:
    gate = ProcessGate(database)  # not the registry's: a second "process" in this one
    gate.timeout = timeout
    return gate


def other_process_can_enter(database: Path) -> bool:
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from newsroom.core.errors import DatabaseBusyError
        from newsroom.core.sqlite_lock import gate_for
        gate = gate_for(Path(sys.argv[1]))
        gate.timeout = 0.3
        try:
            gate.enter()
        except DatabaseBusyError:
            sys.exit(3)
        gate.leave()
        """
    )
    done = subprocess.run([sys.executable, "-c", code, str(database)], check=False)
    assert done.returncode in (0, 3), done
    return done.returncode == 0


def test_a_second_process_waits_and_is_told_who_holds_the_gate(tmp_path: Path) -> None:
    database = tmp_path / "news.db"
    with held_elsewhere(database) as child:
        gate = fresh_gate(database)
        with pytest.raises(DatabaseBusyError) as caught:
            gate.enter()
        message = str(caught.value)
        assert f"pid {child.pid}" in message and "nothing was changed" in message
        assert not gate.held
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "left"
        gate.enter()  # given back: now it is ours
        assert gate.held
        assert not other_process_can_enter(database)
        gate.leave()
    assert other_process_can_enter(database)


def test_the_waiting_process_is_told_once_whom_it_waits_for(tmp_path: Path) -> None:
    database = tmp_path / "news.db"
    told: list[str] = []
    with held_elsewhere(database) as child:
        gate = fresh_gate(database, timeout=1.5)
        gate.on_wait = told.append
        with pytest.raises(DatabaseBusyError):
            gate.enter()
    assert len(told) == 1 and f"pid {child.pid}" in told[0]


def test_closing_other_descriptors_of_the_files_keeps_the_gate(tmp_path: Path) -> None:
    """What a file dialog does to POSIX locks (open, read, close) does not touch ours."""
    database = tmp_path / "news.db"
    db = open_database(database)
    gate = gate_for(database)
    with db.reading() as session:
        session.connection()  # a connection is open: SQLite's locks and the gate
        try:
            for name in (database, lock_path(database), Path(f"{database}-wal")):
                if name.exists():
                    with name.open("rb") as sniff:
                        sniff.read(100)
            assert not other_process_can_enter(database)
        finally:
            session.close()
    db.close()
    assert not gate.held
    assert other_process_can_enter(database)


def test_threads_of_one_process_share_the_gate(tmp_path: Path) -> None:
    database = tmp_path / "news.db"
    db = open_database(database)
    gate = gate_for(database)
    with db.reading() as outer:
        outer.connection()  # a connection is open: the gate is ours
        assert gate.held
        with db.transaction() as inner:  # a second connection of the same process
            articles.create_article(inner, ArticleInput(headline="Both inside"))
        assert gate.held
        assert not other_process_can_enter(database)
    assert not gate.held  # the last connection closed: the file is free
    db.close()


def test_a_command_line_write_waits_for_the_window_instead_of_failing(tmp_path: Path) -> None:
    """Between units of work the process holds no gate, so another process gets in."""
    database = tmp_path / "news.db"
    db = open_database(database)
    with db.transaction() as session:
        articles.create_article(session, ArticleInput(headline="From the window"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run(
        [sys.executable, "-m", "newsroom", "add", "--db", str(database), "--headline", "CLI"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with db.reading() as session:
        assert articles.count_articles(session) == 2
    db.close()


def test_a_forked_child_does_not_keep_the_parents_turn(tmp_path: Path) -> None:
    database = tmp_path / "news.db"
    gate = gate_for(database)
    gate.enter()
    read, write = os.pipe()
    hold_read, hold_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: it must not hold the gate the parent is about to give back
        os.close(read)
        os.close(hold_write)
        os.write(write, b"0" if gate.held else b"1")
        os.read(hold_read, 1)  # alive until the parent closes its end
        os._exit(0)
    os.close(write)
    os.close(hold_read)
    try:
        assert os.read(read, 1) == b"1"
        gate.leave()
        assert other_process_can_enter(database)  # while the child is still alive
    finally:
        os.close(hold_write)
        os.waitpid(pid, 0)


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_writers_of_one_process_take_turns_in_the_order_they_asked() -> None:
    """A writer that commits and asks again at once queues behind one already waiting
    (SQLite's own busy handler let it win over and over: "database is locked")."""
    queue = WriterQueue()
    order: list[str] = []
    release_first = threading.Event()

    def busy_writer() -> None:
        with queue.turn():
            order.append("first")
            release_first.wait(10)
        with queue.turn():  # straight back in
            order.append("again")

    def waiting_writer() -> None:
        with queue.turn():
            order.append("waiter")

    busy = threading.Thread(target=busy_writer)
    busy.start()
    _wait_until(lambda: order == ["first"])
    waiter = threading.Thread(target=waiting_writer)
    waiter.start()
    _wait_until(lambda: queue.waiting == 1)
    release_first.set()
    busy.join(10)
    waiter.join(10)
    assert order == ["first", "waiter", "again"]


def test_a_writer_that_waits_too_long_gives_up_without_blocking_the_queue() -> None:
    queue = WriterQueue(timeout=0.05)
    holding, release = threading.Event(), threading.Event()

    def holder() -> None:
        with queue.turn():
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait(10)
    with pytest.raises(DatabaseBusyError, match="nothing was changed"), queue.turn():
        pass
    release.set()
    thread.join(10)
    # the abandoned ticket does not hold up the next writer, who may nest its turn
    with queue.turn(), queue.turn():
        assert queue.waiting == 0
