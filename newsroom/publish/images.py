"""Pictures on the exported site: which images the site shows, their files, and the
HTML that shows them.

- Each image the site shows (a live story's lead image, or one its body shows) is
  written once per size, whatever the number of pages showing it, at WIDTHS (never
  upscaled: a 700-pixel image is served at 480 and 700) in WebP and JPEG. File names
  are content-addressed (`media/ab/<hash of the original>-960.webp`): a replaced file
  gets new names, so no browser or CDN serves the old picture under them.
- Resized bytes are cached (`cache_folder()`, the user cache folder), keyed like the
  names: an image is resized only when new or changed; one new image resizes only
  itself. A file already in the previous site under its name is carried over (hard
  link) without being read.
- An image no exported page shows any more is not written: the swap removes it.
- `figure()` is the one piece of HTML that shows a picture, for the lead image, the
  body's images and the editor's preview: `<figure><picture><source srcset sizes>
  <img width height alt loading=lazy></picture><figcaption>caption <span
  class="credit">`. The lead image is not lazy (it is above the fold).
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core.db import Database
from newsroom.core.images import RENDITION_VERSION, output_widths, renditions, scaled_height
from newsroom.core.models import ArticleLeadImage, ArticleMedia, MediaImage
from newsroom.paths import cache_dir
from newsroom.text.media_refs import MediaRef

WIDTHS = (480, 960, 1600)
FORMATS = (("webp", "image/webp"), ("jpg", "image/jpeg"))  # <source> first, <img> last
SIZES = "(max-width: 48rem) 100vw, 44rem"
"""How wide a picture is shown (the story column of style.css), for the browser's pick."""
DEFAULT_WIDTH = 960  # the <img src> of a browser that reads no srcset
SOCIAL_WIDTH = 1600  # og:image and JSON-LD: the largest size


@dataclass(frozen=True)
class ImageItem:
    """A library image as the site shows it (no bytes)."""

    id: int
    sha256: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str

    @property
    def widths(self) -> tuple[int, ...]:
        return output_widths(self.width, WIDTHS)

    def height_at(self, width: int) -> int:
        return scaled_height(self.width, self.height, width)

    def inputs(self) -> tuple[Any, ...]:
        """What its HTML and files are made of, for page fingerprints."""
        return (self.id, self.sha256, self.width, self.height, self.alt, self.caption,
                self.credit)  # fmt: skip


@dataclass
class SiteImages:
    """The images of the live stories, gathered with them."""

    items: dict[int, ImageItem]  # only images some live story shows
    lead: dict[int, int]  # story id -> media id
    shown: dict[int, tuple[int, ...]]  # story id -> media ids its body shows (saved refs)

    @staticmethod
    def none() -> SiteImages:
        return SiteImages({}, {}, {})

    def of_story(self, story_id: int) -> tuple[Any, ...]:
        """Fingerprint part: a page changes when its images or their text change."""
        lead = self.items.get(self.lead.get(story_id, 0))
        return (
            lead.inputs() if lead else None,
            [
                self.items[m].inputs() if m in self.items else m
                for m in self.shown.get(story_id, ())
            ],
        )


def file_path(sha256: str, width: int, ext: str) -> str:
    """Where one size of an image lives on the site (content-addressed)."""
    key = sha256[:24] if RENDITION_VERSION == "1" else f"{sha256[:24]}-r{RENDITION_VERSION}"
    return f"media/{sha256[:2]}/{key}-{width}.{ext}"


def items_of(session: Session, media_ids: Iterable[int]) -> dict[int, ImageItem]:
    """The library images `media_ids` (those that exist) as the site shows them."""
    wanted = set(media_ids)
    if not wanted:
        return {}
    return {
        row.id: ImageItem(*row)
        for row in session.execute(
            select(
                MediaImage.id, MediaImage.sha256, MediaImage.width, MediaImage.height,
                MediaImage.alt, MediaImage.caption, MediaImage.credit,
            ).where(MediaImage.id.in_(wanted))
        )
    }  # fmt: skip


