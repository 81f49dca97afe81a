"""Gathering: everything the exported site shows, read in one go before anything is written.

`gather()` reads the live stories (the same rule as `newsroom check`: published, date
reached, no embargo in force at `now`), their sections, tags and links, into plain
records. Writing then needs no database. Paths of every page are decided here too, so
links between pages and the files written always agree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core import settings as site_settings
from newsroom.core.checks import is_live
from newsroom.core.entity_slugs import old_slugs
from newsroom.core.models import Article, ArticleEntity, Entity, MoreNewsLink, Section
from newsroom.core.settings import SiteSettings
from newsroom.publish.images import SiteImages, gather_images


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class EntityItem:
    id: int
    uid: str
    kind: str
    name: str
    slug: str
    description: str
    path: str


@dataclass(frozen=True)
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
    bodies: dict[int, str] = field(default_factory=dict)  # loaded for pages to render
    # Old entity slugs (pages renamed entities had) -> entity id, for entities on the site.
    entity_redirects: dict[str, int] = field(default_factory=dict)
    images: SiteImages = field(default_factory=lambda: SiteImages({}, {}, {}))

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


def gather(session: Session, now: datetime) -> SiteData:
    """Read the site's content as of `now` (aware)."""
    # Where the site is written is no part of any page (nor of their fingerprints).
    settings = replace(site_settings.load(session), site_folder="")
    tz = settings.tz
    rows = session.execute(
        select(
            Article.id,
            Article.uid,
            Article.slug,
            Article.headline,
            Article.standfirst,
            Article.byline,
            Article.dateline,
            Article.section_id,
            Article.published_at,
            Article.updated_at,
            Article.version,
        )
        .where(is_live(now))
        .order_by(Article.published_at.desc(), Article.id.desc())
    ).all()
    tags: dict[int, list[int]] = defaultdict(list)
    for article_id, entity_id in session.execute(
        select(ArticleEntity.article_id, ArticleEntity.entity_id)
        .join(Article, Article.id == ArticleEntity.article_id)
        .where(is_live(now))
        .order_by(ArticleEntity.article_id, ArticleEntity.position)
    ):
        tags[article_id].append(entity_id)
    links: dict[int, list[str]] = defaultdict(list)
    for source_id, target_uid in session.execute(
        select(MoreNewsLink.source_id, MoreNewsLink.target_uid)
        .join(Article, Article.id == MoreNewsLink.source_id)
        .where(is_live(now))
        .order_by(MoreNewsLink.source_id, MoreNewsLink.position)
    ):
        links[source_id].append(target_uid)
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
    used = {e for ids in tags.values() for e in ids}
    entities = {
        e.id: EntityItem(e.id, e.uid, e.kind, e.name, e.slug, e.description, entity_path(e.slug))
        for e in session.execute(
            select(
                Entity.id, Entity.uid, Entity.kind, Entity.name, Entity.slug, Entity.description
            ).where(Entity.id.in_(used) if len(used) < 30_000 else Entity.id.is_not(None))
        )
        if e.id in used
    }
    sections = {  # in navigation order (`core.sections`): pages list them as they come
        s.id: SectionItem(s.id, s.name, s.slug, section_path(s.slug))
        for s in session.execute(
            select(Section.id, Section.name, Section.slug).order_by(Section.position, Section.name)
        )
    }
    data = SiteData(settings, now, stories, sections, entities)
    data.by_uid = {s.uid: s for s in stories}
    data.unpublished = _why_not_live(session, data, now)
    data.images = gather_images(session, (s.id for s in stories))
    data.entity_redirects = {
        slug: entity_id for slug, entity_id in old_slugs(session).items() if entity_id in entities
    }
    return data


def _why_not_live(session: Session, data: SiteData, now: datetime) -> dict[str, str]:
    """For each uid a live story links to but that is not on the site: the reason."""
    linked = set(
        session.scalars(
            select(MoreNewsLink.target_uid)
            .join(Article, Article.id == MoreNewsLink.source_id)
            .where(is_live(now))
        )
    ) - set(data.by_uid)
    reasons = {uid: "it does not exist" for uid in linked}
    if linked:
        for uid, status, published, embargo in session.execute(
            select(Article.uid, Article.status, Article.published_at, Article.embargo_until).where(
                Article.uid.in_(linked)
            )
        ):
            if status != "published":
                reasons[uid] = f"it is {status}"
            elif embargo is not None and embargo > now:  # the embargo is why it waits
                reasons[uid] = f"it is under embargo until {embargo:%Y-%m-%d %H:%M} UTC"
            elif published is None:
                reasons[uid] = "it has no publication date"
            else:
                reasons[uid] = "it is scheduled for later"
    return reasons


def load_bodies(session: Session, site: SiteData, ids: list[int]) -> None:
    """Fetch the Markdown of the stories about to be rendered (and only those)."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        site.bodies.update(
            session.execute(select(Article.id, Article.body).where(Article.id.in_(chunk))).all()
        )
