"""Which story a file is: the uid it is known by in the import, and the story already in
the database it duplicates.

Planned before anything is written, from the files alone: files of one import that are
the same story (same uid, address, or slug and day) share a *planned* uid, and a
More-news line names its target by that uid, so the writer can order targets before
the stories that link to them. Whether a story is already in the database is asked
when it is written, in the transaction that writes it, every time: another import or
an editor may have written it since the import began, so neither "the database was
empty" nor an earlier "not there" is trusted. A duplicate is matched, in this order, on

1. uid (a Newsroom export's feed, a front-matter `uid`, JSON-LD `urn:uuid:`);
2. canonical address: the address a story was imported from (recorded in its first
   revision's note, "imported from <url>", read anew at each group by revision id)
   or, under the site's own base URL, the address the exporter gives the story
   (`YYYY/MM/<slug>.html`);
3. slug and publication day (in the site's time zone), the slug being the file's or
   the one the headline makes;
4. for a later file of a story of this import, the planned uid: the story its first
   file was written as, which the lookups above can miss in the group that wrote it.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from newsroom.core.models import Article, Revision
from newsroom.core.settings import SiteSettings
from newsroom.core.slugs import SLUG_PATTERN, slug_from
from newsroom.importing.model import MoreNewsRef, ParsedStory, SiteInfo
from newsroom.publish.site import story_path

SOURCE_NOTE = "imported from "


@dataclass(frozen=True)
class Existing:
    id: int
    uid: str
    version: int
    headline: str
    how: str  # what matched: "uid", "source address", "slug and publication day"


def no_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def fold(text: str) -> str:
    """How headlines are compared: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


