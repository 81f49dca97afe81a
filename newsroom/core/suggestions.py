"""Entity suggestions for a story: known entities it mentions, and new candidates.

The editor calls, with one session per action (off the UI thread):

    suggest(session, text, article_id=...)  -> list[Suggestion], in text order
    accept(session, article_id, suggestion) -> entity id (created if new), tagged
    dismiss(session, article_id, suggestion_or_text)   stays dismissed for the story

`suggest` lists every mention (start/end are character offsets into `text`, for
highlighting); group them by `Suggestion.key` to show one row per entity. Entities
already tagged on the story and suggestions dismissed for it are left out.

Accepting tags the story with `TagSource.SUGGESTION` as a row of its own: the
story's version is not bumped, so an editor holding unsaved text does not get a
conflict. Its next save must carry the new tag in `entity_ids` (or pass None).

The matcher over all names and aliases is built once per database (keyed by the
engine's connection pool) and kept in step with the entity list: each call reads the
entity change stamp (`core.entity_changes`, one small query); when it moved, only
the entities in the change log are reloaded, and the whole matcher is rebuilt only
if the log does not reach back or the counts still disagree (writes that bypassed
the service layer). So a rename or an accepted suggestion costs a few milliseconds,
not a rebuild. Reads go through the caller's session, so they see its uncommitted
writes; a rolled-back write changes the stamp's token and forces a rebuild. The first
call on a database pays the build (about 3 s for 50,000 entities with 100,000
aliases): warm it from a worker at start-up with `known_matcher(session)`.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from newsroom.core.entities import create_entity, find_entity_id, normalise, tag_article
from newsroom.core.entity_changes import EntityStamp, changed_since, read_stamp
from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.models import (
    NAME_MAX,
    Article,
    ArticleEntity,
    DismissedSuggestion,
    Entity,
    EntityAlias,
    EntityKind,
    TagSource,
)
from newsroom.text.candidates import NameCandidate, find_candidates
from newsroom.text.lexicon import COMMON_WORDS, ORG_HEADS, PARTICLES, PLACE_HEADS
from newsroom.text.matcher import EntityMatcher, Match
from newsroom.text.morenews import without_links
from newsroom.text.tokens import tokenize

_NOT_SHORT_FORMS = COMMON_WORDS | ORG_HEADS | PLACE_HEADS


@dataclass(frozen=True)
class Suggestion:
    """One mention worth tagging. `entity_id`/`slug` are None for a new candidate."""

    text: str  # the mention as written
    start: int
    end: int
    kind: str
    entity_id: int | None
    slug: str | None
    name: str  # the entity's name, or the name a new entity would get

    @property
    def is_new(self) -> bool:
        return self.entity_id is None

    @property
    def key(self) -> str:
        """Same for every mention of one entity or candidate: group rows by it."""
        return f"#{self.entity_id}" if self.entity_id is not None else normalise(self.name)


@dataclass
class _KnownEntities:
    """Every entity of one database as the suggestions need them: the matcher over
    their names and aliases, and the `EntityStamp` it was brought up to date with."""

    matcher: EntityMatcher
    info: dict[int, tuple[str, str, str]]  # id -> (kind, name, slug)
    aliases: dict[int, int] = field(default_factory=dict)  # id -> how many aliases
    stamp: EntityStamp | None = None

    def counts_match(self, stamp: EntityStamp) -> bool:
        biggest = max(self.info, default=0)
        return (len(self.info), biggest, sum(self.aliases.values())) == stamp.counts[:3]


_CACHE: weakref.WeakKeyDictionary[Pool, _KnownEntities] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _load(
    session: Session, ids: Sequence[int] | None
) -> tuple[dict[int, tuple[str, str, str]], dict[int, list[str]]]:
    info_q = select(Entity.id, Entity.kind, Entity.name, Entity.slug)
    alias_q = select(EntityAlias.entity_id, EntityAlias.alias).order_by(EntityAlias.id)
    if ids is not None:
        info_q = info_q.where(Entity.id.in_(ids))
        alias_q = alias_q.where(EntityAlias.entity_id.in_(ids))
    info = {row[0]: (row[1], row[2], row[3]) for row in session.execute(info_q)}
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in session.execute(alias_q):
        aliases.setdefault(entity_id, []).append(alias)
    return info, aliases


def _build(session: Session) -> _KnownEntities:
    info, aliases = _load(session, None)
    matcher = EntityMatcher()
    for entity_id, (_kind, name, _slug) in info.items():
        matcher.add(entity_id, name)
    for entity_id, forms in aliases.items():
        for alias in forms:
            matcher.add(entity_id, alias)
    return _KnownEntities(matcher, info, {k: len(v) for k, v in aliases.items()})


def _catch_up(session: Session, known: _KnownEntities, ids: set[int]) -> None:
    info, aliases = _load(session, sorted(ids))
    for entity_id in ids:
        if entity_id in info:
            known.info[entity_id] = info[entity_id]
            forms = aliases.get(entity_id, [])
            known.matcher.set_entity(entity_id, [info[entity_id][1], *forms])
            known.aliases[entity_id] = len(forms)
        else:
            known.info.pop(entity_id, None)
            known.aliases.pop(entity_id, None)
            known.matcher.remove_entity(entity_id)


def _known_entities(session: Session) -> _KnownEntities:
    """The cached matcher for this database, brought up to date (see module notes)."""
    bind = session.get_bind()
    pool = bind.engine.pool  # an Engine, an engine with options, or a Connection
    stamp = read_stamp(session)
    with _LOCK:
        known = _CACHE.get(pool)
        if known is not None and known.stamp == stamp:
            return known
        ids = None
        if known is not None and known.stamp is not None and stamp.counter > known.stamp.counter:
            ids = changed_since(session, known.stamp.counter)
        if known is not None and ids is not None:
            _catch_up(session, known, ids)
        if known is None or ids is None or not known.counts_match(stamp):
            known = _build(session)
        known.stamp = stamp
        _CACHE[pool] = known
        return known


def known_matcher(session: Session) -> EntityMatcher:
    """The up-to-date matcher, e.g. to highlight tagged entities' mentions as the
    editor types (`matcher.find(text)` is pure Python: no SQL, a few ms)."""
    return _known_entities(session).matcher


@lru_cache(maxsize=65_536)
def _name_keys(name: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(name))


def _short_forms(known: _KnownEntities, matches: Iterable[Match]) -> dict[tuple[str, ...], int]:
    """Short mentions of the known entities named in full in this text: a person's
    surname ("Guterres"), an organisation's first word ("Halvorsen")."""
    forms: dict[tuple[str, ...], int] = {}
    for m in matches:
        kind, name, _slug = known.info[m.entity_id]
        keys = _name_keys(name)
        if len(keys) < 2:
            continue
        if kind == EntityKind.PERSON:
            for cut in range(1, len(keys)):
                tail = keys[cut:]
                if len(tail) > 1 or tail[0] not in PARTICLES:
                    forms.setdefault(tail, m.entity_id)
        elif kind == EntityKind.ORGANISATION and keys[0] not in _NOT_SHORT_FORMS:
            forms.setdefault(keys[:1], m.entity_id)
    return forms


