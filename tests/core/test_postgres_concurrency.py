"""Two editors, two connections, one story: the loser of a race gets a ConflictError.

The first tests run on both backends (through `db` and `second_db`, two separately
opened databases, as two Newsroom instances would have). The last one is the true race
on PostgreSQL: both writers get past the version check before either writes, and the
`version_id_col` check in the UPDATE itself must still stop the second. SQLite can not
get there: BEGIN IMMEDIATE lets one writer in at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsroom.core import articles
from newsroom.core.articles import (
    ArticleRecord,
    create_article,
    load_article,
    update_article,
    with_changes,
)
from newsroom.core.db import Database, open_database
from newsroom.core.errors import ConflictError
from newsroom.core.models import Revision
from newsroom.core.revisions import list_revisions

Outcome = ArticleRecord | ConflictError


def save(db: Database, record: ArticleRecord, body: str) -> Outcome:
    """One editor's save of `record` (as loaded) with a new body."""
    try:
        with db.transaction() as session:
            return update_article(
                session, record.id, record.version, with_changes(record, body=body), author=body
            )
    except ConflictError as exc:
        return exc


def in_threads(*calls: Callable[[], Outcome]) -> list[Outcome]:
    """Run the calls at the same moment, one thread each; their results in order."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        start.wait(timeout=30)
        try:
            results[i] = calls[i]()
        except BaseException as exc:  # surfaced by the assertion in the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a save hung"
    return results


def revision_count(db: Database, article_id: int) -> int:
    with db.reading() as session:
        return len(list_revisions(session, article_id))


def test_a_save_from_another_connection_turns_a_stale_save_into_a_conflict(
    db, second_db, add_story, reload
):
    story = add_story("Budget day", body="Original.")
    with db.reading() as session:
        mine = load_article(session, story.id)
    with second_db.reading() as session:
        theirs = load_article(session, story.id)

    assert isinstance(save(second_db, theirs, "Their text."), ArticleRecord)
    outcome = save(db, mine, "My text.")

    assert isinstance(outcome, ConflictError)
    assert (outcome.expected_version, outcome.theirs_version) == (1, 2)
    assert outcome.mine["body"] == "My text."
    assert reload(story.id).body == "Their text.\n"
    assert revision_count(db, story.id) == 2


def test_simultaneous_saves_of_one_version_let_exactly_one_through(
    db, second_db, add_story, reload
):
    story = add_story("Election night", body="v1")
    record = story
    for round_ in range(5):
        a, b = in_threads(
            partial(save, db, record, f"A{round_}"), partial(save, second_db, record, f"B{round_}")
        )
        winners = [r for r in (a, b) if isinstance(r, ArticleRecord)]
        losers = [r for r in (a, b) if isinstance(r, ConflictError)]
        assert len(winners) == 1 and len(losers) == 1, (a, b)
        assert losers[0].theirs_version == record.version + 1
        record = winners[0]
        assert reload(story.id).body == record.body

    assert reload(story.id).version == 6
    assert revision_count(db, story.id) == 6


def test_saves_of_different_stories_from_two_connections_both_succeed(
    db, second_db, add_story, reload
):
    one, two = add_story("One"), add_story("Two")

    a, b = in_threads(lambda: save(db, one, "first"), lambda: save(second_db, two, "second"))

    assert isinstance(a, ArticleRecord) and isinstance(b, ArticleRecord)
    assert (reload(one.id).version, reload(two.id).version) == (2, 2)


@pytest.fixture
def two_servers_worth(pg_url: str) -> Iterator[tuple[Database, Database]]:
    """Two separately opened PostgreSQL databases (same server, same database)."""
    first, second = open_database(pg_url), open_database(pg_url)
    yield first, second
    first.close()
    second.close()


def test_a_true_race_past_the_version_check_is_caught_by_the_versioned_update(
    two_servers_worth, monkeypatch
):
    first, second = two_servers_worth
    with first.transaction() as session:
        story = create_article(session, articles.ArticleInput(headline="Race", body="v1"))

    # Take away the row lock (SELECT ... FOR UPDATE) that normally queues the second
    # writer, and hold both writers after their version check until both are there.
    plain_get = Session.get

    def get_without_lock(self: Session, entity: Any, ident: Any, **kw: Any) -> Any:
        kw.pop("with_for_update", None)
        return plain_get(self, entity, ident, **kw)

    both_checked = threading.Barrier(2)
    check_references = articles._check_references

    def after_version_check(session: Session, data: Any) -> None:
        both_checked.wait(timeout=30)
        check_references(session, data)

    monkeypatch.setattr(Session, "get", get_without_lock)
    monkeypatch.setattr(articles, "_check_references", after_version_check)

    a, b = in_threads(lambda: save(first, story, "A wins"), lambda: save(second, story, "B wins"))

    assert not both_checked.broken
    outcomes = sorted(type(r).__name__ for r in (a, b))
    assert outcomes == ["ArticleRecord", "ConflictError"], (a, b)
    [winner] = [r for r in (a, b) if isinstance(r, ArticleRecord)]
    with first.reading() as session:
        now = load_article(session, story.id)
        revisions = session.scalar(
            select(func.count()).select_from(Revision).where(Revision.article_id == story.id)
        )
    assert (now.version, now.body) == (2, winner.body)
    assert revisions == 2  # the loser's transaction wrote nothing
