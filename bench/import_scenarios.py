"""The scenarios of `import_bench.py` beyond the archive: one huge saved page, and two
imports at once (issue 12). Run through `import_bench.py`; see its notes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsroom.core.db import Database, open_database  # noqa: E402
from newsroom.core.models import Article, ArticleEntity, Entity, Section  # noqa: E402
from newsroom.importing.service import import_paths  # noqa: E402
from newsroom.text.morenews import target_uids  # noqa: E402

WORDS = [
    "harbour",
    "council",
    "ferry",
    "storm",
    "quay",
    "budget",
    "minister",
    "envoy",
    "talks",
    "river",
]


def saved_page(paragraphs: int) -> str:
    """A news page as a browser saves it: furniture around an `<article>` of
    `paragraphs` paragraphs of about 120 bytes each (90,000 make 10.7 MB)."""
    body = "\n".join(
        f"<p>Paragraph {n}: the {WORDS[n % 10]} and the {WORDS[(n * 7) % 10]} "
        f"met again on <b>day {n}</b>, said <a href='/p/{n}'>officials</a>.</p>"
        for n in range(paragraphs)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Long read</title>"
        "<meta property='og:title' content='A very long read'></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header>"
        "<main><article><h1>A very long read</h1><p class='byline'>By Ana Ruiz</p>"
        f"<time datetime='2024-03-01T10:00:00Z'>1 March 2024</time>\n{body}\n</article>"
        "<aside class='related'><ul><li><a href='/x'>Other</a></li></ul></aside></main>"
        "<footer>© Newsroom</footer></body></html>"
    )


def bench_html_page(counts: list[int], repeat: int) -> int:
    """Import one saved page per paragraph count into a fresh database; print medians."""
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            page = Path(tmp, f"page-{count}.html")
            page.write_text(saved_page(count), encoding="utf-8")
            size = page.stat().st_size
            times = []
            for run in range(repeat):
                db = open_database(Path(tmp, f"{count}-{run}.db"))
                started = time.perf_counter()
                report = import_paths(db, [page], max_bytes=max(size + 1, 8 * 1024 * 1024))
                times.append(time.perf_counter() - started)
                db.close()
                failed += report.failed
                if report.failed:
                    print(f"  failed: {report.failures[0].reason}")
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(
                f"{count:>7,} paragraphs ({size / 1e6:4.1f} MB): median "
                f"{statistics.median(times):6.2f} s  (runs: {runs})"
            )
    return 1 if failed else 0


# --- two imports at once -----------------------------------------------------------------

SECTIONS = ["World", "Business", "Science", "Culture", "Sport"]
TAGS = [f"Tag number {n}" for n in range(40)] + ["Port Edris", "Valmora", "dredging"]


def write_folder(folder: Path, name: str, count: int, *, reverse: bool = False) -> None:
    """`count` stories sharing sections and tags with the other folder; each links to
    the next story of its folder (written after it)."""
    folder.mkdir(parents=True)
    for n in range(count):
        tags = [TAGS[(n * 3 + k) % len(TAGS)] for k in range(4)]
        if reverse:
            tags.reverse()
        more = f"More news: {name} story {n + 1}\n\n" if n + 1 < count else ""
        (folder / f"{n:04d}.md").write_text(
            f"---\ntitle: {name} story {n}\ndate: 2024-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"category: {SECTIONS[n % len(SECTIONS)]}\ntags: [{', '.join(tags)}]\n---\n"
            f"First paragraph of {name} {n}.\n\n{more}" + "Words of the story. " * 40 + "\n",
            encoding="utf-8",
        )


def snapshot(db: Database) -> dict[str, object]:
    """The content without ids: sections, entities, and each story's section, tags and
    link targets by slug."""
    with db.reading() as session:
        sections = dict(session.execute(select(Section.id, Section.name)).tuples().all())
        entities = {i: (k, n) for i, k, n in session.execute(
            select(Entity.id, Entity.kind, Entity.name))}  # fmt: skip
        tags: dict[int, list[tuple[str, str]]] = {}
        for article_id, entity_id in session.execute(
            select(ArticleEntity.article_id, ArticleEntity.entity_id).order_by(
                ArticleEntity.article_id, ArticleEntity.position
            )
        ):
            tags.setdefault(article_id, []).append(entities[entity_id])
        rows = session.execute(
            select(Article.id, Article.uid, Article.slug, Article.body, Article.section_id)
        ).all()
    slug = {r.uid: r.slug for r in rows}
    return {
        "sections": sorted(sections.values()),
        "entities": sorted(entities.values()),
        "stories": sorted(
            (
                r.slug,
                sections.get(r.section_id),
                tuple(tags.get(r.id, [])),
                tuple(slug.get(u, "MISSING") for u in target_uids(r.body)),
            )
            for r in rows
        ),
    }


def _import(location: str, *folders: Path) -> list[subprocess.Popen[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return [
        subprocess.Popen(
            [sys.executable, "-m", "newsroom", "import", "--db", location, "--json", str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for f in folders
    ]


def _finish(processes: list[subprocess.Popen[str]]) -> list[dict[str, object]]:
    reports = []
    for p in processes:
        out, err = p.communicate()
        if p.returncode not in (0, 1):
            print(f"  import exited {p.returncode}: {err.strip()[-500:]}")
            reports.append({"imported": 0, "skipped": 0, "failed": -1, "files": []})
            continue
        reports.append(json.loads(out))
    return reports


def _line(label: str, seconds: float, reports: list[dict[str, object]]) -> None:
    counts = ", ".join(
        f"{r['imported']} imported/{r['skipped']} skipped/{r['failed']} failed" for r in reports
    )
    print(f"{label:<34} {seconds:6.1f} s   {counts}")
    for r in reports:
        for f in r["files"]:  # type: ignore[attr-defined]
            if f["outcome"] == "failed":
                print(f"    failed: {f['path']}: {f['reason']}")
                break


def bench_parallel(count: int, backend: str) -> int:
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "postgresql":
            sys.path.insert(0, str(ROOT / "tests"))
            import postgres_server

            server = postgres_server.start()

            def location(name: str) -> str:
                url = server.url_string(server.create_database())
                open_database(url).close()  # migrate before the clock starts
                return url
        else:

            def location(name: str) -> str:
                path = str(Path(tmp, f"{name}.db"))
                open_database(path).close()
                return path

        try:
            alpha, beta = Path(tmp, "alpha"), Path(tmp, "beta")
            write_folder(alpha, "alpha", count)
            write_folder(beta, "beta", count, reverse=True)
            serial = location("serial")
            started = time.perf_counter()
            reports = _finish(_import(serial, alpha)) + _finish(_import(serial, beta))
            _line("one after the other", time.perf_counter() - started, reports)

            together = location("together")
            started = time.perf_counter()
            reports = _finish(_import(together, alpha, beta))
            _line("two folders at once", time.perf_counter() - started, reports)
            bad = sum(int(r["failed"]) for r in reports)  # type: ignore[call-overload]

            twice = location("twice")
            started = time.perf_counter()
            twice_reports = _finish(_import(twice, alpha, alpha))
            _line("the same folder twice at once", time.perf_counter() - started, twice_reports)
            bad += sum(int(r["failed"]) for r in twice_reports)  # type: ignore[call-overload]

            places = {"serial": serial, "together": together, "twice": twice}
            databases = {name: open_database(where) for name, where in places.items()}
            try:
                expected = snapshot(databases["serial"])
                same = snapshot(databases["together"]) == expected
                print(f"two folders at once == one after the other: {same}")
                alone = open_database(location("alone"))
                import_paths(alone, [alpha])
                twice_same = snapshot(databases["twice"]) == snapshot(alone)
                alone.close()
                print(f"the same folder twice == once: {twice_same}")
            finally:
                for database in databases.values():
                    database.close()
            return 0 if same and twice_same and bad == 0 else 1
        finally:
            if server is not None:
                server.stop()