def _is_head(text: str, candidate: NameCandidate, match: Match) -> bool:
    """A known name that ends a longer new one is its head, not a mention of its own:
    "AU Peace and Security Council" is not the UN's "Security Council", "Air France"
    is not France; but "Central Bank of Nigeria" does mention Nigeria."""
    if not candidate.start < match.start < candidate.end == match.end:
        return False
    before = text[candidate.start : match.start].split()
    return not before or before[-1].casefold() not in ("of", "for", "the", "de")


def suggest(session: Session, text: str, *, article_id: int | None = None) -> list[Suggestion]:
    """Known entities mentioned in `text` and new candidates, every mention, in order.

    More-news lines are left out: the headline they carry is another story's text.
    """
    text = without_links(text)  # same length: offsets still point into the caller's text
    known = _known_entities(session)
    tokens = tokenize(text)
    matches = known.matcher.find(text, tokens)
    found: list[Suggestion] = []
    for m in matches:
        kind, name, slug = known.info[m.entity_id]
        found.append(Suggestion(m.text, m.start, m.end, kind, m.entity_id, slug, name))
    short = _short_forms(known, matches)
    spans = [(m.start, m.end, known.info[m.entity_id][0]) for m in matches]
    candidates = find_candidates(text, tokens, known=spans)
    ending: dict[int, list[NameCandidate]] = {}  # a head ends where its candidate ends
    for c in candidates:
        ending.setdefault(c.end, []).append(c)
    heads = {
        (m.start, m.end) for m in matches for c in ending.get(m.end, ()) if _is_head(text, c, m)
    }
    found = [s for s in found if (s.start, s.end) not in heads]
    first = {t.start: i for i, t in enumerate(tokens)}
    for c in candidates:
        i = first[c.start]
        keys: list[str] = []
        while i < len(tokens) and tokens[i].end <= c.end:
            keys.append(tokens[i].key)
            i += 1
        entity_id = short.get(tuple(keys))
        if entity_id is not None:
            kind, name, slug = known.info[entity_id]
            found.append(Suggestion(c.text, c.start, c.end, kind, entity_id, slug, name))
        else:
            found.append(Suggestion(c.text, c.start, c.end, c.kind, None, None, c.name))
    if article_id is not None:
        found = _drop_tagged_and_dismissed(session, article_id, found)
    found.sort(key=lambda s: (s.start, s.entity_id or 0))
    return found


