"""Export benchmark: a full export of a generated archive, then an incremental one after
editing one story; wall time and peak memory of each, in fresh processes.

    .venv/bin/python bench/export_bench.py [--articles 10000] [--entities 500] [--keep DIR]

Targets (issue 4, 2-core machine): full < 10 s, incremental < 1 s, peak memory < 400 MB.
Where `hugo` or `pelican` is installed, the same stories are written out as Markdown
and built with them too, and the ratios printed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from datetime import UTC, datetime
from pathlib import Path
from newsroom.core.db import open_database
from newsroom.publish.export import export_site
db = open_database(sys.argv[1])
t = time.perf_counter()
r = export_site(db, Path(sys.argv[2]), now=datetime(2026, 11, 2, tzinfo=UTC))
seconds = time.perf_counter() - t
peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "written": r.written, "unchanged": r.unchanged,
                  "removed": r.removed, "pages": r.pages, "stories": r.stories,
                  "peak_mb": peak_self, "peak_worker_mb": peak_children,
                  "left_out": len(r.left_out_links)}))
"""


def export(db: Path, out: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(out)], capture_output=True, text=True, check=True
    )
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["process_seconds"] = time.perf_counter() - started
    return data


def edit_one_story(db: Path, articles: int) -> None:
    from newsroom.core.articles import load_article, update_article, with_changes
    from newsroom.core.db import open_database

    database = open_database(db)
    with database.transaction() as session:
        record = load_article(session, (articles + 1) // 2)  # one in the middle
        update_article(
            session,
            record.id,
            record.version,
            with_changes(record, body=record.body + "\nOne more sentence.\n"),
        )
    database.close()


def markdown_tree(db: Path, folder: Path, front: str) -> None:
    """The same published stories as Markdown files for Hugo/Pelican."""
    import sqlite3

    conn = sqlite3.connect(db)
    tags: dict[int, list[str]] = {}
    for article_id, name in conn.execute(
        "SELECT ae.article_id, e.name FROM article_entities ae "
        "JOIN entities e ON e.id = ae.entity_id"
    ):
        tags.setdefault(article_id, []).append(name.replace('"', "'").replace(",", " "))
    rows = conn.execute(
        "SELECT id, slug, headline, published_at, body FROM articles WHERE status='published'"
    )
    folder.mkdir(parents=True)
    for article_id, slug, headline, published, body in rows:
        title = headline.replace('"', "'")
        date = published[:19].replace(" ", "T")
        names = tags.get(article_id, [])
        if front == "hugo":
            listed = ", ".join(f'"{n}"' for n in names)
            head = f'---\ntitle: "{title}"\ndate: {date}Z\nslug: {slug}\ntags: [{listed}]\n---\n\n'
        else:
            head = (
                f"Title: {title}\nDate: {date[:16].replace('T', ' ')}\nSlug: {slug}\n"
                f"Tags: {', '.join(names)}\n\n"
            )
        (folder / f"{slug}.md").write_text(head + body)


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and the tool's own peak memory (GNU time's %M, in MB)."""
    t = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - t, int(proc.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="newsroom-export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "archive.db"
    if not db.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "newsroom",
                "generate",
                "--db",
                str(db),
                "--articles",
                str(args.articles),
                "--entities",
                str(args.entities),
                "--seed",
                "1",
            ],
            check=True,
        )
    out = work / "site"
    shutil.rmtree(out, ignore_errors=True)
    full = export(db, out)
    print(
        f"full export: {full['seconds']:.2f} s ({full['process_seconds']:.2f} s with start-up), "
        f"{full['stories']:,} stories, {full['pages']:,} files, "
        f"peak memory {full['peak_mb']:.0f} MB (+ workers {full['peak_worker_mb']:.0f} MB each)"
    )
    again = export(db, out)
    print(
        f"re-export, nothing changed: {again['seconds']:.2f} s, written {again['written']}, "
        f"unchanged {again['unchanged']:,}, More-news lines left out {again['left_out']:,} "
        f"(full export: {full['left_out']:,})"
    )
    edit_one_story(db, args.articles)
    inc = export(db, out)
    print(
        f"incremental after editing one story: {inc['seconds']:.2f} s "
        f"({inc['process_seconds']:.2f} s with start-up), written {inc['written']}, "
        f"unchanged {inc['unchanged']:,}, removed {inc['removed']}, "
        f"peak memory {inc['peak_mb']:.0f} MB"
    )
    for tool in ("hugo", "pelican"):
        exe = shutil.which(tool)
        if not exe:
            print(f"{tool}: not installed, skipped")
            continue
        site = work / tool
        shutil.rmtree(site, ignore_errors=True)
        if tool == "hugo":
            (site).mkdir()
            (site / "hugo.toml").write_text(
                'baseURL = "https://example.org/"\ntitle = "Bench"\npaginate = 20\n'
            )
            layouts = site / "layouts" / "_default"
            layouts.mkdir(parents=True)
            (layouts / "baseof.html").write_text(
                "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
                "<body><header>{{ .Site.Title }}</header>"
                '{{ block "main" . }}{{ end }}</body></html>'
            )
            (layouts / "single.html").write_text(
                '{{ define "main" }}<h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}'
                '</time>{{ .Content }}<ul>{{ range .Params.tags }}<li><a href="{{ "tags/" | '
                'relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>{{ end }}'
            )
            (layouts / "list.html").write_text(
                '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}'
                '<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ .Summary }}'
                "{{ end }}{{ end }}"
            )
            markdown_tree(db, site / "content" / "posts", "hugo")
            seconds, peak = timed([exe, "--quiet"], site)
        else:
            markdown_tree(db, site / "content", "pelican")
            seconds, peak = timed([exe, "content", "-o", "output", "-q"], site)
        print(
            f"{tool}: {seconds:.1f} s, peak {peak:.0f} MB (a one-story edit rebuilds it all); "
            f"{tool} / Newsroom full = {seconds / full['seconds']:.2f}, "
            f"{tool} / Newsroom incremental = {seconds / inc['seconds']:.1f}"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
