"""The story in the editor: open, new, save, conflicts, delete, restore, leases, and
putting a recovered edit in the form (`recovery_offers` decides which and when).

Not a widget: it works the form (`StoryEditor`) it is given and reaches the database
only through `Operations`, so nothing here blocks the UI thread. Flows that used to
return a bool now take a continuation (`then`), because the answer arrives later:
`settle(then)` calls `then()` once unsaved changes are saved or discarded, never when
the editor cancels. Signals tell the window what happened; it refreshes only that.

A save keeps the form as it is (text, cursor, undo history): only the version, the slug
the database chose and the loaded copy move on. Text typed while a save is under way
stays unsaved, and shows so.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from newsroom.core import articles, links, revisions
from newsroom.core.articles import ArticleInput, ArticleRecord
from newsroom.core.errors import ConflictError, NewsroomError, NotFoundError, ValidationError
from newsroom.core.models import Status
from newsroom.core.recovery import RecoveredEdit, RecoveryStore
from newsroom.core.users import full_name, login_name
from newsroom.ui.dialogs import publishing_lines
from newsroom.ui.editor import StoryEditor
from newsroom.ui.open_story import OpenStory, slug_follows_headline
from newsroom.ui.operations import Changes, Operations
from newsroom.ui.recovery_offers import RecoveryOffers
from newsroom.ui.state import AppState
from newsroom.ui.story_lease import StoryLease


def _nothing(*_: object) -> None:
    return None


class EditSession(QObject):
    opened = Signal()  # another story (or a new one) is in the form
    saved = Signal(object, bool)  # ArticleRecord, whether it was new
    closed = Signal()  # the story was deleted: the form is empty
    lease_changed = Signal(object)  # leases.Lease of another editor, or None
    message = Signal(str, int)  # for the status bar: text, milliseconds
    missing = Signal(int)  # a story asked for is gone: the list should look again
    restored = Signal()  # a recovered edit is in the form

    def __init__(
        self,
        ops: Operations,
        editor: StoryEditor,
        asker: Any,
        recovery: RecoveryStore,
        site_tz: Callable[[], Any],
        parent: QObject | None = None,
        *,
        lease_renew_ms: int = 30_000,
        state: AppState | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state  # where the user's own byline is kept (None: nowhere)
        self._byline_asked = False  # this run: "not now" is not asked again
        self.ops = ops
        self.editor = editor
        self.asker = asker
        self.recovery = recovery
        self.site_tz = site_tz
        self.current: OpenStory | None = None
        self.saving = False
        self.offers = RecoveryOffers(recovery, asker, self.restore_edit, lambda: self.dirty, self)
        self.lease = StoryLease(ops, self._is_open, lease_renew_ms, self)
        self.lease.changed.connect(self.lease_changed)
        self.lease.timer.timeout.connect(self.renew_lease)

    # --- state --------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        if self.current is None:
            return False
        if self.editor.unreadable_dates():
            return True
        return self.editor.content(new=self.current.article_id is None) != self.current.loaded

    def _show(self, record: ArticleRecord, content: ArticleInput | None = None) -> None:
        if self.current is not None and self.current.article_id != record.id:
            self.release_lease()
        loaded = record.as_input()
        self.editor.set_content(content or loaded, slug_follows=slug_follows_headline(record))
        self.current = OpenStory(
            f"story-{record.id}", record.id, record.version, record.uid, loaded
        )
        self.editor.setEnabled(True)
        self._loaded()

    def _loaded(self) -> None:
        self.offers.again()
        self.renew_lease()
        self.opened.emit()

    # --- opening ------------------------------------------------------------------------

    def open(self, article_id: int, then: Callable[[bool], None] = _nothing) -> None:
        """Show a story (asking about unsaved changes first); `then(opened)`."""
        if self.current is not None and self.current.article_id == article_id:
            then(True)
            return

        def load() -> None:
            def shown(record: ArticleRecord) -> None:
                self._show(record)
                then(True)

            def gone(exc: NewsroomError) -> None:
                self.message.emit(str(exc), 5000)
                self.missing.emit(article_id)
                then(False)

            self.ops.query(
                lambda session: articles.load_article(session, article_id), shown, on_error=gone
            )

        self.settle(load, lambda: then(False))

    def reload(self) -> None:
        """Show the open story as stored now: a write of this window changed it behind
        a form with no edits (its section was deleted and its stories moved). Typing
        meanwhile keeps the form as it is; its save then meets the new version as a
        conflict, as with any other writer."""
        story = self.current
        if story is None or story.article_id is None:
            return
        article_id, before = story.article_id, self.editor.content()

        def shown(record: ArticleRecord) -> None:
            if self.current is story and self.editor.content() == before:
                self._show(record)

        def gone(exc: NewsroomError) -> None:
            self.message.emit(str(exc), 5000)

        self.ops.query(
            lambda session: articles.load_article(session, article_id),
            shown,
            on_error=gone,
            owner=self,
        )

    def new(self) -> None:
        def blank() -> None:
            self.release_lease()
            story = ArticleInput(headline="", byline=self._my_byline() or "")
            self.editor.set_content(story, slug_follows=True)
            self.current = OpenStory(f"new-{uuid.uuid4().hex[:12]}", None, None, None, story)
            self.editor.setEnabled(True)
            self._loaded()
            self.editor.headline.setFocus()

        self.settle(blank)

    # --- my byline (see ui/byline.py) ---------------------------------------------------

    def _my_byline(self) -> str | None:
        return self.state.my_byline() if self.state is not None else None

    def _ask_byline_once(self) -> None:
        """The first save asks for the user's byline, once: a new story with no byline
        gets it. "Not now" saves as is and asks again next run."""
        if self.state is None or self._byline_asked or self._my_byline() is not None:
            return
        self._byline_asked = True
        answer = self.asker.byline(full_name(), first=True)
        if answer is None:
            return
        self.state.set_my_byline(answer)
        story = self.current
        if story is not None and story.article_id is None and not self.editor.byline.text().strip():
            self.editor.byline.setText(answer)  # a new story with no byline: it is theirs

    def change_byline(self) -> None:
        """File > My byline…: new stories get the answer; open ones keep theirs."""
        if self.state is None:
            return
        current = self._my_byline()
        answer = self.asker.byline(full_name() if current is None else current, first=False)
        if answer is not None:
            self.state.set_my_byline(answer)
            self.message.emit(
                f"New stories get the byline “{answer}”" if answer else "New stories get no byline",
                5000,
            )

    # --- saving -------------------------------------------------------------------------

    def save(self, then: Callable[[bool], None] = _nothing) -> None:
        """Save the story in one transaction, off the UI thread; `then(saved)`."""
        if self.current is None or self.saving:
            then(False)
            return
        self._ask_byline_once()
        is_new = self.current.article_id is None
        self.editor.tidy_dates()
        data = self.editor.content(new=is_new)
        self.editor.clear_errors()
        try:
            self.editor.check_dates()  # text that is no date: refused, never guessed at
        except ValidationError as exc:
            self._refused(exc)
            then(False)
            return

        def go(confirmed: bool) -> None:
            if confirmed:
                self._write(data, then)
            else:
                then(False)

        self._confirm_unpublishing(data, go)

    def _write(self, data: ArticleInput, then: Callable[[bool], None]) -> None:
        assert self.current is not None
        story = self.current
        is_new = story.article_id is None
        loaded_tags = story.loaded.entity_ids
        who = login_name()

        def write(session: Session) -> ArticleRecord:
            if is_new:
                return articles.create_article(session, data, author=who)
            assert story.article_id is not None and story.version is not None
            return articles.update_article(
                session,
                story.article_id,
                story.version,
                data,
                author=who,
                # Only this editor's tag changes: keep tags set meanwhile.
                loaded_entity_ids=loaded_tags,
            )

        def done(record: ArticleRecord) -> None:
            self.saving = False
            if self.current is story:
                self._saved(record, is_new, data)
            then(True)

        def failed(exc: NewsroomError) -> None:
            self.saving = False
            if self.current is not story:
                then(False)
            elif isinstance(exc, ValidationError):
                self._refused(exc)
                then(False)
            elif isinstance(exc, ConflictError):
                self._resolve_conflict(data, exc, then)
            else:  # busy, gone, disk full: the text goes to recovery, the editor is told
                self.autosave()
                self.ops.failed.emit("Not saved", f"{exc}. Your text is kept for recovery.")
                then(False)

        self.saving = True
        self.ops.write(
            write,
            done,
            changes=lambda r: Changes(stories=frozenset({r.id}), story_list=is_new, links=True),
            on_error=failed,
        )

    def _refused(self, exc: ValidationError) -> None:
        self.editor.show_error(exc.field, exc.message)
        self.message.emit(f"Not saved: {exc.message}", 8000)

    def _confirm_unpublishing(self, data: ArticleInput, then: Callable[[bool], None]) -> None:
        """Spiking or un-publishing a story others link to: warn and name them."""
        assert self.current is not None
        uid = self.current.uid
        was_live = self.current.loaded.status == Status.PUBLISHED
        if uid is None or not was_live or data.status == Status.PUBLISHED:
            then(True)
            return

        def ask(linking: list[links.LinkedStory]) -> None:
            if not linking:
                then(True)
                return
            names = "\n".join(f"• {s.headline}" for s in linking[:10])
            more = f"\n… and {len(linking) - 10} more" if len(linking) > 10 else ""
            then(
                self.asker.confirm(
                    "Stories link to this one",
                    f"{len(linking)} {'story links' if len(linking) == 1 else 'stories link'}"
                    f" to “{data.headline}”. Their More-news lines will be left out of the "
                    f"export while it is {data.status}:\n{names}{more}\n\nSave anyway?",
                )
            )

        def failed(exc: NewsroomError) -> None:
            self.ops.failed.emit("Not saved", str(exc))
            then(False)

        self.ops.query(lambda session: links.incoming(session, uid), ask, on_error=failed)

    def _saved(self, record: ArticleRecord, is_new: bool, sent: ArticleInput) -> None:
        """The form stays as it is: only what the database decided moves in."""
        assert self.current is not None
        self._discard_own()
        story = self.current
        story.article_id, story.version, story.uid = record.id, record.version, record.uid
        story.key = f"story-{record.id}"
        story.wrote_recovery = False
        slug_follows = slug_follows_headline(record)
        if self.editor.slug.text() != record.slug and (sent.slug is None or is_new):
            self.editor.slug.setText(record.slug)  # the unique slug the service chose
        self.editor.slug_follows = slug_follows
        story.loaded = replace(sent, slug=record.slug)
        self.editor.clear_errors()
        self.message.emit(f"Saved “{record.headline}” (version {record.version})", 4000)
        self.saved.emit(record, is_new)
        if is_new:
            self.renew_lease()
        self.offers.again()

    def _resolve_conflict(
        self, mine: ArticleInput, error: ConflictError, then: Callable[[bool], None]
    ) -> None:
        self.autosave()  # whatever happens next, the editor's text is on disk

        def gone(_exc: NewsroomError) -> None:
            self.asker.error(
                "Story deleted",
                "Another writer deleted this story. Your text is kept for recovery; "
                "copy it into a new story to keep it.",
            )
            then(False)

        def ask(theirs: ArticleRecord) -> None:
            assert self.current is not None
            choice = self.asker.conflict(mine, theirs)
            if choice == "mine":
                self.current.version = theirs.version
                self.save(then)
                return
            if choice == "theirs":
                self._discard_own()
                self._show(theirs)
                self.message.emit("Took the other writer's version", 4000)
            else:
                self.message.emit("Not saved: the story changed meanwhile", 6000)
            then(False)

        self.ops.query(
            lambda session: articles.load_article(session, error.article_id), ask, on_error=gone
        )

    def settle(self, then: Callable[[], None], cancelled: Callable[[], None] = _nothing) -> None:
        """Ask about unsaved changes, then `then()`; `cancelled()` if the editor
        cancels or the save fails."""
        if not self.dirty:
            self._discard_own()
            then()
            return
        assert self.current is not None
        choice = self.asker.unsaved(self.editor.headline.text())
        if choice == "save":
            self.save(lambda ok: then() if ok else cancelled())
        elif choice == "discard":
            self._discard_own()
            self.editor.set_content(self.current.loaded, slug_follows=self.editor.slug_follows)
            then()
        else:
            cancelled()

    # --- deleting and restoring ---------------------------------------------------------

    def delete(self) -> None:
        story = self.current
        article_id = story.article_id if story is not None else None
        if story is None or article_id is None:
            return

        def look(session: Session) -> tuple[ArticleRecord, list[tuple[int, str]]]:
            record = articles.load_article(session, article_id)
            return record, articles.linked_from(session, record.uid)

        def ask(found: tuple[ArticleRecord, list[tuple[int, str]]]) -> None:
            record, linked = found
            warning = ""
            if linked:
                names = "\n".join(f"• {h}" for _i, h in linked[:10])
                count = f"{len(linked)} {'story links' if len(linked) == 1 else 'stories link'}"
                warning = f"\n\n{count} to it; those More-news lines will be left out:\n{names}"
            if not self.asker.confirm("Delete story", f"Delete “{record.headline}”?{warning}"):
                return
            self.ops.write(
                lambda session: articles.delete_article(session, record.id, story.version),
                lambda _none: self._deleted(story),
                changes=Changes(stories=frozenset({record.id}), story_list=True, links=True),
                on_error=lambda exc: self.asker.error("Not deleted", str(exc)),
            )

        self.ops.query(look, ask, on_error=lambda exc: self.asker.error("Not deleted", str(exc)))

    def _deleted(self, story: OpenStory) -> None:
        if self.current is not story:
            return
        self._discard_own()
        self.current = None
        self.lease.stop()
        self.editor.set_content(ArticleInput(headline=""), slug_follows=True)
        self.editor.setEnabled(False)
        self.lease_changed.emit(None)
        self.closed.emit()

    def restore_revision(self, revision_id: int, then: Callable[[bool], None] = _nothing) -> None:
        """Ask, then restore a revision's text (and its publishing if the editor ticks
        that) as a new version; `then(restored)`."""
        if self.current is None or self.current.version is None:
            then(False)
            return

        def load() -> None:
            def failed(exc: NewsroomError) -> None:
                self.asker.error("Not restored", str(exc))
                then(False)

            self.ops.query(
                lambda session: revisions.load_revision(session, revision_id),
                ask,
                on_error=failed,
            )

        def ask(old: revisions.RevisionRecord) -> None:
            story = self.current
            if story is None or story.version is None:
                then(False)
                return
            lines = publishing_lines(old.content, story.loaded, self.site_tz())
            choice = self.asker.restore(old.info.version, lines)
            if choice == "cancel":
                self.message.emit("Not restored", 4000)
                then(False)
                return
            version, who = story.version, login_name()

            def done(record: ArticleRecord) -> None:
                if self.current is story:
                    self._discard_own()
                    self._show(record)  # the text changed: the form shows the new version
                    self.message.emit(
                        f"Restored version {old.info.version} as version {record.version}", 6000
                    )
                    self.saved.emit(record, False)
                then(True)

            def failed(exc: NewsroomError) -> None:
                self.asker.error("Not restored", str(exc))
                then(False)

            self.ops.write(
                lambda session: revisions.restore_revision(
                    session, revision_id, version, author=who, publishing=choice == "all"
                ),
                done,
                changes=lambda r: Changes(stories=frozenset({r.id}), links=True),
                on_error=failed,
            )

        self.settle(load, lambda: then(False))

    # --- editing leases ("being edited by ...") ----------------------------------------

    def renew_lease(self) -> None:
        """Take or renew the lease on the open story (`StoryLease`)."""
        self.lease.hold(self.current.article_id if self.current is not None else None)

    def release_lease(self) -> None:
        self.lease.release(self.current.article_id if self.current is not None else None)

    def _is_open(self, article_id: int) -> bool:
        return self.current is not None and self.current.article_id == article_id

    # --- recovery -----------------------------------------------------------------------

    def autosave(self) -> bool:
        """Write the unsaved text to the recovery store (never to the database)."""
        if self.current is None or not self.dirty:
            return False
        if not self.current.wrote_recovery:
            self.offers.set_aside(self.current.key)
        self.recovery.save(
            self.current.key,
            self.editor.content(new=self.current.article_id is None),
            self.current.article_id,
            self.current.version,
        )
        self.current.wrote_recovery = True
        return True

    def offer_recovery(self, visible: Callable[[], bool]) -> None:
        """After a crash, offer back every unsaved edit left behind (`RecoveryOffers`)."""
        self.offers.begin(self.current.key if self.current is not None else None, visible)

    def _discard_own(self) -> None:
        """Drop the open story's recovery file, if this window wrote it: one a crash
        left behind goes only when the editor says so."""
        if self.current is not None and self.current.wrote_recovery:
            self.recovery.discard(self.current.key)

    def restore_edit(self, edit: RecoveredEdit) -> None:
        """Put a recovered edit in the form, on top of its story as it is now."""
        if self.current is not None and self.current.article_id != edit.article_id:
            self.release_lease()

        def as_new() -> None:
            self.editor.set_content(edit.content, slug_follows=edit.content.slug is None)
            self.current = OpenStory(edit.key, None, None, None, ArticleInput(headline=""))
            self._restored()

        def on_top(record: ArticleRecord) -> None:
            now = record.as_input()  # fields an older file lacks stay as the story has them
            kept = {name: getattr(now, name) for name in edit.missing}
            content = replace(edit.content, **kept) if kept else edit.content
            self.editor.set_content(content, slug_follows=slug_follows_headline(record))
            # The base is the version the editor had; a save meets the conflict rules.
            self.current = OpenStory(
                edit.key, record.id, edit.base_version, record.uid, record.as_input()
            )
            self._restored()

        if edit.article_id is None:
            as_new()
            return
        article_id = edit.article_id

        def missing(exc: NewsroomError) -> None:
            if isinstance(exc, NotFoundError):
                as_new()
            else:
                self.ops.failed.emit("Not recovered", str(exc))

        self.ops.query(
            lambda session: articles.load_article(session, article_id), on_top, on_error=missing
        )

    def _restored(self) -> None:
        assert self.current is not None
        self.current.wrote_recovery = True  # the restored file is now this window's
        self.editor.setEnabled(True)
        self._loaded()
        left = len(self.offers.left)
        more = f" ({left} more to recover after this one)" if left else ""
        self.message.emit(f"Restored unsaved changes: save to keep them{more}", 8000)
        self.restored.emit()
