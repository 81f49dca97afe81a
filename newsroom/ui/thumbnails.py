"""Library images as the editor shows them: a small picture and the image's text.

`Thumbnails.get(id)` answers at once from a cache, or None and asks for it: the image
is read and shrunk in a worker (`Operations.query`, Pillow's `images.thumbnail`), the
QImage made there too (QImage, unlike QPixmap, may be built off the UI thread), and
`ready` carries the ids that arrived. So the form never decodes a picture on the UI
thread, and a picture shown twice (the lead image and in the body, or after switching
stories) is read once. `forget()` drops images the library changed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from newsroom.ui.operations import Operations

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SIZE = 96  # the longer side of a thumbnail, in pixels
KEPT = 400  # thumbnails cached (about 40 kB each at most)


@dataclass(frozen=True)
class Picture:
    """One library image for the editor; `image` None: not in the library (any more)."""

    id: int
    image: QImage | None
    alt: str = ""
    caption: str = ""
    credit: str = ""

    @property
    def missing(self) -> bool:
        return self.image is None


def load_pictures(session: Session, media_ids: Iterable[int]) -> dict[int, Picture]:
    """The pictures of `media_ids` (run in a worker: reads and shrinks each image)."""
    from newsroom.core import images, media
    from newsroom.core.errors import NotFoundError

    found: dict[int, Picture] = {}
    for media_id in media_ids:
        try:
            record = media.load_media(session, media_id)
            png = images.thumbnail(media.image_bytes(session, media_id), SIZE)
        except NotFoundError:
            found[media_id] = Picture(media_id, None)
            continue
        image = QImage.fromData(png)
        found[media_id] = Picture(
            media_id, image, record.alt, record.caption, record.credit
        )  # fmt: skip
    return found


class Thumbnails(QObject):
    """The window's thumbnail cache (see the module notes)."""

    ready = Signal(object)  # frozenset of the ids whose pictures arrived

    def __init__(self, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._cache: OrderedDict[int, Picture] = OrderedDict()
        self._asked: set[int] = set()
        self._stale: set[int] = set()  # asked for, then changed: ask again on arrival

    def get(self, media_id: int) -> Picture | None:
        """The picture if it is here; else None, and it is asked for (`ready` follows)."""
        picture = self._cache.get(media_id)
        if picture is not None:
            self._cache.move_to_end(media_id)
            return picture
        self.want([media_id])
        return None

    def want(self, media_ids: Iterable[int]) -> None:
        """Ask for the pictures of `media_ids` not cached nor already asked for."""
        known = self._cache.keys() | self._asked
        wanted = [m for m in dict.fromkeys(media_ids) if m not in known]
        if not wanted:
            return
        self._asked.update(wanted)
        self.ops.query(
            lambda session: load_pictures(session, wanted),
            self._arrived,
            on_error=lambda _exc: self._asked.difference_update(wanted),
            title="Pictures not shown",
            owner=self,
        )

    def forget(self, media_ids: Iterable[int] | None = None) -> None:
        """Drop the cached pictures of `media_ids` (None: all): the library changed
        them; the next `get` reads them again."""
        wanted = set(self._cache) | self._asked if media_ids is None else set(media_ids)
        self._stale |= wanted & self._asked
        dropped = wanted & set(self._cache)
        for media_id in dropped:
            del self._cache[media_id]
        if dropped:
            self.want(dropped)

    def _arrived(self, pictures: dict[int, Picture]) -> None:
        self._asked.difference_update(pictures)
        again = self._stale & pictures.keys()
        self._stale -= again
        pictures = {m: p for m, p in pictures.items() if m not in again}
        self.want(again)  # read before the change: read again
        self._cache.update(pictures)
        while len(self._cache) > KEPT:
            self._cache.popitem(last=False)
        self.ready.emit(frozenset(pictures))
