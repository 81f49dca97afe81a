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
