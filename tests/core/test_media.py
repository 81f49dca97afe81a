"""The media library: adding (deduplicated), refusing bad files, text, replace, delete
while used, lead images, body references and the checks about them."""

from __future__ import annotations

import pytest
from media_files import picture, png_declaring, truncated_jpeg

from newsroom.core import media
from newsroom.core.articles import ArticleInput, create_article, update_article
from newsroom.core.checks import problems
from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.images import ImageRefused, inspect, output_widths, renditions
from newsroom.text.media_refs import ref


def test_the_same_file_added_twice_is_stored_once(db):
    data = picture()
    with db.transaction() as session:
        first, added = media.add_image(session, data, alt="A market", source="/tmp/a.jpg")
        again, added_again = media.add_image(session, data, alt="other text", source="b.jpg")
    assert added and not added_again
    assert again == first
    assert (first.width, first.height, first.format, first.size) == (800, 600, "JPEG", len(data))
    with db.reading() as session:
        assert media.image_bytes(session, first.id) == data
        assert [m.id for m in media.list_media(session)] == [first.id]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"this is a text file renamed to .jpg\n", "not an image"),
        (truncated_jpeg(), "truncated"),
        (png_declaring(30_000, 30_000), "decompression bomb"),
        (png_declaring(9_000, 8_000), "megapixels"),
        (b"", "empty"),
        (picture(40, 30, "BMP"), "BMP images are not supported"),
    ],
    ids=["text-as-jpg", "truncated-jpeg", "bomb", "too-many-pixels", "empty", "bmp"],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_stored(db, data, says):
    with pytest.raises(ImageRefused, match=says), db.transaction() as session:
        media.add_image(session, data, source="photo.jpg")
    with db.reading() as session:
        assert media.list_media(session) == []


def test_a_file_over_the_byte_limit_is_refused(monkeypatch):
    from newsroom.core import images

    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    with pytest.raises(ImageRefused, match="up to 0 MB"):
        inspect(picture())


def test_widths_are_never_upscaled_and_renditions_have_them():
    assert output_widths(3000, (480, 960, 1600)) == (480, 960, 1600)
    assert output_widths(700, (480, 960, 1600)) == (480, 700)
    out = renditions(picture(700, 350, "PNG", seed=1), output_widths(700, (480, 960, 1600)))
    assert sorted(out) == [(480, "jpg"), (480, "webp"), (700, "jpg"), (700, "webp")]
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(out[(480, "webp")])) as image:
        assert (image.format, image.size) == ("WEBP", (480, 240))
    with Image.open(BytesIO(out[(700, "jpg")])) as image:
        assert (image.format, image.size) == ("JPEG", (700, 350))


def test_text_is_edited_and_searched(db):
    with db.transaction() as session:
        one, _ = media.add_image(session, picture(seed=1), caption="Talks in Geneva")
        two, _ = media.add_image(session, picture(seed=2), credit="Reuters / J. Doe")
        media.update_text(session, one.id, alt="Envoys at a table", credit="AFP")
    with db.reading() as session:
        assert [m.id for m in media.list_media(session, "geneva afp")] == [one.id]
        assert [m.id for m in media.list_media(session, "reuters")] == [two.id]
        assert media.load_media(session, one.id).alt == "Envoys at a table"
    with pytest.raises(ValidationError, match="control"), db.transaction() as session:
        media.update_text(session, one.id, alt="bad\x07")


def test_replacing_the_file_keeps_id_and_text_and_refuses_a_duplicate(db):
    with db.transaction() as session:
        one, _ = media.add_image(session, picture(seed=1), alt="First")
        two, _ = media.add_image(session, picture(seed=2))
        replaced = media.replace_file(session, one.id, picture(1000, 500, seed=3))
    assert (replaced.id, replaced.alt, replaced.width, replaced.height) == (
        one.id,
        "First",
        1000,
        500,
    )
    assert replaced.sha256 != one.sha256
    with pytest.raises(ValidationError, match=f"image {two.id}"), db.transaction() as session:
        media.replace_file(session, one.id, picture(seed=2))
    with pytest.raises(ImageRefused), db.transaction() as session:
        media.replace_file(session, one.id, b"nope")


def test_an_image_in_use_cannot_be_deleted_and_the_error_names_the_stories(db):
    with db.transaction() as session:
        lead, _ = media.add_image(session, picture(seed=1), alt="Lead")
        inline, _ = media.add_image(session, picture(seed=2))
        unused, _ = media.add_image(session, picture(seed=3))
        story = create_article(
            session,
            ArticleInput(headline="Talks resume", body=f"Text.\n\n{ref(inline.id, 'x')}\n"),
        )
        media.set_lead_image(session, story.id, lead.id)
        media.delete_image(session, unused.id)
    for mid, how in ((lead.id, "lead"), (inline.id, "body")):
        wanted = f"Talks resume” \\({how}\\)"
        with pytest.raises(media.MediaInUseError, match=wanted) as caught, db.transaction() as s:
            media.delete_image(s, mid)
        assert [u.article_id for u in caught.value.uses] == [story.id]
    with db.transaction() as session:
        update_article(session, story.id, story.version, ArticleInput(headline="Talks resume"))
        media.set_lead_image(session, story.id, None)
        media.delete_image(session, lead.id)
        media.delete_image(session, inline.id)
    with pytest.raises(NotFoundError), db.reading() as session:
        media.load_media(session, lead.id)


