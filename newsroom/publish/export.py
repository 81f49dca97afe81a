"""The static-site export: gather, render, write; atomic, incremental, deterministic.

`export_site(db, out, now=...)` is a pure function of (database content, templates,
`now`): the same inputs give byte-identical files. Story pages carry only their own
dates, so an unchanged story's page stays byte-identical between exports; listing
pages carry the export day's masthead date.

Speed: each page has a fingerprint of everything it is made from; a manifest beside
the output folder remembers them, and a page whose fingerprint is unchanged is carried
over from the previous site without being rendered. Story bodies are rendered in two
processes on a first (full) export.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsroom.core.db import Database, sqlite_path
from newsroom.paths import resources_dir
from newsroom.publish import pages
from newsroom.publish.site import SiteData, gather, load_bodies
from newsroom.publish.writer import ExportCancelled, ExportError, SiteWriter, place

Progress = Callable[[int, int, str], None]
MANIFEST_VERSION = 2


@dataclass
class ExportResult:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    stories: int = 0
    pages: int = 0
    seconds: float = 0.0
    left_out_links: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        left = (
            f"; {len(self.left_out_links)} More-news line(s) left out"
            if self.left_out_links
            else ""
        )
        return (
            f"{self.stories:,} stories, {self.pages:,} files: {self.written:,} written, "
            f"{self.unchanged:,} unchanged, {self.removed:,} removed in {self.seconds:.1f} s{left}"
        )


def _manifest_path(out: Path) -> Path:
    return out.absolute().parent / f".{out.name}.newsroom-manifest.json"


def _templates_stamp() -> str:
    """Changes whenever a template or the stylesheet changes, invalidating fingerprints."""
    digest = hashlib.sha256()
    for path in sorted((resources_dir() / "templates").rglob("*")) + sorted(
        (resources_dir() / "static").rglob("*")
    ):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _fingerprint(*parts: Any) -> str:
    """A digest of plain values (str, int, None, tuples, lists, dicts built in a fixed
    order): repr is deterministic for them and much cheaper than JSON."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()


# On big exports pages are rendered and written by worker processes (fork): the site
# data and the page renderers reach them once, at fork, through these module globals.
_SITE: SiteData | None = None
_OTHER: list[Callable[[], bytes]] = []

Job = tuple[str, int, str]  # ("story" | "page", index, path)


def _render(job: Job) -> tuple[bytes, tuple[str, ...]]:
    kind, index, _path = job
    assert _SITE is not None
    if kind == "story":
        html, missing = pages.story_page(_SITE, index)
        return html.encode(), missing
    return _OTHER[index](), ()


def _work(jobs: list[Job], target: str, staging: str) -> list[tuple[Job, bool, tuple[str, ...]]]:
    """In a worker: render and place each page; (job, written?, More-news left out)."""
    out = []
    for job in jobs:
        data, missing = _render(job)
        out.append((job, place(target, staging, job[2], data), missing))
    return out


def _chunks(items: list[Job], n: int) -> Iterator[list[Job]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def export_site(
    db: Database,
    out: Path,
    *,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    processes: int | None = None,
) -> ExportResult:
    """Export the site as of `now` into `out` (created or replaced atomically)."""
    import time

    global _SITE, _OTHER
    started = time.perf_counter()
    db_file = sqlite_path(db.url)
    if db_file is not None and out.absolute() in db_file.absolute().parents:
        raise ExportError(f"cannot export to {out}: the database {db_file} is inside it")
    with db.reading() as session:
        site = gather(session, now)
    result = ExportResult(stories=len(site.stories))
    stamp = _templates_stamp()
    manifest_file = _manifest_path(out)
    try:
        old = json.loads(manifest_file.read_text())
        previous: dict[str, list[Any]] = (
            old["pages"] if old.get("version") == MANIFEST_VERSION and out.is_dir() else {}
        )
    except (OSError, ValueError, KeyError):
        previous = {}
    fingerprints: dict[str, str] = {}
    report = progress or (lambda done, total, what: None)

    with SiteWriter(out) as writer:
        # Fingerprint every page; carry over the unchanged ones, queue the rest.
        jobs: list[Job] = []
        shared = pages.shared_inputs(site)
        for i, story in enumerate(site.stories):
            fp = _fingerprint(stamp, pages.story_inputs(site, i, shared))
            fingerprints[story.path] = fp
            if not (
                _unchanged(previous, story.path, fp)
                and writer.keep(story.path, previous[story.path][1])
            ):
                jobs.append(("story", i, story.path))
        renderers: list[Callable[[], bytes]] = []
        for path, inputs, render in pages.other_pages(site, stamp):
            fp = _fingerprint(stamp, inputs)
            fingerprints[path] = fp
            if not (_unchanged(previous, path, fp) and writer.keep(path, previous[path][1])):
                jobs.append(("page", len(renderers), path))
                renderers.append(render)
        with db.reading() as session:
            load_bodies(
                session, site, [site.stories[i].id for kind, i, _ in jobs if kind == "story"]
            )
        total = len(fingerprints)
        done = total - len(jobs)
        report(done, total, "pages")

        def take(results: list[tuple[Job, bool, tuple[str, ...]]]) -> None:
            nonlocal done
            for (kind, index, _path), written, missing in results:
                if written:
                    writer.written += 1
                else:
                    writer.unchanged += 1
                if kind == "story":
                    for uid in missing:
                        result.left_out_links.append(
                            {
                                "story": site.stories[index].slug,
                                "target_uid": uid,
                                "reason": site.unpublished.get(uid, "it does not exist"),
                            }
                        )
                done += 1
            report(done, total, "pages")
            if cancelled():
                raise ExportCancelled("export cancelled; the previous site is untouched")

        workers = processes if processes is not None else min(2, os.cpu_count() or 1)
        _SITE, _OTHER = site, renderers
        try:
            if len(jobs) > 400 and workers > 1:
                _in_pool(jobs, workers, writer, take)
            else:
                for chunk in _chunks(jobs, 50):
                    results = []
                    for job in chunk:
                        data, missing = _render(job)
                        results.append((job, writer.write(job[2], data), missing))
                    take(results)
        finally:
            _SITE, _OTHER = None, []
        writer.commit()
        result.written, result.unchanged, result.removed = (
            writer.written,
            writer.unchanged,
            writer.removed,
        )
        result.pages = len(writer.names)
        stamps = writer.stamps()
    manifest = {path: [fp, stamps[path]] for path, fp in fingerprints.items()}
    manifest_file.write_text(json.dumps({"version": MANIFEST_VERSION, "pages": manifest}))
    result.left_out_links.sort(key=lambda x: (x["story"], x["target_uid"]))
    result.seconds = time.perf_counter() - started
    return result


def _in_pool(
    jobs: list[Job],
    workers: int,
    writer: SiteWriter,
    take: Callable[[list[tuple[Job, bool, tuple[str, ...]]]], None],
) -> None:
    """Render and place `jobs` in `workers` forked processes, results in order."""
    import multiprocessing

    for job in jobs:
        writer.claim(job[2])
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        futures = [
            pool.submit(_work, chunk, str(writer.target), str(writer.staging))
            for chunk in _chunks(jobs, 100)
        ]
        for future in futures:
            take(future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _unchanged(previous: dict[str, list[Any]], path: str, fingerprint: str) -> bool:
    entry = previous.get(path)
    return entry is not None and entry[0] == fingerprint