class Matcher:
    """The uids an import plans, and duplicate lookups (see the module notes)."""

    def __init__(self, settings: SiteSettings, site: SiteInfo) -> None:
        self.settings, self.site = settings, site
        self.tz: ZoneInfo = settings.tz
        self.by_address: dict[str, int] = {}  # "imported from" address -> article id
        self._seen_revision = 0
        self.uids: dict[int, str] = {}  # id(story) -> its planned uid
        self.first: dict[str, ParsedStory] = {}  # planned uid -> the first file with it
        self.by_key: dict[str, str] = {}  # file path or canonical address -> planned uid
        self.by_headline: dict[str, str] = {}

    def refresh(self, session: Session) -> None:
        """Learn the addresses stories were imported from since the last look."""
        for revision_id, article_id, note in session.execute(
            select(Revision.id, Revision.article_id, Revision.note)
            .where(Revision.id > self._seen_revision, Revision.note.like(f"{SOURCE_NOTE}%://%"))
            .order_by(Revision.id)
        ):
            self.by_address.setdefault(note[len(SOURCE_NOTE) :], article_id)
            self._seen_revision = revision_id

    def plan(self, stories: list[ParsedStory]) -> None:
        """Give each story its planned uid (its own, the feed's, or that of an earlier
        file of the import that is the same story)."""
        seen: dict[tuple[str, ...], str] = {}
        for story in stories:
            story.uid = _valid_uid(story) or self._feed_uid(story)
            keys = self._keys(story)
            uid = next((seen[k] for k in keys if k in seen), None)
            uid = uid or story.uid or str(uuid.uuid4())
            for key in keys:
                seen.setdefault(key, uid)
            self.uids[id(story)] = uid
            self.first.setdefault(uid, story)
            self.by_key.setdefault(str(story.path), uid)
            if story.url:
                self.by_key.setdefault(no_fragment(story.url), uid)
            self.by_headline.setdefault(fold(story.headline), uid)

    def planned(self, story: ParsedStory, ref: MoreNewsRef) -> str | None:
        """The planned uid of the story of this import a More-news line names, if any:
        by address among the imported files, else by headline among them."""
        if ref.href:
            href = no_fragment(ref.href)
            if not urlsplit(href).scheme and not os.path.isabs(href):
                href = os.path.normpath(story.path.parent / href)
            if href in self.by_key:
                return self.by_key[href]
        return self.by_headline.get(fold(ref.headline)) if ref.headline else None

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

    def find_existing(self, session: Session, story: ParsedStory) -> Existing | None:
        """The story in the database this one duplicates (see the module notes)."""
        return self.check(session, story)[0]

    def check(self, session: Session, story: ParsedStory) -> tuple[Existing | None, bool]:
        """(the story this one duplicates, whether its slug is taken): the writer needs
        both, and the second costs nothing once the first has looked the slug up."""
        if story.uid:
            by_uid = session.execute(_BY_UID, {"uid": story.uid}).first()
            if by_uid is not None:
                return Existing(*by_uid, how="uid"), True
        if story.url:
            found = self._by_address(session, no_fragment(story.url))
            if found is not None:
                return found, True
        same = self._by_slug(session, self.slug(story))
        if same is not None and self._day(same.published_at) == self._day(story.published_at):
            return Existing(
                same.id, same.uid, same.version, same.headline, "slug and publication day"
            ), True
        planned = self.uids.get(id(story))
        first = self.first.get(planned or "", story)
        if first is not story:  # a later file of a story of this import
            by_planned = session.execute(_BY_UID, {"uid": planned}).first()
            if by_planned is not None:
                return Existing(*by_planned, how=self._shared(story, first)), True
        return None, same is not None

    def _shared(self, story: ParsedStory, first: ParsedStory) -> str:
        """What a later file of a story has in common with its first file. Asked when the
        lookups above miss the first's story: its address is learnt once its group
        commits, and its slug may have been taken (it then has the next free one)."""
        theirs = set(self._keys(first))
        shared = [key[0] for key in self._keys(story) if key in theirs]
        return _HOW[shared[0]] if shared else "uid"  # through a third file: the same uid

    def new_and_free(self, session: Session, stories: list[ParsedStory]) -> set[int]:
        """The `id()`s of the stories `check` would find no duplicate and a free slug for,
        asked in two queries for all of them. A story with an address this import or the
        site knows is left out: `check` answers for it."""
        base = self.settings.base_url
        candidates = [
            s for s in stories
            if not s.url or not (no_fragment(s.url) in self.by_address
                                 or (base and s.url.startswith(base)))
        ]  # fmt: skip
        uids = {s.uid for s in candidates if s.uid}
        known = set(session.scalars(select(Article.uid).where(Article.uid.in_(uids))))
        slugs = set(
            session.scalars(
                select(Article.slug).where(Article.slug.in_({self.slug(s) for s in candidates}))
            )
        )
        return {id(s) for s in candidates if s.uid not in known and self.slug(s) not in slugs}

    def _by_address(self, session: Session, url: str) -> Existing | None:
        article_id = self.by_address.get(url)
        if article_id is not None:
            row = session.execute(_BY_ID, {"id": article_id}).first()
            if row is not None:
                return Existing(*row, how="source address")
        base = self.settings.base_url
        if base and url.startswith(base):
            path = url[len(base) :]
            row2 = self._by_slug(session, path.rsplit("/", 1)[-1].removesuffix(".html"))
            if (
                row2 is not None
                and row2.published_at
                and story_path(row2.slug, row2.published_at, self.tz) == path
            ):
                return Existing(row2.id, row2.uid, row2.version, row2.headline, "source address")
        return None

    def _by_slug(
        self, session: Session, slug: str
    ) -> Row[int, str, int, str, datetime | None, str] | None:
        return session.execute(_BY_SLUG, {"slug": slug}).first()


_HOW = {"uid": "uid", "url": "source address", "slug": "slug and publication day"}

# Built once: asked for every file of an import (see writer.py on why that matters).
_ARTICLE = (Article.id, Article.uid, Article.version, Article.headline)
_BY_UID = select(*_ARTICLE).where(Article.uid == bindparam("uid"))
_BY_ID = select(*_ARTICLE).where(Article.id == bindparam("id"))
_BY_SLUG = select(*_ARTICLE, Article.published_at, Article.slug).where(
    Article.slug == bindparam("slug")
)


def _valid_uid(story: ParsedStory) -> str | None:
    if not story.uid:
        return None
    try:
        return str(uuid.UUID(story.uid))
    except ValueError:
        story.warnings.append(f"the uid {story.uid!r} is not a UUID; a new one was given")
        return None
