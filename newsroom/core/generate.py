"""A deterministic synthetic archive for benchmarks and tests.

`generate(db, articles=N, seed=S)` writes the same database for the same (N, S):
sections, entities of every kind with aliases, stories of realistic length that
mention their tagged entities by name or alias, More-news links to earlier stories,
publication dates over ten years and every status (including scheduled and embargoed
stories). Rows go in with bulk inserts in large transactions; the FTS index is filled
by the same triggers as any save. Generated stories have no revisions: they are
treated like imported ones, and get a history from their first save.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from newsroom.core import postgres
from newsroom.core import settings as site_settings
from newsroom.core.dates import whole_minute
from newsroom.core.db import Database
from newsroom.core.entities import normalise
from newsroom.core.errors import ValidationError
from newsroom.core.generate_words import (
    EVENT_FORMS,
    FIRST,
    LAST,
    ORG_FORMS,
    ORG_SUBJECTS,
    SYLLABLES,
    TOPICS,
    WORDS,
)
from newsroom.core.models import (
    Article,
    ArticleEntity,
    Entity,
    EntityAlias,
    EntityKind,
    HeadlineKey,
    MoreNewsLink,
    Section,
    Status,
    TagSource,
)
from newsroom.core.pending import key_of
from newsroom.core.slugs import slug_from
from newsroom.text.morenews import target_uids, token

SECTIONS = ["World", "Politics", "Business", "Science", "Health", "Culture", "Sport", "Opinion"]


@dataclass(frozen=True)
class GenerateResult:
    articles: int
    entities: int
    aliases: int
    tags: int
    links: int
    seconds: float


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _place_name(rng: random.Random) -> str:
    parts = rng.sample(SYLLABLES, rng.randint(2, 3))
    return "".join(parts).capitalize()


def _entities(rng: random.Random, count: int) -> list[tuple[str, str, list[str]]]:
    """(kind, name, aliases) with names unique per kind and aliases unique overall."""
    seen_names: set[tuple[str, str]] = set()
    seen_alias: set[str] = set()
    out: list[tuple[str, str, list[str]]] = []
    weights = [(EntityKind.PERSON, 45), (EntityKind.ORGANISATION, 25), (EntityKind.PLACE, 20)]
    weights += [(EntityKind.EVENT, 6), (EntityKind.TOPIC, 4)]
    kinds = [k for k, _ in weights]
    cum = [w for _, w in weights]
    attempts = 0
    while len(out) < count and attempts < count * 20:
        attempts += 1
        kind = rng.choices(kinds, cum)[0]
        aliases: list[str] = []
        if kind is EntityKind.PERSON:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            middle = rng.choice(FIRST)[0] + ". " if attempts > len(FIRST) * len(LAST) else ""
            name = f"{first} {middle}{last}"
            if rng.random() < 0.5:
                aliases.append(f"{first[0]}. {last}")
        elif kind is EntityKind.ORGANISATION:
            x = rng.choice(ORG_SUBJECTS) if rng.random() < 0.5 else _place_name(rng)
            name = rng.choice(ORG_FORMS).format(x=x)
            acronym = "".join(w[0] for w in name.replace("'", "").split() if w[0].isupper())
            if len(acronym) >= 2:
                aliases.append(acronym)
        elif kind is EntityKind.PLACE:
            name = _place_name(rng)
            if rng.random() < 0.3:
                aliases.append(name.replace("k", "c").replace("w", "v"))
        elif kind is EntityKind.EVENT:
            name = rng.choice(EVENT_FORMS).format(x=_place_name(rng))
        else:
            base = rng.choice(TOPICS)
            name = base if (kind.value, base) not in seen_names else f"{base} in {_place_name(rng)}"
        if (kind.value, name.lower()) in seen_names:
            continue
        keys = [normalise(a) for a in aliases]
        aliases = [a for a, k in zip(aliases, keys, strict=True) if k not in seen_alias]
        seen_alias.update(normalise(a) for a in aliases)
        seen_names.add((kind.value, name.lower()))
        out.append((kind.value, name, aliases))
    return out


def _sentence(rng: random.Random, mention: str | None) -> str:
    words = rng.choices(WORDS, k=rng.randint(9, 24))
    if mention:
        words.insert(rng.randrange(1, len(words)), mention)
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, mentions: list[str]) -> str:
    sentences = []
    for _ in range(rng.randint(2, 5)):
        mention = rng.choice(mentions) if mentions and rng.random() < 0.45 else None
        sentences.append(_sentence(rng, mention))
    return " ".join(sentences)


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.86:
        return Status.PUBLISHED.value
    if roll < 0.91:
        return Status.DRAFT.value
    if roll < 0.94:
        return Status.REVIEW.value
    if roll < 0.97:
        return Status.READY.value
    return Status.SPIKED.value


def _chunks(items: list[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def generate(
    db: Database,
    *,
    articles: int,
    seed: int = 1,
    entities: int | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateResult:
    """Fill an empty database with a synthetic archive of `articles` stories.

    At least one story and, when given, one entity: the stories are tagged with
    entities, so an archive with none has nothing to tag them with.
    """
    import time

    if articles < 1:
        raise ValidationError("articles", "the number of stories must be at least 1")
    if entities is not None and entities < 1:
        raise ValidationError("entities", "the number of entities must be at least 1")

    started = time.perf_counter()
    rng = random.Random(seed)
    now = now or datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    entity_count = entities if entities is not None else min(50_000, max(60, articles // 2))
    people = _entities(rng, entity_count)

    with db.transaction() as session:
        site_settings.save(
            session,
            site_settings.SiteSettings(
                site_name="The Synthetic Gazette", locale="en_GB", time_zone="Europe/London"
            ),
        )
        session.execute(
            insert(Section),
            [
                {"id": i + 1, "name": n, "slug": slug_from(n), "position": i + 1}
                for i, n in enumerate(SECTIONS)
            ],
        )
        entity_rows = []
        alias_rows = []
        entity_slugs: set[str] = set()
        for i, (kind, name, aliases) in enumerate(people, start=1):
            slug = base = slug_from(name, kind)
            n = 2
            while slug in entity_slugs:
                slug, n = f"{base}-{n}", n + 1
            entity_slugs.add(slug)
            entity_rows.append(
                {
                    "id": i,
                    "uid": _uid(rng),
                    "kind": kind,
                    "name": name,
                    "slug": slug,
                    "description": f"{name}, a {kind} in the synthetic archive.",
                }
            )
            for alias in aliases:
                alias_rows.append({"entity_id": i, "alias": alias, "normalised": normalise(alias)})
        for chunk in _chunks(entity_rows, 5000):
            session.execute(insert(Entity), chunk)
        for chunk in _chunks(alias_rows, 5000):
            session.execute(insert(EntityAlias), chunk)

    mentions = [[name, *aliases] for (_kind, name, aliases) in people]
    start = now - timedelta(days=3650)
    span = (now - start).total_seconds()
    uids: list[str] = []
    article_slugs: set[str] = set()
    tag_total = link_total = 0
    batch = 2000
    written = 0
    while written < articles:
        n = min(batch, articles - written)
        rows: list[dict[str, object]] = []
        tags: list[dict[str, object]] = []
        links: list[dict[str, object]] = []
        keys: list[dict[str, object]] = []  # headline keys, as the article service keeps them
        for j in range(n):
            idx = written + j + 1
            uid = _uid(rng)
            tagged = rng.sample(range(1, len(people) + 1), k=min(len(people), rng.randint(2, 8)))
            names = [rng.choice(mentions[e - 1]) for e in tagged]
            first, rest = names[0], names[1:]
            headline = (
                f"{first} {rng.choice(['says', 'warns', 'backs', 'rejects', 'announces'])} "
                f"{' '.join(rng.choices(WORDS[20:], k=rng.randint(3, 8)))}"
            )
            slug = base = slug_from(headline)
            k = 2
            while slug in article_slugs:
                slug, k = f"{base}-{k}", k + 1
            article_slugs.add(slug)
            paragraphs = [_paragraph(rng, names) for _ in range(rng.randint(4, 14))]
            if uids:
                for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                    target = uids[rng.randrange(len(uids))]
                    pos = rng.randint(1, len(paragraphs) - 1)
                    paragraphs.insert(pos, token(target))
            body = "\n\n".join(paragraphs) + "\n"
            status = _status(rng)
            published: datetime | None = (
                start + timedelta(seconds=span * idx / articles + rng.randint(0, 3600))
            ).replace(microsecond=0)
            embargo = None
            roll = rng.random()
            if status == Status.PUBLISHED and roll < 0.01:
                published = now + timedelta(days=rng.randint(1, 30))  # scheduled
            elif status == Status.PUBLISHED and roll < 0.02:
                # Under embargo: it goes out as the embargo lifts (an embargo may not
                # end after publication; see articles.clean_input).
                embargo = now + timedelta(hours=rng.randint(1, 48))
                published = embargo
            elif status in (Status.DRAFT, Status.REVIEW) and roll < 0.5:
                published = None
            # Whole minutes, as every save through the service keeps them: a story with
            # seconds would move (and force a full export) at its first save.
            if published is not None:
                published = whole_minute(published)
            if embargo is not None:
                embargo = whole_minute(embargo)
            updated = (published or start) + timedelta(hours=rng.randint(0, 72))
            rows.append(
                {
                    "id": idx,
                    "uid": uid,
                    "headline": headline[:300],
                    "slug": slug,
                    "standfirst": _sentence(rng, rest[0] if rest else None),
                    "body": body,
                    "byline": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "section_id": rng.randint(1, len(SECTIONS)),
                    "dateline": people[tagged[0] - 1][1] if rng.random() < 0.3 else "",
                    "status": status,
                    "published_at": published,
                    "embargo_until": embargo,
                    "created_at": updated - timedelta(hours=2),
                    "updated_at": updated,
                    "version": 1,
                }
            )
            for pos, e in enumerate(tagged):
                tags.append(
                    {
                        "article_id": idx,
                        "entity_id": e,
                        "position": pos,
                        "source": TagSource.IMPORT.value,
                    }
                )
            for pos, target in enumerate(target_uids(body)):
                links.append({"source_id": idx, "position": pos, "target_uid": target})
            keys.append({"article_id": idx, "key": key_of(headline[:300])})
            uids.append(uid)
        with db.transaction() as session:
            session.execute(insert(Article), rows)
            session.execute(insert(HeadlineKey), keys)
            session.execute(insert(ArticleEntity), tags)
            if links:
                session.execute(insert(MoreNewsLink), links)
        tag_total += len(tags)
        link_total += len(links)
        written += n
        if progress:
            progress(written, articles)
    if db.dialect == "postgresql":  # rows went in with explicit ids
        with db.transaction() as session:
            postgres.reset_id_sequences(session, ["sections", "entities", "articles"])
    return GenerateResult(
        articles=articles,
        entities=len(people),
        aliases=len(alias_rows),
        tags=tag_total,
        links=link_total,
        seconds=time.perf_counter() - started,
    )
