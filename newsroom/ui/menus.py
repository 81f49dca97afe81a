"""The window's menus: every action with its shortcut, in one place.

The actions call the window's methods (and its `site_actions`); the window keeps the
ones it enables and disables (`save_action`, `export_action`, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from newsroom.ui.spell_menu import fill_language_menu

if TYPE_CHECKING:
    from newsroom.ui.main_window import MainWindow


def _action(
    window: MainWindow,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | list[QKeySequence] | None = None,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(shortcut)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """File, Edit, Story, View and Help, with their shortcuts."""
    bar = window.menuBar()
    site = window.site_actions
    file = bar.addMenu("&File")
    window.new_action = _action(
        window, file, "&New story", window.new_story, QKeySequence.StandardKey.New
    )
    window.save_action = _action(window, file, "&Save", window.save, QKeySequence.StandardKey.Save)
    _action(window, file, "&Delete story…", window.delete_story)
    file.addSeparator()
    window.publish_action = _action(
        window, file, "&Publish site", site.publish, QKeySequence("Ctrl+Shift+E")
    )
    window.export_action = _action(
        window, file, "&Export to another folder…", site.choose_export_folder
    )
    site.export_actions = [window.publish_action, window.export_action]
    window.import_action = _action(
        window, file, "&Import stories…", site.choose_import_files, QKeySequence("Ctrl+I")
    )
    _action(window, file, "Import a &folder…", site.choose_import_folder)
    file.addSeparator()
    _action(window, file, "Ne&w database…", site.choose_new_database)
    _action(window, file, "&Open database…", site.choose_database, QKeySequence.StandardKey.Open)
    _action(window, file, "Open database &URL…", site.choose_database_url)
    window.demo_action = _action(window, file, "Open the &demo newsroom", site.open_demo)
    window.recent_menu = file.addMenu("&Recent databases")
    window.recent_menu.aboutToShow.connect(lambda: site.fill_recent(window.recent_menu))
    file.addSeparator()
    _action(window, file, "Site se&ttings…", site.show_settings)
    _action(window, file, "My &byline…", window.session.change_byline)
    file.addSeparator()
    _action(window, file, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit = bar.addMenu("&Edit")
    _action(window, edit, "&Undo", lambda: window.on_focus("undo"), QKeySequence.StandardKey.Undo)
    _action(window, edit, "&Redo", lambda: window.on_focus("redo"), QKeySequence.StandardKey.Redo)
    edit.addSeparator()
    _action(window, edit, "&Find stories", window.focus_search, QKeySequence.StandardKey.Find)
    window.entities_action = _action(
        window, edit, "&Entities…", window.show_entities, QKeySequence("Ctrl+E")
    )
    _action(window, edit, "Sect&ions…", window.show_sections)

    story = bar.addMenu("&Story")
    _action(
        window,
        story,
        "&Previous story",
        lambda: window.step(-1),
        [QKeySequence("Alt+Up"), QKeySequence("Ctrl+PgUp")],  # the menu shows the first
    )
    _action(
        window,
        story,
        "&Next story",
        lambda: window.step(1),
        [QKeySequence("Alt+Down"), QKeySequence("Ctrl+PgDown")],
    )
    _action(window, story, "&History…", window.show_history, QKeySequence("Ctrl+H"))
    _action(
        window, story, "Insert &More-news link…", window.show_picker, QKeySequence("Ctrl+Shift+L")
    )
    story.addSeparator()
    _action(window, story, "Next mi&sspelling", window.next_misspelling, QKeySequence("F7"))
    languages = story.addMenu("Spelling &language")
    languages.aboutToShow.connect(lambda: fill_language_menu(languages, window.editor.spelling))

    view = bar.addMenu("&View")
    toggle = window.preview_dock.toggleViewAction()
    toggle.setText("&Preview")
    toggle.setShortcut(QKeySequence("Ctrl+Shift+P"))
    view.addAction(toggle)
    links_toggle = window.links_dock.toggleViewAction()
    links_toggle.setText("&Links")
    view.addAction(links_toggle)
    suggestions_toggle = window.suggestions_dock.toggleViewAction()
    suggestions_toggle.setText("&Suggestions")
    view.addAction(suggestions_toggle)
    window.reset_filters_action = _action(
        window, view, "Reset &filters", window.filters.reset, QKeySequence("Ctrl+Shift+R")
    )
    _action(
        window,
        view,
        "&Refresh list",
        lambda: window.model.refresh(),
        QKeySequence.StandardKey.Refresh,
    )

    help_menu = bar.addMenu("&Help")
    helper = window.help
    _action(
        window,
        help_menu,
        "&Keyboard shortcuts",
        helper.show_shortcuts,
        QKeySequence.StandardKey.HelpContents,
    )
    _action(window, help_menu, "&Where is the database?", helper.show_database)
    _action(window, help_menu, "&About Newsroom", helper.show_about)
