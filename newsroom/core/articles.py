"""The article service: the only code that creates, changes or deletes stories.

Each function takes the caller's session and works inside the caller's transaction
(`with db.transaction() as session: ...`), so a save is all or nothing. Every save
bumps `version`, writes a revision, and re-derives the More-news links from the body.
A story that arrives (new, or with a new headline) links the pending More-news lines
that want it in the same transaction (`link_arrivals`, see `core.pending`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import cast

from sqlalchemy import Integer, Table, delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from newsroom.core import media, pending
from newsroom.core.dates import in_range, whole_minute
from newsroom.core.errors import ConflictError, NotFoundError, ValidationError
from newsroom.core.models import (
    HEADLINE_MAX,
    NAME_MAX,
    Article,
    ArticleLeadImage,
    Entity,
    MoreNewsLink,
    Revision,
    Section,
    Status,
    TagSource,
    UTCDateTime,
    utcnow,
)
from newsroom.core.slugs import slug_from, unique_slug, validate_slug
from newsroom.core.story_tags import join_tag_names, merge_tags, set_tags, tag_names, tags_of
from newsroom.core.storyfields import FIELD_NAMES, SAVED_FIELDS
from newsroom.core.textfields import many_lines, one_line
from newsroom.text.morenews import target_uids, wanted_headlines, with_links


@dataclass(frozen=True)
class ArticleInput:
    """What an editor saves. `slug=None` means "derive from the headline" for a new
    story and "keep the current slug" for an existing one. `entity_ids=None` leaves
    the tags as they are. `lead_image_id` is the library id of the story's lead image
    (None: it has none); every save writes it, like the other fields."""

    headline: str
    slug: str | None = None
    standfirst: str = ""
    body: str = ""
    byline: str = ""
    section_id: int | None = None
    dateline: str = ""
    status: str = Status.DRAFT.value
    published_at: datetime | None = None
    embargo_until: datetime | None = None
    entity_ids: tuple[int, ...] | None = None
    lead_image_id: int | None = None


@dataclass(frozen=True)
class ArticleRecord:
    """A story as loaded: plain values, safe to keep after the session is gone."""

    id: int
    uid: str
    version: int
    headline: str
    slug: str
    standfirst: str
    body: str
    byline: str
    section_id: int | None
    dateline: str
    status: str
    published_at: datetime | None
    embargo_until: datetime | None
    created_at: datetime
    updated_at: datetime
    entity_ids: tuple[int, ...] = field(default=())
    lead_image_id: int | None = None

    def as_input(self) -> ArticleInput:
        return ArticleInput(**{name: getattr(self, name) for name in FIELD_NAMES})


@dataclass(frozen=True)
class StoryDates:
    """When a story was created and last changed, recorded by a save instead of the time
    of the save: an import keeps the dates a story had where it came from. The revision
    still records when it was saved."""

    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, published: datetime | None, updated: datetime | None) -> StoryDates | None:
        """A story's own dates from its file: updated is its modified date, else its
        publication date; created the earlier of the two. None when it gives neither."""
        last = updated or published
        if last is None:
            return None
        return cls(min(last, published or last), last)


def clean_line(value: str, field: str) -> str:
    """A byline or dateline as it is stored (one line, no control characters, at most
    NAME_MAX), or ValidationError on `field`. The editor's "my byline" uses it too."""
    value = one_line(value, field, field)
    if len(value) > NAME_MAX:
        raise ValidationError(field, f"the {field} is longer than {NAME_MAX} characters")
    return value


