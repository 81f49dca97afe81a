"""Concurrent writers on one PostgreSQL server: saves per second, conflicts, no lost update.

    .venv/bin/python bench/pg_writers.py                    # starts its own server
    .venv/bin/python bench/pg_writers.py --seconds 10 --writers 8 --stories 5
    .venv/bin/python bench/pg_writers.py --db postgresql+psycopg://u:pw@host/emptydb
    .venv/bin/python bench/pg_writers.py --db /tmp/bench.db  # the same on SQLite

Each writer is its own process with its own connections (as an editor's Newsroom would
be). In a loop it picks a random story, loads it, waits `--think-ms`, appends one
line unique to this save ("w<writer>-<n>") to the body and saves it with the service's
`update_article` at the version it loaded. A ConflictError is counted and the writer
moves on; any other exception is an error.

The check that no update was lost: bodies only ever grow by one appended line, so
- every line of every successful save is in its story's final body, and no line of a
  refused (conflicting) save is anywhere;
- for each story the successful saves produced versions 2..final, each exactly once;
- revision v of a story is revision v-1 plus the one line of the save that made v.
A save that overwrote a newer version would drop a line and break all three.

Prints one line per figure; exits 1 if the check fails or any error occurred. With
--db the database must be an empty Newsroom database (it gets the bench stories).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class WriterResult:
    writer: int
    saves: list[tuple[int, int, str]] = field(default_factory=list)  # (story, version, line)
    conflicts: list[tuple[int, str]] = field(default_factory=list)  # (story, line)
    errors: list[str] = field(default_factory=list)


def writer(
    n: int, location: str, story_ids: list[int], seconds: float, think_ms: float, go: Any, out: Any
) -> None:
    """One editor: load, think, append a line, save; until the time is up."""
    from newsroom.core.articles import load_article, update_article, with_changes
    from newsroom.core.db import open_database
    from newsroom.core.errors import ConflictError

    rng = random.Random(n)
    result = WriterResult(n)
    db = open_database(location)
    go.wait()
    deadline = time.monotonic() + seconds
    seq = 0
    while time.monotonic() < deadline:
        story_id = rng.choice(story_ids)
        seq += 1
        line = f"w{n}-{seq}"
        try:
            with db.reading() as session:
                record = load_article(session, story_id)
            if think_ms:
                time.sleep(rng.uniform(0, think_ms) / 1000)
            with db.transaction() as session:
                saved = update_article(
                    session,
                    story_id,
                    record.version,
                    with_changes(record, body=record.body + line + "\n"),
                    author=f"writer {n}",
                )
            result.saves.append((story_id, saved.version, line))
        except ConflictError:
            result.conflicts.append((story_id, line))
        except Exception:
            result.errors.append(traceback.format_exc(limit=3))
    db.close()
    out.put(result)


def prepare(location: str, stories: int) -> list[int]:
    """Create the bench stories (each body starts empty) in an empty database."""
    from newsroom.core.articles import ArticleInput, count_articles, create_article
    from newsroom.core.db import open_database

    db = open_database(location)
    try:
        with db.transaction() as session:
            if count_articles(session):
                raise SystemExit(f"{db.display_name} holds stories; give an empty database")
            return [
                create_article(session, ArticleInput(headline=f"Bench story {i}")).id
                for i in range(stories)
            ]
    finally:
        db.close()


def verify(location: str, results: list[WriterResult]) -> list[str]:
    """The lost-update check described at the top; returns the problems found."""
    from newsroom.core.db import open_database
    from newsroom.core.models import Article, Revision

    problems: list[str] = []
    saved_by_story: dict[int, dict[int, str]] = defaultdict(dict)
    for r in results:
        for story_id, version, line in r.saves:
            if version in saved_by_story[story_id]:
                problems.append(f"story {story_id}: version {version} was saved twice")
            saved_by_story[story_id][version] = line
    refused = {line for r in results for _, line in r.conflicts}

    db = open_database(location)
    try:
        with db.reading() as session:
            finals = dict(session.execute(select(Article.id, Article.version)).all())
            bodies = dict(session.execute(select(Article.id, Article.body)).all())
            revisions: dict[int, dict[int, str]] = defaultdict(dict)
            for article_id, version, body in session.execute(
                select(Revision.article_id, Revision.version, Revision.body)
            ):
                revisions[article_id][version] = body
    finally:
        db.close()

    for story_id, final in finals.items():
        saved = saved_by_story.get(story_id, {})
        if sorted(saved) != list(range(2, final + 1)):
            problems.append(
                f"story {story_id}: at version {final} but saves made {sorted(saved)[:5]}..."
            )
        lines = bodies[story_id].splitlines()
        if Counter(lines) != Counter(saved.values()):
            missing = set(saved.values()) - set(lines)
            problems.append(f"story {story_id}: lines lost {sorted(missing)[:5]}")
        if refused & set(lines):
            problems.append(
                f"story {story_id}: refused lines written {sorted(refused & set(lines))[:5]}"
            )
        history = revisions[story_id]
        if sorted(history) != list(range(1, final + 1)):
            problems.append(f"story {story_id}: revisions {sorted(history)[:5]}... not 1..{final}")
            continue
        for v in range(2, final + 1):
            if history[v] != history[v - 1] + saved.get(v, "?") + "\n":
                problems.append(f"story {story_id}: revision {v} is not {v - 1} plus one line")
                break
    return problems


def run(location: str, args: argparse.Namespace) -> int:
    story_ids = prepare(location, args.stories)
    ctx = mp.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(
            target=writer, args=(n, location, story_ids, args.seconds, args.think_ms, go, out)
        )
        for n in range(args.writers)
    ]
    for p in procs:
        p.start()
    time.sleep(2)  # let every writer import and connect before the clock starts
    started = time.monotonic()
    go.set()
    results = [out.get(timeout=args.seconds + 120) for _ in procs]
    elapsed = time.monotonic() - started
    for p in procs:
        p.join()

    saves = sum(len(r.saves) for r in results)
    conflicts = sum(len(r.conflicts) for r in results)
    errors = [e for r in results for e in r.errors]
    problems = verify(location, results)
    print(f"backend: {location.split(':')[0] if '://' in location else 'sqlite'}")
    print(f"writers: {args.writers}, stories: {args.stories}, think time: 0-{args.think_ms} ms")
    print(f"duration: {elapsed:.1f} s")
    print(f"saves: {saves} ({saves / elapsed:.1f} per second)")
    for r in sorted(results, key=lambda r: r.writer):
        print(f"  writer {r.writer}: {len(r.saves)} saves, {len(r.conflicts)} conflicts")
    attempts = saves + conflicts
    print(f"conflicts: {conflicts} ({100 * conflicts / max(attempts, 1):.1f}% of attempts)")
    print(f"errors: {len(errors)}")
    for e in errors[:3]:
        print(e, file=sys.stderr)
    print(f"lost updates: {'none' if not problems else len(problems)}")
    for p in problems[:10]:
        print(f"  {p}")
    return 1 if problems or errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="an empty database (URL or file); default: own server")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--stories", type=int, default=10)
    parser.add_argument("--think-ms", type=float, default=2.0, help="max pause load->save")
    args = parser.parse_args()
    if args.db:
        return run(args.db, args)
    sys.path.insert(0, str(ROOT / "tests"))
    import postgres_server

    server = postgres_server.start()
    try:
        return run(server.url_string(server.create_database()), args)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
