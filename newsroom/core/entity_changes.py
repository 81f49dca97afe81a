"""Has the entity list changed, and which entities? A stamp for caches of it.

The suggestion matcher (`core.suggestions`) is costly to build from 50,000 entities
and cheap to keep: before each use it reads `read_stamp` (one small query) and
compares it with the stamp it was built at.

The stamp has two halves, because neither is enough alone:
- a change counter and a random token in the `settings` table, bumped by every
  entity write of the service layer (`record_change`). It catches renames and alias
  edits, which leave the row counts alone; the token makes a counter value that was
  rolled back differ from the same value committed later;
- the count and highest id of entities and of aliases. They catch writes that did
  not go through the service (bulk generation, another program) and deletions.

`record_change` also keeps a short log of (counter, entity id), so a cache that is
only a few changes behind reloads just those entities. A cache that is further
behind, or whose counts do not add up after the catch-up, rebuilds from scratch.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsroom.core.models import Entity, EntityAlias, Setting

VERSION_KEY = "entities.version"
LOG_KEY = "entities.changelog"
LOG_MAX = 500


@dataclass(frozen=True)
class EntityStamp:
    counter: int
    token: str
    entities: int
    max_entity_id: int
    aliases: int
    max_alias_id: int

    @property
    def counts(self) -> tuple[int, int, int, int]:
        return (self.entities, self.max_entity_id, self.aliases, self.max_alias_id)


def _parse_version(value: str | None) -> tuple[int, str]:
    if not value:
        return 0, ""
    counter, _, token = value.partition(" ")
    return int(counter), token


_DEFER_KEY = "newsroom.deferred_entity_changes"


@contextmanager
def deferred(session: Session) -> Iterator[None]:
    """Record the changes made inside the block once, at its end (bulk imports)."""
    pending: set[int] = set()
    session.info[_DEFER_KEY] = pending
    try:
        yield
    finally:
        del session.info[_DEFER_KEY]
    if pending:
        record_change(session, *sorted(pending))


def record_change(session: Session, *entity_ids: int) -> None:
    """Note that these entities were created, changed or deleted in this transaction."""
    pending = session.info.get(_DEFER_KEY)
    if pending is not None:
        pending.update(entity_ids)
        return
    row = session.get(Setting, VERSION_KEY, with_for_update=True)  # serialise writers
    counter, _ = _parse_version(row.value if row else None)
    counter += 1
    value = f"{counter} {uuid.uuid4().hex}"
    if row is None:
        session.add(Setting(key=VERSION_KEY, value=value))
    else:
        row.value = value
    log_row = session.get(Setting, LOG_KEY)
    log = json.loads(log_row.value) if log_row else []
    log.extend([counter, i] for i in entity_ids)
    text = json.dumps(log[-LOG_MAX:], separators=(",", ":"))
    if log_row is None:
        session.add(Setting(key=LOG_KEY, value=text))
    else:
        log_row.value = text
    session.flush()


def read_stamp(session: Session) -> EntityStamp:
    """The current stamp, in one query."""
    row = session.execute(
        select(
            select(func.count()).select_from(Entity).scalar_subquery(),
            select(func.coalesce(func.max(Entity.id), 0)).scalar_subquery(),
            select(func.count()).select_from(EntityAlias).scalar_subquery(),
            select(func.coalesce(func.max(EntityAlias.id), 0)).scalar_subquery(),
            select(Setting.value).where(Setting.key == VERSION_KEY).scalar_subquery(),
        )
    ).one()
    counter, token = _parse_version(row[4])
    return EntityStamp(counter, token, row[0], row[1], row[2], row[3])


def changed_since(session: Session, counter: int) -> set[int] | None:
    """Entity ids changed after `counter`, or None when the log no longer reaches back."""
    value = session.scalar(select(Setting.value).where(Setting.key == LOG_KEY))
    log: list[list[int]] = json.loads(value) if value else []
    oldest = log[0][0] if log else None
    if oldest is None or oldest > counter + 1 or (oldest == counter + 1 and len(log) >= LOG_MAX):
        return None  # entries after `counter` may have been cut off
    return {entity_id for n, entity_id in log if n > counter}
