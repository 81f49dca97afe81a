"""Pictures in the window: Story > Insert image… adds the file to the media library,
puts its reference in the body as a paragraph of its own (one undo step), and the live
preview shows the picture as published; a dropped image file does the same; a file
that is not an image is refused with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_files import picture
from PySide6.QtCore import QMimeData, QUrl

from newsroom.core import media
from newsroom.publish import images
from newsroom.text.media_refs import parse


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(images, "cache_folder", lambda: folder)
    return folder


def _preview_img(window, media_id: int):  # type: ignore[no-untyped-def]
    """The `<img>` the preview shows for image `media_id`, once the preview has it."""
    import lxml.html

    tree = lxml.html.fromstring(window.preview.html)
    found = tree.xpath("//article//figure//img")
    return found[0] if found else None


def test_insert_image_puts_it_in_the_body_and_the_preview_shows_it(
    flows, qtbot, make_window, add_story, db, tmp_path, cache
):  # type: ignore[no-untyped-def]
    story = add_story("Flood in the valley", "The river rose overnight.")
    window = make_window()
    assert flows.open(window, story.id)
    photo = tmp_path / "river.jpg"
    photo.write_bytes(picture(1200, 800, seed=4))
    window.pictures.run_dialog = lambda dialog: (dialog.deleteLater(), [photo])[1]
    inserted: list[int] = []
    window.pictures.inserted = inserted.append

    window.insert_image_action.trigger()
    qtbot.waitUntil(lambda: bool(inserted))
    (media_id,) = inserted
    body = window.editor.body.toPlainText()
    assert body == f"The river rose overnight.\n\n![](media:{media_id})\n"
    assert [r.media_id for r in parse(body)] == [media_id]
    with db.reading() as session:
        assert media.load_media(session, media_id).source == "river.jpg"

    qtbot.waitUntil(lambda: _preview_img(window, media_id) is not None, timeout=20_000)
    img = _preview_img(window, media_id)
    assert (img.get("width"), img.get("height")) == ("1200", "800")
    page_folder = Path(window.preview.browser.document().baseUrl().toLocalFile()).parent
    assert (page_folder / img.get("src")).resolve().is_file()  # from the resize cache
    assert cache in (page_folder / img.get("src")).resolve().parents

    window.editor.body.undo()  # one undo step takes the picture out again
    assert window.editor.body.toPlainText().rstrip() == "The river rose overnight."


def test_a_dropped_image_file_is_added_and_a_text_file_refused(
    flows, qtbot, make_window, add_story, db, tmp_path, cache
):  # type: ignore[no-untyped-def]
    story = add_story("Storm", "Wind.")
    window = make_window()
    assert flows.open(window, story.id)
    errors: list[tuple[str, str]] = []
    window.ops.failed.connect(lambda title, message: errors.append((title, message)))
    inserted: list[int] = []
    window.pictures.inserted = inserted.append

    bad = tmp_path / "notes.jpg"
    bad.write_text("not a picture")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    window.editor.body.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors[0][0] == "Image not added" and "not an image" in errors[0][1]
    assert window.editor.body.toPlainText().rstrip() == "Wind."

    good = tmp_path / "storm.png"
    good.write_bytes(picture(640, 480, "PNG"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good))])
    assert window.editor.body.canInsertFromMimeData(mime)
    window.editor.body.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: bool(inserted))
    assert window.editor.body.toPlainText() == f"Wind.\n\n![](media:{inserted[0]})\n"


def test_the_media_library_searches_edits_and_refuses_to_delete_an_image_in_use(
    flows, qtbot, make_window, add_story, db, qtmodeltester
):  # type: ignore[no-untyped-def]
    from newsroom.text.media_refs import ref

    with db.transaction() as session:
        used, _ = media.add_image(session, picture(seed=1), caption="Talks in Geneva")
        spare, _ = media.add_image(session, picture(seed=2), credit="Reuters")
    add_story("Talks resume", f"Text.\n\n{ref(used.id)}\n")
    window = make_window()
    library = window.show_media()
    model = library.model
    qtbot.waitUntil(lambda: len(model.rows) == 2)
    qtmodeltester.check(model)
    assert [r.uses for r in model.rows] == [0, 1]  # newest first

    library.search.setText("geneva")
    qtbot.waitUntil(lambda: [r.record.id for r in model.rows] == [used.id])
    library.table.selectRow(0)
    qtbot.waitUntil(lambda: library.used.text() == "Talks resume (body)")
    library.alt.setText("Envoys at a table")
    library.save_button.click()
    flows.idle(window)
    with db.reading() as session:
        assert media.load_media(session, used.id).alt == "Envoys at a table"

    library.delete_button.click()
    qtbot.waitUntil(lambda: "used by 1 story" in library.message.text())
    library.search.setText("reuters")
    qtbot.waitUntil(lambda: [r.record.id for r in model.rows] == [spare.id])
    library.table.selectRow(0)
    library.delete_button.click()
    qtbot.waitUntil(lambda: model.rows == [])
    with db.reading() as session:
        assert [m.id for m in media.list_media(session)] == [used.id]
    library.close()


def _lead_figure(window):  # type: ignore[no-untyped-def]
    import lxml.html

    found = lxml.html.fromstring(window.preview.html).xpath("//figure[@class='image lead']")
    return found[0] if found else None


def test_the_library_puts_an_image_in_the_lead_field_saved_with_the_story(
    flows, qtbot, make_window, add_story, db, cache
):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        photo, _ = media.add_image(
            session, picture(1000, 500, seed=5), alt="Sandbags", caption="The quay", credit="AP"
        )
    story = add_story("Flood", "Water.")
    window = make_window()
    assert flows.open(window, story.id)
    library = window.show_media()
    qtbot.waitUntil(lambda: len(library.model.rows) == 1)
    library.table.selectRow(0)
    assert library.lead_button.isEnabled()
    library.lead_button.click()
    assert window.editor.lead_image.value() == photo.id
    assert "save the story" in library.message.text()
    field = window.editor.lead_image
    qtbot.waitUntil(
        lambda: field.picture.pixmap() is not None and not field.picture.pixmap().isNull()
    )
    assert field.picture.pixmap().width() <= field.picture.width()
    assert all(t in field.text.text() for t in ("Sandbags", "The quay", "AP"))
    with db.reading() as session:
        assert media.lead_image_of(session, story.id) is None  # not before the story is saved

    qtbot.waitUntil(lambda: _lead_figure(window) is not None, timeout=20_000)  # the preview
    figure = _lead_figure(window)
    assert figure.xpath(".//img/@alt") == ["Sandbags"]
    assert figure.xpath("./figcaption")[0].text_content() == "The quay AP"
    assert flows.save(window)
    with db.reading() as session:
        assert media.lead_image_of(session, story.id) == photo.id
    library.alt.setText("Sandbags on the quay")  # the field shows the library's new text
    library.save_button.click()
    qtbot.waitUntil(lambda: "Sandbags on the quay" in field.text.text())
    library.close()


def test_the_lead_field_chooses_a_file_and_clears_it_and_history_shows_it(
    flows, qtbot, make_window, add_story, db, tmp_path, cache
):  # type: ignore[no-untyped-def]
    from newsroom.core import revisions

    story = add_story("Harvest", "Fields.")
    window = make_window()
    assert flows.open(window, story.id)
    field = window.editor.lead_image
    assert field.text.text() == "No lead image" and not field.clear_button.isEnabled()
    photo = tmp_path / "wheat.png"
    photo.write_bytes(picture(900, 600, "PNG", seed=8))
    window.pictures.run_dialog = lambda dialog: (dialog.deleteLater(), [photo])[1]
    field.choose_button.click()
    qtbot.waitUntil(lambda: field.value() is not None)
    media_id = field.value()
    qtbot.waitUntil(lambda: "no alt text" in field.text.text())  # shown as missing
    assert window.session.dirty
    assert flows.save(window)
    field.clear_button.click()
    assert field.value() is None and field.text.text() == "No lead image"
    assert flows.save(window)
    with db.reading() as session:
        assert media.lead_image_of(session, story.id) is None
        saved = revisions.list_revisions(session, story.id)
        leads = [revisions.load_revision(session, r.id).content.lead_image_id for r in saved]
    assert leads == [None, media_id, None]  # newest first


def test_the_strip_under_the_body_shows_a_thumbnail_for_each_picture(
    flows, qtbot, make_window, add_story, db, qtmodeltester
):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from newsroom.text.media_refs import ref

    with db.transaction() as session:
        market, _ = media.add_image(session, picture(seed=11), alt="A market", credit="AFP")
        square, _ = media.add_image(session, picture(640, 640, seed=12))
    body = f"Text.\n\n{ref(market.id)}\n\nMore.\n\n{ref(square.id, 'The square')}\n\n{ref(999)}\n"
    story = add_story("Market day", body)
    window = make_window()
    assert flows.open(window, story.id)
    strip = window.editor.body_images
    model = strip.images
    qtbot.waitUntil(lambda: [r.media_id for r in model.rows] == [market.id, square.id, 999])
    assert strip.isVisible()
    qtmodeltester.check(model)
    icon = Qt.ItemDataRole.DecorationRole
    qtbot.waitUntil(lambda: model.data(model.index(1), icon) is not None)
    assert model.data(model.index(0), icon).width() == 96  # 800x600 -> 96x72
    assert model.data(model.index(1), icon).size().toTuple() == (96, 96)
    texts = [model.data(model.index(n)) for n in range(3)]
    assert texts == [
        f"{market.id}: A market", f"{square.id}: The square", "999: not in the library"
    ]  # fmt: skip
    assert model.data(model.index(0), Qt.ItemDataRole.ToolTipRole) == "Credit: AFP"

    strip.clicked.emit(model.index(1))  # a click puts the cursor on its reference
    cursor = window.editor.body.textCursor()
    assert cursor.selectedText() == ref(square.id, "The square")

    window.editor.body.setPlainText("No pictures now.")
    qtbot.waitUntil(lambda: not model.rows)
    assert not strip.isVisible()


def test_history_shows_the_lead_image_change_and_a_restore_brings_it_back(
    flows, qtbot, make_window, add_story, db, asker
):  # type: ignore[no-untyped-def]
    from newsroom.core import revisions

    with db.transaction() as session:
        old, _ = media.add_image(session, picture(seed=51), alt="The old quay")
        new, _ = media.add_image(session, picture(seed=52), alt="The new quay")
    story = add_story("Harbour", "Boats.", lead_image_id=old.id)
    window = make_window()
    assert flows.open(window, story.id)
    window.editor.lead_image.choose(new.id)
    assert flows.save(window)

    dialog = flows.history(window)
    with db.reading() as session:
        first = revisions.list_revisions(session, story.id)[1]
    qtbot.waitUntil(lambda: dialog.shown == first.id)
    text = dialog.diff.toPlainText()
    assert "Lead image" in text
    assert f"image {old.id} {new.id}: The old new quay" in text  # word by word, as any field

    asker.restore_answers.append("text")
    assert flows.restore(window, first.id)
    assert window.editor.lead_image.value() == old.id
    with db.reading() as session:
        assert media.lead_image_of(session, story.id) == old.id


def test_an_edit_left_behind_before_lead_images_existed_keeps_the_storys_lead_image(
    flows, make_window, add_story, db, asker
):  # type: ignore[no-untyped-def]
    """A recovery file written by a version without the lead-image field restores on
    top of the story with its lead image as it is: restoring and saving never clears it."""
    import json

    from newsroom.core import articles
    from newsroom.ui.dialogs import RecoverAnswer

    with db.transaction() as session:
        photo, _ = media.add_image(session, picture(seed=61), alt="The quay")
    story = add_story("Harbour", "Boats.", lead_image_id=photo.id)
    window = make_window()
    store = window.session.recovery
    store.save(f"story-{story.id}", articles.with_changes(story, body="Unsaved boats."),
               story.id, story.version)  # fmt: skip
    (path,) = store.folder.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["content"]["lead_image_id"]  # as the older version wrote it
    path.write_text(json.dumps(data), encoding="utf-8")
    asker.recover_answers = [RecoverAnswer(restore=f"story-{story.id}")]

    assert flows.recover(window)
    assert window.editor.body.toPlainText() == "Unsaved boats."
    assert window.editor.lead_image.value() == photo.id
    assert flows.save(window)
    with db.reading() as session:
        assert media.lead_image_of(session, story.id) == photo.id