def ensure_cached(session: Session, items: Iterable[ImageItem], cache: Path) -> None:
    """Make the cached files of `items` that are missing (for the preview: the next
    export finds them made)."""
    for item in items:
        wanted = [(w, ext) for _item, w, ext in _wanted([item])]
        if all(_cache_file(cache, item.sha256, w, ext).is_file() for w, ext in wanted):
            continue
        data = session.scalar(select(MediaImage.data).where(MediaImage.id == item.id))
        if data is None:
            continue
        for (width, ext), made in renditions(bytes(data), item.widths).items():
            _store_cache(_cache_file(cache, item.sha256, width, ext), made)


def gather_images(session: Session, story_ids: Iterable[int]) -> SiteImages:
    """The lead and body images of the stories `story_ids` (the live ones)."""
    live = set(story_ids)
    lead = {
        a: m
        for a, m in session.execute(select(ArticleLeadImage.article_id, ArticleLeadImage.media_id))
        if a in live
    }
    shown: dict[int, list[int]] = defaultdict(list)
    for a, m in session.execute(
        select(ArticleMedia.article_id, ArticleMedia.media_id).order_by(
            ArticleMedia.article_id, ArticleMedia.media_id
        )
    ):
        if a in live:
            shown[a].append(m)
    used = set(lead.values()) | {m for ids in shown.values() for m in ids}
    items: dict[int, ImageItem] = {}
    if used:
        for row in session.execute(
            select(
                MediaImage.id, MediaImage.sha256, MediaImage.width, MediaImage.height,
                MediaImage.alt, MediaImage.caption, MediaImage.credit,
            )
        ):  # fmt: skip
            if row.id in used:
                items[row.id] = ImageItem(*row)
    return SiteImages(items, lead, {a: tuple(ids) for a, ids in shown.items()})


# --- HTML ---------------------------------------------------------------------------


def _srcset(item: ImageItem, ext: str, link: Callable[[str], str]) -> str:
    return ", ".join(f"{link(file_path(item.sha256, w, ext))} {w}w" for w in item.widths)


def figure(
    item: ImageItem,
    link: Callable[[str], str],
    *,
    alt: str = "",
    caption: str = "",
    lead: bool = False,
) -> str:
    """The HTML showing `item`; `link(site path)` gives the href from the page. `alt`
    and `caption` (a body reference's own) win over the library's when not empty."""
    alt = alt or item.alt
    caption = caption or item.caption
    widths = item.widths
    default = max((w for w in widths if w <= DEFAULT_WIDTH), default=widths[0])
    largest = widths[-1]
    sources = "".join(
        f'<source type="{mime}" srcset="{escape(_srcset(item, ext, link))}" sizes="{SIZES}">'
        for ext, mime in FORMATS[:-1]
    )
    ext = FORMATS[-1][0]
    loading = ' fetchpriority="high"' if lead else ' loading="lazy"'
    img = (
        f'<img src="{escape(link(file_path(item.sha256, default, ext)))}" '
        f'srcset="{escape(_srcset(item, ext, link))}" sizes="{SIZES}" '
        f'width="{largest}" height="{item.height_at(largest)}" alt="{escape(alt)}"'
        f'{loading} decoding="async">'
    )
    text = []
    if caption:
        text.append(str(escape(caption)))
    if item.credit:
        text.append(f'<span class="credit">{escape(item.credit)}</span>')
    figcaption = f"<figcaption>{' '.join(text)}</figcaption>" if text else ""
    kind = "image lead" if lead else "image"
    return f'<figure class="{kind}"><picture>{sources}{img}</picture>{figcaption}</figure>'


def body_renderer(
    images: SiteImages, link: Callable[[str], str]
) -> Callable[[MediaRef], str | None]:
    """What `render_body(images=...)` takes on an exported page."""

    def render(ref: MediaRef) -> str | None:
        item = images.items.get(ref.media_id)
        return figure(item, link, alt=ref.alt, caption=ref.caption) if item else None

    return render


def social(item: ImageItem, absolute: Callable[[str], str]) -> dict[str, Any]:
    """og:image and JSON-LD `image` of a page whose lead image is `item`."""
    width = max(w for w in item.widths if w <= SOCIAL_WIDTH)
    url = absolute(file_path(item.sha256, width, "jpg"))
    return {
        "url": url,
        "width": width,
        "height": item.height_at(width),
        "alt": item.alt,
        "jsonld": {
            "@type": "ImageObject",
            "url": url,
            "contentUrl": url,
            "width": width,
            "height": item.height_at(width),
            **({"caption": item.caption} if item.caption else {}),
            **({"creditText": item.credit} if item.credit else {}),
        },
    }


