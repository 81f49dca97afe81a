"""Writing parsed stories through the article service, each file on its own.

Each file is written inside its own savepoint: a file that fails (a validation error,
a constraint) is rolled back alone and reported, and the others go in. Savepoints are
committed in groups that hold the database's write lock for at most `group_seconds`
(a quarter of a second by default; 0 commits every file on its own). Why groups: a
commit costs as much as a third of writing a story, and entity changes are recorded
once per group (`entity_changes.deferred`), which is what brings 10,000 files under a
minute, while an editor saving meanwhile waits a fraction of a second at most. A
crash loses at most the last group; importing again skips what went in.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newsroom.core.articles import ArticleInput, create_article, update_article
from newsroom.core.db import Database
from newsroom.core.entity_changes import deferred
from newsroom.core.errors import NewsroomError
from newsroom.core.models import Article, ArticleEntity, Revision, Status, TagSource
from newsroom.core.morenews import token
from newsroom.core.slugs import unique_slug
from newsroom.importing.catalog import Catalog
from newsroom.importing.matching import SOURCE_NOTE, Existing, Matcher, fold, no_fragment
from newsroom.importing.model import MoreNewsRef, ParsedStory, SiteInfo
from newsroom.importing.report import FileResult, Outcome, UnresolvedLink

GROUP_SECONDS = 0.25

# Built once: an UPDATE statement made anew for each of 10,000 stories costs more in
# SQLAlchemy's Python than in SQLite. Plain Core on the session's connection, because
# nothing loaded in the session needs refreshing after them.
_articles, _revisions, _tags = Article.__table__, Revision.__table__, ArticleEntity.__table__
_SET_NOTE = (
    update(_revisions)
    .where(_revisions.c.article_id == bindparam("aid"), _revisions.c.version == bindparam("ver"))
    .values(note=bindparam("note"))
)
_SET_DATES = (
    update(_articles)
    .where(_articles.c.id == bindparam("aid"))
    .values(created_at=bindparam("created"), updated_at=bindparam("updated"))
)
_MARK_IMPORTED = (
    update(_tags)
    .where(
        _tags.c.article_id == bindparam("aid"),
        _tags.c.entity_id.in_(bindparam("ids", expanding=True)),
    )
    .values(source=TagSource.IMPORT.value)
)


@dataclass
class _Written:
    story: ParsedStory
    outcome: Outcome
    reason: str = ""
    story_id: int | None = None
    slug: str | None = None
    unresolved: list[UnresolvedLink] = field(default_factory=list)

    def result(self) -> FileResult:
        s = self.story
        return FileResult(
            str(s.path), self.outcome, self.reason, self.story_id, self.slug, s.headline,
            tuple(s.warnings),
        )  # fmt: skip


class Writer:
    def __init__(
        self,
        db: Database,
        matcher: Matcher,
        catalog: Catalog,
        site: SiteInfo,
        *,
        on_duplicate: str,
        author: str,
        group_seconds: float = GROUP_SECONDS,
    ) -> None:
        self.db, self.matcher, self.catalog, self.site = db, matcher, catalog, site
        self.on_duplicate, self.author, self.group_seconds = on_duplicate, author, group_seconds
        self.slugs: set[str] | None = None  # every story slug in use (see `_free_slug`)

    def add_sections(self) -> None:
        """Every section an export's menu lists, with or without stories: the menu is on
        every page, so a missing one would change them all."""
        if not self.site.sections:
            return
        with self.db.transaction() as session:
            for ref in sorted(self.site.sections.values(), key=lambda r: r.name):
                self.catalog.section_id(session, ref)
        self.catalog.commit()

    def write_all(
        self,
        stories: list[ParsedStory],
        *,
        cancelled: Callable[[], bool],
        written: Callable[[FileResult, list[UnresolvedLink]], None],
    ) -> bool:
        """Write every story (see the module notes); call `written` for each as its group
        commits. False if `cancelled()` stopped it."""
        i = 0
        while i < len(stories):
            group: list[_Written] = []
            try:
                with self.db.transaction() as session, deferred(session):
                    started = time.perf_counter()
                    while i < len(stories) and not cancelled():
                        group.append(self._write_one(session, stories[i]))
                        i += 1
                        if time.perf_counter() - started >= self.group_seconds:
                            break
            except (IntegrityError, DataError, OperationalError) as exc:  # the commit failed
                self.catalog.rollback()
                reason = _db_reason(exc)
                group = [_Written(w.story, "failed", reason) for w in group]
            else:
                self.catalog.commit()
                for w in group:
                    if w.story_id is not None and w.outcome != "skipped":
                        self.catalog.learn_headline(
                            w.story.headline, self.matcher.uids[id(w.story)]
                        )
                        if w.story.url:
                            self.matcher.by_address.setdefault(no_fragment(w.story.url), w.story_id)
            for w in group:
                written(w.result(), w.unresolved)
            if i < len(stories) and cancelled():
                return False
        return True

    def _write_one(self, session: Session, story: ParsedStory) -> _Written:
        done = _Written(story, "imported")
        try:
            with session.begin_nested():
                existing = self.matcher.existing_for(session, story)
                if existing is not None and self.on_duplicate == "skip":
                    self.catalog.file_done()
                    reason = f"already in the database (same {existing.how})"
                    return _Written(story, "skipped", reason, existing.id)
                done.story_id, done.slug = self._save(session, story, existing, done.unresolved)
                done.outcome = "updated" if existing is not None else "imported"
        except (NewsroomError, IntegrityError, DataError) as exc:
            self.catalog.file_failed()
            reason = str(exc) if isinstance(exc, NewsroomError) else _db_reason(exc)
            return _Written(story, "failed", reason)
        self.catalog.file_done()
        return done

    def _save(
        self,
        session: Session,
        story: ParsedStory,
        existing: Existing | None,
        unresolved: list[UnresolvedLink],
    ) -> tuple[int, str]:
        section_id = self.catalog.section_id(session, story.section) if story.section else None
        entity_ids: list[int] = []
        for ref in story.entities:
            description = self.site.entity_pages.get(f"{ref.kind}:{ref.name}", ("", ""))[1]
            entity_ids.append(self.catalog.entity_id(session, ref, description))
        status = story.status or (
            Status.PUBLISHED.value if story.published_at else Status.DRAFT.value
        )
        data = ArticleInput(
            headline=story.headline,
            slug=None if existing else self._free_slug(session, story),
            standfirst=story.standfirst,
            body=self._body(session, story, unresolved),
            byline=story.byline,
            section_id=section_id,
            dateline=story.dateline,
            status=status,
            published_at=story.published_at,
            entity_ids=tuple(dict.fromkeys(entity_ids)),
        )
        source = f"{SOURCE_NOTE}{story.url or story.path}"[:200]
        before: set[int] = set()
        if existing is None:
            uid = self.matcher.uids[id(story)]
            record = create_article(session, data, author=self.author, uid=uid)
            session.connection().execute(  # create_article notes "created": say from where
                _SET_NOTE, {"aid": record.id, "ver": record.version, "note": source}
            )
        else:
            before = set(
                session.scalars(
                    select(ArticleEntity.entity_id).where(ArticleEntity.article_id == existing.id)
                )
            )
            record = update_article(
                session, existing.id, existing.version, data, author=self.author,
                note="re-" + source,
            )  # fmt: skip
        added = [e for e in record.entity_ids if e not in before]
        if added:
            session.connection().execute(_MARK_IMPORTED, {"aid": record.id, "ids": added})
        self._keep_dates(session, record.id, story)
        return record.id, record.slug

    def _free_slug(self, session: Session, story: ParsedStory) -> str | None:
        """The file's slug (made valid), or the next free one when another story has it;
        None (derive from the headline) when the file gives none.

        Taken slugs are read once per import and remembered, not asked for each file;
        a slug taken by another writer meanwhile fails that file (the article service
        checks), and importing it again gives it the next free one.
        """
        if not story.slug:
            return None
        if self.slugs is None:
            self.slugs = set(session.scalars(select(Article.slug)))
        slug = self.matcher.slug(story)
        if slug != story.slug:
            story.warnings.append(f"the slug {story.slug!r} is not valid; used {slug!r}")
        free = slug
        if slug in self.slugs:
            free = unique_slug(session, slug, Article.slug)
            n = 2
            while free in self.slugs:
                free, n = f"{slug}-{n}", n + 1
            story.warnings.append(f"the slug {slug!r} belongs to another story; used {free!r}")
        self.slugs.add(free)
        return free

    def _keep_dates(self, session: Session, article_id: int, story: ParsedStory) -> None:
        """The story's own dates rather than the time of the import (the article service
        stamps each save with the time): updated is the file's modified date, else its
        publication date; created the earlier of the two."""
        updated = story.updated_at or story.published_at
        if updated is None:
            return
        created = min(updated, story.published_at or updated)
        session.connection().execute(
            _SET_DATES, {"aid": article_id, "created": created, "updated": updated}
        )

    def _body(self, session: Session, story: ParsedStory, unresolved: list[UnresolvedLink]) -> str:
        """The Markdown body, each More-news line a token or (unresolved) left out."""
        parts = []
        for part in story.body:
            if isinstance(part, str):
                parts.append(part)
                continue
            uid = self._resolve(session, story, part)
            if uid is None:
                unresolved.append(UnresolvedLink(str(story.path), part.headline, part.href))
            else:
                parts.append(token(uid, part.headline))
        return "\n\n".join(p.strip("\n") for p in parts if p.strip())

    def _resolve(self, session: Session, story: ParsedStory, ref: MoreNewsRef) -> str | None:
        """The uid a More-news line names: by address among the imported files, by
        headline among them, by headline in the database."""
        if ref.href:
            href = no_fragment(ref.href)
            if not urlsplit(href).scheme and not os.path.isabs(href):
                href = os.path.normpath(story.path.parent / href)
            if href in self.matcher.by_key:
                return self.matcher.by_key[href]
        if ref.headline:
            found = self.matcher.by_headline.get(fold(ref.headline))
            return found or self.catalog.uid_by_headline(session, ref.headline)
        return None


def _db_reason(exc: IntegrityError | DataError | OperationalError) -> str:
    first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
    return f"the database refused it: {first}"
