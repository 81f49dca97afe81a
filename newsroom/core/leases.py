"""Editing leases: who has a story open ("being edited by ..."), until when.

One lease per story (the table's key is the story id). A client that opens a story
calls `acquire` and then `renew` every so often (well inside `ttl`); when it closes
the story it calls `release`. A client that vanishes (crash, lost network) simply
stops renewing, and its lease lapses at `expires_at`: nobody has to clean up.
A lease also records the holder's host and process id: when the holding process is
gone from the very machine that asks (a crash, then a restart), the lease counts as
lapsed at once, so the editor is not told their own dead session is "editing" it.
Other machines' processes can not be seen from here; their leases only lapse.

Leases inform, they do not lock: saving is guarded by the optimistic version check in
`articles.update_article`, whoever holds the lease.

Each call works in the caller's transaction. Taking a lease is one atomic upsert
(`INSERT ... ON CONFLICT DO UPDATE ... WHERE` the old lease is ours or has lapsed), on
SQLite and PostgreSQL alike, so two clients racing for a free story can not both win
and neither gets a unique-key error. "Now" is the database server's clock on
PostgreSQL, so editors' machines with skewed clocks still agree when a lease lapses.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.orm import Session

from newsroom.core.dates import require_aware
from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.models import HOST_MAX, NAME_MAX, Article, ArticleLease, utcnow

DEFAULT_TTL = timedelta(seconds=90)
"""Long enough to survive a missed renewal or two (renew every ttl/3)."""

CLIENT_ID_MAX = 64


@dataclass(frozen=True)
class Lease:
    article_id: int
    holder: str
    client_id: str
    expires_at: datetime


def this_host() -> str:
    """This machine's name as a lease records it."""
    return socket.gethostname()[:HOST_MAX]


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine.

    When unsure it answers True: a wrong "alive" only keeps a banner up until the lease
    lapses, a wrong "gone" would hide a real editor. A reused pid reads as alive too.
    """
    if pid <= 0:
        return True
    if sys.platform == "win32":
        # os.kill(pid, 0) on Windows sends Ctrl+C (signal 0 is CTRL_C_EVENT): never.
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, under another user
        return True
    return True


def _windows_process_alive(pid: int) -> bool:
    if sys.platform != "win32":  # so the type checker reads the rest for Windows only
        return True
    import ctypes

    try:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() != 87  # ERROR_INVALID_PARAMETER: no such process
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    except (AttributeError, OSError):
        return True


def _dead_here(session: Session, article_id: int, client_id: str) -> str | None:
    """The client id of another client's lease on the story whose process was on this
    host and is gone; None when there is none (or it can not be told)."""
    row = session.execute(
        select(ArticleLease.client_id, ArticleLease.host, ArticleLease.pid).where(
            ArticleLease.article_id == article_id
        )
    ).one_or_none()
    if row is None or row.client_id == client_id or row.pid is None:
        return None
    if not row.host or row.host != this_host() or process_alive(row.pid):
        return None
    return str(row.client_id)


def _now(session: Session, now: datetime | None) -> datetime:
    aware = require_aware(now, "now")
    if aware is not None:
        return aware
    if session.get_bind().dialect.name == "postgresql":
        # The transaction's start time on the server: one clock for every client.
        return session.execute(select(func.now())).scalar_one()
    return utcnow()


def _check(holder: str, client_id: str, ttl: timedelta) -> str:
    holder = " ".join(holder.split())
    if not holder:
        raise ValidationError("holder", "say who is editing (the holder is empty)")
    if len(holder) > NAME_MAX:
        raise ValidationError("holder", f"the holder is longer than {NAME_MAX} characters")
    if not client_id or len(client_id) > CLIENT_ID_MAX:
        raise ValidationError("client_id", f"the client id must be 1 to {CLIENT_ID_MAX} characters")
    if ttl <= timedelta(0):
        raise ValidationError("ttl", "a lease must last a positive time")
    return holder


def _insert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both of ours do)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return pg_dialect.insert(ArticleLease)
    if name == "sqlite":
        return sqlite_dialect.insert(ArticleLease)
    raise NotImplementedError(f"leases are not implemented for {name}")


def acquire(
    session: Session,
    article_id: int,
    holder: str,
    client_id: str,
    ttl: timedelta = DEFAULT_TTL,
    *,
    now: datetime | None = None,
    host: str | None = None,
    pid: int | None = None,
) -> Lease | None:
    """Take or renew this client's lease on a story.

    Returns None when this client now holds the lease (until now + ttl), or the other
    client's live lease when someone else holds it; then nothing was changed and the
    caller shows "being edited by <holder>" and tries again at its next renewal.
    A lease whose process is gone from this host is taken over like a lapsed one.
    `now` is for tests; by default it is the database's clock. `host` and `pid` say
    where this client runs; by default this machine and this process.
    """
    holder = _check(holder, client_id, ttl)
    host = this_host() if host is None else host[:HOST_MAX]
    pid = os.getpid() if pid is None else pid
    if session.scalar(select(Article.id).where(Article.id == article_id)) is None:
        raise NotFoundError(f"there is no story {article_id}")
    at = _now(session, now)
    free = (ArticleLease.client_id == client_id) | (ArticleLease.expires_at <= at)
    dead = _dead_here(session, article_id, client_id)
    if dead is not None:
        # Only that very lease: if another client took it meanwhile, theirs stands.
        free = free | (ArticleLease.client_id == dead)
    insert = _insert(session)
    statement = insert.values(
        article_id=article_id,
        holder=holder,
        client_id=client_id,
        expires_at=at + ttl,
        host=host,
        pid=pid,
    ).on_conflict_do_update(
        index_elements=[ArticleLease.article_id],
        set_={
            "holder": insert.excluded.holder,
            "client_id": insert.excluded.client_id,
            "expires_at": insert.excluded.expires_at,
            "host": insert.excluded.host,
            "pid": insert.excluded.pid,
        },
        where=free,
    )
    session.execute(statement)
    row = session.execute(
        select(
            ArticleLease.article_id,
            ArticleLease.holder,
            ArticleLease.client_id,
            ArticleLease.expires_at,
        ).where(ArticleLease.article_id == article_id)
    ).one()
    return None if row.client_id == client_id else Lease(*row)


renew = acquire
"""Renewing is taking again: it extends this client's lease, or finds it was lost."""


def release(session: Session, article_id: int, client_id: str) -> bool:
    """Give up this client's lease on a story; False if it held none (e.g. it lapsed
    and another client took it)."""
    result = session.execute(
        delete(ArticleLease).where(
            ArticleLease.article_id == article_id, ArticleLease.client_id == client_id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_all(session: Session, client_id: str) -> int:
    """Give up every lease of this client (when it quits); returns how many."""
    result = session.execute(delete(ArticleLease).where(ArticleLease.client_id == client_id))
    return int(result.rowcount)  # type: ignore[attr-defined]


def holders(
    session: Session, article_ids: Iterable[int], *, now: datetime | None = None
) -> dict[int, Lease]:
    """The live (not lapsed) leases on these stories, by story id; lapsed ones are
    left out, whether or not their rows are still there."""
    ids = list(article_ids)
    if not ids:
        return {}
    at = _now(session, now)
    rows = session.execute(
        select(
            ArticleLease.article_id,
            ArticleLease.holder,
            ArticleLease.client_id,
            ArticleLease.expires_at,
        ).where(ArticleLease.article_id.in_(ids), ArticleLease.expires_at > at)
    )
    return {r.article_id: Lease(*r) for r in rows}
