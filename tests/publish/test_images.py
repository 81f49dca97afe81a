"""Pictures through the export: lead and body images written once per size as
declared, pages referencing files that exist, alt/caption/credit, og:image and JSON-LD,
the cache (one new image resizes only itself) and images no page shows removed."""

from __future__ import annotations

import json
import posixpath
from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import lxml.html
import pytest
from media_files import picture
from PIL import Image

from newsroom.core import media
from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput, create_article, load_article, update_article
from newsroom.core.db import Database
from newsroom.publish.export import export_site
from newsroom.text.media_refs import ref

NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)
PUBLISHED = datetime(2026, 7, 10, 9, 0, tzinfo=UTC)


def _story(session, headline: str, body: str) -> int:  # type: ignore[no-untyped-def]
    return create_article(
        session,
        ArticleInput(headline=headline, body=body, status="published", published_at=PUBLISHED),
    ).id


@pytest.fixture
def newsroom(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        site_settings.save(
            session, replace(site_settings.load(session), base_url="https://news.example/")
        )
        lead, _ = media.add_image(
            session, picture(2000, 1000, seed=1), alt="Envoys at a table",
            caption="Talks in Geneva", credit="AFP / J. Doe",
        )  # fmt: skip
        inline, _ = media.add_image(
            session, picture(700, 500, "PNG", seed=2), alt="A map", caption="The border"
        )
        unused, _ = media.add_image(session, picture(300, 200, seed=3))
        story = _story(
            session,
            "Talks resume",
            f"First paragraph.\n\n{ref(inline.id, 'Map of the border region', 'Where it is')}"
            "\n\nLast paragraph.\n",
        )
        media.set_lead_image(session, story, lead.id)
        other = _story(session, "Second story", f"Also the map:\n\n{ref(inline.id)}\n")
    return {"lead": lead.id, "inline": inline.id, "unused": unused.id, "story": story,
            "other": other}  # fmt: skip


def _page(out: Path, slug: str) -> tuple[str, lxml.html.HtmlElement]:
    (path,) = out.glob(f"*/*/{slug}.html")
    rel = path.relative_to(out).as_posix()
    return rel, lxml.html.fromstring(path.read_bytes())


def _urls(srcset: str) -> list[tuple[str, int]]:
    out = []
    for part in srcset.split(","):
        url, width = part.split()
        out.append((url, int(width.removesuffix("w"))))
    return out


def _site_file(out: Path, page: str, url: str) -> Path:
    return out / posixpath.normpath(posixpath.join(posixpath.dirname(page), url))


def test_pages_reference_files_that_exist_at_the_declared_widths(db, newsroom, tmp_path):
    out = tmp_path / "site"
    result = export_site(db, out, now=NOW, image_cache=tmp_path / "cache")
    assert (result.images, result.images_resized) == (2, 2)
    page, tree = _page(out, "talks-resume")
    figures = tree.xpath("//figure")
    assert [f.get("class") for f in figures] == ["image lead", "image"]
    for fig in figures:
        (img,) = fig.xpath(".//img")
        (source,) = fig.xpath(".//source")
        assert source.get("type") == "image/webp" and source.get("sizes")
        for srcset, fmt in ((source.get("srcset"), "WEBP"), (img.get("srcset"), "JPEG")):
            declared = _urls(srcset)
            assert declared
            for url, width in declared:
                with Image.open(_site_file(out, page, url)) as image:
                    assert (image.format, image.width) == (fmt, width)
        assert _site_file(out, page, img.get("src")).is_file()
        largest = max(w for _, w in _urls(img.get("srcset")))
        assert int(img.get("width")) == largest
    lead_img, body_img = (f.xpath(".//img")[0] for f in figures)
    # Lead: the library's text, not lazy; 2000 px wide is served at 480, 960, 1600.
    assert [w for _, w in _urls(lead_img.get("srcset"))] == [480, 960, 1600]
    assert (lead_img.get("width"), lead_img.get("height")) == ("1600", "800")
    assert lead_img.get("alt") == "Envoys at a table" and lead_img.get("loading") is None
    caption = figures[0].xpath("./figcaption")[0]
    assert caption.text_content() == "Talks in Geneva AFP / J. Doe"
    assert caption.xpath("./span[@class='credit']")[0].text == "AFP / J. Doe"
    # Body: the reference's own alt and caption; 700 px wide is never upscaled.
    assert [w for _, w in _urls(body_img.get("srcset"))] == [480, 700]
    assert body_img.get("alt") == "Map of the border region"
    assert body_img.get("loading") == "lazy"
    assert figures[1].xpath("./figcaption")[0].text_content() == "Where it is"
    # og:image and JSON-LD from the lead image, absolute with a base URL.
    og = tree.xpath("//meta[@property='og:image']/@content")[0]
    assert og.startswith("https://news.example/media/") and og.endswith("-1600.jpg")
    assert _site_file(out, "", og.removeprefix("https://news.example/")).is_file()
    jsonld = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert jsonld["image"]["url"] == og and jsonld["image"]["creditText"] == "AFP / J. Doe"
    # Each image once per size and format, whatever the pages showing it; the unused
    # image is not on the site.
    files = sorted(p.name for p in (out / "media").rglob("*") if p.is_file())
    assert len(files) == 2 * (3 + 2)
    _, other = _page(out, "second-story")
    (img,) = other.xpath("//figure//img")
    assert img.get("alt") == "A map"  # the library's alt when the reference has none
    assert not other.xpath("//meta[@property='og:image']")


def test_one_new_image_resizes_only_itself_and_unused_images_go(db, newsroom, tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    export_site(db, out, now=NOW, image_cache=cache)
    again = export_site(db, out, now=NOW, image_cache=cache)
    assert (again.images_resized, again.written) == (0, 0)
    # A fresh folder with the same cache: nothing resized either.
    assert export_site(db, tmp_path / "other", now=NOW, image_cache=cache).images_resized == 0
    before = {p.name for p in (out / "media").rglob("*") if p.is_file()}
    with db.transaction() as session:
        new, _ = media.add_image(session, picture(1000, 800, seed=9), alt="New")
        story = load_article(session, newsroom["other"])
        update_article(
            session, story.id, story.version,
            ArticleInput(headline=story.headline, body=f"Now this:\n\n{ref(new.id)}\n",
                         status="published", published_at=PUBLISHED),
        )  # fmt: skip
    third = export_site(db, out, now=NOW, image_cache=cache)
    assert (third.images, third.images_resized) == (3, 1)
    after = {p.name for p in (out / "media").rglob("*") if p.is_file()}
    assert len(after - before) == 2 * 3  # the new image at 480, 960, 1000
    assert before - after == set()  # the map is still on "Talks resume"
    with db.transaction() as session:
        media.set_lead_image(session, newsroom["story"], None)
    fourth = export_site(db, out, now=NOW, image_cache=cache)
    assert (fourth.images, fourth.images_resized) == (2, 0)
    assert len({p.name for p in (out / "media").rglob("*") if p.is_file()}) == 2 * (2 + 3)
    assert fourth.removed >= 2 * 3


def test_a_changed_caption_rerenders_the_page_and_keeps_the_files(db, newsroom, tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    export_site(db, out, now=NOW, image_cache=cache)
    with db.transaction() as session:
        media.update_text(session, newsroom["lead"], caption="Talks in Geneva, Monday")
    result = export_site(db, out, now=NOW, image_cache=cache)
    assert result.images_resized == 0
    _, tree = _page(out, "talks-resume")
    assert tree.xpath("//figure/figcaption")[0].text_content().startswith("Talks in Geneva, Monday")


def test_an_author_cannot_write_a_picture_of_their_own(db, tmp_path):
    with db.transaction() as session:
        _story(
            session, "Raw",
            '<picture><img src="https://evil.example/x.png" onerror="x()"></picture>'
            "\n\n![x](https://evil.example/y.png)\n\n![gone](media:12345)\n",
        )  # fmt: skip
    export_site(db, tmp_path / "site", now=NOW, image_cache=tmp_path / "cache")
    _, tree = _page(tmp_path / "site", "raw")
    assert tree.xpath("//article//img | //article//picture | //article//figure") == []


def test_the_export_is_byte_identical_with_images(db, newsroom, tmp_path):
    export_site(db, tmp_path / "a", now=NOW, image_cache=tmp_path / "c1")
    export_site(db, tmp_path / "b", now=NOW, image_cache=tmp_path / "c2")
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file():
            assert (
                path.read_bytes()
                == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
            )


def test_renditions_are_decoded_from_the_file(db, newsroom, tmp_path):
    """A rendition really is the picture (not a blank): its middle pixel matches."""
    export_site(db, tmp_path / "site", now=NOW, image_cache=tmp_path / "cache")
    page, tree = _page(tmp_path / "site", "talks-resume")
    src = tree.xpath("//figure[@class='image']//img/@src")[0]
    with (
        Image.open(_site_file(tmp_path / "site", page, src)) as made,
        Image.open(BytesIO(picture(700, 500, "PNG", seed=2))) as original,
    ):
        a = made.convert("RGB").resize((7, 5)).getpixel((3, 2))
        b = original.convert("RGB").resize((7, 5)).getpixel((3, 2))
        assert all(abs(x - y) < 24 for x, y in zip(a, b, strict=True))


def test_a_patch_export_keeps_the_pictures_and_a_picture_change_is_a_full_one(
    db, newsroom, tmp_path
):
    """A body edit that touches no image is patched in (the page keeps its figures);
    setting a lead image changes every page's business: a full export writes its files."""
    out, cache = tmp_path / "site", tmp_path / "cache"
    export_site(db, out, now=NOW, image_cache=cache)
    with db.transaction() as session:
        story = load_article(session, newsroom["story"])
        update_article(
            session, story.id, story.version,
            replace(story.as_input(), body=story.body.replace("Last", "Final")),
        )  # fmt: skip
    patched = export_site(db, out, now=NOW, image_cache=cache)
    assert patched.patched
    _, tree = _page(out, "talks-resume")
    assert "Final paragraph." in tree.text_content()
    assert [f.get("class") for f in tree.xpath("//figure")] == ["image lead", "image"]
    with db.transaction() as session:
        media.set_lead_image(session, newsroom["other"], newsroom["unused"])
    full = export_site(db, out, now=NOW, image_cache=cache)
    assert not full.patched and (full.images, full.images_resized) == (3, 1)
    page, tree = _page(out, "second-story")
    (src,) = tree.xpath("//figure[@class='image lead']//img/@src")
    assert _site_file(out, page, src).is_file()


def test_threads_making_the_same_rendition_at_once_both_succeed(tmp_path: Path) -> None:
    """The window renders previews on worker threads: two of them storing the same
    cached rendition used to share one temporary name, and the later rename failed."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from newsroom.publish.images import _store_cache

    target = tmp_path / "cache" / "ab" / "abcdef-480.webp"
    start = Barrier(4)

    def store(n: int) -> None:
        start.wait(10)
        for _ in range(200):
            _store_cache(target, b"rendition %d" % n)

    with ThreadPoolExecutor(4) as pool:
        for done in [pool.submit(store, n) for n in range(4)]:
            done.result()  # raises what the thread raised
    assert target.read_bytes() in {b"rendition %d" % n for n in range(4)}
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
