"""More-news lines between the files of one import: a link is written only once its
target exists.

A line naming a story of the same import becomes a token only in a transaction where
that story is in the database, so no committed body ever links to a uid that never
comes to exist, whether the target file fails, the import is cancelled, the disk fills
up or the process is killed. Two things make that cheap:

- *Order*: the writer writes each file's targets before it (`write_order`, a depth-first
  walk in file order), so most lines resolve when their story is first written.
- *Waiting lines*: only a cycle (two stories naming each other) or a target written
  later for another reason leaves a line waiting. It is written as a pending line,
  `[[more-news:?|<headline>]]`, where the token will go, and once its target is written
  the story is saved again with the token, in the target's transaction. A line still
  waiting at the end (its target failed, or the import stopped) stays pending and is
  listed in the report (`PendingLink`), so nobody reads a link to nothing.

A line naming a story that is neither in the import nor in the database (by address or
headline: the catalog's exact headline, else `core.pending`'s rule) is written pending
too, and listed as `UnresolvedLink`: it links itself when a story with that headline
arrives later (`core.pending`). The stories of a group link the pending lines that want
them at the end of the group's transaction (the writer calls `link_arrivals`), after
the waiting lines here: that keeps the versions this module saves over its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from newsroom.core import pending
from newsroom.core.articles import ArticleInput, ArticleRecord, StoryDates, update_article
from newsroom.core.errors import ConflictError, NewsroomError
from newsroom.importing.catalog import Catalog
from newsroom.importing.matching import Matcher
from newsroom.importing.model import MoreNewsRef, ParsedStory
from newsroom.importing.report import PendingLink, UnresolvedLink
from newsroom.text.morenews import pending_token, token

LINKED_NOTE = "import: More-news lines linked to stories of the same import"


def write_order(stories: list[ParsedStory], matcher: Matcher) -> list[ParsedStory]:
    """The stories with each one's targets in the import before it where a cycle allows,
    otherwise in file order (see the module notes). Deterministic, so two imports of
    the same folder write in the same order."""
    state: dict[int, int] = {}  # id(story) -> 1 on the walk's path, 2 placed
    order: list[ParsedStory] = []
    for start in stories:
        if id(start) in state:
            continue
        state[id(start)] = 1
        path = [(start, iter(_targets(start, matcher)))]
        while path:
            story, targets = path[-1]
            target = next(targets, None)
            if target is None:
                path.pop()
                state[id(story)] = 2
                order.append(story)
            elif id(target) not in state:
                state[id(target)] = 1
                path.append((target, iter(_targets(target, matcher))))
    return order


def _targets(story: ParsedStory, matcher: Matcher) -> list[ParsedStory]:
    found = []
    for part in story.body:
        if isinstance(part, MoreNewsRef):
            planned = matcher.planned(story, part)
            if planned is not None:
                found.append(matcher.first[planned])
    return found


@dataclass(frozen=True)
class _Waiting:
    """A story written with lines whose targets are not written yet."""

    story: ParsedStory
    article_id: int
    version: int
    data: ArticleInput
    targets: frozenset[str]  # planned uids


class Links:
    """Resolves a body's More-news lines and keeps the lines that wait (module notes).

    State follows the group transactions: `begin` before a group, then `commit` or
    `rollback` with it."""

    def __init__(self, matcher: Matcher, catalog: Catalog) -> None:
        self.matcher, self.catalog = matcher, catalog
        self.written: dict[str, str] = {}  # planned uid -> the uid the story has
        self.waiting: dict[int, _Waiting] = {}  # article id -> its waiting lines
        self._written: dict[str, str] = {}  # this transaction's
        self._waiting: dict[int, _Waiting] = {}
        self.given_up: list[PendingLink] = []  # lines of stories changed meanwhile
        self._given_up: list[PendingLink] = []

    def begin(self) -> None:
        self._written, self._waiting, self._given_up = {}, dict(self.waiting), []

    def commit(self) -> None:
        self.written.update(self._written)
        self.waiting = self._waiting
        self.given_up += self._given_up
        self.begin()

    def rollback(self) -> None:
        self.begin()

    def story_written(self, story: ParsedStory, uid: str) -> None:
        """The story of this planned uid is in the database now (in this transaction)."""
        self._written.setdefault(self.matcher.uids[id(story)], uid)

    def is_written(self, planned: str) -> bool:
        """Whether the story of this planned uid is in the database (or this transaction)."""
        return self._uid_of(planned) is not None

    def forget(self, planned: list[str]) -> None:
        """Stories marked written in this transaction were rolled back (a savepoint)."""
        for uid in planned:
            self._written.pop(uid, None)

    def _uid_of(self, planned: str) -> str | None:
        return self._written.get(planned) or self.written.get(planned)

    def body(
        self,
        session: Session,
        story: ParsedStory,
        unresolved: list[UnresolvedLink],
        waiting: set[str],
        article_id: int | None = None,
    ) -> str:
        """The Markdown body: each More-news line a token, a waiting line (its planned
        target added to `waiting`) or a pending one (listed in `unresolved`); a line
        with no headline to wait for is left out (listed, `kept=False`).
        `article_id`: the story's own, once written (it never names itself)."""
        parts = []
        for part in story.body:
            if isinstance(part, str):
                parts.append(part)
                continue
            planned = self.matcher.planned(story, part)
            uid = self._uid_of(planned) if planned is not None else None
            if uid is None and planned is not None and self.catalog.uid_exists(session, planned):
                uid = planned  # a file's own uid, already in the database
            if uid is None and planned is None and part.headline:
                uid = self.catalog.uid_by_headline(session, part.headline)
                if uid is None:
                    one = pending.the_one(session, part.headline, besides=article_id)
                    uid = one[0] if one is not None else None
            if uid is not None:
                parts.append(token(uid, part.headline))
                continue
            if part.headline:
                parts.append(pending_token(part.headline))
            if planned is not None:
                waiting.add(planned)
            else:
                unresolved.append(
                    UnresolvedLink(str(story.path), part.headline, part.href, bool(part.headline))
                )
        return "\n\n".join(p.strip("\n") for p in parts if p.strip())

    def wait(
        self, story: ParsedStory, article_id: int, version: int, data: ArticleInput,
        targets: set[str],
    ) -> None:  # fmt: skip
        """The story was written with waiting lines (or rewritten without: `targets` empty)."""
        self._waiting.pop(article_id, None)
        if targets:
            self._waiting[article_id] = _Waiting(
                story, article_id, version, data, frozenset(targets)
            )

    def link_written(
        self, session: Session, author: str, dates: Callable[[ParsedStory], StoryDates | None]
    ) -> None:
        """Save again, with tokens, every waiting story whose targets are now written
        (in this transaction, so the tokens commit with their targets), keeping the
        story's own dates (`dates`)."""
        for article_id, entry in sorted(self._waiting.items()):
            if not any(self._uid_of(t) for t in entry.targets):
                continue
            unresolved: list[UnresolvedLink] = []
            still: set[str] = set()
            body = self.body(session, entry.story, unresolved, still, article_id)
            data = replace(entry.data, body=body, slug=None, entity_ids=None)
            try:
                with session.begin_nested():
                    record = update_article(
                        session, article_id, entry.version, data, author=author,
                        note=LINKED_NOTE, link_pending=False, dates=dates(entry.story),
                    )  # fmt: skip
            except ConflictError:
                del self._waiting[article_id]
                self._given_up += self._lines(
                    entry, lambda _: "the story was changed by someone else during the import"
                )
                continue
            except NewsroomError:
                continue  # the waiting lines stay pending; reported at the end
            self.wait(entry.story, article_id, record.version, data, still)

    def saved_again(self, record: ArticleRecord) -> None:
        """A story was saved again in this transaction by someone else's rule (its
        pending lines linked, `link_arrivals`): a waiting story goes on from there."""
        entry = self._waiting.get(record.id)
        if entry is not None:
            self._waiting[record.id] = replace(entry, version=record.version)

    def report(self, why: Callable[[str], str]) -> list[PendingLink]:
        """A line for every More-news line still waiting: its story, the headline it
        names, the file of its target and why that was not written (`why(planned uid)`)."""
        lines = list(self.given_up)
        for entry in sorted(self.waiting.values(), key=lambda e: str(e.story.path)):
            lines += self._lines(entry, why)
        return lines

    def _lines(self, entry: _Waiting, why: Callable[[str], str]) -> list[PendingLink]:
        lines = []
        for part in entry.story.body:
            if isinstance(part, MoreNewsRef):
                planned = self.matcher.planned(entry.story, part)
                if planned in entry.targets:
                    target = str(self.matcher.first[planned].path)
                    lines.append(PendingLink(str(entry.story.path), part.headline, target,
                                             why(planned)))  # fmt: skip
        return lines
