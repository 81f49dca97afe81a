"""Gathering: everything the exported site shows, read in one go before anything is written.

`gather()` reads the live stories (the same rule as `newsroom check`: published, date
reached, no embargo in force at `now`), their sections, tags and links, into plain
records. Writing then needs no database. Paths of every page are decided here too, so
links between pages and the files written always agree. `gather_some()` reads the
part of it a few pages need, for an export that re-renders only those.

Queries run on the session's connection (`session.connection().execute`): they read
columns, not objects, and the ORM's handling of their results was a quarter of the
time reading a 10,000-story site took, before any page could be rendered.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core import settings as site_settings
from newsroom.core.entity_slugs import old_slugs
from newsroom.core.live import is_live, why_not_live
from newsroom.core.models import Article, ArticleEntity, Entity, MoreNewsLink, Section
from newsroom.core.settings import SiteSettings
from newsroom.publish.images import SiteImages, gather_images

if TYPE_CHECKING:
    from markupsafe import Markup


@dataclass(frozen=True, slots=True)  # (one per story: 100,000 of them)
class StoryItem:
    id: int
    uid: str
    slug: str
    headline: str
    standfirst: str
    byline: str
    dateline: str
    section_id: int | None
    published_at: datetime
    updated_at: datetime
    version: int
    entity_ids: tuple[int, ...]
    links: tuple[str, ...]  # More-news target uids, in body order
    path: str


@dataclass(frozen=True, slots=True)
class EntityItem:
    id: int
    uid: str
    kind: str
    name: str
    slug: str
    description: str
    path: str


@dataclass(frozen=True, slots=True)
class SectionItem:
    id: int
    name: str
    slug: str
    path: str


@dataclass
class SiteData:
    settings: SiteSettings
    now: datetime
    stories: list[StoryItem]  # newest first
    sections: dict[int, SectionItem]  # in navigation order
    entities: dict[int, EntityItem]  # only entities tagged on a live story
    by_uid: dict[str, StoryItem] = field(default_factory=dict)
    unpublished: dict[str, str] = field(default_factory=dict)  # uid -> why not on site
    # Of those, the ones a story has (uid -> its id): the notes keep them (`state`).
    unpublished_ids: dict[str, int] = field(default_factory=dict)
    # Old entity slugs (pages renamed entities had) -> entity id, for entities on the site.
    entity_redirects: dict[str, int] = field(default_factory=dict)
    # The pictures of these stories (lead and body images): `publish.images`.
    images: SiteImages = field(default_factory=SiteImages.none)
    # Parts many pages share, rendered once (`page_parts`): a cache, not data.
    parts: dict[tuple[str, str, int], Markup] = field(
        default_factory=dict, compare=False, repr=False
    )
    # Items of lists (macro, linked path, link) -> Markup (`page_parts._item`): a cache,
    # oldest first.
    items: OrderedDict[tuple[str, str, str], Markup] = field(
        default_factory=OrderedDict, compare=False, repr=False
    )

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz


def story_path(slug: str, published_at: datetime, tz: ZoneInfo) -> str:
    """`2017/07/slug.html`: the month in the site's time zone, so archives and URLs agree."""
    local = published_at.astimezone(tz)
    return f"{local.year:04d}/{local.month:02d}/{slug}.html"


# Where every listing page lives. Page 2 onwards of a listing sits in a folder named
# after the listing (`entity/foo/page-2.html`), a form no slug can take: slugs hold no
# "/" (`core.slugs.SLUG_PATTERN`), so "Foo page 2" (`entity/foo-page-2.html`) can never
# land on the file of Foo's second page. Fixed names (`page/`, `archive/`, `static/`,
# `feed.xml` ...) and story paths (`2017/07/...`) cannot meet a slug either.


def entity_path(slug: str, page: int = 1) -> str:
    return f"entity/{slug}.html" if page == 1 else f"entity/{slug}/page-{page}.html"


def section_path(slug: str, page: int = 1) -> str:
    return f"section/{slug}/index.html" if page == 1 else f"section/{slug}/page-{page}.html"


def front_path(page: int = 1) -> str:
    """The front page and its older pages."""
    return "index.html" if page == 1 else f"page/{page}.html"


def month_path(year: int, month: int, page: int = 1) -> str:
    """One month of the archive."""
    name = f"archive/{year:04d}-{month:02d}"
    return f"{name}.html" if page == 1 else f"{name}-page-{page}.html"


