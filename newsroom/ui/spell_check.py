"""The window's spelling checker: which words of the story form are misspelt, now.

`SpellCheck` holds the `core.speller.Speller` for the open story's language (the
site's locale, or the one the story chose) and the story's ignored words. The speller
is built off the UI thread (reading the newsroom dictionary and every entity name, and
loading the Hunspell dictionary, take a moment), and until it is there nothing is
flagged: typing never waits for it. Once built, checking is a tokenising pass over the
one block Qt re-highlights plus a lookup per word, cached per word and per line
(`Speller`), so a keystroke costs a fraction of a millisecond, not a dictionary search.

What changes what is flagged (`changed`, the highlighters re-highlight): the speller
arriving, a word added to the newsroom dictionary or ignored in the story, the story's
language, and entities added or renamed anywhere in the window (`Changes.entities`).
A language with no dictionary installed is said once per run (`notice`), then the
form carries on unchecked but for the newsroom's own words.

Choices made for a story that is not saved yet (its language, its ignored words) are
kept here and written with its first save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session

from newsroom.core import dictionary
from newsroom.core import settings as site_settings
from newsroom.core.errors import NewsroomError
from newsroom.core.speller import Speller, available_languages
from newsroom.core.users import login_name
from newsroom.text.spelling import Word, line_words

if TYPE_CHECKING:
    from newsroom.ui.main_window import MainWindow
    from newsroom.ui.operations import Changes, Operations

Found = tuple[list[Word], int]


class SpellCheck(QObject):
    changed = Signal()  # what is flagged may have changed: re-highlight
    notice = Signal(str)  # a language without a dictionary, said once per run
    failed = Signal(str)  # a write of the dictionary or the story's choices failed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops: Operations | None = None
        self.site_locale = "en_GB"
        self.story_language: str | None = None  # None: the site's locale
        self.ignored: frozenset[str] = frozenset()
        self.article_id: int | None = None
        self.speller: Speller | None = None
        self._words: list[str] = []
        self._names: list[str] = []
        self._loaded = False
        self._spellers: dict[str, Speller] = {}
        self._building: set[str] = set()
        self._data = 0  # moves on whenever the words and names are read again
        self._said: set[str] = set()
        self._story_asked = 0  # which open_story a choices query answers
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self._reload_now)

    # --- wiring -------------------------------------------------------------------------

    def attach(self, ops: Operations) -> None:
        """Read what the speller needs from the database behind `ops`, now and again
        whenever entities or the site settings change."""
        self.ops = ops
        ops.changed.connect(self._database_changed)
        self.reload()

    def reload(self) -> None:
        """Read the words and names again (soon: several changes at once read once).
        The speller in use stays until its successor is built."""
        self._reload_timer.start()

    def _reload_now(self) -> None:
        if self.ops is None:
            return

        def read(session: Session) -> tuple[str, list[str], list[str]]:
            return (
                site_settings.load(session).locale,
                dictionary.words(session),
                dictionary.known_names(session),
            )

        self.ops.query(read, self._read, on_error=lambda exc: self.failed.emit(str(exc)))

    def _read(self, found: tuple[str, list[str], list[str]]) -> None:
        self.site_locale, self._words, self._names = found
        self._loaded = True
        self._data += 1
        self._spellers.clear()
        self._building.clear()
        self._use()

    def _database_changed(self, changes: Changes) -> None:
        if changes.entities or changes.settings:
            self.reload()

    # --- the language -------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The locale the open story is checked in."""
        return self.story_language or self.site_locale

    def languages(self) -> list[str]:
        """The languages a dictionary is installed for, for the language menu."""
        return available_languages()

    def _use(self) -> None:
        """Make the speller of the current language the one in use, building it off the
        UI thread the first time."""
        locale = self.language
        speller = self._spellers.get(locale)
        if speller is not None:
            self._switch(speller)
            return
        if self.speller is None or self.speller.asked != locale:
            self._switch(None)  # (one of the same language, read before, serves till then)
        if not self._loaded or self.ops is None or locale in self._building:
            return
        self._building.add(locale)
        words, names = list(self._words), list(self._names)
        data = self._data

        def built(made: Speller) -> None:
            if data != self._data:
                return  # read again meanwhile: a newer speller is on its way
            self._building.discard(locale)
            self._spellers[locale] = made
            if self.language == locale:
                self._switch(made)

        self.ops.tasks.run(
            lambda: Speller(locale, words, names),
            built,
            lambda exc: self.failed.emit(str(exc)),
            owner=self,
        )

    def _switch(self, speller: Speller | None) -> None:
        if speller is self.speller:
            return
        self.speller = speller
        if speller is not None and speller.missing and speller.asked not in self._said:
            self._said.add(speller.asked)
            self.notice.emit(speller.missing[:1].upper() + speller.missing[1:])
        self._flagging_changed()

    def _flagging_changed(self) -> None:
        self.changed.emit()

    # --- the open story -----------------------------------------------------------------

    def open_story(self, article_id: int | None) -> None:
        """The form shows another story (None: a new one): its choices apply."""
        self._story_asked += 1
        self.article_id = article_id
        self._choose(None, frozenset())
        if article_id is None or self.ops is None:
            return
        asked = self._story_asked

        def chosen(choices: dictionary.StoryChoices) -> None:
            if asked == self._story_asked:
                self._choose(choices.language, choices.ignored)

        self.ops.query(
            lambda session: dictionary.story_choices(session, article_id),
            chosen,
            on_error=lambda exc: self.failed.emit(str(exc)),
            owner=self,
        )

    def _choose(self, language: str | None, ignored: frozenset[str]) -> None:
        """The open story's choices; re-highlights only when they differ from before."""
        if (language, ignored) == (self.story_language, self.ignored):
            return
        self.story_language, self.ignored = language, ignored
        speller = self.speller
        self._use()
        if self.speller is speller:  # (a switch re-highlights already)
            self._flagging_changed()

    def story_saved(self, article_id: int, is_new: bool) -> None:
        """A new story has its id: the choices made before its first save are written."""
        self.article_id = article_id
        if not is_new or self.ops is None:
            return
        language, ignored = self.story_language, self.ignored
        if language is None and not ignored:
            return

        def write(session: Session) -> dictionary.StoryChoices:
            dictionary.ignore_words(session, article_id, ignored)
            return dictionary.set_language(session, article_id, language)

        self._write(write)

    def _write(self, fn: Callable[[Session], object]) -> None:
        if self.ops is not None:
            self.ops.write(fn, on_error=self._write_failed, owner=self)

    def _write_failed(self, exc: NewsroomError) -> None:
        self.failed.emit(f"Spelling choice not saved: {exc}")

    # --- what the editor does -----------------------------------------------------------

    def set_language(self, language: str | None) -> None:
        """Check the open story in `language` (None: the site's locale); saved with the
        story's choices (at once for a saved story, with the first save for a new one)."""
        if language == self.story_language:
            return
        self._choose(language, self.ignored)
        article_id = self.article_id
        if article_id is not None:
            self._write(lambda session: dictionary.set_language(session, article_id, language))

    def ignore(self, word: str) -> None:
        """Stop flagging `word` (as written) in this story."""
        self.ignored = self.ignored | {word}
        self._flagging_changed()
        article_id = self.article_id
        if article_id is not None:
            self._write(lambda session: dictionary.ignore_words(session, article_id, [word]))

    def add_to_dictionary(self, word: str) -> None:
        """Put `word` in the newsroom dictionary: right in every story, for everyone.
        Flagging stops at once; the write follows off the UI thread."""
        clean = dictionary.clean_word(word)
        added_by = login_name()
        self._words.append(clean)
        for speller in self._spellers.values():
            speller.add_words([clean])
        self._flagging_changed()
        self._write(lambda session: dictionary.add_word(session, clean, added_by=added_by))

    # --- checking -----------------------------------------------------------------------

    def misspelt_line(self, line: str, state: int) -> Found:
        """The misspelt words of one line and the state it leaves (`text.spelling`);
        nothing is flagged until the speller is built."""
        speller = self.speller
        if speller is None:
            return [], line_words(line, state)[1]
        return speller.misspelt_line(line, state, self.ignored)

    def suggest(self, word: str) -> list[str]:
        return self.speller.suggest(word) if self.speller is not None else []


def connect_spelling(window: MainWindow) -> None:
    """Wire the form's spelling to the window: the database, the story opened and
    saved, and the status bar for what it has to say."""
    spelling = window.editor.spelling
    session = window.session
    spelling.notice.connect(lambda text: window.statusBar().showMessage(text, 10_000))
    spelling.failed.connect(lambda text: window.statusBar().showMessage(text, 10_000))
    session.opened.connect(
        lambda: spelling.open_story(session.current.article_id if session.current else None)
    )
    session.saved.connect(lambda record, is_new: spelling.story_saved(record.id, is_new))
    window.site_actions.settings_saved.connect(lambda _site: spelling.reload())
    spelling.attach(window.ops)
