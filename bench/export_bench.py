"""Export benchmark (issue 18): full, unchanged and one-edit exports of a generated
archive, in-process and from the command line, with Hugo on the same stories.

    .venv/bin/python bench/export_bench.py [--stories 10000] [--entities 500]
        [--runs 3] [--keep DIR] [--no-hugo]

What it prints, each a median of `--runs` (wall time; peak memory where it says):

- full, cold: a new folder, no rendered bodies cached (the first export after an
  upgrade); full, warm: a new folder with the bodies cached (any full export after
  that: a template change, a new site name, a new folder). Peak memory of the
  export's own process and of its workers.
- unchanged: export again with nothing changed; one edit: a story in the middle of
  the archive gets a sentence more, then the export. In-process (`export_site` in a
  process that has already exported once) and from the command line (`newsroom
  export`, interpreter start-up and imports included).
- hugo (when `hugo` is installed): the same published stories as Markdown with tags,
  minimal layouts, `hugo --quiet`, each run right after a warm export of ours (the
  machine's speed drifts: a pair run back to back compares); the ratio full / Hugo
  per pair and its median. Before each full export (ours or Hugo's) the file system
  is synced and left to settle (`settle`).

Targets: full <= 0.35x Hugo; unchanged and one edit < 0.3 s in-process, < 0.8 s from
the command line, at 10,000 and at 100,000 stories; peak < 400 MB at 100,000.
Figures depend on the machine and on what else it runs: say which when quoting them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-02T00:00:00+00:00"

CHILD = r"""
import json, resource, sys, time
from datetime import datetime
from pathlib import Path
from newsroom.core.db import open_database
from newsroom.publish.export import export_site

db_path, out, now, runs, edit, warm = sys.argv[1:7]
out, now, runs, warm = Path(out), datetime.fromisoformat(now), int(runs), warm == "1"
db = open_database(db_path)


def edit_one():
    from newsroom.core.articles import load_article, update_article, with_changes
    with db.transaction() as session:
        record = load_article(session, int(edit))
        update_article(session, record.id, record.version,
                       with_changes(record, body=record.body + "\nOne more sentence.\n"))


def cpu_seconds():  # this process's and its reaped workers' user and system time
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


results = []
for n in range(runs):
    if edit != "-" and not (warm and n == 0):  # the warm-up run edits nothing
        edit_one()
    t, cpu = time.perf_counter(), cpu_seconds()
    r = export_site(db, out, now=now)
    results.append({"seconds": time.perf_counter() - t, "cpu": cpu_seconds() - cpu,
                    "written": r.written,
                    "unchanged": r.unchanged, "pages": r.pages, "stories": r.stories,
                    "rendered": r.rendered_bodies, "patched": r.patched})
