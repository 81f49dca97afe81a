"""Pictures in the editor: Story > Insert image… (a file picker), and image files
dropped or pasted into the body. Each file is added to the media library off the UI
thread (`core.media.add_image`: stored once; a refused file's reason is shown), then
its reference, `![alt](media:<id>)`, goes on a paragraph of its own after the
cursor's paragraph, in one undo step. The live preview shows it as published.

The lead image field's Choose… adds a file the same way and puts it in the field
(saved with the story); so does the Media library's "Use as lead image".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from newsroom.text.media_refs import ref
from newsroom.ui import file_dialogs
from newsroom.ui.links import insert_line_at_paragraph_break

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from newsroom.core.media import MediaRecord
    from newsroom.ui.main_window import MainWindow

FILTER = "Images (*.jpg *.jpeg *.png *.webp *.gif);;All files (*)"


class PictureInserter(QObject):
    """The window's picture actions; `run_dialog` is replaced in tests."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.run_dialog: file_dialogs.Runner = file_dialogs.run
        self.inserted: Callable[[int], None] = lambda media_id: None  # for tests, callers
        window.editor.body.images_offered.connect(self.offered)
        window.editor.lead_image.choose_requested.connect(self.choose_lead)

    def choose(self) -> None:
        """Story > Insert image…: pick files, add them, insert them."""
        if self.window.current is None:
            return
        dialog = file_dialogs.build(
            self.window, "Insert image", Path.home(), file_dialogs.Mode.OPEN_FILES, FILTER
        )
        paths = self.run_dialog(dialog)
        if paths:
            self.offered(paths)

    def choose_lead(self) -> None:
        """The lead image field's Choose…: pick one file, add it, put it in the field."""
        if self.window.current is None:
            return
        dialog = file_dialogs.build(
            self.window, "Lead image", Path.home(), file_dialogs.Mode.OPEN_FILE, FILTER
        )
        paths = self.run_dialog(dialog)
        if paths:
            self._add(
                paths[:1], lambda records: self.window.editor.lead_image.choose(records[0].id)
            )

    def use_as_lead(self, media_id: int) -> bool:
        """Put library image `media_id` in the open story's lead image field; False
        when no story is open."""
        if self.window.current is None:
            return False
        self.window.editor.lead_image.choose(media_id)
        return True

    def offered(self, files: list[Path] | bytes) -> None:
        """Files chosen, dropped or pasted (or clipboard PNG bytes): add, then insert."""
        self._add(files, self.insert)

    def _add(self, files: list[Path] | bytes, then: Callable[[list[MediaRecord]], None]) -> None:
        """Add the files to the library off the UI thread, then `then(records)`."""
        if self.window.current is None:
            return
        items: list[tuple[str, Path | bytes]] = (
            [("pasted image.png", files)]
            if isinstance(files, bytes)
            else [(p.name, p) for p in files]
        )

        def add(session: Session) -> list[MediaRecord]:
            from newsroom.core import media
            from newsroom.core.errors import ValidationError

            added = []
            for name, item in items:
                try:
                    data = item if isinstance(item, bytes) else item.read_bytes()
                except OSError as exc:
                    raise ValidationError("image", f"cannot read {name}: {exc.strerror}") from exc
                record, _new = media.add_image(session, data, source=name)
                added.append(record)
            return added

        self.window.ops.write(add, then, title="Image not added", owner=self)

    def insert(self, records: list[MediaRecord]) -> None:
        body = self.window.editor.body
        for record in records:
            insert_line_at_paragraph_break(body, ref(record.id))
            self.inserted(record.id)
        body.setFocus()
