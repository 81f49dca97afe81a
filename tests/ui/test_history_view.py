"""History as an editor reads it (issue 14): insertions and deletions in colour and in
a form that needs no colour (struck out, underlined), whole words only, lines broken
between words, the section, status, dates and tags compared too, and revision times
on the site's clocks in its locale."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from newsroom.core import revisions
from newsroom.core import settings as site_settings
from newsroom.core.dates import format_local
from newsroom.core.entities import create_entity
from newsroom.core.sections import create_section
from newsroom.ui.entity_lookup import Tag

BODY = (
    "The United Nations special envoy Amira al-Hassan opened talks in Vienna on Tuesday "
    "between Marenland and Valmora, the two neighbours whose dispute over the River Sarrow "
    "has soured relations for more than a decade.\n\n"
    "Delegatons from both governments arrived at the Palais des Nations on Monday evening. "
    "Officials said the first session, which lasted almost four hours, was devoted to "
    "agreeing an agenda rather than to substance. Each delegation was limited to eight "
    "members, and journalists were kept outside the building.\n\n"
    "The talks are scheduled to run for three days, with a second round expected in the "
    "spring. Previous attempts at mediation, in 2014 and 2020, collapsed before either "
    "side had signed a document, and both governments have since commissioned rival "
    "studies of how much water the river can spare.\n"
)
EDITED = (
    BODY.replace("in Vienna on Tuesday", "in Geneva on Wednesday")
    .replace("Delegatons", "Delegations")
    .replace("almost four", "nearly five")
)


@pytest.fixture
def story(db, add_story):  # type: ignore[no-untyped-def]
    """The site in Paris, in British English; a draft tagged with the envoy and Vienna."""
    with db.transaction() as session:
        current = site_settings.load(session)
        site_settings.save(session, replace(current, time_zone="Europe/Paris", locale="en_GB"))
        ids = {
            name: create_entity(session, kind, name).id
            for kind, name in (
                ("person", "Amira al-Hassan"),
                ("place", "Vienna"),
                ("place", "Geneva"),
            )
        }
        create_section(session, "World")
    record = add_story(
        "UN envoy opens Vienna talks on Sarrow river dispute",
        BODY,
        standfirst="Marenland and Valmora sat down at the same table.",
        byline="Hannah Okoye",
        entity_ids=(ids["Amira al-Hassan"], ids["Vienna"]),
    )
    return record, ids


def _formats(doc: QTextDocument) -> dict[str, tuple[bool, bool, str]]:
    """Each piece of text as shown: (struck out, underlined, background colour)."""
    shown: dict[str, tuple[bool, bool, str]] = {}
    block = doc.begin()
    while block.isValid():
        pieces = block.begin()
        while not pieces.atEnd():
            piece = pieces.fragment()
            look = piece.charFormat()
            background = look.background().color().name() if look.background().style() else ""
            shown[piece.text().strip()] = (look.fontStrikeOut(), look.fontUnderline(), background)
            pieces += 1
        block = block.next()
    return shown


def _breaks_inside_words(doc: QTextDocument) -> list[str]:
    """Where a laid-out line ends inside a word (a letter on both sides of the break)."""
    found = []
    block = doc.begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        for number in range(layout.lineCount() - 1):
            end = layout.lineAt(number).textStart() + layout.lineAt(number).textLength()
            if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                found.append(text[max(0, end - 12) : end + 12])
        block = block.next()
    return found


def test_history_shows_a_saves_changes_readably(flows, qtbot, make_window, story, db):  # type: ignore[no-untyped-def]
    record, ids = story
    window = make_window()
    assert flows.open(window, record.id)
    editor = window.editor
    editor.headline.selectAll()
    qtbot.keyClicks(editor.headline, "UN envoy opens Geneva talks on Sarrow river dispute")
    editor.body.setPlainText(EDITED)
    editor.section.setCurrentIndex(editor.section.findText("World"))
    editor.status.setCurrentIndex(editor.status.findData("published"))
    qtbot.mouseClick(editor.published_at.enabled, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.published_at.edit, "2026-03-10 11:15")  # over the selected "now"
    editor.tags.remove(ids["Vienna"])
    editor.tags.add(Tag(ids["Geneva"], "Geneva", "place"))
    assert flows.save(window)

    dialog = flows.history(window)
    with db.reading() as session:
        listed = revisions.list_revisions(session, record.id)
    paris = site_settings.SiteSettings(time_zone="Europe/Paris").tz
    for row, revision in enumerate(listed):
        text = dialog.list.item(row).text()
        assert format_local(revision.saved_at, paris, "en_GB") in text  # e.g. "10 Mar 2026, 11:20"
        assert "UTC" not in text
    assert "Europe/Paris" in dialog.zone.text()
    qtbot.waitUntil(lambda: dialog.shown == listed[1].id)  # opens on what the save changed
    text = dialog.diff.toPlainText()
    for label in ("Headline", "Section", "Status", "Published", "Tags"):
        assert label in text
    assert "Byline" not in text and "Standfirst" not in text  # unchanged fields are left out
    assert "2026-03-10 11:15" in text  # the date as the form shows it, on Paris clocks
    assert "(no section) World" in text
    shown_as = _formats(dialog.diff.document())
    struck, new = (True, False, "#ffd7d5"), (False, True, "#ccffd8")
    for gone in ("Vienna", "Tuesday", "Delegatons", "almost four", "draft"):
        assert shown_as[gone] == struck, gone
    for added in ("Geneva", "Wednesday", "Delegations", "nearly five", "published", "World"):
        assert shown_as[added] == new, added
    assert "Amira al-Hassan, Geneva, Vienna" in text  # the tags: kept, added, removed
    for letters in ("i", "ues", "ost"):  # no stray letters marked on their own
        assert letters not in shown_as
    # Narrow, as on a small screen: lines still break between words only.
    dialog.resize(520, 500)
    dialog.diff.document().setTextWidth(260)
    assert _breaks_inside_words(dialog.diff.document()) == []
    with qtbot.waitSignal(dialog.diff_shown, timeout=10_000):
        dialog.list.setCurrentRow(0)  # the newest against the form: nothing differs
    assert "No differences." in dialog.diff.toPlainText()