# Fixed paths of the site (story, listing and entity paths are the functions above).
ARCHIVE_PATH = "archive/index.html"
FEED_PATH = "feed.xml"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
CSS_PATH = "static/style.css"
STATIC_FOLDER = "static"


def _settings(session: Session) -> SiteSettings:
    # Where the site is written is no part of any page (nor of their fingerprints).
    return replace(site_settings.load(session), site_folder="")


def _story_items(
    session: Session,
    now: datetime,
    tz: ZoneInfo,
    ids: Iterable[int] | None = None,
    *,
    limit: int | None = None,
) -> list[StoryItem]:
    """The live stories (all, or those of `ids`, or the newest `limit`), newest first,
    with their tags and More-news link rows."""
    columns = (
        Article.id, Article.uid, Article.slug, Article.headline, Article.standfirst,
        Article.byline, Article.dateline, Article.section_id, Article.published_at,
        Article.updated_at, Article.version,
    )  # fmt: skip
    query = (
        select(*columns)
        .where(is_live(now))
        .order_by(Article.published_at.desc(), Article.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    wanted = None if ids is None else sorted(set(ids))
    rows = []
    if wanted is None:
        rows = list(session.connection().execute(query))
    else:
        # By id alone, the live ones kept here: with the liveness test in SQL, SQLite
        # (no ANALYZE statistics) walks the (status, published_at) index over every
        # live story instead, a second at 100,000 stories.
        by_id = select(*columns, Article.status, Article.embargo_until)
        for start in range(0, len(wanted), 500):
            rows += [
                r
                for r in session.connection().execute(
                    by_id.where(Article.id.in_(wanted[start : start + 500]))
                )
                if why_not_live(r.status, r.published_at, r.embargo_until, now) is None
            ]
        rows.sort(key=lambda r: (r.published_at, r.id), reverse=True)
    found = None if wanted is None and limit is None else [r.id for r in rows]
    tags = _per_story(session, now, ArticleEntity.article_id, ArticleEntity.entity_id,
                      ArticleEntity.position, found)  # fmt: skip
    links = _per_story(session, now, MoreNewsLink.source_id, MoreNewsLink.target_uid,
                       MoreNewsLink.position, found)  # fmt: skip
    stories = []
    for r in rows:
        published = r.published_at
        assert published is not None  # is_live: a story on the site has its date
        stories.append(
            StoryItem(
                r.id, r.uid, r.slug, r.headline, r.standfirst, r.byline, r.dateline,
                r.section_id, published, r.updated_at, r.version,
                entity_ids=tuple(tags.get(r.id, ())),
                links=tuple(links.get(r.id, ())),
                path=story_path(r.slug, published, tz),
            )
        )  # fmt: skip
    return stories


def _per_story(
    session: Session, now: datetime, owner: Any, value: Any, position: Any, ids: list[int] | None
) -> dict[int, list[Any]]:
    """`value` of each row of a per-story table (tags, links) in `position` order, for
    the live stories (or those of `ids`)."""
    out: dict[int, list[Any]] = defaultdict(list)
    query = select(owner, value).order_by(owner, position)
    if ids is None:
        chunks: list[Any] = [query.join(Article, Article.id == owner).where(is_live(now))]
    else:
        chunks = [query.where(owner.in_(ids[i : i + 500])) for i in range(0, len(ids), 500)]
    for chunk in chunks:
        for story_id, item in session.connection().execute(chunk):
            out[story_id].append(item)
    return out


def _entities(session: Session, used: set[int]) -> dict[int, EntityItem]:
    return {
        e.id: EntityItem(e.id, e.uid, e.kind, e.name, e.slug, e.description, entity_path(e.slug))
        for e in session.connection().execute(
            select(
                Entity.id, Entity.uid, Entity.kind, Entity.name, Entity.slug, Entity.description
            ).where(Entity.id.in_(used) if len(used) < 30_000 else Entity.id.is_not(None))
        )
        if e.id in used
    }


def read_sections(session: Session) -> dict[int, SectionItem]:
    return {  # in navigation order (`core.sections`): pages list them as they come
        s.id: SectionItem(s.id, s.name, s.slug, section_path(s.slug))
        for s in session.connection().execute(
            select(Section.id, Section.name, Section.slug).order_by(Section.position, Section.name)
        )
    }


def gather(session: Session, now: datetime) -> SiteData:
    """Read the site's content as of `now` (aware)."""
    settings = _settings(session)
    stories = _story_items(session, now, settings.tz)
    used = {e for story in stories for e in story.entity_ids}
    data = SiteData(settings, now, stories, read_sections(session), _entities(session, used))
    data.by_uid = {s.uid: s for s in stories}
    linked = {uid for story in stories for uid in story.links} - set(data.by_uid)
    targets = unpublished_targets(session, linked, now)
    data.unpublished = {uid: reason for uid, (_, reason) in targets.items()}
    data.unpublished_ids = {uid: i for uid, (i, _) in targets.items() if i is not None}
    data.images = gather_images(session, (s.id for s in stories))
    data.entity_redirects = {
        slug: entity_id
        for slug, entity_id in old_slugs(session).items()
        if entity_id in data.entities
    }
    return data


def gather_some(session: Session, now: datetime, ids: Iterable[int]) -> SiteData:
    """The part of the site as of `now` that pages of stories `ids` are made of: the
    newest stories first (every story page lists them; `stories[:LATEST]` is the same
    as in `gather`), then those of `ids`, then the live stories they link to. What an
    export that re-renders a few pages reads instead of everything."""
    settings = _settings(session)
    tz = settings.tz
    newest = _story_items(session, now, tz, limit=NEWEST)
    seen = {s.id for s in newest}
    asked = [s for s in _story_items(session, now, tz, ids) if s.id not in seen]
    seen |= {s.id for s in asked}
    uids = {uid for s in asked + newest for uid in s.links}
    linked = sorted(uids)
    target_ids: set[int] = set()
    for start in range(0, len(linked), 500):  # by uid alone: see `_story_items`
        target_ids.update(
            r.id
            for r in session.connection().execute(
                select(
                    Article.id, Article.status, Article.published_at, Article.embargo_until
                ).where(Article.uid.in_(linked[start : start + 500]))
            )
            if why_not_live(r.status, r.published_at, r.embargo_until, now) is None
        )
    target_ids -= seen
    stories = newest + asked + _story_items(session, now, tz, target_ids)
    used = {e for story in stories for e in story.entity_ids}
    data = SiteData(settings, now, stories, read_sections(session), _entities(session, used))
    data.by_uid = {s.uid: s for s in stories}
    data.unpublished = why_not_on_site(session, uids - set(data.by_uid), now)
    data.images = gather_images(session, (s.id for s in stories))
    return data


NEWEST = 20
"""How many of the newest stories `gather_some` always reads: the longest list of
them a page other than a listing shows (the feed's; a story page's "Latest news"
shows eight of the newest nine). `pages` checks its sizes against it."""
LATEST_ON_STORY = 8
"""The newest stories a story page lists ("Latest news"), itself left out."""


def why_not_on_site(session: Session, uids: Iterable[int | str], now: datetime) -> dict[str, str]:
    """For each of `uids` (More-news targets not on the site at `now`): the reason."""
    return {uid: reason for uid, (_, reason) in unpublished_targets(session, uids, now).items()}


def unpublished_targets(
    session: Session, uids: Iterable[int | str], now: datetime
) -> dict[str, tuple[int | None, str]]:
    """For each of `uids` (More-news targets not on the site at `now`): the id of the
    story that has it (None: no story has it) and why it is not on the site."""
    linked = sorted({str(u) for u in uids})
    out: dict[str, tuple[int | None, str]] = {uid: (None, "it does not exist") for uid in linked}
    for start in range(0, len(linked), 500):
        for story_id, uid, status, published, embargo in session.connection().execute(
            select(
                Article.id, Article.uid, Article.status, Article.published_at, Article.embargo_until
            ).where(Article.uid.in_(linked[start : start + 500]))
        ):
            why = why_not_live(status, published, embargo, now) or "is not live"
            out[uid] = (story_id, f"it {why}")
    return out


def read_bodies(session: Session, ids: list[int]) -> dict[int, str]:
    """The Markdown of stories `ids` (those about to be rendered, and only those)."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        out.update(
            session.connection()
            .execute(select(Article.id, Article.body).where(Article.id.in_(chunk)))
            .all()
        )
    return out