def clean_input(data: ArticleInput) -> ArticleInput:
    """Validate and normalise; raise ValidationError naming the first bad field.

    Text fields follow `textfields`: control characters refused, fields of one line
    folded to single spaces.

    The date rules, here and nowhere else (the editor, the command line and the import
    all save through this):

    - dates are timezone-aware and within the years 1800 to 2200 (`dates.in_range`);
    - a published story has a publication date. Nothing is stamped on the caller's
      behalf: a caller that means "now" passes now, so an editor who forgot the date
      is told, not given the time of the save;
    - an embargo may not end after the publication time, whatever the status. The
      embargo is the earliest moment the story may appear and the publication time the
      moment it does (and the date its page shows); a story published before its
      embargo lifts would either break the embargo or show a date it was not on the
      site. A draft is refused too: it goes live by a change of status alone, and the
      contradiction is cheaper to fix when it is typed than when it goes live.
    """
    headline = one_line(data.headline, "headline", "headline")
    if not headline:
        raise ValidationError("headline", "the headline is empty")
    if len(headline) > HEADLINE_MAX:
        raise ValidationError(
            "headline", f"the headline is {len(headline)} characters; at most {HEADLINE_MAX}"
        )
    slug = validate_slug(data.slug.strip()) if data.slug is not None else None
    try:
        status = Status(data.status).value
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise ValidationError(
            "status", f"unknown status {data.status!r}; one of {allowed}"
        ) from None
    byline = clean_line(data.byline, "byline")
    dateline = clean_line(data.dateline, "dateline")
    standfirst = many_lines(data.standfirst, "standfirst", "standfirst").strip()
    body = many_lines(data.body, "body", "body")
    published_at = _minute(_date(data.published_at, "published_at"))
    embargo_until = _minute(_date(data.embargo_until, "embargo_until"))
    if status == Status.PUBLISHED and published_at is None:
        raise ValidationError(
            "published_at",
            "a published story needs a publication date: give one, or choose another status",
        )
    if published_at is not None and embargo_until is not None and embargo_until > published_at:
        raise ValidationError(
            "embargo_until",
            "the embargo ends after the publication time: publish at or after the end of "
            "the embargo, or clear the embargo",
        )
    entity_ids = None if data.entity_ids is None else tuple(dict.fromkeys(data.entity_ids))
    return ArticleInput(
        headline=headline,
        slug=slug,
        standfirst=standfirst,
        body=body.rstrip() + "\n" if body.strip() else "",
        byline=byline,
        section_id=data.section_id,
        dateline=dateline,
        status=status,
        published_at=published_at,
        embargo_until=embargo_until,
        entity_ids=entity_ids,
        lead_image_id=data.lead_image_id,
    )


def _date(value: datetime | None, field: str) -> datetime | None:
    return in_range(value, field) if value is not None else None


def _minute(value: datetime | None) -> datetime | None:
    return whole_minute(value) if value is not None else None


def _check_references(session: Session, data: ArticleInput) -> None:
    if data.section_id is not None and session.get(Section, data.section_id) is None:
        raise ValidationError("section", f"there is no section {data.section_id}")
    if data.entity_ids:
        found = set(session.scalars(select(Entity.id).where(Entity.id.in_(data.entity_ids))))
        missing = [i for i in data.entity_ids if i not in found]
        if missing:
            raise ValidationError("entities", f"unknown entity id(s): {missing}")
    media.check_lead(session, data.lead_image_id)


def _choose_slug(session: Session, data: ArticleInput, article: Article | None) -> str:
    exclude = (Article.id == article.id) if article is not None and article.id else None
    if data.slug is None:
        if article is not None:
            return article.slug
        return unique_slug(session, slug_from(data.headline), Article.slug)
    if data.slug != (article.slug if article else None):
        owner = session.execute(
            select(Article.headline).where(Article.slug == data.slug)
            if exclude is None
            else select(Article.headline).where(Article.slug == data.slug, ~exclude)
        ).scalar()
        if owner is not None:
            raise ValidationError(
                "slug", f"the slug {data.slug!r} is already used by the story {owner!r}"
            )
    return data.slug


def _write_derived(
    session: Session,
    article: Article,
    data: ArticleInput,
    author: str,
    note: str,
    *,
    saved_at: datetime,
    tag_source: TagSource | None,
    new: bool = False,
) -> tuple[int, ...]:
    """Links from the body, tags, and the revision row, after the article is flushed;
    returns the story's tags. `new`: a story just inserted, with nothing derived yet
    to replace (nothing is read or deleted first: an import writes thousands)."""
    if not new:
        session.execute(delete(MoreNewsLink).where(MoreNewsLink.source_id == article.id))
    uids = target_uids(article.body)
    if uids:
        session.execute(
            insert(MoreNewsLink),
            [{"source_id": article.id, "position": i, "target_uid": u} for i, u in enumerate(uids)],
        )
    pending.store_lines(session, article.id, article.body, new=new)
    media.store_refs(session, article.id, article.body)
    media.store_lead(session, article.id, data.lead_image_id, new=new)
    if data.entity_ids is not None:
        set_tags(session, article.id, data.entity_ids, tag_source, new=new)
        tags = data.entity_ids
    else:
        tags = tags_of(session, article.id)
    session.connection().execute(
        insert(_REVISIONS),
        {
            "article_id": article.id,
            "version": article.version,
            "saved_at": saved_at,
            "saved_by": author,
            "note": note[:NAME_MAX],
            "tags": join_tag_names(tag_names(session, tags)),
            "lead_image_id": data.lead_image_id,
            **{name: getattr(article, name) for name in SAVED_FIELDS},
        },
    )
    return tags


_REVISIONS = cast(Table, Revision.__table__)


