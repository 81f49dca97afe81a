"""Writing parsed stories through the article service, in groups; new stories in batches.

Each group of files is one transaction, so another Newsroom process waiting for the
database (a `newsroom add`, an editor's save) gets its turn between groups. The group
size adapts so that a group holds the database for about `group_seconds` (a quarter of
a second by default; 0 writes every file in a transaction of its own). Why groups at
all: a commit costs as much as a third of writing a story, and entity changes are
recorded once per group (`entity_changes.deferred`), which is what brings 10,000 files
under a minute.

In each group's transaction, in this order:

1. what is new in the database since the last group is read (`Catalog.refresh`,
   `Matcher.refresh`): another import or an editor may be writing at the same time;
2. the group's sections and entities are found or created, in name order, the same
   order in every import, so two imports do not deadlock on each other's new names
   (`Catalog.prepare`, new entities made at once where it can);
3. the files are written in order. Runs of new stories (no duplicate in the database
   or earlier in the import, their slug free, no pictures; found for the whole group
   in two queries, `Matcher.new_and_free`) are written together, a run in a savepoint,
   each table in one statement (`core.batch`): per statement, not per row, is where a
   big import's time went. Any other file is written in a savepoint of its own. A
   batch that fails is rolled back and its files written one by one, so a file that
   fails (a validation error, a constraint) is rolled back alone and reported, and the
   others go in. A file that lost a race with another writer (a unique violation, a
   deadlock) is rolled back and tried again: the duplicate check, asked anew in every
   attempt, then sees the other writer's story and skips (or updates) it. Either way
   each story gets the same rows, links and report line;
4. stories waiting for a More-news target written in this group are linked
   (`linking`), then pending lines anywhere that this group's stories are the one
   match for (`articles.link_arrivals`);
5. entities created for files that were not written are deleted.

A full disk or a database that stops taking writes ends the import with one reason
(`faults.ImportStopped`): that group is rolled back, the groups before it stay. A crash
loses at most the last group; importing again skips what went in.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from newsroom.core import leases, media
from newsroom.core.articles import (
    ArticleInput,
    StoryDates,
    clean_input,
    create_article,
    link_arrivals,
    update_article,
)
from newsroom.core.batch import NewStory, create_articles
from newsroom.core.db import Database
from newsroom.core.entity_changes import deferred
from newsroom.core.errors import DatabaseBusyError, NewsroomError, ValidationError
from newsroom.core.models import Article, ArticleEntity, Status, TagSource
from newsroom.core.sections import arrange_sections, list_sections
from newsroom.core.slugs import unique_slug
from newsroom.importing import pictures
from newsroom.importing.catalog import Catalog
from newsroom.importing.faults import ImportStopped, describe, is_retryable, stop_reason
from newsroom.importing.linking import Links, write_order
from newsroom.importing.matching import SOURCE_NOTE, Existing, Matcher, no_fragment
from newsroom.importing.model import MoreNewsRef, ParsedStory, SiteInfo
from newsroom.importing.report import FileResult, Outcome, PendingLink, UnresolvedLink

GROUP_SECONDS = 0.25
FIRST_GROUP, MAX_GROUP = 8, 500  # files
ATTEMPTS = 4  # per file, when it loses a race with another writer


@dataclass
class _Written:
    story: ParsedStory
    outcome: Outcome
    reason: str = ""
    story_id: int | None = None
    slug: str | None = None
    uid: str | None = None
    unresolved: list[UnresolvedLink] = field(default_factory=list)
    matched_on: str = ""

    def result(self) -> FileResult:
        s = self.story
        return FileResult(
            str(s.path), self.outcome, self.reason, self.story_id, self.slug, s.headline,
            tuple(s.warnings), self.matched_on,
        )  # fmt: skip


class _LostRace(Exception):
    """Another writer committed this story between the file's duplicate check and its
    write: roll the file back and try it again (the check then finds it)."""


@dataclass(frozen=True)
class _Saved:
    id: int
    slug: str
    uid: str
    version: int
    data: ArticleInput
    waiting: frozenset[str]  # planned uids of More-news targets not written yet


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
        status: str = "keep",
        group_seconds: float = GROUP_SECONDS,
    ) -> None:
        self.db, self.matcher, self.catalog, self.site = db, matcher, catalog, site
        self.on_duplicate, self.author, self.group_seconds = on_duplicate, author, group_seconds
        self.status = status  # "keep" the file's status, or make new stories "draft"s
        self.links = Links(matcher, catalog)
        self._invalid: dict[int, str] = {}  # id(story) -> why the service would refuse it
        self._failed: dict[str, str] = {}  # planned uid -> why its file failed
        # article id -> name of the file of this import that wrote it (committed groups,
        # and the group in its transaction): a later copy is skipped, never written over it
        self._wrote: dict[int, str] = {}
        self._group_wrote: dict[int, str] = {}
        self._stories: dict[int, ParsedStory] = {}  # article id -> its file, once committed

    def add_sections(self) -> None:
        """Every section an export's menu lists, with or without stories: the menu is on
        every page, so a missing one would change them all. One that can not be made
        (a name too long) is left out. The ones made here take the menu's order."""
        if not self.site.sections:
            return
        menu = list(self.site.sections.values())  # in the menu's order
        refs = sorted(menu, key=lambda r: r.name)
        try:
            with self.db.transaction() as session:
                self.catalog.refresh(session)
                before = {s.id for s in list_sections(session)}
                self.catalog.prepare(session, refs, ())
                made = [self.catalog.known_section(ref) for ref in menu]
                arrange_sections(session, [i for i in made if i is not None and i not in before])
        except (OperationalError, OSError, DatabaseBusyError) as exc:
            self.catalog.rollback()
            raise ImportStopped(stop_reason(exc)) from exc
        self.catalog.commit()

    def write_all(
        self,
        stories: list[ParsedStory],
        *,
        cancelled: Callable[[], bool],
        written: Callable[[FileResult, list[UnresolvedLink]], None],
    ) -> bool:
        """Write every story (see the module notes); call `written` for each as its group
        commits. False if `cancelled()` stopped it; `ImportStopped` if the database did
        (its `not_written` counts the files left)."""
        order = write_order(stories, self.matcher)
        size = 1 if self.group_seconds <= 0 else FIRST_GROUP
        i = 0
        while i < len(order):
            if cancelled():
                return False
            started = time.perf_counter()
            chunk = order[i : i + size]
            try:
                group, interrupted = self._group(chunk, cancelled)
            except (IntegrityError, DataError) as exc:  # the commit failed
                self._rolled_back()
                group, interrupted = [_Written(s, "failed", describe(exc)) for s in chunk], False
            except (OperationalError, OSError, DatabaseBusyError) as exc:
                self._rolled_back()
                raise ImportStopped(stop_reason(exc), len(order) - i) from exc
            else:
                self._committed(group)
            for w in group:
                if w.outcome == "failed":
                    self._failed.setdefault(self.matcher.uids[id(w.story)], w.reason)
                written(w.result(), w.unresolved)
            i += len(group)
            if interrupted:
                return False
            size = self._next_size(len(group), time.perf_counter() - started)
        return True

    def pending_links(self) -> list[PendingLink]:
        """The More-news lines to stories of the import still pending at the end (see
        `linking`)."""

        def why(planned: str) -> str:
            if planned in self.links.written:
                return "its story was imported, but this story could not be saved again"
            if planned in self._failed:
                return f"its file failed: {self._failed[planned]}"
            return "the import stopped before its file was written"

        return self.links.report(why)

    def _next_size(self, files: int, seconds: float) -> int:
        if self.group_seconds <= 0:
            return 1
        per_file = seconds / max(files, 1)
        return max(1, min(MAX_GROUP, int(self.group_seconds / max(per_file, 1e-6))))

    def _group(
        self, chunk: list[ParsedStory], cancelled: Callable[[], bool]
    ) -> tuple[list[_Written], bool]:
        """One transaction (see the module notes); (files written, cancelled meanwhile)."""
        group: list[_Written] = []
        interrupted = False
        self.links.begin()
        self._group_wrote = {}
        with self.db.transaction() as session, deferred(session):
            self.catalog.refresh(session)
            self.matcher.refresh(session)
            self._prepare(session, chunk)
            fresh = self.matcher.new_and_free(session, chunk)
            # Timed from here: the chunk's names are made, and a file left for the next
            # group would only have its new entities deleted and made again.
            started = time.perf_counter()
            run: list[ParsedStory] = []
            run_uids: set[str] = set()  # planned uids of the run's stories
            claimed: set[str] = set()  # slugs this group has written or will

            def write_run() -> None:
                written = self._write_run(session, run)
                group.extend(written)
                # A run written one by one may have given a story the next free slug.
                claimed.update(w.slug for w in written if w.slug is not None)
                run.clear()
                run_uids.clear()

            for n, story in enumerate(chunk):
                if n and time.perf_counter() - started > 2 * self.group_seconds:
                    break  # the rest go in the next group
                if n and cancelled():
                    interrupted = True
                    break
                if self._batchable(story, fresh, claimed, run_uids):
                    if self._asks_database(story):
                        write_run()
                    run.append(story)
                    run_uids.add(self.matcher.uids[id(story)])
                    claimed.add(self.matcher.slug(story))
                    continue
                write_run()
                group.append(self._write_one(session, story))
                if group[-1].slug is not None:
                    claimed.add(group[-1].slug)
            write_run()
            self.links.link_written(session, self.author, _dates)
            self._link_arrivals(session, group)
            self.catalog.drop_unused(session)
        return group, interrupted

    def _link_arrivals(self, session: Session, group: list[_Written]) -> None:
        """Pending lines this group's stories are the one match for, linked in its
        transaction (`core.pending`); a story of this import saved so keeps its dates."""
        written = {w.story_id: w.story for w in group
                   if w.story_id is not None and w.outcome != "skipped"}  # fmt: skip

        def dates(article_id: int) -> StoryDates | None:
            story = written.get(article_id) or self._stories.get(article_id)
            return _dates(story) if story is not None else None

        for record in link_arrivals(session, list(written), author=self.author, dates=dates):
            self.links.saved_again(record)

    def _committed(self, group: list[_Written]) -> None:
        self._wrote.update(self._group_wrote)
        self.catalog.commit()
        self.links.commit()
        for w in group:
            if w.story_id is not None and w.uid is not None and w.outcome != "skipped":
                self._stories[w.story_id] = w.story
                self.catalog.learn_headline(w.story.headline, w.uid)
                if w.story.url:
                    self.matcher.by_address.setdefault(no_fragment(w.story.url), w.story_id)

    def _rolled_back(self) -> None:
        self.catalog.rollback()
        self.links.rollback()

    def _prepare(self, session: Session, chunk: list[ParsedStory]) -> None:
        """Check each story as the article service will, then find or create the
        sections and entities of those it will take (`Catalog.prepare`)."""
        usable = []
        for story in chunk:
            try:
                clean_input(self._input(story, body=""))
            except ValidationError as exc:
                self._invalid[id(story)] = str(exc)
            else:
                usable.append(story)
        sections = [s.section for s in usable if s.section is not None]
        entities = [(ref, self._description(ref.kind, ref.name)) for s in usable
                    for ref in s.entities]  # fmt: skip
        self.catalog.prepare(session, sections, entities)

    def _description(self, kind: str | None, name: str) -> str:
        return self.site.entity_pages.get(f"{kind}:{name}", ("", ""))[1]

    def _batchable(
        self, story: ParsedStory, fresh: set[int], claimed: set[str], run_uids: set[str]
    ) -> bool:
        """Whether the story can go in a batch (`_write_run`): a new story (no duplicate in
        the database or earlier in the import, its slug free), without pictures, whose
        section and tags are at hand. A second file of a story in the run (`run_uids`:
        their planned uids) is not: it is written on its own once the run is, and then
        meets the first as its duplicate."""
        planned = self.matcher.uids[id(story)]
        return (
            id(story) in fresh
            and id(story) not in self._invalid
            and not story.images
            and story.lead_image is None
            and self.matcher.slug(story) not in claimed
            and planned not in run_uids
            and not self.links.is_written(planned)
            and (story.section is None or self.catalog.known_section(story.section) is not None)
            and all(self.catalog.known_entity(ref) is not None for ref in story.entities)
        )

    def _asks_database(self, story: ParsedStory) -> bool:
        """Whether a More-news line of the story names no story of the import: it is then
        looked for among the stories in the database, which must hold those written
        before it (a batch holding them is written first)."""
        return any(
            isinstance(part, MoreNewsRef) and part.headline
            and self.matcher.planned(story, part) is None
            for part in story.body
        )  # fmt: skip

    def _write_run(self, session: Session, run: list[ParsedStory]) -> list[_Written]:
        """New stories written together (`core.batch`), in a savepoint: the rows each
        would get from `_write_one`, in a few statements. When the batch fails, it is
        rolled back and each story is written on its own, so a bad file fails alone."""
        if len(run) <= 1:
            return [self._write_one(session, story) for story in run]
        done: list[_Written] = []
        items: list[NewStory] = []
        waiting: list[set[str]] = []
        planned = [self.matcher.uids[id(story)] for story in run]
        try:
            with session.begin_nested():
                for story, uid in zip(run, planned, strict=True):
                    done.append(_Written(story, "imported"))
                    waiting.append(set())
                    body = self.links.body(session, story, done[-1].unresolved, waiting[-1])
                    items.append(NewStory(self._new_input(session, story, body), uid,
                                          _source_note(story), _dates(story)))  # fmt: skip
                    self.links.story_written(story, uid)
                records = create_articles(
                    session, items, author=self.author, tag_source=TagSource.IMPORT
                )
        except (IntegrityError, OperationalError, NewsroomError, DataError) as exc:
            if isinstance(exc, OperationalError) and not is_retryable(exc):
                raise  # the database, not a file: the group stops
            self.links.forget(planned)
            return [self._write_one(session, story) for story in run]
        for w, item, record, lines in zip(done, items, records, waiting, strict=True):
            w.story_id, w.slug, w.uid = record.id, record.slug, record.uid
            self._group_wrote.setdefault(record.id, w.story.path.name)
            self.links.wait(w.story, record.id, record.version, item.data, lines)
        return done

    def _new_input(self, session: Session, story: ParsedStory, body: str) -> ArticleInput:
        """What `_save` saves for a new story of a batch (its section and tags known)."""
        section_id = self.catalog.known_section(story.section) if story.section else None
        known = [self.catalog.known_entity(ref) for ref in story.entities]
        entity_ids = [e for e in known if e is not None]
        return self._input(
            story, slug=self._free_slug(session, story, False), body=body,
            section_id=section_id, entity_ids=tuple(dict.fromkeys(entity_ids)),
        )  # fmt: skip

    def _write_one(self, session: Session, story: ParsedStory) -> _Written:
        if id(story) in self._invalid:
            return _Written(story, "failed", self._invalid[id(story)])
        for attempt in range(ATTEMPTS):
            last = attempt == ATTEMPTS - 1
            done = _Written(story, "imported")
            try:
                with session.begin_nested():
                    existing, slug_taken = self.matcher.check(session, story)
                    skipped = self._skipped(session, story, existing) if existing else None
                    if skipped is not None:
                        done, saved = skipped, None
                    else:
                        saved = self._save(session, story, existing, done.unresolved, slug_taken)
            except _LostRace:
                if last:
                    return _Written(story, "failed", "another writer kept writing this story")
                continue
            except (IntegrityError, OperationalError) as exc:
                if isinstance(exc, OperationalError) and not is_retryable(exc):
                    raise  # the database, not the file: the group stops
                if last:
                    return _Written(story, "failed", describe(exc))
                continue  # lost a race: the other writer's row is there now
            except ValidationError as exc:
                if exc.field in ("slug", "uid") and not last:
                    continue  # taken by another writer just now
                return _Written(story, "failed", str(exc))
            except (NewsroomError, DataError) as exc:
                return _Written(story, "failed", describe(exc))
            if saved is not None:
                done.outcome = "updated" if existing is not None else "imported"
                done.story_id, done.slug, done.uid = saved.id, saved.slug, saved.uid
                self._group_wrote.setdefault(saved.id, story.path.name)
                self.links.wait(story, saved.id, saved.version, saved.data, set(saved.waiting))
            assert done.uid is not None
            self.links.story_written(story, done.uid)
            return done
        raise AssertionError("unreachable")  # pragma: no cover

    def _skipped(self, session: Session, story: ParsedStory, existing: Existing) -> _Written | None:
        """Why the story of a file already in the database is not written, or None when
        it is updated. A copy of a file this import wrote is always skipped; a story open
        in an editor (a live lease, `core.leases`) is not updated under the editor's
        hands: the editor's next save would only meet a conflict."""
        earlier = self._group_wrote.get(existing.id) or self._wrote.get(existing.id)
        if earlier is not None:
            reason = f"the same story as {earlier}, earlier in this import"
            return _Written(story, "skipped", reason, existing.id, uid=existing.uid)
        if self.on_duplicate == "skip":
            reason = (
                f"already in the database: the story {existing.headline!r} has the same "
                f"{existing.how}"
            )
        else:
            lease = leases.holders(session, [existing.id]).get(existing.id)
            if lease is None:
                return None
            reason = (
                f"not updated: the story {existing.headline!r} is open in an editor "
                f"({lease.holder}); close it there, then update again"
            )
        return _Written(
            story, "skipped", reason, existing.id, uid=existing.uid, matched_on=existing.how
        )

    def _input(self, story: ParsedStory, **values: object) -> ArticleInput:
        if self.status == "draft":
            status = Status.DRAFT.value
        else:
            status = story.status or (
                Status.PUBLISHED.value if story.published_at else Status.DRAFT.value
            )
        fields: dict[str, object] = {
            "headline": story.headline,
            "standfirst": story.standfirst,
            "byline": story.byline,
            "dateline": story.dateline,
            "status": status,
            "published_at": story.published_at,
            **values,
        }
        return ArticleInput(**fields)  # type: ignore[arg-type]

    def _save(
        self,
        session: Session,
        story: ParsedStory,
        existing: Existing | None,
        unresolved: list[UnresolvedLink],
        slug_taken: bool,
    ) -> _Saved:
        section_id = self.catalog.section_id(session, story.section) if story.section else None
        entity_ids = [
            self.catalog.entity_id(session, ref, self._description(ref.kind, ref.name))
            for ref in story.entities
        ]
        waiting: set[str] = set()
        kept: dict[str, object] = {}
        before: dict[int, str] = {}  # the story's tags and where each came from
        if existing is not None:
            kept = self._kept_on_update(session, existing.id)
            before = {
                entity_id: source
                for entity_id, source in session.execute(
                    select(ArticleEntity.entity_id, ArticleEntity.source).where(
                        ArticleEntity.article_id == existing.id
                    )
                )
            }
        # The file owns the tags an import brought; tags given here stay on an update.
        ours = [e for e, source in before.items() if source != TagSource.IMPORT.value]
        body, lead_image = pictures.place(
            session,
            story,
            self.links.body(session, story, unresolved, waiting, existing.id if existing else None),
        )
        data = self._input(
            story,
            slug=None if existing else self._free_slug(session, story, slug_taken),
            body=body,
            section_id=section_id,
            entity_ids=tuple(dict.fromkeys([*entity_ids, *ours])),
            # A file without a picture leaves the lead image an editor gave the story.
            lead_image_id=(
                lead_image
                if lead_image is not None or existing is None
                else media.lead_image_of(session, existing.id)
            ),
            **kept,
        )
        source = _source_note(story)
        if existing is None:
            uid = self.matcher.uids[id(story)]
            record = create_article(
                session, data, author=self.author, uid=uid, link_pending=False, note=source,
                dates=_dates(story), tag_source=TagSource.IMPORT,
            )  # fmt: skip
        else:
            record = update_article(
                session, existing.id, existing.version, data, author=self.author,
                note="re-" + source, link_pending=False, dates=_dates(story),
                tag_source=TagSource.IMPORT,
            )  # fmt: skip
        return _Saved(record.id, record.slug, record.uid, record.version, data, frozenset(waiting))

    def _kept_on_update(self, session: Session, article_id: int) -> dict[str, object]:
        """What an update leaves as it is here. Making stories drafts is for stories that
        arrive: an update keeps the status and publication date the story has, so
        updating from files never takes a story off the site, nor puts one on."""
        if self.status != "draft":
            return {}
        row = session.execute(
            select(Article.status, Article.published_at).where(Article.id == article_id)
        ).one()
        return {"status": row.status, "published_at": row.published_at}

    def _free_slug(self, session: Session, story: ParsedStory, taken: bool) -> str:
        """The story's slug (the file's made valid, else the headline's), or the next free
        one when another story has it. Asked of the database in the group's transaction:
        another writer may have taken it since the import began.

        When the slug is taken, the duplicate check is asked again first: on PostgreSQL
        the story that took it may be this very one, committed by another import since
        this file's check (`_LostRace`: the file is tried again, and skipped). `taken`:
        whether the duplicate check found the slug in use (no second look when not)."""
        slug = self.matcher.slug(story)
        if story.slug and slug != story.slug:
            warning = f"the slug {story.slug!r} is not valid; used {slug!r}"
            if warning not in story.warnings:
                story.warnings.append(warning)
        free = unique_slug(session, slug, Article.slug) if taken else slug
        if free != slug:
            if self.matcher.find_existing(session, story) is not None:
                raise _LostRace
            if story.slug:
                story.warnings[:] = [w for w in story.warnings if "to another story" not in w]
                story.warnings.append(f"the slug {slug!r} belongs to another story; used {free!r}")
        return free


def _source_note(story: ParsedStory) -> str:
    """The first revision's note: where the story was imported from. A file name need
    not be UTF-8: its bytes are written as escapes, never stored raw."""
    where = story.url or os.fsencode(story.path).decode("utf-8", "backslashreplace")
    return f"{SOURCE_NOTE}{where}"[:200]


def _dates(story: ParsedStory) -> StoryDates | None:
    """The story's own dates rather than the time of the import (`StoryDates.of`)."""
    return StoryDates.of(story.published_at, story.updated_at)
