"""The static-site export: gather, render, write; atomic, incremental, deterministic.

`export_site(db, out, now=...)` is a pure function of (database content, templates,
`now`): the same inputs give byte-identical files. Story pages carry only their own
dates, so an unchanged story's page stays byte-identical between exports; listing
pages carry the export day's masthead date.

Speed: each page has a fingerprint of everything it is made from; a manifest beside
the output folder remembers them, and a page whose fingerprint is unchanged is carried
over from the previous site without being rendered. Story bodies are rendered in two
processes on a first (full) export.

The manifest also keeps, per story page, the More-news targets its render left out, so
every export reports the whole site's left-out lines, rendered or carried over (the
reasons are looked up afresh: a target may have gone from draft to scheduled without
the page changing). It lives beside the folder, not in it: it holds modification
times, which would make the site's bytes differ between identical exports.

Forked workers never touch the database (everything they need is gathered before the
fork) and die with the export: a killed export leaves no process behind.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsroom.core.db import Database, sqlite_path
from newsroom.core.progress import Progress
from newsroom.paths import resources_dir
from newsroom.publish import images, pages, swap
from newsroom.publish.site import SiteData, gather, load_bodies
from newsroom.publish.writer import (
    ExportCancelled,
    ExportError,
    SiteWriter,
    failure,
    place,
    resolve_out,
)

MANIFEST_VERSION = 3  # {"pages": {path: [fingerprint, [size, mtime_ns], [left-out uids]]}}
POOL_FROM = 400
"""Pages to render above which worker processes are used (if there are cores for them)."""


@dataclass
class ExportResult:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    stories: int = 0
    pages: int = 0
    seconds: float = 0.0
    left_out_links: list[dict[str, str]] = field(default_factory=list)
    folder: str = ""  # the folder written: `out`, or the one it links to
    images: int = 0  # images the site shows (each written once per size and format)
    images_resized: int = 0  # of them, resized by this export (new or changed ones)

    def summary(self) -> str:
        left = (
            f"; {len(self.left_out_links)} More-news line(s) left out"
            if self.left_out_links
            else ""
        )
        pictures = (
            f"; {self.images:,} image(s), {self.images_resized:,} resized" if self.images else ""
        )
        return (
            f"{self.stories:,} stories, {self.pages:,} files: {self.written:,} written, "
            f"{self.unchanged:,} unchanged, {self.removed:,} removed in {self.seconds:.1f} s"
            f"{pictures}{left}"
        )


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


def _die_with(parent: int) -> None:
    """First thing in each forked worker: make sure it dies with the export.

    Without this a killed export left its workers alive for ever, blocked on a pipe. On
    Linux the kernel kills the worker when the thread that forked it ends
    (PR_SET_PDEATHSIG; the pool forks from the thread calling `export_site`, which
    waits for the pool). Elsewhere a watchdog thread notices the new parent. The
    `getppid` check covers a parent that died before the signal was asked for."""
    armed = False
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:
        os._exit(1)
    if not armed:

        def watch() -> None:
            while os.getppid() == parent:
                threading.Event().wait(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


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
    image_cache: Path | None = None,
) -> ExportResult:
    """Export the site as of `now` into `out` (created or replaced atomically).

    `out` must be new, empty or an earlier export (it holds our marker file); if it is
    a symbolic link, the folder it points to is replaced and the link kept. Expected
    failures (a full disk, no permission, a folder that is not ours) raise ExportError
    with one line to show, and leave the previous site as it was. Resized images are
    kept in `image_cache` (default: `images.cache_folder()`)."""
    try:
        return _export(db, out, now, progress, cancelled, processes, image_cache)
    except OSError as exc:
        raise failure(exc, resolve_out(out)) from exc


def _export(
    db: Database,
    out: Path,
    now: datetime,
    progress: Progress | None,
    cancelled: Callable[[], bool],
    processes: int | None,
    image_cache: Path | None,
) -> ExportResult:
    import time

    global _SITE, _OTHER
    started = time.perf_counter()
    db_file = sqlite_path(db.url)
    target = resolve_out(out)
    if (
        db_file is not None
        and Path(os.path.realpath(target)) in Path(os.path.realpath(db_file)).parents
    ):
        raise ExportError(f"cannot export to {out}: the database {db_file} is inside it")
    with db.reading() as session:
        site = gather(session, now)
    result = ExportResult(stories=len(site.stories))
    stamp = _templates_stamp()
    fingerprints: dict[str, str] = {}
    left_out: dict[str, tuple[str, ...]] = {}  # story page -> More-news targets left out
    report = progress or (lambda done, total, what: None)

    with SiteWriter(out) as writer:
        previous = _previous(writer)
        # Fingerprint every page; carry over the unchanged ones, queue the rest.
        jobs: list[Job] = []
        shared = pages.shared_inputs(site)
        for i, story in enumerate(site.stories):
            fp = _fingerprint(stamp, pages.story_inputs(site, i, shared))
            fingerprints[story.path] = fp
            if _unchanged(previous, story.path, fp) and writer.keep(
                story.path, previous[story.path][1]
            ):
                left_out[story.path] = tuple(previous[story.path][2])
            else:
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
            for (kind, _index, path), written, missing in results:
                if written:
                    writer.written += 1
                else:
                    writer.unchanged += 1
                if kind == "story":
                    left_out[path] = missing
                done += 1
            report(done, total, "pages")
            swap.checkpoint("rendering")
            if cancelled():
                raise ExportCancelled("export cancelled; the previous site is untouched")

        workers = processes if processes is not None else min(2, os.cpu_count() or 1)
        _SITE, _OTHER = site, renderers
        try:
            if len(jobs) > POOL_FROM and workers > 1:
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
        pictures = _write_images(db, site, writer, workers, image_cache, report, cancelled)
        result.images, result.images_resized = pictures.images, pictures.resized
        stamps = writer.stamps()
        manifest = {
            path: [fp, stamps[path], list(left_out.get(path, ()))]
            for path, fp in fingerprints.items()
        }
        writer.commit(json.dumps({"version": MANIFEST_VERSION, "pages": manifest}).encode())
        result.written, result.unchanged, result.removed = (
            writer.written,
            writer.unchanged,
            writer.removed,
        )
        result.pages = len(writer.names)
        result.folder = str(writer.target)
    for story in site.stories:  # the whole site's, whether rendered now or carried over
        for uid in left_out.get(story.path, ()):
            result.left_out_links.append(
                {
                    "story": story.slug,
                    "target_uid": uid,
                    "reason": site.unpublished.get(uid, "it does not exist"),
                }
            )
    result.left_out_links.sort(key=lambda x: (x["story"], x["target_uid"]))
    result.seconds = time.perf_counter() - started
    return result


def _write_images(
    db: Database,
    site: SiteData,
    writer: SiteWriter,
    workers: int,
    cache: Path | None,
    report: Progress,
    cancelled: Callable[[], bool],
) -> images.ImageStats:
    """The image files (see `publish.images`); new images resized in `workers` forked
    processes (started only when there is resizing to do)."""
    import multiprocessing

    def after(done: int, total: int) -> None:
        report(done, total, "images")
        swap.checkpoint("images")
        if cancelled():
            raise ExportCancelled("export cancelled; the previous site is untouched")

    if workers < 2 or not site.images.items:
        return images.write_images(db, site.images, writer, cache=cache, after=after)
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with,
        initargs=(os.getpid(),),
    )
    try:
        return images.write_images(
            db, site.images, writer, cache=cache, after=after,
            pool=lambda f, jobs: pool.map(f, jobs, chunksize=2) if len(jobs) > 2 else map(f, jobs),
        )  # fmt: skip
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_die_with, initargs=(os.getpid(),)
    )
    try:
        futures = [
            pool.submit(_work, chunk, str(writer.target), str(writer.staging))
            for chunk in _chunks(jobs, 100)
        ]
        for future in futures:
            take(future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _previous(writer: SiteWriter) -> dict[str, list[Any]]:
    """The manifest of the site being replaced; empty when there is none to trust (a
    new folder, one that is not our export, an older manifest format, a damaged file)."""
    if not writer.replacing:
        return {}
    try:
        old = json.loads(writer.manifest_file.read_bytes())
        pages_ = old["pages"] if old.get("version") == MANIFEST_VERSION else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return pages_ if isinstance(pages_, dict) else {}


def _unchanged(previous: dict[str, list[Any]], path: str, fingerprint: str) -> bool:
    entry = previous.get(path)
    return isinstance(entry, list) and len(entry) == 3 and entry[0] == fingerprint
