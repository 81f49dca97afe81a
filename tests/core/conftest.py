"""Small helpers shared by the storage-core tests: save a story in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsroom.core.articles import (
    ArticleInput,
    ArticleRecord,
    create_article,
    load_article,
    update_article,
    with_changes,
)
from newsroom.core.db import Database


@pytest.fixture
def add_story(db: Database) -> Callable[..., ArticleRecord]:
    """`add_story("Headline", body=..., author=...)`: create and commit one story."""

    def add(headline: str = "A story", *, author: str = "", **fields: Any) -> ArticleRecord:
        with db.transaction() as session:
            return create_article(session, ArticleInput(headline=headline, **fields), author=author)

    return add


@pytest.fixture
def edit_story(db: Database) -> Callable[..., ArticleRecord]:
    """`edit_story(record, body=...)`: save changes over the version `record` was loaded at."""

    def edit(record: ArticleRecord, *, author: str = "", note: str = "", **changes: Any):
        with db.transaction() as session:
            return update_article(
                session,
                record.id,
                record.version,
                with_changes(record, **changes),
                author=author,
                note=note,
            )

    return edit


@pytest.fixture
def reload(db: Database) -> Callable[[int], ArticleRecord]:
    """`reload(article_id)`: the story as it is in the database now."""

    def load(article_id: int) -> ArticleRecord:
        with db.reading() as session:
            return load_article(session, article_id)

    return load
