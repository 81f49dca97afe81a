"""Rendered story bodies, kept in the database so an unchanged body is never rendered
again: by the export (full or not, into any folder) and by the editor's preview.

A body's HTML is a function of the body's Markdown, of the renderer (our Markdown
extensions, the sanitiser's rules and the two libraries' versions: `RENDERER_VERSION`)
and of each More-news target's headline and address as seen from the story's page
(the address carries the site settings that move pages: the time zone decides a
story's month folder). `cache_key` digests exactly those, so a key that matches is a
render that would come out the same; anything else in the settings (site name,
locale, base URL) is no part of a body. A target that is not on the site is in the
key as absent, so a target going live or coming down re-renders the stories that
link to it, and only those.

One row a story (`core.changes.rendered_bodies`): the key it was rendered under,
its HTML and the More-news targets it left out. The export fills the rows it renders
(`store`), which makes the first export after a save the one that pays; the preview
reads them (`lookup`) when the text shown is the text saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from newsroom.core.changes import rendered_bodies

if TYPE_CHECKING:
    from newsroom.text.markdown import LinkTarget


def _renderer_version() -> str:
    """Our renderer's source (any change to it may change what it writes: a stale
    render is worse than a render too many) and the two libraries' files (an upgrade
    replaces them). Read without importing them: exports that render nothing (most)
    need not load Markdown."""
    import importlib.util

    parts = []
    for ours in ("newsroom.text.markdown", "newsroom.text.controls"):  # (what it strips)
        spec = importlib.util.find_spec(ours)
        assert spec is not None and spec.origin is not None
        parts.append(hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()[:12])
    for library in ("markdown", "nh3"):
        spec = importlib.util.find_spec(library)
        origin = Path(spec.origin) if spec and spec.origin else None
        found = origin.stat() if origin else None
        parts.append(f"{library}-{found.st_size}-{found.st_mtime_ns}" if found else library)
    return "1/" + "/".join(parts)


RENDERER_VERSION = _renderer_version()
"""Part of every cache key: a new renderer renders every body again."""

Targets = Sequence[tuple[str, "LinkTarget | None"]]
"""A story's More-news targets in link order (its link rows): uid and where the line
points, or None when the target is not on the site."""


@dataclass(frozen=True)
class Body:
    """A rendered body: sanitised HTML and the targets it left out, in body order."""

    key: str
    html: str
    missing: tuple[str, ...]


def cache_key(
    body: str, targets: Targets, version: str | None = None, extra: Sequence[str] = ()
) -> str:
    """The digest of everything a body's HTML is made from (`version`: the renderer's,
    `RENDERER_VERSION` unless given). `extra`: anything else a body's HTML comes to
    depend on, in a fixed order (the hook for images a body shows: their addresses and
    alt texts, so a replaced image renders the bodies showing it again)."""
    digest = hashlib.sha256((RENDERER_VERSION if version is None else version).encode())
    for item in extra:
        digest.update(b"\x02" + item.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(body.encode("utf-8", "surrogatepass"))
    for uid, target in targets:
        digest.update(b"\x00" + uid.encode())
        if target is not None:
            digest.update(b"\x01" + target.headline.encode("utf-8", "surrogatepass"))
            digest.update(b"\x01" + target.href.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def render(body: str, targets: Targets, key: str | None = None) -> Body:
    """Render `body`; its More-news lines resolve through `targets` only (the link rows
    are the one source of what a story links to: a token without a row is left out)."""
    from newsroom.text.markdown import render_body

    resolved = {uid.lower(): target for uid, target in targets}
    out = render_body(body, lambda uid: resolved.get(uid))
    return Body(key or cache_key(body, targets), str(out.html), out.missing)


def lookup(session: Session, ids: Iterable[int]) -> dict[int, Body]:
    """The stored renders of stories `ids` (whatever key they were rendered under:
    the caller compares it with the key it expects)."""
    ids = list(ids)
    found: dict[int, Body] = {}
    table = rendered_bodies
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in session.connection().execute(
            select(table.c.article_id, table.c.key, table.c.html, table.c.missing).where(
                table.c.article_id.in_(chunk)
            )
        ):
            found[row.article_id] = Body(row.key, row.html, tuple(row.missing.split()))
    return found


def store(session: Session, renders: dict[int, Body]) -> None:
    """Keep `renders` (story id -> body), replacing what those stories had."""
    ids = list(renders)
    table = rendered_bodies
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(delete(table).where(table.c.article_id.in_(chunk)))
        session.execute(
            insert(table),
            [
                {
                    "article_id": i,
                    "key": renders[i].key,
                    "html": renders[i].html,
                    "missing": " ".join(renders[i].missing),
                }
                for i in chunk
            ],
        )