def create_article(
    session: Session,
    data: ArticleInput,
    *,
    author: str = "",
    uid: str | None = None,
    link_pending: bool = True,
    note: str = "created",
    dates: StoryDates | None = None,
    tag_source: TagSource | None = None,
) -> ArticleRecord:
    """Add a new story (version 1) and its first revision, and link the pending lines
    that want it (`link_arrivals`; `link_pending=False`: the caller will).

    `note` is the first revision's note; `dates` the story's own created and updated
    times (default: now); `tag_source` where its tags came from (default: typed)."""
    clean = clean_input(data)
    _check_references(session, clean)
    values = {name: getattr(clean, name) for name in SAVED_FIELDS}
    values["slug"] = _choose_slug(session, clean, None)
    now = utcnow()
    stamped = story_dates(dates, now)
    article = Article(**values, created_at=stamped.created_at, updated_at=stamped.updated_at)
    if uid is not None:
        owner = session.scalar(select(Article.headline).where(Article.uid == uid))
        if owner is not None:
            raise ValidationError("uid", f"the uid {uid} already belongs to the story {owner!r}")
        article.uid = uid
    session.add(article)
    _flush(session, "slug")
    tags = _write_derived(
        session, article, clean, author, note, saved_at=now, tag_source=tag_source, new=True
    )
    pending.store_headline(session, article.id, article.headline, new=True)
    session.flush()
    if link_pending and link_arrivals(session, [article.id], author=author):
        return load_article(session, article.id)
    return _record(article, tags, clean.lead_image_id)


def update_article(
    session: Session,
    article_id: int,
    expected_version: int,
    data: ArticleInput,
    *,
    author: str = "",
    note: str = "",
    loaded_entity_ids: Sequence[int] | None = None,
    link_pending: bool = True,
    dates: StoryDates | None = None,
    tag_source: TagSource | None = None,
) -> ArticleRecord:
    """Save new values over the story the editor loaded at `expected_version`; a new
    headline links the pending lines that want it (as `create_article` does).

    Raises ConflictError (nothing written) when another writer saved or deleted the
    story since; the error carries the values this writer tried to save.

    Tags: give `loaded_entity_ids`, the tags the editor loaded, and only the editor's
    own changes are applied (tags added are added, tags removed are removed), so tags
    set meanwhile without a version bump (an accepted suggestion, another window) are
    kept. Without it, `data.entity_ids` replaces the whole list (importers, scripts).

    `dates` and `tag_source` as for `create_article`: the story's own dates instead of
    the time of the save, and where tags new to it came from.
    """
    clean = clean_input(data)
    article = session.get(Article, article_id, with_for_update=True, populate_existing=True)
    if article is None or article.version != expected_version:
        raise ConflictError(
            article_id, expected_version, article.version if article else None, asdict(data)
        )
    if loaded_entity_ids is not None and clean.entity_ids is not None:
        clean = replace(
            clean,
            entity_ids=merge_tags(
                loaded_entity_ids, clean.entity_ids, tags_of(session, article_id)
            ),
        )
    _check_references(session, clean)
    slug = _choose_slug(session, clean, article)
    for name in SAVED_FIELDS:
        setattr(article, name, slug if name == "slug" else getattr(clean, name))
    now = utcnow()
    if dates is None:
        article.updated_at = now
    else:
        stamped = story_dates(dates, now)
        article.created_at, article.updated_at = stamped.created_at, stamped.updated_at
    try:
        _flush(session, "slug")
    except StaleDataError as exc:  # lost the race between our read and our write
        raise ConflictError(article_id, expected_version, None, asdict(data)) from exc
    tags = _write_derived(
        session, article, clean, author, note, saved_at=now, tag_source=tag_source
    )
    arrived = pending.store_headline(session, article.id, article.headline)
    session.flush()
    if link_pending and arrived and link_arrivals(session, [article.id], author=author):
        return load_article(session, article.id)
    return _record(article, tags, clean.lead_image_id)


def story_dates(dates: StoryDates | None, now: datetime) -> StoryDates:
    """The dates a save records: the caller's, checked as an editor's dates are, or now."""
    if dates is None:
        return StoryDates(now, now)
    created = in_range(dates.created_at, "created_at")
    updated = in_range(dates.updated_at, "updated_at")
    return StoryDates(min(created, updated), updated)


def link_arrivals(
    session: Session,
    article_ids: Sequence[int],
    *,
    author: str = "",
    dates: Callable[[int], StoryDates | None] | None = None,
) -> list[ArticleRecord]:
    """Link the pending More-news lines these stories (just written, in this
    transaction) are the one match for: each linking story is saved again with its
    body rewritten (see `core.pending`). Returns those stories as saved.

    Each is locked before it is read, in id order, so two writers never deadlock on it
    and none is saved over a version it did not read. One that can not be saved (older
    data that today's rules refuse) keeps its lines pending: the arriving story's own
    save never fails for another story's sake. `dates(id)`: the dates such a save
    records for that story (an import keeps its stories' own), None for now."""
    saved = []
    for source_id in pending.sources_wanting(session, article_ids):
        article = session.get(Article, source_id, with_for_update=True, populate_existing=True)
        if article is None:
            continue
        linked = pending.links_for(session, article.id, article.body)
        if not linked:
            continue
        names = [h for n, h in enumerate(wanted_headlines(article.body)) if n in linked]
        note = f"More news linked: {'; '.join(dict.fromkeys(names))}"
        data = replace(
            load_article(session, article.id).as_input(),
            body=with_links(article.body, linked),
            entity_ids=None,
        )
        if len(note) > NAME_MAX:
            note = note[: NAME_MAX - 1] + "…"
        try:
            with session.begin_nested():
                record = update_article(
                    session, article.id, article.version, data, author=author, note=note,
                    link_pending=False, dates=dates(article.id) if dates else None,
                )  # fmt: skip
        except ValidationError:
            continue  # older data today's rules refuse: its lines stay pending
        saved.append(record)
    return saved


