"""Which story a file is: its uid, and the story already in the database it duplicates.

Planned before anything is written, so that a More-news line can name a story of the
same import that is written after it. A duplicate is matched, in this order, on

1. uid (a Newsroom export's feed, a front-matter `uid`, JSON-LD `urn:uuid:`);
2. canonical address: the address a story was imported from (recorded in its first
   revision's note, "imported from <url>") or, under the site's own base URL, the
   address the exporter gives the story (`YYYY/MM/<slug>.html`);
3. slug and publication day (in the site's time zone), the slug being the file's or
   the one the headline makes.

Files of one import that match each other get the same uid, so the second is matched
to the first once that is written.
"""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from newsroom.core.db import Database
from newsroom.core.models import Article, Revision
from newsroom.core.settings import SiteSettings
from newsroom.core.slugs import SLUG_PATTERN, slug_from
from newsroom.importing.model import ParsedStory, SiteInfo
from newsroom.publish.site import story_path

SOURCE_NOTE = "imported from "


@dataclass(frozen=True)
class Existing:
    id: int
    uid: str
    version: int
    how: str  # what matched: "uid", "address", "slug and date"


def no_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def fold(text: str) -> str:
    """How headlines are compared: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


class Matcher:
    """The uids an import will write, and duplicate lookups (see the module notes)."""

    def __init__(self, db: Database, settings: SiteSettings, site: SiteInfo) -> None:
        self.db, self.settings, self.site = db, settings, site
        self.tz: ZoneInfo = settings.tz
        with db.reading() as session:
            self.by_address: dict[str, int] = {
                note[len(SOURCE_NOTE) :]: article_id
                for article_id, note in session.execute(
                    select(Revision.article_id, Revision.note).where(
                        Revision.note.like(f"{SOURCE_NOTE}%://%")
                    )
                )
            }
        self.uids: dict[int, str] = {}  # id(story) -> the uid it will have
        # Stories that may already be in the database: all of them, unless it was empty
        # when the import began; then only those that repeat one earlier in the import.
        self.may_exist: set[int] | None = None
        self.by_key: dict[str, str] = {}  # file path or canonical address -> uid
        self.by_headline: dict[str, str] = {}

    def plan(self, stories: list[ParsedStory], *, check_database: bool) -> None:
        """Give each story the uid it will have (its own, the feed's, its duplicate's)."""
        seen: dict[tuple[str, ...], str] = {}
        self.may_exist = None if check_database else set()
        with self.db.reading() if check_database else nullcontext(None) as session:
            for story in stories:
                story.uid = _valid_uid(story) or self._feed_uid(story)
                keys = self._keys(story)
                uid = next((seen[k] for k in keys if k in seen), None)
                if uid is not None and self.may_exist is not None:
                    self.may_exist.add(id(story))
                if uid is None and session is not None:
                    existing = self.find_existing(session, story)
                    uid = existing.uid if existing else None
                uid = uid or story.uid or str(uuid.uuid4())
                for key in keys:
                    seen.setdefault(key, uid)
                self.uids[id(story)] = uid
                self.by_key.setdefault(str(story.path), uid)
                if story.url:
                    self.by_key.setdefault(no_fragment(story.url), uid)
                self.by_headline.setdefault(fold(story.headline), uid)

    def _feed_uid(self, story: ParsedStory) -> str | None:
        feed = self.site.feed_uids
        return feed.get(no_fragment(story.url or "")) or feed.get(str(story.path))

    def _keys(self, story: ParsedStory) -> list[tuple[str, ...]]:
        keys: list[tuple[str, ...]] = []
        if story.uid:
            keys.append(("uid", story.uid))
        if story.url:
            keys.append(("url", no_fragment(story.url)))
        keys.append(("slug", self.slug(story), self._day(story.published_at)))
        return keys

    def slug(self, story: ParsedStory) -> str:
        """The slug a story is known by: the file's when valid, else one made from it
        or from the headline."""
        if story.slug and SLUG_PATTERN.match(story.slug):
            return story.slug
        return slug_from(story.slug or story.headline)

    def _day(self, when: datetime | None) -> str:
        return when.astimezone(self.tz).date().isoformat() if when else ""

    def existing_for(self, session: Session, story: ParsedStory) -> Existing | None:
        """`find_existing`, skipped when the plan knows the story can not be there."""
        if self.may_exist is not None and id(story) not in self.may_exist:
            return None
        return self.find_existing(session, story)

    def find_existing(self, session: Session, story: ParsedStory) -> Existing | None:
        """The story in the database this one duplicates (see the module notes)."""
        if story.uid:
            row = session.execute(
                select(Article.id, Article.uid, Article.version).where(Article.uid == story.uid)
            ).first()
            if row is not None:
                return Existing(*row, how="uid")
        if story.url:
            found = self._by_address(session, no_fragment(story.url))
            if found is not None:
                return found
        row = self._by_slug(session, self.slug(story))
        if row is not None and self._day(row.published_at) == self._day(story.published_at):
            return Existing(row.id, row.uid, row.version, how="slug and date")
        return None

    def _by_address(self, session: Session, url: str) -> Existing | None:
        article_id = self.by_address.get(url)
        if article_id is not None:
            row = session.execute(
                select(Article.id, Article.uid, Article.version).where(Article.id == article_id)
            ).first()
            if row is not None:
                return Existing(*row, how="address")
        base = self.settings.base_url
        if base and url.startswith(base):
            path = url[len(base) :]
            row2 = self._by_slug(session, path.rsplit("/", 1)[-1].removesuffix(".html"))
            if (
                row2 is not None
                and row2.published_at
                and story_path(row2.slug, row2.published_at, self.tz) == path
            ):
                return Existing(row2.id, row2.uid, row2.version, how="address")
        return None

    def _by_slug(
        self, session: Session, slug: str
    ) -> Row[tuple[int, str, int, datetime, str]] | None:
        return session.execute(
            select(
                Article.id, Article.uid, Article.version, Article.published_at, Article.slug
            ).where(Article.slug == slug)
        ).first()


def _valid_uid(story: ParsedStory) -> str | None:
    if not story.uid:
        return None
    try:
        return str(uuid.UUID(story.uid))
    except ValueError:
        story.warnings.append(f"the uid {story.uid!r} is not a UUID; a new one was given")
        return None