def test_check_reports_a_lead_image_without_alt_and_a_missing_image(db):
    with db.transaction() as session:
        lead, _ = media.add_image(session, picture(seed=1))
        story = create_article(
            session, ArticleInput(headline="Flood", body=f"Water.\n\n{ref(999, 'gone')}\n")
        )
        media.set_lead_image(session, story.id, lead.id)
    with db.reading() as session:
        codes = [p.code for p in problems(session)]
    assert codes == ["lead-image-no-alt", "media-missing"]
    with db.transaction() as session:
        media.update_text(session, lead.id, alt="A flooded street")
    with db.reading() as session:
        assert [p.code for p in problems(session)] == ["media-missing"]


def test_a_lead_image_must_exist(db):
    with db.transaction() as session:
        story = create_article(session, ArticleInput(headline="Flood"))
    with pytest.raises(ValidationError, match="no image 5"), db.transaction() as session:
        media.set_lead_image(session, story.id, 5)


@pytest.mark.sqlite_only
def test_migration_0011_creates_the_media_tables_as_the_models_have_them(db_path):
    """Upgraded from 0008 (where the other branches' migrations start), the media
    tables are exactly what the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from newsroom.core import migrations
    from newsroom.core.db import create_engine_for, to_url
    from newsroom.core.models import metadata

    engine = create_engine_for(to_url(str(db_path)))
    try:
        migrations.upgrade(engine, "0008")
        migrations.upgrade(engine, "0011")
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        mine = ("'media'", "article_lead_images", "article_media")
        assert [d for d in diffs if any(t in repr(d) for t in mine)] == []
    finally:
        engine.dispose()


def test_a_save_without_a_lead_image_clears_it_and_one_that_names_none_is_refused(db):
    with db.transaction() as session:
        lead, _ = media.add_image(session, picture(seed=1))
        story = create_article(session, ArticleInput(headline="Flood", lead_image_id=lead.id))
    assert story.lead_image_id == lead.id
    with pytest.raises(ValidationError, match="no image 999"), db.transaction() as session:
        update_article(session, story.id, story.version, ArticleInput("Flood", lead_image_id=999))
    with db.transaction() as session:
        assert media.lead_image_of(session, story.id) == lead.id  # nothing changed
        cleared = update_article(session, story.id, story.version, ArticleInput("Flood"))
    with db.reading() as session:
        assert cleared.lead_image_id is None and media.lead_image_of(session, story.id) is None
        media.delete_image(session, lead.id)  # unused now


@pytest.mark.sqlite_only
def test_migration_0012_gives_old_revisions_the_lead_image_of_today(db_path):
    """Revisions saved before 0012 take the story's lead image then, so restoring one
    leaves the lead image as it is; the column is as the model declares it."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import text

    from newsroom.core import migrations
    from newsroom.core.db import create_engine_for, to_url
    from newsroom.core.models import metadata

    engine = create_engine_for(to_url(str(db_path)))
    try:
        migrations.upgrade(engine, "0011")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO media (id, sha256, data, size, width, height, format, alt, caption,"
                " credit, source, created_at, updated_at) VALUES (7, 'x', x'00', 1, 1, 1, 'PNG',"
                " '', '', '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            ))  # fmt: skip
            for article_id in (1, 2):
                conn.execute(text(
                    "INSERT INTO articles (id, uid, headline, slug, standfirst, body, byline,"
                    " dateline, status, created_at, updated_at, version) VALUES (:i, :u, 'H',"
                    " :s, '', '', '', '', 'draft', '2026-01-01 00:00:00',"
                    " '2026-01-01 00:00:00', 1)"
                ), {"i": article_id, "u": f"uid{article_id}", "s": f"h{article_id}"})  # fmt: skip
                conn.execute(text(
                    "INSERT INTO revisions (article_id, version, saved_at, saved_by, note,"
                    " headline, slug, standfirst, body, byline, dateline, status) VALUES (:i, 1,"
                    " '2026-01-01 00:00:00', '', '', 'H', :s, '', '', '', '', 'draft')"
                ), {"i": article_id, "s": f"h{article_id}"})  # fmt: skip
            conn.execute(text("INSERT INTO article_lead_images VALUES (1, 7)"))
        migrations.upgrade(engine, "0012")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT article_id, lead_image_id FROM revisions ORDER BY 1"))
            assert rows.all() == [(1, 7), (2, None)]
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        assert [d for d in diffs if "revisions" in repr(d)] == []
    finally:
        engine.dispose()