def delete_article(session: Session, article_id: int, expected_version: int | None = None) -> None:
    """Delete a story with its revisions, tags and outgoing links.

    With `expected_version`, refuse (ConflictError) if it was saved since it was loaded.
    """
    article = session.get(Article, article_id, with_for_update=True, populate_existing=True)
    if article is None:
        raise NotFoundError(f"there is no story {article_id}")
    if expected_version is not None and article.version != expected_version:
        raise ConflictError(article_id, expected_version, article.version, {})
    session.delete(article)
    session.flush()


def load_article(session: Session, article_id: int) -> ArticleRecord:
    """The story as it is now, or NotFoundError."""
    article = session.get(Article, article_id, populate_existing=True)
    if article is None:
        raise NotFoundError(f"there is no story {article_id}")
    return _record(article, tags_of(session, article_id), media.lead_image_of(session, article_id))


def _record(article: Article, tags: tuple[int, ...], lead_image_id: int | None) -> ArticleRecord:
    """The record of a story as loaded, or as this session just saved it (its values
    are the ones written: nothing to read back)."""
    return ArticleRecord(
        id=article.id,
        uid=article.uid,
        version=article.version,
        created_at=article.created_at,
        updated_at=article.updated_at,
        entity_ids=tags,
        lead_image_id=lead_image_id,
        **{name: getattr(article, name) for name in SAVED_FIELDS},
    )


def find_by_slug(session: Session, slug: str) -> ArticleRecord:
    article_id = session.scalar(select(Article.id).where(Article.slug == slug))
    if article_id is None:
        raise NotFoundError(f"there is no story with the slug {slug!r}")
    return load_article(session, article_id)


def count_articles(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Article)) or 0


def linked_from(session: Session, uid: str) -> list[tuple[int, str]]:
    """(id, headline) of the stories whose bodies link to the story `uid`."""
    rows = session.execute(
        select(Article.id, Article.headline)
        .join(MoreNewsLink, MoreNewsLink.source_id == Article.id)
        .where(MoreNewsLink.target_uid == uid)
        .distinct()
        .order_by(Article.headline)
    )
    return list(rows)


def _flush(session: Session, unique_field: str) -> None:
    """Flush, turning a unique-constraint race into a ValidationError on the field."""
    try:
        session.flush()
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        if f"articles.{unique_field}" in text or f"uq_articles_{unique_field}" in text:
            raise ValidationError(
                unique_field, f"that {unique_field} was taken by another writer just now"
            ) from exc
        raise


def with_changes(record: ArticleRecord, **changes: object) -> ArticleInput:
    """Convenience for callers: the record's input with some fields changed."""
    return replace(record.as_input(), **changes)  # type: ignore[arg-type]


def move_section_stories(
    session: Session, from_section: int, to_section: int | None, *, author: str, note: str
) -> int:
    """Move every story of one section to another (None: to no section), as a save
    would: each gets a new version and a revision, so an editor holding an older
    version is told on saving. Set-based (a section may hold 100,000 stories); the
    rows are locked first so no save slips between the revision and the update.
    Returns how many stories moved."""
    where = Article.section_id == from_section
    moved = len(session.scalars(select(Article.id).where(where).with_for_update()).all())
    if not moved:
        return 0
    now = utcnow()
    target = literal(to_section, Integer)
    lead = select(ArticleLeadImage.media_id).where(ArticleLeadImage.article_id == Article.id)
    snapshot = {name: getattr(Article, name) for name in SAVED_FIELDS} | {
        "section_id": target,
        "lead_image_id": lead.scalar_subquery(),
    }
    session.execute(
        insert(Revision).from_select(
            ["article_id", "version", "saved_at", "saved_by", "note", *snapshot],
            select(
                Article.id,
                Article.version + 1,
                literal(now, UTCDateTime),
                literal(author),
                literal(note[:NAME_MAX]),
                *snapshot.values(),
            ).where(where),
        )
    )
    session.execute(
        update(Article)
        .where(where)
        .values(section_id=to_section, version=Article.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return moved
