"""A small newsroom for export tests: live, draft, scheduled, embargoed and spiked
stories, entities, sections and More-news links between them.

Every export test runs on SQLite and on PostgreSQL (a throw-away server, see
tests/postgres_server.py; skipped with the reason where it can not start)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from postgres_server import pg_server, pg_template, pg_url  # noqa: F401  (fixtures)
from sqlalchemy import update

from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput, ArticleRecord, create_article
from newsroom.core.db import Database, open_database
from newsroom.core.entities import create_entity
from newsroom.core.models import Article
from newsroom.core.sections import create_section
from newsroom.publish.export import ExportResult, export_site
from newsroom.text.morenews import token

NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)
SAVED = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Database]:
    """A fresh, migrated database on each backend."""
    location = str(request.getfixturevalue("pg_url")) if request.param == "postgresql" else db_path
    database = open_database(location)
    yield database
    database.close()


@dataclass
class Newsroom:
    db: Database
    stories: dict[str, ArticleRecord]

    def export(self, out: Path, now: datetime = NOW, **kwargs: object) -> ExportResult:
        return export_site(self.db, out, now=now, **kwargs)  # type: ignore[arg-type]


def _add(db: Database, **fields: object) -> ArticleRecord:
    """Create a story with a uid derived from its headline, so two databases filled
    with `fill` hold the same content."""
    uid = str(uuid.uuid5(uuid.NAMESPACE_URL, str(fields["headline"])))
    with db.transaction() as session:
        return create_article(session, ArticleInput(**fields), author="test", uid=uid)  # type: ignore[arg-type]


def fill(db: Database) -> Newsroom:
    """Write the test newsroom into `db`."""
    with db.transaction() as session:
        site_settings.save(
            session,
            site_settings.SiteSettings(
                site_name="The Test Courier",
                base_url="https://news.example.org/",
                locale="en_GB",
                time_zone="Europe/London",
            ),
        )
        world = create_section(session, "World").id
        envoy = create_entity(session, "person", "Amira al-Hassan", aliases=["al-Hassan"]).id
        un = create_entity(session, "organisation", "United Nations", aliases=["UN"]).id
        geneva = create_entity(session, "place", "Geneva").id
    stories: dict[str, ArticleRecord] = {}
    stories["draft"] = _add(db, headline="A draft nobody may see", body="Secret draft.")
    stories["scheduled"] = _add(
        db,
        headline="Scheduled for next week",
        body="Not yet.",
        status="published",
        published_at=NOW + timedelta(days=7),
    )
    stories["embargoed"] = _add(
        db,
        headline="Embargoed until tonight",
        body="Under embargo.",
        status="published",
        published_at=NOW + timedelta(hours=6),  # an embargo can not end after publication
        embargo_until=NOW + timedelta(hours=6),
    )
    stories["spiked"] = _add(db, headline="Spiked story", body="Spiked.", status="spiked")
    stories["first"] = _add(
        db,
        headline="UN envoy opens talks in Geneva",
        standfirst="Talks begin on the river.",
        byline="Hannah Okoye",
        dateline="Geneva",
        section_id=world,
        status="published",
        published_at=datetime(2017, 7, 15, 9, 30, tzinfo=UTC),
        body="The envoy arrived on Monday.\n\nTalks began at the Palais des Nations.",
        entity_ids=(envoy, un, geneva),
    )
    stories["second"] = _add(
        db,
        headline="Talks stall as delegation walks out",
        byline="Farah El-Amin",
        section_id=world,
        status="published",
        published_at=datetime(2017, 8, 2, 18, 0, tzinfo=UTC),
        body="\n\n".join(
            [
                "The talks stalled on Tuesday.",
                token(stories["first"].uid, "old headline"),
                "قال المبعوث إن المحادثات ستستأنف.",
                token(stories["draft"].uid),
                token(stories["scheduled"].uid),
                token(stories["embargoed"].uid),
                "The envoy said talks would resume.",
            ]
        ),
        entity_ids=(envoy,),
    )
    stories["third"] = _add(
        db,
        headline="Council <b>approves</b> & budget",
        status="published",
        published_at=datetime(2018, 1, 3, 8, 0, tzinfo=UTC),
        body="Budget approved.",
    )
    with db.transaction() as session:  # saving times: fixed, as if copied from one database
        session.execute(update(Article).values(created_at=SAVED, updated_at=SAVED))
    return Newsroom(db, stories)


@pytest.fixture
def newsroom(db: Database) -> Newsroom:
    return fill(db)


@pytest.fixture
def fill_newsroom():  # type: ignore[no-untyped-def]
    """`fill_newsroom(db)`: the test newsroom written into any database."""
    return fill
