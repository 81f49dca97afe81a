"""Every page of the exported site: what it is made of (inputs) and how it is rendered.

Links between pages are relative (`../../entity/un.html`), so the site works opened
straight from disk and served under any base URL; canonical URLs, the feed and the
sitemap use the base URL when one is set.
"""

from __future__ import annotations

import functools
import hashlib
import html as html_module
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, NamedTuple

from babel.dates import format_date
from markupsafe import Markup

from newsroom.core.models import EntityKind
from newsroom.paths import resources_dir
from newsroom.publish import images as site_images
from newsroom.publish.bodies import Body, Targets
from newsroom.publish.page_parts import (
    absolute,
    common,
    entity_item,
    iso,
    latest_aside,
    latest_other,
    listing_item,
    modified,
    rel,
)
from newsroom.publish.site import (
    ARCHIVE_PATH,
    FEED_PATH,
    LATEST_ON_STORY,
    NEWEST,
    ROBOTS_PATH,
    SITEMAP_PATH,
    STATIC_FOLDER,
    SiteData,
    StoryItem,
    entity_path,
    front_path,
    month_path,
    section_path,
)
from newsroom.publish.templating import (
    environment,
    language,
    long_date,
    text_direction,
)
from newsroom.text.markdown import LinkTarget, clean_picture, fill_figures

PER_PAGE = 20
FEED_SIZE = 20
assert max(FEED_SIZE, LATEST_ON_STORY + 1) <= NEWEST  # what `gather_some` reads
_TAGS = re.compile(r"<[^>]+>")


# --- story pages ----------------------------------------------------------------------


def story_inputs(site: SiteData, index: int, shared: StoryShared) -> Any:
    """Everything story page `index` is made of, for its fingerprint.

    The story itself is named by (uid, version, updated_at): every save through the
    service bumps the version, so its text need not be hashed. `shared` holds what all
    pages have in common (`story_shared`), computed once.
    """
    story = site.stories[index]
    targets = []
    for uid in story.links:
        t = site.by_uid.get(uid)
        targets.append((uid, t.version) if t else (uid, None))
    section = site.sections.get(story.section_id) if story.section_id else None
    entities = site.entities
    return (
        shared.site,
        story.uid,
        story.version,
        story.updated_at.isoformat(),
        story.path,
        section.name if section else None,
        [(e.kind, e.name, e.slug) for e in (entities.get(x) for x in story.entity_ids) if e],
        shared.latest if index > LATEST_ON_STORY else _latest_inputs(site, index),
        targets,
        site.images.of_story(story.id),
    )


def _latest_inputs(site: SiteData, index: int) -> str:
    """A digest of story `index`'s "Latest news": what `summary` gives the template of
    each, not its version (a typo fixed in the body of one of the newest stories need
    not re-render every story page)."""
    latest = [
        (s.uid, s.headline, s.standfirst, s.path, s.published_at.isoformat())
        for s in latest_other(site, index)
    ]
    return hashlib.sha1(repr(latest).encode()).hexdigest()


class StoryShared(NamedTuple):
    """The inputs of story pages that most share, computed once per export."""

    site: str  # `shared_inputs`
    latest: str  # the "Latest news" of every story but the newest few


def story_shared(site: SiteData) -> StoryShared:
    return StoryShared(shared_inputs(site), _latest_inputs(site, LATEST_ON_STORY + 1))


def shared_inputs(site: SiteData) -> str:
    """What every page depends on (settings, the section menu in its order), as one digest."""
    parts = (asdict(site.settings), [(s.name, s.path) for s in site.sections.values()])
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def story_targets(site: SiteData, index: int) -> Targets:
    """Where each More-news line of story `index` points (None: not on the site), from
    its link rows: what its body's HTML is made of besides the body (`bodies`)."""
    story = site.stories[index]
    out: list[tuple[str, LinkTarget | None]] = []
    for uid in story.links:
        target = site.by_uid.get(uid)
        out.append(
            (uid, LinkTarget(target.headline, rel(story.path, target.path)) if target else None)
        )
    return out


