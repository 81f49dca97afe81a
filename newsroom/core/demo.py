"""The demo newsroom: a small set of stories written for this project.

Content lives in resources/demo/newsroom.json (see its "about" field for the format).
Stories refer to each other and to entities by short keys; uids are derived from the
keys (uuid5), so every demo database has the same uids and links.
Dates are absolute, except "+Nd" (N days after `now`), used for the scheduled story.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput, count_articles, create_article
from newsroom.core.dates import whole_minute
from newsroom.core.db import open_database
from newsroom.core.entities import create_entity
from newsroom.core.models import Article, Revision, utcnow
from newsroom.core.sections import create_section
from newsroom.paths import resources_dir
from newsroom.text.morenews import token

_NAMESPACE = uuid.UUID("7d3b3c4e-2b7a-4f0e-9a53-6f1f3c1b9e21")
_KEY_TOKEN = re.compile(r"\[\[more-news:(?P<key>[a-z0-9-]+)\]\]")
_RELATIVE = re.compile(r"^\+(\d+)d$")


def demo_file() -> Path:
    return resources_dir() / "demo" / "newsroom.json"


def demo_uid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _when(value: str | None, now: datetime) -> datetime | None:
    if not value:
        return None
    relative = _RELATIVE.match(value)
    if relative:
        return whole_minute(now + timedelta(days=int(relative.group(1))))
    return datetime.fromisoformat(value)


def demo_database(path: Path, *, author: str = "demo") -> int:
    """Make sure the file at `path` holds the demo newsroom: created (migrated) if
    missing, filled if it has no story yet, left alone if it has. The number of demo
    stories written (0: it had stories). For a database that is not open elsewhere in
    this process (a second open of an open file would drop its SQLite locks)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    try:
        with db.transaction() as session:
            return 0 if count_articles(session) else load_demo(session, author=author)
    finally:
        db.close()


def load_demo(session: Session, *, now: datetime | None = None, author: str = "demo") -> int:
    """Fill an empty database with the demo newsroom; return the number of stories."""
    now = now or utcnow()
    data: dict[str, Any] = json.loads(demo_file().read_text(encoding="utf-8"))
    site_settings.save(session, site_settings.SiteSettings(**data["settings"]))
    sections = {name: create_section(session, name).id for name in data["sections"]}
    entities = {
        e["key"]: create_entity(
            session,
            e["kind"],
            e["name"],
            aliases=e.get("aliases", ()),
            description=e.get("description", ""),
            uid=demo_uid("entity", e["key"]),
        ).id
        for e in data["entities"]
    }
    headlines = {story["key"]: story["headline"] for story in data["stories"]}
    for story in data["stories"]:
        body = _KEY_TOKEN.sub(
            lambda m: token(demo_uid("story", m.group("key")), headlines[m.group("key")]),
            story["body"],
        )
        record = create_article(
            session,
            ArticleInput(
                headline=story["headline"],
                standfirst=story.get("standfirst", ""),
                body=body,
                byline=story.get("byline", ""),
                section_id=sections[story["section"]] if story.get("section") else None,
                dateline=story.get("dateline", ""),
                status=story["status"],
                published_at=_when(story.get("published_at"), now),
                embargo_until=_when(story.get("embargo_until"), now),
                entity_ids=tuple(entities[k] for k in story.get("entities", ())),
            ),
            author=author,
            uid=demo_uid("story", story["key"]),
        )
        _backdate(session, record.id, record.published_at, now)
    return len(data["stories"])


def _backdate(session: Session, article_id: int, published: datetime | None, now: datetime) -> None:
    """Demo stories look as if written when they were published, not when loaded."""
    written = min(published, now) if published else now - timedelta(days=1)
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(created_at=written - timedelta(hours=3), updated_at=written)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Revision).where(Revision.article_id == article_id).values(saved_at=written)
    )
