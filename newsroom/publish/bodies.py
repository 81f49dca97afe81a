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

import markdown
import nh3
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from newsroom.core.changes import rendered_bodies
from newsroom.text.markdown import LinkTarget, render_body

RENDERER_VERSION = f"2/markdown-{markdown.__version__}/nh3-{nh3.__version__}"
"""Bump the leading number whenever `newsroom.text.markdown` changes what it writes:
every cached body is then rendered again (the libraries' versions are in it too)."""

Targets = Sequence[tuple[str, LinkTarget | None]]
"""A story's More-news targets in link order (its link rows): uid and where the line
points, or None when the target is not on the site."""


@dataclass(frozen=True)
class Body:
    """A rendered body: sanitised HTML and the targets it left out, in body order."""

    key: str
    html: str
    missing: tuple[str, ...]


def cache_key(body: str, targets: Targets, version: str = RENDERER_VERSION) -> str:
    """The digest of everything a body's HTML is made from."""
    digest = hashlib.sha256(version.encode())
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
        for row in session.execute(
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