def story_page(
    site: SiteData,
    index: int,
    body: Body,
    *,
    latest: bool = True,
    image_link: Callable[[str], str] | None = None,
) -> str:
    """The HTML of story `index` around its rendered `body` (`bodies.render` of the
    story's body and `story_targets`). `image_link(site path)`: where the page finds an
    image file, when not on the site beside it (the preview's)."""
    story = site.stories[index]
    path = story.path
    s = site.settings
    section = site.sections.get(story.section_id) if story.section_id else None
    entities = [e for e in (site.entities.get(x) for x in story.entity_ids) if e]

    def link(to_path: str) -> str:
        return image_link(to_path) if image_link is not None else rel(path, to_path)

    body_html, _left_out = fill_figures(body.html, site_images.body_renderer(site.images, link))
    lead_item = site.images.items.get(site.images.lead.get(story.id, 0))
    lead = site_images.figure(lead_item, link, lead=True) if lead_item else None
    picture = (
        site_images.social(lead_item, lambda p: absolute(site, p) or link(p)) if lead_item else None
    )
    # The opening of the body's text only when there is no standfirst: stripping a whole
    # body of its tags was a sixth of a page's time. (Jinja escapes it once.)
    description = (
        story.standfirst or " ".join(html_module.unescape(_TAGS.sub(" ", body.html)).split())[:200]
    )
    canonical = absolute(site, path)
    publisher = {"@type": "Organization", "name": s.site_name}
    if s.base_url:
        publisher["url"] = s.base_url
    jsonld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "identifier": f"urn:uuid:{story.uid}",
        "headline": story.headline,
        "datePublished": iso(story.published_at),
        "dateModified": iso(modified(story)),
        "author": [{"@type": "Person", "name": story.byline}] if story.byline else [],
        "publisher": publisher,
        "description": description,
        "inLanguage": language(s.locale),
        "about": [_thing(site, e, path) for e in entities[:3]],
        "mentions": [_thing(site, e, path) for e in entities[3:]],
    }
    if canonical:
        jsonld["mainEntityOfPage"] = canonical
        jsonld["url"] = canonical
    if section:
        jsonld["articleSection"] = section.name
    if picture:
        jsonld["image"] = picture["jsonld"]
    html = (
        environment()
        .get_template("article.html")
        .render(
            **common(site, path, story.published_at),
            title=story.headline,
            description=description,
            canonical=canonical,
            og={
                "type": "article",
                "title": story.headline,
                "description": description,
                "url": canonical,
                "site_name": s.site_name,
                "locale": s.locale,
                "image": picture,
            },
            article_meta={
                "published_time": iso(story.published_at),
                "modified_time": iso(modified(story)),
                "section": section.name if section else None,
                "tags": [e.name for e in entities],
                "author": story.byline,
            },
            jsonld=jsonld,
            story={
                "headline": story.headline,
                "standfirst": story.standfirst,
                "byline": story.byline,
                "dateline": story.dateline,
                "date": long_date(story.published_at, site.tz, s.locale),
                "iso": iso(story.published_at),
                "section": {"name": section.name, "href": rel(path, section.path)}
                if section
                else None,
            },
            body=body_html,
            lead_image=clean_picture(lead) if lead else None,
            entities=[entity_item(site, e, path) for e in entities],
            latest=latest_aside(site, index, path) if latest else None,
        )
    )
    return html


# Each kind of entity: the label its page shows, its schema.org type.
KINDS: dict[str, tuple[str, str]] = {
    EntityKind.PERSON: ("Person", "Person"),
    EntityKind.ORGANISATION: ("Organisation", "Organization"),
    EntityKind.PLACE: ("Place", "Place"),
    EntityKind.EVENT: ("Event", "Event"),
    EntityKind.TOPIC: ("Topic", "Thing"),
}


def _thing(site: SiteData, entity: Any, path: str) -> dict[str, Any]:
    thing = {"@type": KINDS.get(entity.kind, ("", "Thing"))[1], "name": entity.name}
    url = absolute(site, entity.path)
    if url:
        thing["url"] = url
    return thing


# --- listings, feeds, static ------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """One page of a listing (front, section, entity, month): everything but its
    stories' summaries, and which stories those are, so an export that re-renders a
    few pages can render it again from the stories' ids alone."""

    title: str
    heading: str
    extra: dict[str, Any] | None
    n: int
    pages: int
    newer: str | None
    older: str | None
    ids: tuple[int, ...]


class Page(NamedTuple):
    """A file of the site: its path, what it is made of (for its fingerprint), how to
    render it, and for a listing page what it lists."""

    path: str
    inputs: Any
    render: Callable[[], bytes]
    listing: Listing | None = None


def _moved(site: SiteData, path: str, to_path: str, title: str) -> Page:
    """A page left at an old address (a renamed entity's) that sends the reader on to
    `to_path`: a meta refresh, no script; noindex and a canonical link so search
    engines keep the new address only. Not in the sitemap."""
    s = site.settings
    href = rel(path, to_path)

    def render() -> bytes:
        return (
            environment()
            .get_template("redirect.html")
            .render(
                lang=language(s.locale),
                dir=text_direction(s.locale),
                title=title,
                href=href,
                canonical=absolute(site, to_path) or href,
            )
            .encode()
        )

    return Page(path, ("moved", to_path, title, s.locale, s.base_url), render)