# --- files --------------------------------------------------------------------------


def cache_folder() -> Path:
    """Where resized images are kept between exports (the user cache folder)."""
    return cache_dir() / "renditions"


def cached_file(cache: Path, site_path: str) -> Path:
    """Where the cache keeps the file the site has at `site_path` (`file_path`)."""
    return cache / f"v{RENDITION_VERSION}" / site_path


def _cache_file(cache: Path, sha256: str, width: int, ext: str) -> Path:
    return cached_file(cache, file_path(sha256, width, ext))


@dataclass
class ImageStats:
    images: int = 0  # images the site shows
    files: int = 0  # their files
    resized: int = 0  # images resized by this export (not in the cache)
    from_cache: int = 0  # files taken from the cache
    carried: int = 0  # files carried over from the previous site
    paths: list[str] = field(default_factory=list)  # every file written or carried


def _wanted(items: Iterable[ImageItem]) -> Iterator[tuple[ImageItem, int, str]]:
    for item in items:
        for width in item.widths:
            for ext, _mime in FORMATS:
                yield item, width, ext


def _count(writer: Any, written: bool) -> None:
    if written:
        writer.written += 1
    else:
        writer.unchanged += 1


def _store_cache(path: Path, data: bytes) -> None:
    """Write a cache file whole. The temporary name is unique to the process *and* the
    thread: the window's preview renders may make the same rendition at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _resize(job: tuple[bytes, tuple[int, ...]]) -> dict[tuple[int, str], bytes]:
    data, widths = job
    return renditions(data, widths)


def write_images(
    db: Database,
    images: SiteImages,
    writer: Any,
    *,
    cache: Path | None = None,
    pool: Callable[[Callable[[Any], Any], list[Any]], Iterable[Any]] | None = None,
    after: Callable[[int, int], None] = lambda done, total: None,
) -> ImageStats:
    """Write every file of the images the site shows through `writer`.

    A file the previous site has is carried over; one the cache has is copied from it;
    the images with neither are read from the database and resized, through `pool`
    (a `map`, e.g. a process pool's) when one is given. `after(done, total)` reports
    images done."""
    cache = cache or cache_folder()
    stats = ImageStats(images=len(images.items))
    todo: list[ImageItem] = []
    items = sorted(images.items.values(), key=lambda x: x.id)
    done = 0
    for item in items:
        missing = False
        for _item, width, ext in _wanted([item]):
            path = file_path(item.sha256, width, ext)
            stats.files += 1
            stats.paths.append(path)
            if writer.carry_over(path):
                stats.carried += 1
                continue
            cached = _cache_file(cache, item.sha256, width, ext)
            try:
                data = cached.read_bytes()
            except FileNotFoundError:
                missing = True
                continue
            _count(writer, writer.write(path, data))
            stats.from_cache += 1
        if missing:
            todo.append(item)
        else:
            done += 1
    after(done, len(items))
    mapper = pool or (lambda f, jobs: map(f, jobs))
    for start in range(0, len(todo), 64):
        chunk = todo[start : start + 64]
        with db.reading() as session:
            originals = dict(
                session.execute(
                    select(MediaImage.sha256, MediaImage.data).where(
                        MediaImage.sha256.in_([x.sha256 for x in chunk])
                    )
                ).all()
            )
        chunk = [x for x in chunk if x.sha256 in originals]  # (replaced meanwhile: next time)
        jobs = [(bytes(originals[x.sha256]), x.widths) for x in chunk]
        for item, made in zip(chunk, mapper(_resize, jobs), strict=True):
            stats.resized += 1
            for (width, ext), data in made.items():
                _store_cache(_cache_file(cache, item.sha256, width, ext), data)
                path = file_path(item.sha256, width, ext)
                if path not in writer.names:  # not carried over above
                    _count(writer, writer.write(path, data))
            done += 1
        after(done, len(items))
    return stats
