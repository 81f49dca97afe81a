"""Pending More-news lines: a line that names a story we do not have yet, by headline,
until a story with that headline arrives.

A pending line is the token `[[more-news:?|Wanted headline]]` (`text.morenews`). It is
stored like a link, derived from the body on every save (`PendingLink` rows), and every
story's headline is kept in the form lines are matched in (`HeadlineKey`), so both
"which lines want this story?" and "is exactly one story headlined so?" are queries.

When a story arrives (created, or its headline changed; imported or saved in the
window), the article service links the lines that want it in the same transaction
(`articles.link_arrivals`): a line links to a story only when exactly one story other
than its own matches (`morenews.Wanted.matches`; a truncated hint is a prefix), so a
common headline never links to the wrong one. It then *rewrites the linking story's
body*, `?` becoming the uid, through `update_article` with a revision that says so.

Why rewrite rather than resolve at render time: the body stays the one truth. What
the editor shows, the links table, the preview, the export and its incremental
fingerprints (a version bump re-renders the page) all read the body as before, and
nothing has to remember that a `?` means some story now. The cost: an editor who has
the linking story open meanwhile gets the usual "saved by someone else" choice.

Not done: a line left ambiguous stays pending when one of the candidates is deleted
later (it links at the next arrival of a matching story, or by hand).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, insert, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import String

from newsroom.core.models import HEADLINE_MAX, KEY_MAX, Article, HeadlineKey, PendingLink
from newsroom.text.morenews import Wanted, headline_key, lines, wanted


def key_of(headline: str) -> str:
    """A story's headline as stored for matching (`headline_key`, cut to the column)."""
    return headline_key(headline)[:KEY_MAX]


def wanted_of(hint: str) -> Wanted:
    """What a line with this hint waits for; a hint too long for the column is matched
    by its start."""
    want = wanted(hint)
    if len(want.key) > KEY_MAX:
        return Wanted(want.key[:KEY_MAX], True)
    return want


def store_lines(session: Session, article_id: int, body: str, *, new: bool = False) -> None:
    """The pending rows of a story, from its body as saved (`new`: it has none yet)."""
    if not new:
        session.execute(delete(PendingLink).where(PendingLink.source_id == article_id))
    rows = line_rows(article_id, body)
    if rows:
        session.execute(insert(PendingLink), rows)


def line_rows(article_id: int, body: str) -> list[dict[str, object]]:
    """The `PendingLink` rows of a story with this body, to insert."""
    rows: list[dict[str, object]] = []
    for position, line in enumerate(ln for ln in lines(body) if ln.uid is None):
        want = wanted_of(line.hint)
        rows.append(
            {
                "source_id": article_id,
                "position": position,
                "wanted": line.hint[:HEADLINE_MAX],
                "wanted_key": want.key,
                "truncated": want.truncated,
            }
        )
    return rows


def store_headline(session: Session, article_id: int, headline: str, *, new: bool = False) -> bool:
    """Keep the story's headline key; True when it is new or changed (the story
    "arrives" for the lines that may want it). `new`: a story just inserted."""
    key = key_of(headline)
    row = None if new else session.get(HeadlineKey, article_id)
    if row is None:
        session.add(HeadlineKey(article_id=article_id, key=key))
        return True
    if row.key == key:
        return False
    row.key = key
    return True


def _matching(want: Wanted) -> ColumnElement[bool]:
    if want.truncated:
        return HeadlineKey.key.startswith(want.key, autoescape=True)
    return HeadlineKey.key == want.key


def the_one(session: Session, hint: str, *, besides: int | None = None) -> tuple[str, str] | None:
    """(uid, headline) of the story a pending line with this hint names: the only one
    that matches, other than the story `besides` (the line's own). None when none or
    several do."""
    want = wanted_of(hint)
    if not want.key:
        return None
    query = select(Article.uid, Article.headline).join(
        HeadlineKey, HeadlineKey.article_id == Article.id
    )
    query = query.where(_matching(want))
    if besides is not None:
        query = query.where(Article.id != besides)
    found = session.execute(query.limit(2)).all()
    return (found[0][0], found[0][1]) if len(found) == 1 else None


def sources_wanting(session: Session, article_ids: Iterable[int]) -> list[int]:
    """The stories with a pending line that one of these stories matches (by their
    stored headline keys), in id order, the stories themselves left out."""
    ids = sorted(set(article_ids))
    if not ids or session.scalar(select(PendingLink.source_id).limit(1)) is None:
        return []  # the usual case: nothing waits
    keys = session.scalars(select(HeadlineKey.key).where(HeadlineKey.article_id.in_(ids)))
    wanting: set[int] = set()
    for key in set(keys):
        if not key:
            continue
        prefix = func.substr(literal(key, String()), 1, func.length(PendingLink.wanted_key))
        wanting.update(
            session.scalars(
                select(PendingLink.source_id).where(
                    PendingLink.wanted_key != "",
                    or_(
                        PendingLink.wanted_key == key,
                        and_(PendingLink.truncated, prefix == PendingLink.wanted_key),
                    ),
                )
            )
        )
    return sorted(wanting - set(ids))


def links_for(session: Session, article_id: int, body: str) -> dict[int, tuple[str, str]]:
    """The pending lines of this story's `body` that now name exactly one story: their
    index among the body's pending lines -> (uid, headline), for `morenews.with_links`."""
    linked: dict[int, tuple[str, str]] = {}
    asked: dict[str, tuple[str, str] | None] = {}
    for n, line in enumerate(ln for ln in lines(body) if ln.uid is None):
        if line.hint not in asked:
            asked[line.hint] = the_one(session, line.hint, besides=article_id)
        found = asked[line.hint]
        if found is not None:
            linked[n] = found
    return linked


@dataclass(frozen=True)
class Waiting:
    """A pending line, for `newsroom check` and the window."""

    article_id: int
    slug: str
    status: str
    position: int
    wanted: str


def waiting(session: Session, article_id: int | None = None) -> list[Waiting]:
    """Every pending line (of one story, or all), by story and place in the body."""
    query = select(
        PendingLink.source_id, Article.slug, Article.status, PendingLink.position,
        PendingLink.wanted,
    ).join(Article, Article.id == PendingLink.source_id)  # fmt: skip
    if article_id is not None:
        query = query.where(PendingLink.source_id == article_id)
    rows = session.execute(query.order_by(PendingLink.source_id, PendingLink.position))
    return [Waiting(*row) for row in rows]
