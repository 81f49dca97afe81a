"""Import speed: an archive of Markdown files, one huge saved page, two imports at once.

    .venv/bin/python bench/import_bench.py                 # 10,000 files, SQLite
    .venv/bin/python bench/import_bench.py --files 2000 --db postgresql+psycopg://...
    .venv/bin/python bench/import_bench.py --html-page 5000,10000,20000,90000
    .venv/bin/python bench/import_bench.py --parallel 600 [--backend postgresql]
    .venv/bin/python bench/import_bench.py --saved-pages 200

`--saved-pages N`: N saved news pages imported into a fresh SQLite file; prints pages
per second (target, issue 16: 20 or more). The pages are the evaluation cache's real
pages (`bench/import_eval.py`, mozilla/readability's test pages) repeated under
different names when the cache is there (a repeat is read in full, then skipped as a
duplicate of the story it repeats: the figure is of pages read), else pages made like
a news site's (masthead, menu, JSON-LD, an article of the generated stories'
paragraphs, a related list, a footer).

Default: generates an archive (`newsroom.core.generate`, seed 1), writes each story as
a Markdown file the way Pelican/Jekyll archives look (title, date, modified, slug,
category, tags, author, summary, status; More-news tokens written back as
"More news: <headline>" lines), then times `import_paths` into a fresh database and
prints files per second and the total. Target (issue 7): under 60 s for 10,000 files.

`--html-page`: one saved news page per paragraph count (~120 bytes a paragraph inside
an `<article>`, as news sites save them), each imported into a fresh SQLite file; prints
the median of `--repeat` runs (default 3). Issue 12 had 90,000 paragraphs take 552 s.

`--parallel N`: two folders of N Markdown files sharing sections and tags, imported by
two `newsroom import` processes at once into one database, then one after the other
into another, then the same folder twice at once into a third; prints the times, the
failures, and whether each parallel database holds what the serial one holds.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsroom.core.db import open_database
from newsroom.core.generate import generate
from newsroom.core.models import Article, ArticleEntity, Entity, Section
from newsroom.importing.report import ImportReport
from newsroom.importing.service import import_paths

_TOKEN = re.compile(r"^\[\[more-news:(?P<uid>[0-9a-f-]{36})(?:\|[^\]]*)?\]\]$", re.MULTILINE)


def write_archive(source: Path, folder: Path, files: int) -> int:
    """Generate `files` stories into `source` and write them as Markdown into `folder`."""
    db = open_database(source)
    generate(db, articles=files, seed=1)
    with db.reading() as session:
        sections = dict(session.execute(select(Section.id, Section.name)).all())
        tags: dict[int, list[str]] = {}
        for article_id, name in session.execute(
            select(ArticleEntity.article_id, Entity.name)
            .join(Entity, Entity.id == ArticleEntity.entity_id)
            .order_by(ArticleEntity.article_id, ArticleEntity.position)
        ):
            tags.setdefault(article_id, []).append(name)
        rows = session.execute(select(Article)).scalars().all()
        headlines = {a.uid: a.headline for a in rows}
        for n, a in enumerate(rows):
            meta = {
                "title": a.headline,
                "slug": a.slug,
                "status": a.status,
                "author": a.byline or None,
                "summary": a.standfirst or None,
                "category": sections.get(a.section_id) if a.section_id else None,
                "tags": tags.get(a.id, []),
                "date": a.published_at.isoformat() if a.published_at else None,
                "modified": a.updated_at.isoformat(),
            }
            body = _TOKEN.sub(
                lambda m: f"More news: {headlines.get(m['uid'], 'a story long gone')}", a.body
            )
            head = yaml.safe_dump(
                {k: v for k, v in meta.items() if v not in (None, [])}, allow_unicode=True
            )
            sub = folder / f"{n // 1000:02d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{a.slug}.md").write_text(f"---\n{head}---\n\n{body}", encoding="utf-8")
    db.close()
    return len(rows)


_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title} | The Ledger</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": {jtitle},
"datePublished": "{date}", "author": {{"@type": "Person", "name": "Desk"}}}}</script></head>
<body><header><a href="/">The Ledger</a><nav><a href="/world">World</a>
<a href="/sport">Sport</a></nav></header><main><article><h1>{title}</h1>
<p class="byline">By Desk</p>{paragraphs}<div class="share">Share this story</div>
</article><aside class="related"><h2>Related</h2><ul><li><a href="/a">Another story</a></li>
<li><a href="/b">And another one</a></li></ul></aside></main>
<footer>© The Ledger</footer></body></html>"""


