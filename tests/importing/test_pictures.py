"""Pictures through export and import: Newsroom's own export comes back with its lead
and body images and their text, and exports again to the same pages (the image files
are re-encoded, so only their names differ)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from media_files import picture

from newsroom.core import media
from newsroom.core.articles import ArticleInput, create_article
from newsroom.core.db import Database
from newsroom.importing.service import import_paths
from newsroom.publish.export import export_site
from newsroom.text.media_refs import parse, ref

NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)
PUBLISHED = datetime(2026, 7, 10, 9, 0, tzinfo=UTC)
_NAMES = re.compile(r"media/[0-9a-f]{2}/[0-9a-f]{24}-")


def _pages(folder: Path) -> dict[str, str]:
    """Every page's text with the image files' content-addressed names blanked."""
    return {
        p.relative_to(folder).as_posix(): _NAMES.sub("media/IMAGE-", p.read_text())
        for p in folder.rglob("*.html")
    }


def test_the_export_round_trip_keeps_images_and_their_text(
    db: Database, open_db: Callable[[str], Database], tmp_path: Path
) -> None:
    source = open_db("source")
    with source.transaction() as session:
        lead, _ = media.add_image(
            session, picture(2000, 1000, seed=1), alt="Envoys at a table",
            caption="Talks in Geneva", credit="AFP / J. Doe",
        )  # fmt: skip
        inline, _ = media.add_image(session, picture(700, 500, "PNG", seed=2), credit="Maps Inc")
        story = create_article(
            session,
            ArticleInput(
                headline="Talks resume", status="published", published_at=PUBLISHED,
                body=f"First paragraph.\n\n{ref(inline.id, 'A map', 'The border')}\n\nLast.\n",
            ),
        )  # fmt: skip
        media.set_lead_image(session, story.id, lead.id)
    export_site(source, tmp_path / "first", now=NOW, image_cache=tmp_path / "cache")

    report = import_paths(db, [tmp_path / "first"])
    assert report.failed == 0, report.failures
    assert report.imported == 1
    assert all(not f.warnings for f in report.files), [f.warnings for f in report.files]
    with db.reading() as session:
        images = {m.id: m for m in media.list_media(session)}
        (record,) = [m for m in images.values() if m.alt == "Envoys at a table"]
        assert (record.caption, record.credit, record.width, record.height) == (
            "Talks in Geneva", "AFP / J. Doe", 1600, 800,
        )  # fmt: skip
        story_id = next(iter(media.uses(session, record.id))).article_id
        assert media.lead_image_of(session, story_id) == record.id
        from newsroom.core.articles import load_article

        (body_ref,) = parse(load_article(session, story_id).body)
        assert (body_ref.alt, body_ref.caption) == ("A map", "The border")
        assert images[body_ref.media_id].credit == "Maps Inc"
        assert images[body_ref.media_id].width == 700
    export_site(db, tmp_path / "second", now=NOW, image_cache=tmp_path / "cache")
    assert _pages(tmp_path / "second") == _pages(tmp_path / "first")


def test_markdown_images_and_front_matter_lead_images_are_imported(
    db: Database, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "static" / "images").mkdir(parents=True)
    (site / "content" / "news").mkdir(parents=True)
    (site / "static" / "images" / "lead.jpg").write_bytes(picture(1000, 600, seed=1))
    (site / "content" / "news" / "map.png").write_bytes(picture(500, 400, "PNG", seed=2))
    (site / "content" / "news" / "other.jpg").write_bytes(picture(300, 200, seed=3))
    (site / "content" / "news" / "hugo.md").write_text(
        "---\ntitle: Talks resume\ndate: 2026-07-10T09:00:00Z\n"
        "images: [/images/lead.jpg]\n---\n\n"
        'First paragraph.\n\n![A map of the region](map.png "The border")\n\n'
        "![Gone](missing.jpg)\n\n![Web](https://example.org/x.jpg)\n"
    )
    (site / "content" / "news" / "pelican.md").write_text(
        "Title: Second story\nDate: 2026-07-11 10:00\nImage: other.jpg\n\nText.\n"
    )
    report = import_paths(db, [site / "content"])
    assert report.failed == 0, report.failures
    assert report.imported == 2
    warnings = [w for f in report.files for w in f.warnings]
    assert warnings == ["picture missing.jpg not found; left as written"]
    from newsroom.core.articles import find_by_slug

    with db.reading() as session:
        hugo = find_by_slug(session, "talks-resume")
        lead = media.load_media(session, media.lead_image_of(session, hugo.id) or 0)
        assert (lead.width, lead.height, lead.source) == (1000, 600, "lead.jpg")
        (body_ref,) = parse(hugo.body)
        assert (body_ref.alt, body_ref.caption) == ("A map of the region", "The border")
        assert media.load_media(session, body_ref.media_id).source == "map.png"
        assert "![Web](https://example.org/x.jpg)" in hugo.body
        pelican = find_by_slug(session, "second-story")
        assert media.load_media(session, media.lead_image_of(session, pelican.id) or 0).width == 300


SAVED_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Harbour reopens after the storm | The Coast Courier</title>
<meta property="og:title" content="Harbour reopens after the storm">
<meta property="og:image" content="https://courier.example/img/2026/quay%20wide.jpg">
<meta property="article:published_time" content="2026-07-10T09:00:00Z">
</head><body>
<header><img src="storm_files/logo.png" width="40" height="40" alt="Courier"></header>
<article>
<h1>Harbour reopens after the storm</h1>
<figure><img src="storm_files/quay%20wide.jpg" alt="Boats back at the quay">
<figcaption>The quay on Tuesday morning. <span class="credit">Photo: Ana Lima</span>
</figcaption></figure>
<p>The harbour reopened on Tuesday, three days after the storm closed it to every boat
larger than a dinghy, the port authority said in a statement.</p>
<p>Fishing crews returned before dawn to find the outer wall cracked in two places and
the fuel pier tilted, but the channel itself clear of debris.</p>
<figure><img src="storm_files/wall.png" alt="A crack in the harbour wall" width="640">
<figcaption>Engineers inspect the outer wall. <span class="credit">Port authority</span>
</figcaption></figure>
<p>Repairs to the wall will take most of the summer, the authority said, and a speed
limit applies inside the harbour until they are done.</p>
<p><img src="https://cdn.example/ad.jpg" alt="advert"></p>
</article>
<footer>All rights reserved.</footer>
</body></html>
"""


