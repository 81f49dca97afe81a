"""The schema, as typed SQLAlchemy 2.0 declarative models.

Notes a caller must know:
- Every date-time is timezone-aware in Python and stored in UTC (`UTCDateTime`).
- `Article.version` is SQLAlchemy's `version_id_col`: an UPDATE carries
  `WHERE version = <loaded>`, so a save that lost a race touches no row and is turned
  into a `ConflictError` by the service layer.
- `MoreNewsLink.target_uid` is a uid, not a foreign key: a link to a deleted or
  not-yet-imported story is still recorded and can be reported.
- A pending More-news line (it names a story by headline, not uid) is a `PendingLink`;
  `HeadlineKey` holds every story's headline in the form those are matched in.
- `MediaImage.data` (an image's original bytes) is deferred: listing the library never
  loads the pictures; read them with `core.media.image_bytes`.
- Relationships are `lazy="raise"`: a hidden query is a bug, load what you need with
  `selectinload` or a `select()`.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

HEADLINE_MAX = 300
SLUG_MAX = 200
NAME_MAX = 200
HOST_MAX = 255
KEY_MAX = 600  # a headline in the form pending More-news lines are matched in


class Status(enum.StrEnum):
    """Where a story is in its life; only `published` stories are exported."""

    DRAFT = "draft"
    REVIEW = "review"
    READY = "ready"
    PUBLISHED = "published"
    SPIKED = "spiked"


class EntityKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    EVENT = "event"
    TOPIC = "topic"


class TagSource(enum.StrEnum):
    """How a tag got onto a story: the editor typed it, accepted a suggestion, or import."""

    TYPED = "typed"
    SUGGESTION = "suggestion"
    IMPORT = "import"


def new_uid() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC; naive values are refused, never guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite keeps no offset; we only ever wrote UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _enum_check(column: str, values: type[enum.StrEnum]) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_valid")


# Named constraints so Alembic migrations (and SQLite batch mode) can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class Base(DeclarativeBase):
    metadata = metadata


class Section(Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    position: Mapped[int] = mapped_column(default=0)


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        _enum_check("status", Status),
        Index("ix_articles_status_published_at", "status", "published_at"),
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_updated_at", "updated_at"),
        Index("ix_articles_section_id", "section_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    headline: Mapped[str] = mapped_column(String(HEADLINE_MAX))
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    standfirst: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    byline: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    dateline: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT.value)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    embargo_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    section: Mapped[Section | None] = relationship(lazy="raise")
    tags: Mapped[list[ArticleEntity]] = relationship(
        back_populates="article", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Entity(Base):
    __tablename__ = "entities"
    __table_args__ = (
        _enum_check("kind", EntityKind),
        UniqueConstraint("kind", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    aliases: Mapped[list[EntityAlias]] = relationship(
        back_populates="entity", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class EntityOldSlug(Base):
    """A slug an entity's page had before it was renamed: the export writes a redirect
    there. Never any entity's current slug (an entity given it takes it over)."""

    __tablename__ = "entity_old_slugs"

    slug: Mapped[str] = mapped_column(String(SLUG_MAX), primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )


class EntityAlias(Base):
    """Another name an entity goes by; `normalised` is unique across all entities."""

    __tablename__ = "entity_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(NAME_MAX))
    normalised: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)

    entity: Mapped[Entity] = relationship(back_populates="aliases", lazy="raise")


class ArticleEntity(Base):
    """A tag: this story is about (or mentions) this entity."""

    __tablename__ = "article_entities"
    __table_args__ = (_enum_check("source", TagSource),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    source: Mapped[str] = mapped_column(String(16), default=TagSource.TYPED.value)
    position: Mapped[int] = mapped_column(default=0)

    article: Mapped[Article] = relationship(back_populates="tags", lazy="raise")
    entity: Mapped[Entity] = relationship(lazy="raise")


class MoreNewsLink(Base):
    """One "More news" line in a story body, in body order; derived from the body on save."""

    __tablename__ = "more_news_links"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    target_uid: Mapped[str] = mapped_column(String(36), index=True)


class PendingLink(Base):
    """A pending More-news line of a story (`[[more-news:?|Wanted headline]]`), by its
    place among the body's pending lines; derived from the body on save like
    `MoreNewsLink`, so a story that arrives finds the lines that want it by `wanted_key`
    (`core.pending`)."""

    __tablename__ = "pending_links"

    source_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    wanted: Mapped[str] = mapped_column(String(HEADLINE_MAX))  # the hint, for people
    wanted_key: Mapped[str] = mapped_column(String(KEY_MAX), index=True)
    truncated: Mapped[bool] = mapped_column(Boolean)  # wanted_key is a prefix


class HeadlineKey(Base):
    """A story's headline as pending lines are matched against it (`headline_key`),
    kept by the article service, so "exactly one story has this headline" is a query."""

    __tablename__ = "headline_keys"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(KEY_MAX), index=True)


