"""Editing leases: take, renew, see who else has a story open, release, lapse.

Runs on both backends. Most tests pass `now` explicitly so a lapse needs no sleeping;
one uses the database's own clock (and still does not sleep).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from newsroom.core import leases
from newsroom.core.articles import delete_article
from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.leases import Lease
from newsroom.core.models import ArticleLease

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TTL = timedelta(seconds=60)


@pytest.fixture
def story(add_story):
    return add_story("Talks resume in Geneva")


def take(db, story_id, holder, client, *, at=T0, ttl=TTL, **where):
    with db.transaction() as session:
        return leases.acquire(session, story_id, holder, client, ttl, now=at, **where)


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The id of a process that ran on this machine and has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=60)
    if leases.process_alive(proc.pid):  # reused at once: vanishingly rare
        pytest.skip(f"pid {proc.pid} was reused")
    return proc.pid


def holders(db, ids, *, at=T0):
    with db.reading() as session:
        return leases.holders(session, ids, now=at)


def test_a_free_story_is_taken_and_shows_its_holder(db, story):
    assert take(db, story.id, "Ana", "client-a") is None

    assert holders(db, [story.id]) == {
        story.id: Lease(story.id, "Ana", "client-a", T0 + TTL),
    }


def test_another_client_is_told_who_holds_it_and_changes_nothing(db, story):
    take(db, story.id, "Ana", "client-a")

    other = take(db, story.id, "Ben", "client-b", at=T0 + timedelta(seconds=10))

    assert other == Lease(story.id, "Ana", "client-a", T0 + TTL)
    assert holders(db, [story.id])[story.id].holder == "Ana"


def test_renewing_extends_the_lease(db, story):
    take(db, story.id, "Ana", "client-a")

    with db.transaction() as session:
        later = T0 + timedelta(seconds=40)
        assert leases.renew(session, story.id, "Ana", "client-a", TTL, now=later) is None

    assert holders(db, [story.id], at=T0 + TTL)[story.id].expires_at == T0 + timedelta(seconds=100)


def test_a_lease_that_is_not_renewed_lapses_and_can_be_taken(db, story):
    take(db, story.id, "Ana", "client-a")
    after = T0 + TTL + timedelta(seconds=1)

    assert holders(db, [story.id], at=after) == {}
    assert take(db, story.id, "Ben", "client-b", at=after) is None
    assert holders(db, [story.id], at=after)[story.id].holder == "Ben"
    # Ana's client comes back and renews: it learns it lost the story.
    lost = take(db, story.id, "Ana", "client-a", at=after + timedelta(seconds=1))
    assert lost is not None and lost.holder == "Ben"


def test_the_same_editor_in_two_clients_is_two_holders(db, story):
    take(db, story.id, "Ana", "laptop")

    assert take(db, story.id, "Ana", "desktop") == Lease(story.id, "Ana", "laptop", T0 + TTL)


def test_release_gives_up_only_ones_own_lease(db, story):
    take(db, story.id, "Ana", "client-a")

    with db.transaction() as session:
        assert leases.release(session, story.id, "client-b") is False
    assert story.id in holders(db, [story.id])
    with db.transaction() as session:
        assert leases.release(session, story.id, "client-a") is True
    assert holders(db, [story.id]) == {}
    assert take(db, story.id, "Ben", "client-b") is None


def test_release_all_gives_up_every_lease_of_a_client(db, add_story):
    stories = [add_story(f"Story {n}") for n in range(3)]
    for s in stories[:2]:
        take(db, s.id, "Ana", "client-a")
    take(db, stories[2].id, "Ben", "client-b")

    with db.transaction() as session:
        assert leases.release_all(session, "client-a") == 2

    assert {lease.holder for lease in holders(db, [s.id for s in stories]).values()} == {"Ben"}


def test_holders_lists_only_live_leases_of_the_stories_asked_about(db, add_story):
    a, b, c = add_story("A"), add_story("B"), add_story("C")
    take(db, a.id, "Ana", "client-a")
    take(db, b.id, "Ben", "client-b", ttl=timedelta(seconds=5))

    live = holders(db, [a.id, b.id, c.id], at=T0 + timedelta(seconds=10))

    assert list(live) == [a.id]
    assert holders(db, []) == {}
    assert holders(db, [c.id]) == {}


def test_deleting_the_story_removes_its_lease(db, story):
    take(db, story.id, "Ana", "client-a")

    with db.transaction() as session:
        delete_article(session, story.id)

    assert holders(db, [story.id]) == {}


@pytest.mark.parametrize(
    ("holder", "client", "ttl", "field"),
    [
        ("", "client-a", TTL, "holder"),
        ("   ", "client-a", TTL, "holder"),
        ("x" * 201, "client-a", TTL, "holder"),
        ("Ana", "", TTL, "client_id"),
        ("Ana", "c" * 65, TTL, "client_id"),
        ("Ana", "client-a", timedelta(0), "ttl"),
    ],
)
def test_bad_input_is_refused(db, story, holder, client, ttl, field):
    with pytest.raises(ValidationError) as caught:
        take(db, story.id, holder, client, ttl=ttl)
    assert caught.value.field == field


def test_a_lease_on_a_missing_story_is_refused(db):
    with pytest.raises(NotFoundError):
        take(db, 999, "Ana", "client-a")


def test_a_naive_now_is_refused(db, story):
    with pytest.raises(ValidationError):
        take(db, story.id, "Ana", "client-a", at=datetime(2026, 12, 1, 9, 0))


def _database_clock(db) -> datetime:
    """The time by the clock leases go by: the server's on PostgreSQL, ours on SQLite."""
    with db.reading() as session:
        if session.get_bind().dialect.name == "postgresql":
            return session.execute(select(func.now())).scalar_one()
    return datetime.now(UTC)


