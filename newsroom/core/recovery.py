"""Crash recovery: unsaved edits written to disk a moment after typing stops.

Each open story's unsaved state is one small JSON file, written atomically (temp file
+ rename) in a folder per database. Saving or discarding the story removes its file;
whatever is left at start-up is what a crash or a kill interrupted, and is offered back.
The store lives outside the database on purpose: autosave must never create revisions,
move a story's status, or race another writer.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from newsroom.core.articles import ArticleInput
from newsroom.core.models import utcnow

_DATES = ("published_at", "embargo_until")
_FIELDS = frozenset(field.name for field in fields(ArticleInput))


@dataclass(frozen=True)
class RecoveredEdit:
    key: str
    article_id: int | None
    base_version: int | None
    saved_at: datetime
    content: ArticleInput
    missing: frozenset[str] = frozenset()
    """Story fields the file does not hold (written before they existed, e.g. the lead
    image): a restore takes them from the story as it is now, never clears them."""


def _encode(content: ArticleInput) -> dict[str, Any]:
    data = asdict(content)
    for name in _DATES:
        if data[name] is not None:
            data[name] = data[name].isoformat()
    if data["entity_ids"] is not None:
        data["entity_ids"] = list(data["entity_ids"])
    return data


def _decode(data: dict[str, Any]) -> ArticleInput:
    for name in _DATES:
        if data.get(name):
            data[name] = datetime.fromisoformat(data[name])
    if data.get("entity_ids") is not None:
        data["entity_ids"] = tuple(data["entity_ids"])
    return ArticleInput(**data)


class RecoveryStore:
    """Unsaved edits for one database, in `folder/<hash of the database name>/`."""

    def __init__(self, folder: Path, database_name: str) -> None:
        digest = hashlib.sha256(database_name.encode()).hexdigest()[:16]
        self.folder = folder / digest
        self.database_name = database_name

    def save(
        self, key: str, content: ArticleInput, article_id: int | None, base_version: int | None
    ) -> None:
        """Write (replace) the unsaved state of one story, atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = {
            "database": self.database_name,
            "article_id": article_id,
            "base_version": base_version,
            "saved_at": utcnow().isoformat(),
            "content": _encode(content),
        }
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(payload, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.folder / f"{key}.json")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def discard(self, key: str) -> None:
        (self.folder / f"{key}.json").unlink(missing_ok=True)

    def set_aside(self, key: str) -> str | None:
        """Move a left-behind edit out of the way of a new one with the same key (the
        same story edited again before the old edit was restored or discarded), so it is
        neither overwritten nor discarded with the new one. Returns its new key, or None
        when there was no such edit."""
        new_key = f"{key}~{uuid.uuid4().hex[:8]}"
        try:
            os.rename(self.folder / f"{key}.json", self.folder / f"{new_key}.json")
        except FileNotFoundError:
            return None
        return new_key

    def pending(self) -> list[RecoveredEdit]:
        """Edits left behind, oldest first; unreadable files are skipped, not deleted."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                found.append(
                    RecoveredEdit(
                        key=path.stem,
                        article_id=data["article_id"],
                        base_version=data["base_version"],
                        saved_at=datetime.fromisoformat(data["saved_at"]),
                        content=_decode(data["content"]),
                        missing=_FIELDS - data["content"].keys(),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(found, key=lambda e: e.saved_at)
