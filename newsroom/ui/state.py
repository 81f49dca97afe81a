"""What the app remembers between runs: window layout, last and recent databases, and
the user's own byline (`ui.byline`).

Stored with QSettings in an INI file; `NEWSROOM_STATE_DIR` moves it (and the crash
recovery folder) elsewhere, which tests use to stay out of the user's real settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_state_dir
from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


def state_dir() -> Path:
    folder = os.environ.get("NEWSROOM_STATE_DIR")
    return Path(folder) if folder else Path(user_state_dir("newsroom", appauthor=False))


class AppState:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or state_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.settings = QSettings(str(self.folder / "newsroom.ini"), QSettings.Format.IniFormat)

    @property
    def recovery_dir(self) -> Path:
        return self.folder / "recovery"

    def recent_databases(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def remember_database(self, location: str) -> None:
        recent = [location] + [r for r in self.recent_databases() if r != location]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self.settings.setValue("last", location)
        self.settings.sync()

    def last_database(self) -> str | None:
        value = self.settings.value("last")
        return str(value) if value else None

    def my_byline(self) -> str | None:
        """The byline this user signs new stories with ("" for none); None until asked."""
        value = self.settings.value("user/byline")
        return None if value is None else str(value)

    def set_my_byline(self, byline: str) -> None:
        self.settings.setValue("user/byline", byline)
        self.settings.sync()

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.settings.value("window/geometry")
        layout = self.settings.value("window/state")
        return geometry, layout

    def save_window_state(self, geometry: QByteArray, layout: QByteArray) -> None:
        self.settings.setValue("window/geometry", geometry)
        self.settings.setValue("window/state", layout)
        self.settings.sync()