def test_without_now_the_database_clock_decides(db, story):
    # Taking: the lease runs from the database's "now", read between these two readings.
    before = _database_clock(db)
    with db.transaction() as session:
        assert leases.acquire(session, story.id, "Ana", "client-a", TTL) is None
    after = _database_clock(db)
    with db.reading() as session:
        lease = leases.holders(session, [story.id])[story.id]  # live by that clock
    assert before + TTL <= lease.expires_at <= after + TTL

    # Lapsing, with no sleeping: renewed as of two TTLs ago, the lease ended before
    # `before` by the database's clock, so it is not shown and another client takes
    # the story, neither call being told the time.
    take(db, story.id, "Ana", "client-a", at=before - 2 * TTL)
    with db.reading() as session:
        assert leases.holders(session, [story.id]) == {}
    with db.transaction() as session:
        assert leases.acquire(session, story.id, "Ben", "client-b") is None
    assert holders(db, [story.id], at=after)[story.id].holder == "Ben"


def test_two_clients_racing_for_a_free_story_get_one_lease(db, second_db, story):
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def grab(database, holder: str) -> None:
        start.wait(timeout=30)
        try:
            with database.transaction() as session:
                results[holder] = leases.acquire(session, story.id, holder, holder, TTL, now=T0)
        except Exception as exc:  # shown by the assertion below
            results[holder] = exc

    threads = [
        threading.Thread(target=grab, args=(db, "Ana")),
        threading.Thread(target=grab, args=(second_db, "Ben")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    winners = [name for name, r in results.items() if r is None]
    assert len(winners) == 1, results
    [loser] = set(results) - set(winners)
    assert isinstance(results[loser], Lease) and results[loser].holder == winners[0]
    assert holders(db, [story.id])[story.id].holder == winners[0]


def test_a_lease_records_the_host_and_process_that_took_it(db, story):
    take(db, story.id, "Ana", "client-a")

    with db.reading() as session:
        row = session.get(ArticleLease, story.id)
        assert (row.host, row.pid) == (leases.this_host(), os.getpid())


def test_a_lease_whose_process_is_gone_from_this_host_is_taken_over_at_once(db, story, dead_pid):
    """A crash, then a restart well inside the lease's time: no "being edited by me"."""
    take(db, story.id, "Ana", "crashed-window", pid=dead_pid)

    soon = T0 + timedelta(seconds=5)
    assert take(db, story.id, "Ana", "restarted-window", at=soon) is None
    assert holders(db, [story.id], at=soon)[story.id] == Lease(
        story.id, "Ana", "restarted-window", soon + TTL
    )


@pytest.mark.parametrize(
    ("where", "pid"),
    [
        pytest.param("this host", "live", id="live-process-here"),
        pytest.param("elsewhere", "dead", id="process-on-another-host"),
        pytest.param("", "dead", id="host-unknown"),
    ],
)
def test_a_lease_not_known_to_be_dead_still_holds(db, story, dead_pid, where, pid):
    """Only this machine's processes can be seen: another host's lease only lapses."""
    host = leases.this_host() if where == "this host" else where
    take(db, story.id, "Ana", "client-a", host=host, pid=os.getpid() if pid == "live" else dead_pid)

    other = take(db, story.id, "Ben", "client-b", at=T0 + timedelta(seconds=5))

    assert other == Lease(story.id, "Ana", "client-a", T0 + TTL)


def test_process_alive_knows_this_process_and_a_finished_one(dead_pid):
    assert leases.process_alive(os.getpid())
    assert not leases.process_alive(dead_pid)
    assert leases.process_alive(0) and leases.process_alive(-1)  # not a process: unsure