class Revision(Base):
    """A snapshot of a story as it was saved; one row per save, never updated."""

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_article_id_version", "article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int]
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    note: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    headline: Mapped[str] = mapped_column(String(HEADLINE_MAX))
    slug: Mapped[str] = mapped_column(String(SLUG_MAX))
    standfirst: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    byline: Mapped[str] = mapped_column(String(NAME_MAX))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    dateline: Mapped[str] = mapped_column(String(NAME_MAX))
    status: Mapped[str] = mapped_column(String(16))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    embargo_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The tags' names as saved, one a line (`revisions.tag_names`); None: saved before
    # revisions recorded tags (migration 0006).
    tags: Mapped[str | None] = mapped_column(Text, default=None)
    # The lead image's library id as saved (None: none). Not a foreign key: an old
    # revision does not keep an image in the library (migration 0012).
    lead_image_id: Mapped[int | None] = mapped_column(default=None)


class Setting(Base):
    """Site-wide settings as key/value rows; read them through `core.settings`."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ArticleLease(Base):
    """Who has a story open for editing, until when. A lease that is not renewed lapses,
    so a client that vanished (crash, lost network) stops blocking others' view."""

    __tablename__ = "article_leases"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(NAME_MAX))
    client_id: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Where the holding process runs: a lease of a process that is gone from this very
    # host is stale at once (a crash), without waiting for `expires_at`. "" and None
    # for leases taken before this was recorded: those only lapse.
    host: Mapped[str] = mapped_column(String(HOST_MAX), default="", server_default="")
    pid: Mapped[int | None] = mapped_column(Integer)


class DismissedSuggestion(Base):
    """An entity suggestion the editor dismissed for one story; it stays dismissed."""

    __tablename__ = "dismissed_suggestions"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    normalised: Mapped[str] = mapped_column(String(NAME_MAX), primary_key=True)


class DictionaryWord(Base):
    """A word of the newsroom dictionary: correct in every story, for every editor (on
    PostgreSQL the dictionary is shared). Read and written through `core.dictionary`."""

    __tablename__ = "dictionary_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    added_by: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StorySpelling(Base):
    """One story's spelling choices: the dictionary language it is checked in (None:
    the site's locale) and the words ignored in it, one a line (`core.dictionary`)."""

    __tablename__ = "story_spelling"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str | None] = mapped_column(String(32), default=None)
    ignored: Mapped[str] = mapped_column(Text, default="")


class MediaImage(Base):
    """An image of the media library: its original bytes, stored once (`sha256` is
    unique: the same file added twice is one row), what Pillow read of it, and the
    text a page shows with it. Written only through `core.media`."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer)  # bytes of `data`
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(16))  # Pillow's name: JPEG, PNG, WEBP, GIF
    alt: Mapped[str] = mapped_column(Text, default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    credit: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    source: Mapped[str] = mapped_column(Text, default="")  # where it came from (a file name)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleLeadImage(Base):
    """A story's lead image (at most one). A table of its own rather than a column of
    `articles`, so adding it did not rebuild the articles table on SQLite; a media row
    in use cannot be deleted (RESTRICT, and `core.media` says which stories use it)."""

    __tablename__ = "article_lead_images"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="RESTRICT"), index=True)


class ArticleMedia(Base):
    """An image a story's body shows (`![alt](media:<id>)`); derived from the body on
    save like `MoreNewsLink`, so "where is this image used" is a query. `media_id` is
    not a foreign key: a body may name an image that is gone (`newsroom check` says)."""

    __tablename__ = "article_media"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    media_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
