"""What a reader makes of one file: a story in plain values, before it meets a database.

Readers (front matter, HTML page, text page, Newsroom export) are pure: bytes in,
`ParsedStory` out, no SQL. The service then matches duplicates, resolves More-news
lines and writes. A body is kept as a list of parts, Markdown blocks and `MoreNewsRef`
lines, because a More-news line can only become a token once the import knows the
uid of the story it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class MoreNewsRef:
    """A "More news: <headline>" line: a link to another story, by headline and/or address.

    `href` is resolved to an absolute file path (for a link between saved pages) or
    kept as a URL; either may be empty.
    """

    headline: str
    href: str = ""


@dataclass(frozen=True)
class ImageRef:
    """A picture a story shows, as a file beside the page (resolved to an absolute
    path) with its text. The writer adds the file to the media library; a body image
    stands in the body as `image_mark(n)` (n: its place in `ParsedStory.images`) until
    then. One the writer cannot add is left out with a warning."""

    file: Path
    alt: str = ""
    caption: str = ""
    credit: str = ""


def image_mark(n: int) -> str:
    """What stands for body image `n` until the writer knows its library id: an HTML
    comment, so a mark left behind shows nothing."""
    return f"<!-- newsroom-image {n} -->"


@dataclass(frozen=True)
class EntityRef:
    """A tag as the file gives it: a name, and the kind and slug when the file says."""

    name: str
    kind: str | None = None
    slug: str | None = None


@dataclass(frozen=True)
class SectionRef:
    name: str
    slug: str | None = None


BodyPart = str | MoreNewsRef


@dataclass
class ParsedStory:
    """One story read from one file. Dates are aware (UTC) or None."""

    path: Path
    format: str  # "markdown", "html", "text" or "newsroom"
    headline: str
    body: list[BodyPart] = field(default_factory=list)
    slug: str | None = None
    standfirst: str = ""
    byline: str = ""
    dateline: str = ""
    section: SectionRef | None = None
    status: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    entities: list[EntityRef] = field(default_factory=list)
    uid: str | None = None
    url: str | None = None  # the canonical address the story had where it came from
    warnings: list[str] = field(default_factory=list)
    lead_image: ImageRef | None = None
    images: list[ImageRef] = field(default_factory=list)  # body images, see `image_mark`


@dataclass
class SiteInfo:
    """What a Newsroom export says about its site beyond the stories, gathered from every
    page read: settings, sections, entity descriptions, uids from the feed.

    Keys that are addresses are absolute file paths (str) of the exported pages or
    canonical URLs, so pages read from anywhere in the folder agree.
    """

    site_name: str | None = None
    base_url: str | None = None
    locale: str | None = None
    sections: dict[str, SectionRef] = field(default_factory=dict)  # slug -> section
    # "kind:name" -> (kind, description), from the entity pages
    entity_pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    feed_uids: dict[str, str] = field(default_factory=dict)  # URL or path -> uid
    # (UTC instant, the local date the site showed for it): evidence of its time zone
    local_dates: list[tuple[datetime, str]] = field(default_factory=list)
    pages: int = 0  # Newsroom pages seen (stories and listings)
    # old entity slug -> the slug its redirect page leads to (a renamed entity's page)
    moved_entities: dict[str, str] = field(default_factory=dict)

    def merge(self, later: SiteInfo) -> None:
        """Take in what pages read after this one's said (`readall`: a worker's run of
        files), as if one reader had read them all in order: a first value found stays,
        a section keeps its first name, a later description or uid wins."""
        self.site_name = self.site_name if self.site_name is not None else later.site_name
        self.base_url = self.base_url if self.base_url is not None else later.base_url
        self.locale = self.locale if self.locale is not None else later.locale
        for slug, section in later.sections.items():
            self.sections.setdefault(slug, section)
        self.entity_pages.update(later.entity_pages)
        self.feed_uids.update(later.feed_uids)
        self.local_dates += later.local_dates
        self.pages += later.pages
        self.moved_entities.update(later.moved_entities)