def listing_page(site: SiteData, path: str, listing: Listing, stories: list[StoryItem]) -> bytes:
    """The HTML of one listing page; `stories` are those of `listing.ids`, in order."""
    n = listing.n
    return (
        environment()
        .get_template("listing.html")
        .render(
            **common(site, path, site.now),
            title=listing.title if n == 1 else f"{listing.title} — page {n}",
            description=listing.heading,
            canonical=absolute(site, path),
            heading=listing.heading,
            extra=listing.extra or {},
            # The items, each rendered once per link (`listing_item`), as one value.
            stories=Markup("\n").join(listing_item(site, story, path) for story in stories),
            page=n,
            pages=listing.pages,
            newer=rel(path, listing.newer) if listing.newer else None,
            older=rel(path, listing.older) if listing.older else None,
        )
        .encode()
    )


def _paginated(
    site: SiteData,
    indexes: list[int],
    path_of: Callable[[int], str],
    title: str,
    heading: str,
    per_page: int,
    extra: dict[str, Any] | None = None,
    *,
    shared: str,
) -> Iterator[Page]:
    pages = max(1, -(-len(indexes) // per_page))
    day = site.now.astimezone(site.tz).date().isoformat()
    for n in range(1, pages + 1):
        path = path_of(n)
        chunk = [site.stories[i] for i in indexes[(n - 1) * per_page : n * per_page]]
        listing = Listing(
            title,
            heading,
            extra,
            n,
            pages,
            path_of(n - 1) if n > 1 else None,
            path_of(n + 1) if n < pages else None,
            tuple(story.id for story in chunk),
        )
        inputs = (
            "listing",
            title,
            heading,
            day,
            n,
            pages,
            extra,
            # A story's (uid, version) stands for its headline, standfirst and path:
            # any save that changes them bumps the version.
            [story.uid for story in chunk],
            [story.version for story in chunk],
            shared,
        )
        yield Page(
            path, inputs, functools.partial(listing_page, site, path, listing, chunk), listing
        )


def feed_page(site: SiteData) -> bytes:
    """The Atom feed of the newest `FEED_SIZE` stories (`site.stories` newest first)."""
    s = site.settings
    base = s.base_url
    items = site.stories[:FEED_SIZE]
    return (
        environment()
        .get_template("feed.xml")
        .render(
            site_name=s.site_name,
            base=base,
            lang=language(s.locale),
            updated=iso(max((x.updated_at for x in items), default=site.now)),
            entries=[
                {
                    "headline": x.headline,
                    "url": f"{base}{x.path}" if base else x.path,
                    "id": f"urn:uuid:{x.uid}",
                    "published": iso(x.published_at),
                    "updated": iso(modified(x)),
                    "summary": x.standfirst,
                    "author": x.byline,
                }
                for x in items
            ],
        )
        .encode()
    )


def feed_inputs(site: SiteData) -> Any:
    return ("feed", asdict(site.settings), [(x.uid, x.version) for x in site.stories[:FEED_SIZE]])


def lastmod(site: SiteData, story: StoryItem) -> str:
    """The day a story last changed, as the sitemap gives it."""
    return modified(story).astimezone(site.tz).date().isoformat()


SITEMAP_URLS = 1000
"""URLs per sitemap file. The protocol allows 50,000; small files let an export after
one edit rewrite one of them. A site with more is a sitemap index (`sitemap.xml`)
of `sitemap/<n>.xml`."""


def sitemap_part_path(n: int) -> str:
    return f"sitemap/{n}.xml"


def sitemap_urls(site: SiteData, entries: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The sitemap's URLs: the front page, then story pages `entries` ((path, lastmod),
    sorted by path)."""
    base = site.settings.base_url
    urls: list[dict[str, Any]] = [
        {"loc": f"{base}{front_path()}" if base else front_path(), "lastmod": None}
    ]
    urls += [{"loc": f"{base}{path}" if base else path, "lastmod": day} for path, day in entries]
    return urls


def sitemap_page(urls: list[dict[str, Any]]) -> bytes:
    return environment().get_template("sitemap.xml").render(urls=urls).encode()


def sitemap_index(site: SiteData, parts: int) -> bytes:
    base = site.settings.base_url
    locs = [
        f"{base}{sitemap_part_path(n)}" if base else sitemap_part_path(n)
        for n in range(1, parts + 1)
    ]
    return environment().get_template("sitemap-index.xml").render(sitemaps=locs).encode()


def sitemap_pages(site: SiteData, entries: list[tuple[str, str]]) -> Iterator[Page]:
    """`sitemap.xml`, one file or an index of parts of `SITEMAP_URLS` URLs each."""
    urls = sitemap_urls(site, entries)
    base = site.settings.base_url
    if len(urls) <= SITEMAP_URLS:
        yield Page(SITEMAP_PATH, ("sitemap", base, urls), functools.partial(sitemap_page, urls))
        return
    parts = -(-len(urls) // SITEMAP_URLS)
    yield Page(
        SITEMAP_PATH, ("sitemap-index", base, parts), functools.partial(sitemap_index, site, parts)
    )
    for n in range(1, parts + 1):
        part = urls[(n - 1) * SITEMAP_URLS : n * SITEMAP_URLS]
        yield Page(
            sitemap_part_path(n), ("sitemap", base, part), functools.partial(sitemap_page, part)
        )


def other_pages(site: SiteData, stamp: str) -> Iterator[Page]:
    """Every page but the story pages, with its inputs and a renderer."""
    s = site.settings
    shared = shared_inputs(site)
    everything = list(range(len(site.stories)))
    yield from _paginated(
        site, everything, front_path, s.site_name, "Latest news", PER_PAGE, shared=shared
    )
    by_section: dict[int, list[int]] = defaultdict(list)
    by_entity: dict[int, list[int]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, story in enumerate(site.stories):
        if story.section_id in site.sections:
            by_section[story.section_id].append(i)
        for e in story.entity_ids:
            by_entity[e].append(i)
        local = story.published_at.astimezone(site.tz)
        by_month[(local.year, local.month)].append(i)
    for section in sorted(site.sections.values(), key=lambda x: x.slug):
        yield from _paginated(
            site,
            by_section.get(section.id, []),
            functools.partial(section_path, section.slug),
            f"{section.name} — {s.site_name}",
            section.name,
            PER_PAGE,
            shared=shared,
        )
    for entity in sorted(site.entities.values(), key=lambda x: x.slug):
        yield from _paginated(
            site,
            by_entity.get(entity.id, []),
            functools.partial(entity_path, entity.slug),
            f"{entity.name} — {s.site_name}",
            entity.name,
            50,
            extra={
                "kind": KINDS.get(entity.kind, (entity.kind,))[0],
                "description": entity.description,
            },
            shared=shared,
        )
    for old, entity_id in sorted(site.entity_redirects.items()):
        entity = site.entities[entity_id]
        yield _moved(site, entity_path(old), entity.path, entity.name)
    months = sorted(by_month, reverse=True)

    def month_name(year: int, month: int) -> str:
        return format_date(date(year, month, 1), "LLLL y", locale=s.locale)

    for year, month in months:
        yield from _paginated(
            site,
            by_month[(year, month)],
            functools.partial(month_path, year, month),
            f"{month_name(year, month)} — {s.site_name}",
            month_name(year, month),
            100,
            shared=shared,
        )
    archive_rows = [(month_name(y, m), month_path(y, m), len(by_month[(y, m)])) for y, m in months]
    day = site.now.astimezone(site.tz).date().isoformat()

    def archive() -> bytes:
        path = ARCHIVE_PATH
        return (
            environment()
            .get_template("archive.html")
            .render(
                **common(site, path, site.now),
                title=f"Archive — {s.site_name}",
                description=f"Every story published on {s.site_name}, by month",
                canonical=absolute(site, path),
                months=[{"name": n, "href": rel(path, p), "count": c} for n, p, c in archive_rows],
            )
            .encode()
        )

    yield Page(ARCHIVE_PATH, ("archive", day, archive_rows, shared), archive)  # menu too
    yield Page(FEED_PATH, feed_inputs(site), functools.partial(feed_page, site))
    yield from sitemap_pages(site, sorted((x.path, lastmod(site, x)) for x in site.stories))
    robots = "User-agent: *\nAllow: /\n" + (
        f"Sitemap: {s.base_url}{SITEMAP_PATH}\n" if s.base_url else ""
    )
    yield Page(ROBOTS_PATH, ("robots", robots), functools.partial(bytes, robots.encode()))
    static = resources_dir() / STATIC_FOLDER
    for file in sorted(p for p in static.rglob("*") if p.is_file()):
        relpath = f"{STATIC_FOLDER}/{file.relative_to(static).as_posix()}"
        data = file.read_bytes()
        yield Page(relpath, ("static", stamp, relpath), functools.partial(bytes, data))
