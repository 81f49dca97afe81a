"""Pictures named by Markdown files: `![alt](relative/path.jpg "caption")` in the body
and the front matter's lead image (Hugo `images`, Pelican and Jekyll `image`, also
`featured_image` and `cover`). Pure: it finds the files and leaves marks
(`model.image_mark`); the writer adds the files to the media library
(`importing.pictures`).

A path is looked up beside the Markdown file; one starting with `/` (a site-root path,
as Hugo's `static/` and Jekyll's root give them) in each folder above the file and in
its `static/` folder. Web addresses (`https:`), `data:` and `media:` references are
left as they are; a file that is not found is left as written, with a warning.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newsroom.importing.model import ImageRef, ParsedStory, image_mark

_MD_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\]\\\n]|\\.)*)\]"
    r"\((?P<src><[^>\n]+>|[^)\s]+)(?:[ \t]+\"(?P<title>(?:[^\"\\\n]|\\.)*)\")?[ \t]*\)"
)
_LEAD_KEYS = ("images", "image", "featured_image", "cover")


def find_file(markdown_file: Path, src: str) -> Path | None:
    """The local file `src` (as a Markdown image or front matter names it) means, or
    None (a web address, or no such file)."""
    src = src.strip().removeprefix("<").removesuffix(">")
    if not src or src.startswith("//") or urlsplit(src).scheme:
        return None
    relative = unquote(urlsplit(src).path)
    if not relative:
        return None
    if relative.startswith("/"):
        inside = relative.lstrip("/")
        for folder in markdown_file.parents:
            for candidate in (folder / inside, folder / "static" / inside):
                if candidate.is_file():
                    return candidate
        return None
    candidate = markdown_file.parent / relative
    return candidate if candidate.is_file() else None


def mark_body_images(path: Path, body: str, story: ParsedStory) -> str:
    """`body` with each local image replaced by a mark (and added to `story.images`)."""

    def swap(match: re.Match[str]) -> str:
        src = match.group("src")
        file = find_file(path, src)
        if file is None:
            if not urlsplit(src.strip("<>")).scheme and not src.startswith("//"):
                story.warnings.append(f"picture {src} not found; left as written")
            return match.group()
        alt = re.sub(r"\\(.)", r"\1", match.group("alt"))
        caption = re.sub(r"\\(.)", r"\1", match.group("title") or "")
        story.images.append(ImageRef(file, alt, caption))
        return f"\n\n{image_mark(len(story.images) - 1)}\n\n"

    return _MD_IMAGE.sub(swap, body) if "![" in body else body


def lead_from_front_matter(path: Path, meta: dict[str, Any], story: ParsedStory) -> None:
    """The front matter's lead image, if it names a local file."""
    value: Any = next((meta[k] for k in _LEAD_KEYS if meta.get(k)), None)
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = next((value[k] for k in ("path", "src", "feature", "url") if value.get(k)), None)
    if not isinstance(value, str):
        return
    file = find_file(path, value)
    if file is None:
        if not urlsplit(value).scheme:
            story.warnings.append(f"lead picture {value} not found; left out")
        return

    def text(*keys: str) -> str:
        found = next((meta[k] for k in keys if isinstance(meta.get(k), str)), "")
        return " ".join(str(found).split())

    story.lead_image = ImageRef(
        file,
        alt=text("image_alt", "alt"),
        caption=text("image_caption", "caption"),
        credit=text("image_credit", "credit"),
    )