def test_a_saved_page_brings_its_pictures_from_its_files_folder(
    db: Database, tmp_path: Path
) -> None:
    """ "Save page, complete": the og:image (a web address) is found by name in
    `storm_files/` and becomes the lead image with its figure's text; the article's
    other picture stands after the paragraph it follows; the logo, the picture from
    the web and the `_files` folder's own HTML are no stories' pictures or stories."""
    from newsroom.core.articles import find_by_slug

    folder = tmp_path / "saved"
    files = folder / "storm_files"
    files.mkdir(parents=True)
    (folder / "storm.html").write_text(SAVED_PAGE)
    (files / "quay wide.jpg").write_bytes(picture(1200, 800, seed=21))
    (files / "wall.png").write_bytes(picture(640, 480, "PNG", seed=22))
    (files / "logo.png").write_bytes(picture(40, 40, "PNG", seed=23))
    (files / "saved_resource.html").write_text("<html><body><p>An ad frame</p></body></html>")
    report = import_paths(db, [folder])
    assert report.failed == 0, report.failures
    assert report.imported == 1
    (result,) = report.files
    assert "1 picture(s) not among the files saved with the page; left out" in result.warnings
    with db.reading() as session:
        story = find_by_slug(session, "harbour-reopens-after-the-storm")
        lead = media.load_media(session, media.lead_image_of(session, story.id) or 0)
        assert (lead.width, lead.source) == (1200, "quay wide.jpg")
        assert (lead.alt, lead.caption, lead.credit) == (
            "Boats back at the quay", "The quay on Tuesday morning.", "Photo: Ana Lima"
        )  # fmt: skip
        (wall,) = parse(story.body)
        assert (wall.alt, wall.caption) == (
            "A crack in the harbour wall", "Engineers inspect the outer wall."
        )  # fmt: skip
        record = media.load_media(session, wall.media_id)
        assert (record.source, record.credit) == ("wall.png", "Port authority")
        assert len(media.list_media(session)) == 2  # no logo
    paragraphs = story.body.split("\n\n")
    at = next(n for n, p in enumerate(paragraphs) if p.startswith("![A crack"))
    assert paragraphs[at - 1].startswith("Fishing crews returned before dawn")
    assert paragraphs[at + 1].startswith("Repairs to the wall")
    assert "Engineers inspect" not in "".join(p for p in paragraphs if not p.startswith("!["))


def test_odd_picture_addresses_in_a_saved_page_are_no_files(tmp_path: Path) -> None:
    """Addresses a hostile page may hold (a NUL byte, a broken host, a way out of the
    page's folder, a data: URL) name no file and stop nothing."""
    from lxml import html

    from newsroom.importing.model import ParsedStory
    from newsroom.importing.page_pictures import is_files_folder, mark_page_pictures

    (tmp_path / "outside.jpg").write_bytes(picture(300, 200, seed=31))
    folder = tmp_path / "site"
    (folder / "page_files").mkdir(parents=True)
    page = folder / "page.html"
    srcs = ["a%00b.jpg", "http://[broken/x.jpg", "../outside.jpg", "data:image/png;base64,AA=="]
    imgs = "".join(f'<p>Text {n}.</p><img src="{s}" alt="x">' for n, s in enumerate(srcs))
    page.write_text(
        f'<html><head><meta property="og:image" content="../outside.jpg"></head>'
        f"<body><article>{imgs}</article></body></html>"
    )
    story = ParsedStory(path=page, format="html", headline="Odd")
    story.body = ["Text 0."]
    mark_page_pictures(page, html.document_fromstring(page.read_text()), story)
    assert story.lead_image is None and story.images == []
    assert story.warnings == ["4 picture(s) not among the files saved with the page; left out"]
    assert is_files_folder(folder / "page_files") and not is_files_folder(folder)