def bench_saved_pages(count: int) -> int:
    """Import `count` saved HTML pages (see the module notes); prints pages per second."""
    import html as html_escape
    import json
    import shutil

    from import_eval import cache_dir

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "pages")
        folder.mkdir()
        cached = sorted(cache_dir().glob("*/source.html"))
        if cached:
            for n in range(count):
                source = cached[n % len(cached)]
                shutil.copy(source, folder / f"{n:05d}-{source.parent.name}.html")
            kind = f"real pages ({len(cached)} of mozilla/readability's, repeated)"
        else:
            source_db = open_database(Path(tmp, "source.db"))
            generate(source_db, articles=count, seed=1)
            with source_db.reading() as session:
                rows = session.execute(select(Article)).scalars().all()
                for n, a in enumerate(rows):
                    paragraphs = "".join(
                        f"<p>{html_escape.escape(p)}</p>"
                        for p in a.body.split("\n\n")
                        if p.strip() and not p.startswith("[[")
                    )
                    page = _PAGE.format(
                        title=html_escape.escape(a.headline), jtitle=json.dumps(a.headline),
                        date=(a.published_at or a.updated_at).isoformat(), paragraphs=paragraphs,
                    )  # fmt: skip
                    (folder / f"{n:05d}-{a.slug}.html").write_text(page, encoding="utf-8")
            source_db.close()
            kind = "pages made like a news site's"
        _timed_import(
            Path(tmp, "target.db"), folder, f"{count:,} saved HTML pages, {kind}",
            lambda seconds: f"{count / seconds:,.1f} pages/s; target >= 20",
        )  # fmt: skip
    return 0


def _timed_import(
    db_location: str | Path, folder: Path, what: str, rate: Callable[[float], str]
) -> ImportReport:
    """Import `folder` into a new database, print the summary, the seconds, `rate(seconds)`
    and the first failures."""
    db = open_database(db_location)
    started = time.perf_counter()
    report = import_paths(db, [folder])
    seconds = time.perf_counter() - started
    db.close()
    print(report.summary())
    print(f"import of {what}: {seconds:.1f} s ({rate(seconds)})")
    for failure in report.failures[:5]:
        print(f"  failed: {failure.path}: {failure.reason}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="an empty database (default: a temp file)")
    parser.add_argument("--html-page", default=None, help="paragraph counts, e.g. 5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parallel", type=int, default=None, help="files per folder")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--saved-pages", type=int, default=None, help="pages to import")
    args = parser.parse_args()
    if args.saved_pages:
        return bench_saved_pages(args.saved_pages)
    if args.html_page:
        from import_scenarios import bench_html_page

        return bench_html_page([int(n) for n in args.html_page.split(",")], args.repeat)
    if args.parallel:
        from import_scenarios import bench_parallel

        return bench_parallel(args.parallel, args.backend)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "archive")
        folder.mkdir()
        started = time.perf_counter()
        count = write_archive(Path(tmp, "source.db"), folder, args.files)
        print(f"wrote {count:,} Markdown files in {time.perf_counter() - started:.1f} s")
        report = _timed_import(
            args.db or Path(tmp, "target.db"), folder, f"{count:,} Markdown files",
            lambda seconds: f"{count / seconds:,.0f} files/s; target < 30 s for 10,000",
        )  # fmt: skip
        return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