print(json.dumps({
    "runs": results,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "peak_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def in_process(db: Path, out: Path, runs: int, edit: int | None = None, warm: bool = True) -> dict:
    """Export `runs` times in one process (after one export of the same site, with no
    edit, to load everything when `warm`); with `edit`, that story is edited before
    each measured run."""
    runs_total = runs + 1 if warm else runs
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(out), NOW, str(runs_total),
         str(edit) if edit is not None else "-", "1" if warm else "0"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    if warm:
        data["runs"] = data["runs"][1:]
    return data


def cli(db: Path, out: Path, runs: int, edit: int | None = None) -> list[float]:
    """Wall times of `newsroom export` (start-up included), `runs` times."""
    times = []
    for _ in range(runs):
        if edit is not None:
            edit_story(db, edit)
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsroom", "export", "--db", str(db), "--out", str(out),
             "--now", NOW],
            check=True, capture_output=True,
        )  # fmt: skip
        times.append(time.perf_counter() - t)
    return times


EDIT = r"""
import sys
from newsroom.core.articles import load_article, update_article, with_changes
from newsroom.core.db import open_database
database = open_database(sys.argv[1])
with database.transaction() as session:
    record = load_article(session, int(sys.argv[2]))
    update_article(session, record.id, record.version,
                   with_changes(record, body=record.body + "\nMore.\n"))
database.close()
"""


def edit_story(db: Path, story_id: int) -> None:
    """Add a sentence to story `story_id`, in a process of its own (this one keeps no
    database open: see DESIGN.md on descriptors and locks)."""
    subprocess.run([sys.executable, "-c", EDIT, str(db), str(story_id)], check=True)


def middle_story(db: Path) -> int:
    """A story on the site in the middle of the archive."""
    conn = sqlite3.connect(db)
    try:
        (count,) = conn.execute(
            "SELECT count(*) FROM articles WHERE status = 'published' AND published_at <= ?",
            (NOW[:19].replace("T", " "),),
        ).fetchone()
        (story_id,) = conn.execute(
            "SELECT id FROM articles WHERE status = 'published' AND published_at <= ? "
            "ORDER BY published_at LIMIT 1 OFFSET ?",
            (NOW[:19].replace("T", " "), count // 2),
        ).fetchone()
    finally:
        conn.close()
    return int(story_id)


def markdown_tree(db: Path, folder: Path) -> None:
    """The same published stories as Markdown files with front matter, for Hugo."""
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
        listed = ", ".join(f'"{n}"' for n in tags.get(article_id, []))
        head = f'---\ntitle: "{title}"\ndate: {date}Z\nslug: {slug}\ntags: [{listed}]\n---\n\n'
        (folder / f"{slug}.md").write_text(head + body)
    conn.close()


def hugo_site(db: Path, work: Path) -> Path | None:
    """A Hugo site of the same published stories (made once in `work`), or None when
    `hugo` is not installed."""
    if not shutil.which("hugo"):
        return None
    site = work / "hugo"
    if not (site / "content").is_dir():
        shutil.rmtree(site, ignore_errors=True)
        site.mkdir()
        (site / "hugo.toml").write_text(
            'baseURL = "https://example.org/"\ntitle = "Bench"\n[pagination]\npagerSize = 20\n'
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
        markdown_tree(db, site / "content" / "posts")
    return site


def hugo_run(site: Path) -> tuple[float, float, float]:
    """Wall time, peak memory (MB) and CPU time (user and system, all its threads) of
    one `hugo --quiet` into a new `public`."""
    shutil.rmtree(site / "public", ignore_errors=True)
    settle()
    t = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M %U %S", str(shutil.which("hugo")), "--quiet"],
        cwd=site, capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - t
    peak, user, system = proc.stderr.strip().splitlines()[-1].split()
    return seconds, int(peak) / 1024, float(user) + float(system)


SETTLE_SECONDS = 3.0


def settle() -> None:
    """Before a full export (ours or Hugo's): the deleted tree's blocks flushed and
    discarded, so that the file system's catching up is not timed as the next run's
    (on the project machine, creating a file took 0.03 to 0.5 ms depending on it)."""
    os.sync()
    time.sleep(SETTLE_SECONDS)


def _median(runs: list[dict]) -> float:
    return statistics.median(r["seconds"] for r in runs)


def _patched(runs: list[dict]) -> str:
    """How many runs took the patch path: every one should (a run that did not is a
    full export hidden in a median)."""
    return f"patched {sum(bool(r['patched']) for r in runs)} of {len(runs)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", "--articles", type=int, default=10_000, dest="stories")
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median)")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (and reuse)")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument(
        "--parts",
        default="full,unchanged,edit,hugo",
        help="which figures, comma-separated (default: all)",
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="newsroom-export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"archive-{args.stories}.db"
    if not db.exists():
        subprocess.run(
            [sys.executable, "-m", "newsroom", "generate", "--db", str(db),
             "--articles", str(args.stories), "--entities", str(args.entities), "--seed", "1"],
            check=True,
        )  # fmt: skip
    runs = args.runs
    migrate = "from newsroom.core.db import open_database; import sys; open_database(sys.argv[1])"
    subprocess.run([sys.executable, "-c", migrate, str(db)], check=True)  # this schema first
    out = work / "site"
    site = hugo_site(db, work) if "hugo" in parts and not args.no_hugo else None
    if "full" in parts:
        _full_figures(db, work, out, runs, site)
    elif site is not None:
        found = [hugo_run(site) for _ in range(runs)]
        print(
            f"hugo: {statistics.median(t for t, _ in found):.2f} s (median of {runs}), "
            f"peak {max(p for _, p in found):.0f} MB"
        )
    elif parts & {"unchanged", "edit"} and not (out / ".newsroom-site").is_file():
        in_process(db, out, 1, warm=False)
    if "unchanged" in parts:
        same = in_process(db, out, runs)
        print(
            f"unchanged, in-process: {_median(same['runs']):.3f} s "
            f"(written {same['runs'][-1]['written']}, {_patched(same['runs'])})"
        )
        print(f"unchanged, command line: {statistics.median(cli(db, out, runs)):.3f} s")
    if "edit" in parts:
        story = middle_story(db)
        edited = in_process(db, out, runs, edit=story)
        last = edited["runs"][-1]
        print(
            f"one edit (story {story}), in-process: {_median(edited['runs']):.3f} s "
            f"(written {last['written']}, bodies rendered {last['rendered']}, "
            f"{_patched(edited['runs'])})"
        )
        edits = cli(db, out, runs, edit=story)
        print(f"one edit, command line: {statistics.median(edits):.3f} s")
    if site is None:
        print("hugo: skipped or not installed")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def _full_figures(db: Path, work: Path, out: Path, runs: int, hugo: Path | None) -> None:
    """Print the full exports' figures, each warm run followed by a Hugo run when
    `hugo` is a site (the machine's speed drifts: pairs run back to back compare)."""
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM rendered_bodies")  # cold: as after an upgrade
    conn.close()
    shutil.rmtree(out, ignore_errors=True)
    settle()
    cold = in_process(db, out, 1, warm=False)
    c = cold["runs"][0]
    print(
        f"full export, cold (every body rendered): {c['seconds']:.2f} s, {c['stories']:,} "
        f"stories, {c['pages']:,} files; peak {cold['peak_mb']:.0f} MB "
        f"(workers {cold['peak_worker_mb']:.0f} MB each)"
    )
    fulls, hugos, hugo_peak = [], [], 0.0
    cpus, hugo_cpus = [], []
    peak = worker_peak = 0.0
    for n in range(runs):
        folder = work / f"full-{n}"
        shutil.rmtree(folder, ignore_errors=True)
        settle()
        data = in_process(db, folder, 1, warm=False)
        fulls.append(data["runs"][0]["seconds"])
        cpus.append(data["runs"][0]["cpu"])
        peak, worker_peak = max(peak, data["peak_mb"]), max(worker_peak, data["peak_worker_mb"])
        shutil.rmtree(folder, ignore_errors=True)
        if hugo is not None:
            seconds, hugo_mb, hugo_cpu = hugo_run(hugo)
            hugos.append(seconds)
            hugo_cpus.append(hugo_cpu)
            hugo_peak = max(hugo_peak, hugo_mb)
    full = statistics.median(fulls)
    print(
        f"full export, warm (bodies cached, new folder): {full:.2f} s (median of {runs}: "
        f"{', '.join(f'{x:.2f}' for x in fulls)}); peak {peak:.0f} MB "
        f"(workers {worker_peak:.0f} MB each)"
    )
    if hugos:
        ratios = [f / h for f, h in zip(fulls, hugos, strict=True)]
        cold_ratio = c["seconds"] / statistics.median(hugos)
        print(
            f"hugo, each right after a warm export: {statistics.median(hugos):.2f} s (median; "
            f"{', '.join(f'{x:.2f}' for x in hugos)}), peak {hugo_peak:.0f} MB; "
            f"warm / Hugo per pair {', '.join(f'{r:.2f}' for r in ratios)}, median "
            f"{statistics.median(ratios):.2f}; cold / Hugo {cold_ratio:.2f}"
        )
        # CPU time: what the file system's writeback does to wall clock (most on a disk
        # mounted with `discard`) it does not do to this; Hugo's counts all its threads.
        print(
            f"CPU time, warm export / Hugo: {statistics.median(cpus):.2f} s / "
            f"{statistics.median(hugo_cpus):.2f} s (medians) = "
            f"{statistics.median(cpus) / statistics.median(hugo_cpus):.2f}"
        )


if __name__ == "__main__":
    main()
