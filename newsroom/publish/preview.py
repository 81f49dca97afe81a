"""The editor's live preview: the story page exactly as the export would write it.

It renders unsaved input with the export's own templates and stylesheet (through
`pages.story_page`), so what an editor sees is what is published. More-news targets
are looked up in the database; a target that is not on the site is still shown in the
preview with its headline, marked, so the editor can see where the line would be.

The page's links are the export's own (relative site paths); `PreviewPage.stories`
says which story each More-news target's path is, so the editor can open the story a
clicked line names instead of following the link.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput
from newsroom.core.models import Article, Entity, utcnow
from newsroom.core.slugs import slug_from
from newsroom.paths import resources_dir
from newsroom.publish import bodies, images, pages
from newsroom.publish.site import (
    EntityItem,
    SiteData,
    StoryItem,
    entity_path,
    read_sections,
    story_path,
)
from newsroom.text.media_refs import media_ids
from newsroom.text.morenews import target_uids

PREVIEW_UID = "00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class PreviewPage:
    """The preview of one story: its HTML, its site path (relative links in the HTML,
    the stylesheet's included, resolve against it) and the site path of each More-news
    target with that story's id."""

    html: str
    path: str
    stories: dict[str, int]


def _body(session: Session, text: str, uid: str | None, targets: bodies.Targets) -> bodies.Body:
    """The rendered body: the export's cached render when the text and its targets are
    the ones it was rendered from (a story opened and not yet edited), else rendered."""
    key = bodies.cache_key(text, targets)
    if uid is not None:
        story_id = session.scalar(select(Article.id).where(Article.uid == uid))
        if story_id is not None:
            cached = bodies.lookup(session, [story_id]).get(story_id)
            if cached is not None and cached.key == key:
                return cached
    return bodies.render(text, targets, key)


def preview_html(
    session: Session, data: ArticleInput, *, uid: str | None = None, now: datetime | None = None
) -> tuple[str, str]:
    """The page for unsaved `data` (the editor's current text): (HTML, its site path)."""
    page = preview_page(session, data, uid=uid, now=now)
    return page.html, page.path


def _pictures(
    session: Session, body: str, lead: int | None, path: str, cache: Path | None
) -> tuple[images.SiteImages, Callable[[str], str]]:
    """The images the preview shows (the body's, and the lead image the form holds),
    from the export's resize cache (made there when missing), with links to them from
    where the preview page sits (`resources/<site path>`: see `ui.preview`)."""
    cache = cache or images.cache_folder()
    shown = media_ids(body)
    items = images.items_of(session, [*shown, *([lead] if lead else [])])
    images.ensure_cached(session, items.values(), cache)
    page_folder = (resources_dir() / path).parent

    def link(site_path: str) -> str:
        return Path(os.path.relpath(images.cached_file(cache, site_path), page_folder)).as_posix()

    lead_of = {0: lead} if lead is not None and lead in items else {}
    return images.SiteImages(items, lead_of, {0: shown}), link


def preview_page(
    session: Session,
    data: ArticleInput,
    *,
    uid: str | None = None,
    now: datetime | None = None,
    image_cache: Path | None = None,
) -> PreviewPage:
    """The page for unsaved `data` (the editor's current text), as the export would
    write it."""
    now = now or utcnow()
    settings = site_settings.load(session)
    tz = settings.tz
    published = data.published_at or now
    slug = data.slug or slug_from(data.headline or "story")
    sections = read_sections(session)  # in the site's order: the menu as exported
    entity_ids = data.entity_ids or ()
    entities = {
        e.id: EntityItem(e.id, e.uid, e.kind, e.name, e.slug, e.description, entity_path(e.slug))
        for e in session.execute(
            select(
                Entity.id, Entity.uid, Entity.kind, Entity.name, Entity.slug, Entity.description
            ).where(Entity.id.in_(entity_ids))
        )
    }
    story = StoryItem(
        id=0,
        uid=uid or PREVIEW_UID,
        slug=slug,
        headline=data.headline,
        standfirst=data.standfirst,
        byline=data.byline,
        dateline=data.dateline,
        section_id=data.section_id,
        published_at=published,
        updated_at=now,
        version=0,
        entity_ids=tuple(entity_ids),
        links=tuple(target_uids(data.body)),
        path=story_path(slug, published, tz),
    )
    stories = [story]
    uids = set(target_uids(data.body))
    for row in session.execute(
        select(
            Article.id,
            Article.uid,
            Article.slug,
            Article.headline,
            Article.status,
            Article.published_at,
            Article.updated_at,
            Article.version,
        ).where(Article.uid.in_(uids))
    ):
        when = row.published_at or now
        label = row.headline if row.status == "published" else f"{row.headline} [{row.status}]"
        stories.append(
            StoryItem(
                row.id,
                row.uid,
                row.slug,
                label,
                "",
                "",
                "",
                None,
                when,
                row.updated_at,
                row.version,
                (),
                (),
                story_path(row.slug, when, tz),
            )
        )
    site = SiteData(settings, now, stories, sections, entities)
    site.by_uid = {s.uid: s for s in stories}
    site.images, image_link = _pictures(
        session, data.body, data.lead_image_id, story.path, image_cache
    )
    html = pages.story_page(
        site, 0, _body(session, data.body, uid, pages.story_targets(site, 0)), latest=False,
        image_link=image_link,
    )  # fmt: skip
    return PreviewPage(html, story.path, {target.path: target.id for target in stories[1:]})
