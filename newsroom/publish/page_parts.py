"""What the pages of the site share: relative links, dates, a story's summary, and the
parts that are the same on many pages, rendered once and reused.

A full export writes ten thousand story pages. The section menu, the footer and a
story page's "Latest news" list depend only on the folder of the page (links are
relative) and the site, so every story page of one month's folder shares them: they
are rendered once per folder (kept on the `SiteData`, which is a snapshot) and put
into each page as Markup. That spares a story page half of the values its template
would otherwise write, each one checked and escaped (`templating`).

A story is also an item on several listings (the front pages, its section's, its
month's, each of its entities'), and the listings of a site sit at three depths, so
most items' links are the same on several pages: a listing item is rendered once per
story and link (`listing_item`), as is an entity in the "In this story" list of a story
page (`entity_item`); the newest `ITEMS_KEPT` are kept.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from markupsafe import Markup

from newsroom.publish.site import (
    ARCHIVE_PATH,
    CSS_PATH,
    FEED_PATH,
    LATEST_ON_STORY,
    EntityItem,
    SiteData,
    StoryItem,
    front_path,
)
from newsroom.publish.templating import (
    environment,
    full_day,
    language,
    long_date,
    text_direction,
)


@functools.lru_cache(maxsize=65536)
def _rel(from_dir: str, to_path: str) -> str:
    """`posixpath.relpath(to_path, from_dir or ".")` for the site's own paths (relative,
    normal: no "..", "." or "//"), without its calls to `os.getcwd`: a link is made
    for every item of every page."""
    here = from_dir.split("/") if from_dir else []
    there = to_path.split("/")
    common = len(posixpath.commonprefix([here, there]))
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def rel(from_path: str, to_path: str) -> str:
    """The relative link from page `from_path` to `to_path` (both site-relative)."""
    from_dir = from_path.rpartition("/")[0]
    if not from_dir:
        return to_path or "."
    first, up = _climb(from_dir)
    if to_path.partition("/")[0] != first:  # nothing in common: up to the top, then down
        return up + to_path
    return _rel(from_dir, to_path)


@functools.lru_cache(maxsize=4096)
def _climb(from_dir: str) -> tuple[str, str]:
    """A folder's first name, and the way up from it to the top of the site: most links
    (a listing's to its stories, a story's to the sections) share no folder with
    their page, and ten thousand stories' links would not fit `_rel`'s cache."""
    return from_dir.partition("/")[0], "../" * (from_dir.count("/") + 1)


def absolute(site: SiteData, path: str) -> str | None:
    base = site.settings.base_url
    return f"{base}{path}" if base else None


@functools.lru_cache(maxsize=65536)  # every listing a story is on writes its date
def iso(value: datetime) -> str:
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def modified(story: StoryItem) -> datetime:
    return max(story.updated_at, story.published_at)


def common(site: SiteData, path: str, masthead: datetime) -> dict[str, Any]:
    """What the layout of every page writes: the language, the head's links, the
    masthead (dated `masthead`, with the section menu) and the footer; all but the
    language are rendered once per folder (and day)."""
    s = site.settings
    day = masthead.astimezone(site.tz).date()
    return {
        "lang": language(s.locale),
        "dir": text_direction(s.locale),
        "home": rel(path, front_path()),
        "head_links": _shared(site, "head_links", path, -1),
        "masthead": _shared(site, "masthead", path, day.toordinal()),
        "footer": _shared(site, "footer", path, -1),
    }


def summary(site: SiteData, story: StoryItem, path: str) -> dict[str, Any]:
    """A story as a list on page `path` shows it."""
    return {
        "headline": story.headline,
        "href": rel(path, story.path),
        "standfirst": story.standfirst,
        "date": long_date(story.published_at, site.tz, site.settings.locale),
        "iso": iso(story.published_at),
    }


ITEMS_KEPT = 20_000
"""Items kept per process (about 0.5 KB each, 10 MB in all). Listings sit at three
depths (the front page; `page/`, `archive/` and an entity's first page; a section's
pages and an entity's further pages), so a story has two or three items: a 10,000-story
site's mostly fit; a bigger site's are rendered again as they fall out, in bounded
memory."""


def listing_item(site: SiteData, story: StoryItem, path: str) -> Markup:
    """Story `story` as an item of listing page `path` (the `item` macro)."""
    return _item(site, "item", story.path, path, lambda _href: summary(site, story, path))


def entity_item(site: SiteData, entity: EntityItem, path: str) -> Markup:
    """Entity `entity` in the "In this story" list of story page `path`."""
    return _item(
        site,
        "entity",
        entity.path,
        path,
        lambda href: {"name": entity.name, "kind": entity.kind, "href": href},
    )


def _item(
    site: SiteData,
    macro: str,
    to_path: str,
    path: str,
    values: Callable[[str], dict[str, Any]],
) -> Markup:
    """Macro `macro` of `parts.html` for the thing at `to_path` linked from page
    `path`: the same wherever the link is the same, so rendered once per link."""
    href = rel(path, to_path)
    key = (macro, to_path, href)
    made = site.items.get(key)
    if made is None:
        if len(site.items) >= ITEMS_KEPT:
            site.items.popitem(last=False)  # the oldest
        render = getattr(environment().get_template("parts.html").module, macro)
        made = site.items[key] = Markup(render(values(href)))
    return made


def latest_other(site: SiteData, index: int) -> list[StoryItem]:
    """The newest stories on the site but story `index` itself: every story page has a
    "Latest news" list, the oldest story's too."""
    newest = site.stories[: LATEST_ON_STORY + 1]
    return [s for i, s in enumerate(newest) if i != index][:LATEST_ON_STORY]


def latest_aside(site: SiteData, index: int, path: str) -> Markup:
    """Story `index`'s "Latest news" aside (on page `path`): the same for every story
    in its folder but the newest few, which leave themselves out."""
    return _shared(site, "latest", path, index if index <= LATEST_ON_STORY else -1)


def _shared(site: SiteData, part: str, path: str, variant: int) -> Markup:
    """Macro `part` of `parts.html` for the pages of `path`'s folder, rendered the first
    time a page of that folder asks. `variant`: the story that leaves itself out of
    the latest news, the masthead's day (an ordinal), or -1."""
    folder = path.rpartition("/")[0]
    key = (part, folder, variant)
    made = site.parts.get(key)
    if made is None:
        made = site.parts[key] = _render(site, part, path, variant)
    return made


def _render(site: SiteData, part: str, path: str, variant: int) -> Markup:
    macro = getattr(environment().get_template("parts.html").module, part)
    s = site.settings
    if part == "head_links":
        return Markup(macro(rel(path, CSS_PATH), s.site_name, rel(path, FEED_PATH)))
    if part == "masthead":
        day = date.fromordinal(variant)
        menu = _shared(site, "menu", path, -1)
        return Markup(macro(rel(path, front_path()), s.site_name, day.isoformat(),
                            full_day(day, s.locale), menu))  # fmt: skip
    if part == "menu":
        sections = [{"name": x.name, "href": rel(path, x.path)} for x in site.sections.values()]
        return Markup(macro(sections, rel(path, ARCHIVE_PATH)))
    if part == "footer":
        home, archive, feed = (rel(path, p) for p in (front_path(), ARCHIVE_PATH, FEED_PATH))
        return Markup(macro(home, s.site_name, archive, feed))
    assert part == "latest", part
    items = [summary(site, x, path) for x in latest_other(site, variant)]
    return Markup(macro(items)) if items else Markup()  # (none: a one-story site; no box)
