"""Pictures of a news page saved by a browser ("Save page, complete": `page.html` and
its `page_files/` folder): the page's lead image (its `og:image`, else its
`twitter:image`) and the pictures of the article become the story's lead image and
body images, with their alt text, caption and credit. Pure: it finds the files and
leaves marks (`model.image_mark`); the writer adds them to the media library
(`importing.pictures`), as for Markdown (`image_refs`).

Where each file is: a browser rewrites an `<img>`'s address to the saved copy
(`page_files/photo.jpg`) but leaves `og:image` as the web address, so the lead image is
found by its file name in the `_files` folder. Only files inside the page's folder are
read. A picture the page shows from the web (not saved with it) is left out; when the
page was saved with a `_files` folder, a warning counts them.

Which pictures are the article's: those inside its `itemprop="articleBody"`, else its
`<article>`, `<main>` or `<body>`, leaving out page furniture (header, nav, aside,
footer) and small images (icons, logos, trackers). Each stands in the body after the
paragraph it follows on the page (matched by its first words); the lead image is not
repeated in the body.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeAlias
from urllib.parse import unquote, urlsplit

from lxml import html

from newsroom.importing.model import ImageRef, ParsedStory, image_mark

Element: TypeAlias = html.HtmlElement

SMALL = 100  # pixels: a picture declared narrower or lower is furniture (an icon)
_FURNITURE = {"header", "nav", "aside", "footer", "form"}
_TEXT_TAGS = {"p", "h2", "h3", "h4", "li", "blockquote"}
_CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer|byline|author", re.I)
_WORD = re.compile(r"\w+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_FIRST_WORDS = 6


def files_folder(page: Path) -> Path:
    """Where a browser saves a page's pictures and scripts: `<page name>_files`."""
    return page.with_name(f"{page.stem}_files")


def is_files_folder(folder: Path) -> bool:
    """`folder` is a saved page's `_files` folder (its page is beside it): the
    importer reads no stories from it."""
    stem = folder.name.removesuffix("_files")
    if stem == folder.name or not stem:
        return False
    return any((folder.parent / f"{stem}{ext}").is_file() for ext in (".html", ".htm"))


def _inside(file: Path, folder: Path) -> bool:
    try:
        file.resolve().relative_to(folder.resolve())
    except (OSError, ValueError):
        return False
    return True


def _path(url: str) -> str | None:
    """The path of a relative address (None: a web address, or no readable address)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. a broken IPv6 host
        return None
    if parts.scheme or parts.netloc or url.strip().startswith("//"):
        return None
    return unquote(parts.path) or None


def _file(candidate: Path, folder: Path) -> Path | None:
    try:
        found = candidate.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte
        return None
    return candidate if found and _inside(candidate, folder) else None


def _local(page: Path, src: str) -> Path | None:
    """The saved file an `<img src>` (relative to the page) names, if it is one."""
    path = _path(src)
    return _file(page.parent / path, page.parent) if path else None


def _by_name(page: Path, url: str) -> Path | None:
    """A web address's file as the browser saved it, in the page's `_files` folder."""
    local = _local(page, url)
    if local is not None:
        return local
    try:
        name = unquote(urlsplit(url.strip()).path).rsplit("/", 1)[-1]
    except ValueError:
        return None
    folder = files_folder(page)
    return _file(folder / name, folder) if name else None


def _meta(doc: Element, *keys: str) -> str:
    for key in keys:
        found = doc.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')
        if found and str(found[0]).strip():
            return " ".join(str(found[0]).split())
    return ""


def _container(doc: Element) -> Element:
    for path in ('//*[@itemprop="articleBody"]', "//article", "//main"):
        found: list[Element] = doc.xpath(path)
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    return doc


def _is_small(img: Element) -> bool:
    for side in ("width", "height"):
        value = img.get(side, "").strip().removesuffix("px")
        if value.isdigit() and int(value) < SMALL:
            return True
    return False


def _in_furniture(img: Element, container: Element) -> bool:
    for parent in img.iterancestors():
        if parent is container:
            return False
        if parent.tag in _FURNITURE:
            return True
    return False


def _text(el: Element) -> str:
    return " ".join(el.text_content().split())


def _image_text(img: Element) -> ImageRef:
    """The picture's alt, and its figure's caption and credit (file set by the caller)."""
    alt = " ".join(img.get("alt", "").split())
    figure = next((p for p in img.iterancestors() if p.tag == "figure"), None)
    caption = credit = ""
    if figure is not None:
        credits = [el for el in figure.iter() if _CREDIT_CLASS.search(el.get("class", "") or "")]
        credit = _text(credits[0]) if credits else ""
        captions = figure.xpath(".//figcaption")
        if captions:
            caption = _text(captions[0])
            if credit and caption.endswith(credit):
                caption = caption[: -len(credit)].strip()
    return ImageRef(Path(), alt, caption, credit)


def _words(text: str) -> list[str]:
    return _WORD.findall(_LINK_TARGET.sub("]", text).lower())[:_FIRST_WORDS]


def _place(story: ParsedStory, img: Element, container: Element, mark: str) -> None:
    """Put `mark` in the body after the paragraph `img` follows on the page; before the
    first paragraph when none precedes it, at the end when none is in the body."""
    before: list[list[str]] = []
    for el in container.iter():
        if el is img:
            break
        if el.tag in _TEXT_TAGS and _text(el):
            before.append(_words(_text(el)))
    blocks = [_words(b) if isinstance(b, str) else [] for b in story.body]
    if not before:
        story.body.insert(0, mark)
        return
    for words in reversed(before[-5:]):
        for n, block in enumerate(blocks):
            if words and block == words:
                story.body.insert(n + 1, mark)
                return
    story.body.append(mark)


def _article_images(path: Path, container: Element) -> tuple[list[tuple[Element, Path]], int]:
    """The article's pictures saved with the page, and how many it shows from the web."""
    images: list[tuple[Element, Path]] = []
    from_web = 0
    for img in container.iter("img"):
        if _is_small(img) or _in_furniture(img, container):
            continue
        src = (img.get("src") or img.get("data-src") or "").strip()
        file = _local(path, src)
        if file is not None:
            images.append((img, file))
        elif src and not src.startswith("data:"):
            from_web += 1
    return images, from_web


def mark_page_pictures(path: Path, doc: Element, story: ParsedStory) -> None:
    """The saved page's lead image and article pictures (see the module notes)."""
    container = _container(doc)
    images, from_web = _article_images(path, container)
    lead_url = _meta(doc, "og:image", "og:image:url", "twitter:image")
    lead_file = _by_name(path, lead_url) if lead_url else None
    if lead_file is not None:
        shown = next((img for img, file in images if file.resolve() == lead_file.resolve()), None)
        text = _image_text(shown) if shown is not None else ImageRef(Path())
        alt = text.alt or _meta(doc, "og:image:alt", "twitter:image:alt")
        story.lead_image = ImageRef(lead_file.absolute(), alt, text.caption, text.credit)
    elif lead_url and not urlsplit(lead_url).scheme.startswith("data"):
        from_web += 1
    seen = {lead_file.resolve()} if lead_file is not None else set()
    for img, file in images:
        if file.resolve() in seen:
            continue
        seen.add(file.resolve())
        text = _image_text(img)
        story.images.append(ImageRef(file.absolute(), text.alt, text.caption, text.credit))
        _place(story, img, container, image_mark(len(story.images) - 1))
    if from_web and files_folder(path).is_dir():
        story.warnings.append(
            f"{from_web} picture(s) not among the files saved with the page; left out"
        )
