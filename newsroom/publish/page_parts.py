"""What the pages of the site share: relative links, dates, a story's summary, and the
parts that are the same on many pages, rendered once and reused.

A full export writes ten thousand story pages. The section menu, the footer and a
story page's "Latest news" list depend only on the folder of the page (links are
relative) and the site, so every story page of one month's folder shares them: they
are rendered once per folder (kept on the `SiteData`, which is a snapshot) and put
into each page as Markup. That spares a story page half of the values its template
would otherwise write, each one checked and escaped (`templating`).

A story is also an item on several listings (the front pages, its section's, its
month's, each of its entities'), and the listings of a site sit at two depths, so most
items' links are the same on several pages: a listing item is rendered once per story
and link (`listing_item`), and a few thousand of them are kept.
"""

from __future__ import annotations

import functools
import posixpath
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from newsroom.publish.site import (
    ARCHIVE_PATH,
    CSS_PATH,
    FEED_PATH,
    LATEST_ON_STORY,
    SiteData,
    StoryItem,
    front_path,
)
from newsroom.publish.templating import (
    environment,
    full_date,
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
    """What the layout of every page writes: the head's links, the masthead (dated
    `masthead`), the section menu and the footer (both rendered once per folder)."""
    s = site.settings
    return {
        "site_name": s.site_name,
        "lang": language(s.locale),
        "dir": text_direction(s.locale),
        "css": rel(path, CSS_PATH),
        "home": rel(path, front_path()),
        "feed_href": rel(path, FEED_PATH),
        "masthead_date": full_date(masthead, site.tz, s.locale),
        "masthead_iso": masthead.astimezone(site.tz).date().isoformat(),
        "menu": _shared(site, "menu", path, -1),
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
"""Listing items kept per process (about 0.5 KB each): all of a 10,000-story site's
at both depths; a bigger site's are rendered again, in bounded memory."""


def listing_item(site: SiteData, story: StoryItem, path: str) -> Markup:
    """Story `story` as an item of listing page `path` (the `item` macro)."""
    item = summary(site, story, path)
    key = (story.path, item["href"])
    made = site.items.get(key)
    if made is None:
        if len(site.items) >= ITEMS_KEPT:
            del site.items[next(iter(site.items))]  # the oldest
        macro = environment().get_template("parts.html").module.item  # type: ignore[attr-defined]
        made = site.items[key] = Markup(macro(item))
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


def _shared(site: SiteData, part: str, path: str, index: int) -> Markup:
    """Macro `part` of `parts.html` for the pages of `path`'s folder (and story `index`,
    for the latest news), rendered the first time a page of that folder asks."""
    folder = path.rpartition("/")[0]
    key = (part, folder, index)
    made = site.parts.get(key)
    if made is None:
        made = site.parts[key] = _render(site, part, path, index)
    return made


def _render(site: SiteData, part: str, path: str, index: int) -> Markup:
    macro = getattr(environment().get_template("parts.html").module, part)
    if part == "menu":
        sections = [{"name": s.name, "href": rel(path, s.path)} for s in site.sections.values()]
        return Markup(macro(sections, rel(path, ARCHIVE_PATH)))
    if part == "footer":
        home, archive, feed = (rel(path, p) for p in (front_path(), ARCHIVE_PATH, FEED_PATH))
        return Markup(macro(home, site.settings.site_name, archive, feed))
    items = [summary(site, x, path) for x in latest_other(site, index)]
    return Markup(macro(items)) if items else Markup()  # (none: a one-story site; no box)