def _drop_tagged_and_dismissed(
    session: Session, article_id: int, found: list[Suggestion]
) -> list[Suggestion]:
    tagged = set(
        session.scalars(
            select(ArticleEntity.entity_id).where(ArticleEntity.article_id == article_id)
        )
    )
    dismissed = set(
        session.scalars(
            select(DismissedSuggestion.normalised).where(
                DismissedSuggestion.article_id == article_id
            )
        )
    )
    names: dict[str, set[str]] = {}  # group key -> every way this text names it
    for s in found:
        names.setdefault(s.key, {normalise(s.name)}).add(normalise(s.text))
    return [s for s in found if s.entity_id not in tagged and not (names[s.key] & dismissed)]


def _dismiss_key(text: str | Suggestion) -> str:
    key = normalise(text.name if isinstance(text, Suggestion) else text)
    if not key:
        raise ValidationError("suggestion", "there is nothing to dismiss")
    if len(key) > NAME_MAX:
        raise ValidationError("suggestion", f"longer than {NAME_MAX} characters")
    return key


def _require_article(session: Session, article_id: int) -> None:
    if session.scalar(select(Article.id).where(Article.id == article_id)) is None:
        raise NotFoundError(f"there is no story {article_id}")


def dismiss(session: Session, article_id: int, text: str | Suggestion) -> str:
    """Dismiss a suggestion for one story, for good; returns the stored key.

    Pass the `Suggestion` (its name is stored, so every mention of that entity or
    candidate goes) or any text naming it: a later suggestion is hidden when its
    name or any of its mentions normalises to a dismissed key.
    """
    _require_article(session, article_id)
    key = _dismiss_key(text)
    session.merge(DismissedSuggestion(article_id=article_id, normalised=key))
    session.flush()
    return key


def restore(session: Session, article_id: int, text: str | Suggestion) -> None:
    """Undo `dismiss`."""
    key = _dismiss_key(text)
    row = session.get(DismissedSuggestion, (article_id, key))
    if row is not None:
        session.delete(row)
        session.flush()


def dismissed(session: Session, article_id: int) -> list[str]:
    """The dismissed keys of a story, sorted."""
    query = select(DismissedSuggestion.normalised).where(
        DismissedSuggestion.article_id == article_id
    )
    return sorted(session.scalars(query))


def accept(
    session: Session, article_id: int, suggestion: Suggestion, *, kind: str | None = None
) -> int:
    """Tag the story with the suggested entity, creating it first if it is new.

    A new entity gets `kind` when given (the editor corrected the guess), else the
    suggestion's. A new candidate whose name an entity already has (created
    meanwhile, or under an alias) reuses that entity. Returns the entity id. The
    story's version is not bumped (see the module notes).
    """
    _require_article(session, article_id)
    if suggestion.entity_id is not None:
        entity_id = suggestion.entity_id
        if session.get(Entity, entity_id) is None:
            raise ValidationError("entity", f"{suggestion.name!r} was deleted meanwhile")
    else:
        found = find_entity_id(session, suggestion.name)
        if found is None:
            found = create_entity(session, kind or suggestion.kind, suggestion.name).id
        entity_id = found
    tag_article(session, article_id, entity_id, source=TagSource.SUGGESTION.value)
    return entity_id
