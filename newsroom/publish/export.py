"""The static-site export: gather, what changed, render (cached bodies), write, swap.

`export_site(db, out, now=...)` is a pure function of (database content, templates,
`now`): the same inputs give byte-identical files.

Two ways to the new site, chosen per export:

- A *patch* (`patch.py`) when the notes beside the folder (`state.py`) describe the
  site in it and the database's change stamps (`core.changes`) say only a few stories
  changed since, in ways that move no page (no story came or went, no date, section
  or tag changed, nothing every page shows changed, same day and templates). It
  reads those stories and the pages that list them, renders those pages, and
  replaces just them (journalled: see `state`). With nothing changed it writes nothing.
- A *full* export otherwise: everything is read; each page's fingerprint is compared
  with the notes and an unchanged page is carried over (hard link) from the previous
  site into a staging folder that is swapped in whole (`swap`). Story bodies come
  from the rendered-body cache (`bodies`); the ones it lacks are rendered, in worker
  processes on a big export, and stored for next time.

Forked workers never touch the database (what they need is sent to them or was there
at the fork) and die with the export: a killed export leaves no process behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsroom.core import changes
from newsroom.core.db import Database, sqlite_path
from newsroom.core.progress import Progress
from newsroom.paths import resources_dir
from newsroom.publish import bodies, patch, state, swap
from newsroom.publish.result import ExportResult as ExportResult  # callers import it here
from newsroom.publish.site import SiteData, gather, read_bodies
from newsroom.publish.site_folder import (
    ExportCancelled,
    ExportError,
    SiteWriter,
    Stamp,
    failure,
    resolve_out,
    stage_file,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from newsroom.publish.images import ImageStats

POOL_FROM = 400
"""Pages to render above which worker processes are used (if there are cores for them)."""
BATCH = 2000
"""Story bodies read (and cached renders stored) at a time: bounds the memory."""


def templates_stamp() -> str:
    """Changes whenever a template or the stylesheet changes, invalidating fingerprints."""
    digest = hashlib.sha256(bodies.RENDERER_VERSION.encode())
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


# On big exports pages are rendered by worker processes (fork): the site data and the
# page renderers reach them once, at fork, through these module globals.
_SITE: SiteData | None = None
_OTHER: list[Callable[[], bytes]] = []

# ("story", index, path, Markdown or None, cached Body or None) | ("page", index, path, None, None)
Job = tuple[str, int, str, str | None, bodies.Body | None]
Done = tuple[str, str, bool, Stamp, tuple[str, ...], bodies.Body | None]
"""(kind, path, written?, the file's stamp, More-news targets left out, a body rendered
now to store)."""


def render_job(job: Job) -> tuple[bytes, tuple[str, ...], bodies.Body | None]:
    """The bytes of one page, the More-news targets it left out, and its body if it
    had to be rendered (None when the cache had it)."""
    from newsroom.publish import pages

    kind, index, _path, markdown, cached = job
    assert _SITE is not None
    if kind != "story":
        return _OTHER[index](), (), None
    fresh = None
    if cached is None:
        assert markdown is not None
        cached = fresh = bodies.render(markdown, pages.story_targets(_SITE, index))
    return pages.story_page(_SITE, index, cached).encode(), cached.missing, fresh


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


def _render_and_stage(jobs: list[Job], target: str, staging: str) -> list[Done]:
    """Render each page and put it into the staging folder (in a worker or not)."""
    out = []
    for job in jobs:
        data, missing, fresh = render_job(job)
        written, stamp = stage_file(target, staging, job[2], data)
        out.append((job[0], job[2], written, stamp, missing, fresh))
    return out


def _chunks(items: list[Any], n: int) -> Iterator[list[Any]]:
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
    with one line to show, and leave the previous site as it was (the message says
    so, or says what remains to be done when that is not so). Resized images are kept
    in `image_cache` (default: `images.cache_folder()`)."""
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
    started = time.perf_counter()
    db_file = sqlite_path(db.url)
    target = resolve_out(out)
    if (
        db_file is not None
        and Path(os.path.realpath(target)) in Path(os.path.realpath(db_file)).parents
    ):
        raise ExportError(f"cannot export to {out}: the database {db_file} is inside it")
    state.recover(target)
    swap.tidy(target)
    stamp = templates_stamp()
    notes = patch.trusted_notes(target)
    patched = None
    try:
        with db.reading() as session:
            counter = changes.counter(session)
            if notes is not None and counter is not None:
                patched = patch.try_patch(session, notes, counter, target, now, stamp)
            site = gather(session, now) if patched is None else None
    finally:
        if notes is not None:
            notes.close()
    if patched is not None:
        result, fresh = patched
        _store(db, fresh)
    else:
        assert site is not None
        with _snapshot_frozen():
            result = _full(
                db, out, site, now, stamp, counter, progress, cancelled, processes, image_cache
            )
    result.seconds = time.perf_counter() - started
    return result


_FROZEN = 0
_FROZEN_LOCK = threading.Lock()


@contextlib.contextmanager
def _snapshot_frozen() -> Iterator[None]:
    """The objects alive now (the site snapshot, 100,000 of them at 10,000 stories) left
    out of the cyclic garbage collector's walks until the export ends: each full walk
    took 0.08 s in this process, and in each worker it also copied the pages it
    touched (the snapshot reaches the workers by fork). Refcounting still frees them.
    Process-wide: in the window, its own objects too, until the last export running
    ends; then everything frozen is given back (nothing else here freezes while a
    process goes on: `cli_common.finish` freezes at its end)."""
    global _FROZEN
    with _FROZEN_LOCK:
        if _FROZEN == 0:
            gc.freeze()
        _FROZEN += 1
    try:
        yield
    finally:
        with _FROZEN_LOCK:
            _FROZEN -= 1
            if _FROZEN == 0:
                gc.unfreeze()


def _full(
    db: Database,
    out: Path,
    site: SiteData,
    now: datetime,
    stamp: str,
    counter: changes.Counter | None,
    progress: Progress | None,
    cancelled: Callable[[], bool],
    processes: int | None,
    image_cache: Path | None = None,
) -> ExportResult:
    from newsroom.publish import pages  # Jinja, Babel, Markdown: only to render

    global _SITE, _OTHER
    result = ExportResult(stories=len(site.stories))
    fingerprints: dict[str, str] = {}
    left_out: dict[str, tuple[str, ...]] = {}  # story page -> More-news targets left out
    report = progress or (lambda done, total, what: None)

    with SiteWriter(out) as writer, state.NotesFile(state.state_file(writer.target)) as notes:
        previous = _previous_files(writer)
        # Fingerprint every page; carry over the unchanged ones, render the rest. The
        # pages other than stories first: their renderers reach the workers at the fork.
        other_jobs: list[Job] = []
        renderers: list[Callable[[], bytes]] = []
        listings: list[tuple[str, dict[str, Any], tuple[int, ...]]] = []
        n_other = 0
        for page in pages.other_pages(site, stamp):  # (a generator: their inputs are big)
            n_other += 1
            fp = fingerprints[page.path] = _fingerprint(stamp, page.inputs)
            if page.listing is not None:
                spec = dict(vars(page.listing))  # (asdict deep-copies: slow)
                listings.append((page.path, spec, page.listing.ids))
            if not _carried_over(writer, previous, page.path, fp):
                other_jobs.append(("page", len(renderers), page.path, None, None))
                renderers.append(page.render)
        total = len(site.stories) + n_other
        done = n_other - len(other_jobs)
        report(done, total, "pages")
        fresh: dict[int, bodies.Body] = {}
        _index: dict[str, int] = {}  # story page -> index, of the pages queued

        def count(results: list[Done]) -> None:
            """Count what the renderers did; keep the bodies they had to render."""
            nonlocal done
            for kind, path, written, stamp, missing, body in results:
                writer.staged(path, stamp)
                if written:
                    writer.written += 1
                else:
                    writer.unchanged += 1
                if kind == "story":
                    left_out[path] = missing
                    if body is not None:
                        fresh[site.stories[_index[path]].id] = body
                done += 1
            report(done, total, "pages")
            swap.checkpoint("rendering")
            if cancelled():
                raise ExportCancelled("export cancelled; the previous site is untouched")

        def story_batches() -> Iterator[list[int]]:
            """The stories to render, a batch at a time, fingerprinted as they are asked
            for (while the workers render the batch before)."""
            nonlocal done
            shared = pages.story_shared(site)
            n = len(site.stories)
            for start in range(0, n, BATCH):
                queued = []
                for i in range(start, min(start + BATCH, n)):
                    path = site.stories[i].path
                    fp = fingerprints[path] = _fingerprint(
                        stamp, pages.story_inputs(site, i, shared)
                    )
                    old = _carried_over(writer, previous, path, fp)
                    if old is not None:
                        left_out[path] = old.left_out
                        done += 1
                    else:
                        _index[path] = i
                        queued.append(i)
                report(done, total, "pages")
                if queued:
                    yield queued

        workers = processes if processes is not None else min(2, os.cpu_count() or 1)
        if previous:  # replacing a site: how many stories changed decides the fork
            batches: Iterable[list[int]] = list(story_batches())
            to_render = sum(len(b) for b in batches)
        else:  # every page is new: the stories are fingerprinted as the workers go
            batches, to_render = story_batches(), len(site.stories)
        pooled = to_render + len(other_jobs) > POOL_FROM and workers > 1
        _SITE, _OTHER = site, renderers
        try:
            with _Renderer(writer, workers if pooled else 1, count) as renderer:
                # The workers render the other pages, then each batch of stories while
                # this process reads the next one (fingerprinting it too, into a new folder).
                renderer.submit(other_jobs)
                # The notes but the files' rows, while the workers render those pages.
                _add_notes(notes, site, listings, writer.target)
                for batch in batches:
                    renderer.submit(_story_jobs(db, site, batch))
                    renderer.wait(keep=1)
                    result.rendered_bodies += len(fresh)
                    _store(db, fresh)
                    fresh.clear()
                renderer.wait(keep=0)
                result.rendered_bodies += len(fresh)
                _store(db, fresh)
        finally:
            _SITE, _OTHER = None, []
        pictures = _write_images(db, site, writer, workers, image_cache, report, cancelled)
        result.images, result.images_resized = pictures.images, pictures.resized
        for path in pictures.paths:  # content-addressed: the name is the fingerprint
            fingerprints[path] = path
        files = {
            path: state.FileNote(fingerprints[path], size, mtime, left_out.get(path, ()))
            for path, (size, mtime) in writer.stamps().items()
        }
        header = patch.header(site, now, stamp, counter, writer.staging, files)
        try:
            notes.finish(header, files)
        except sqlite3.Error as exc:
            raise state.failure(exc, writer.target) from exc
        writer.commit()
        result.written, result.unchanged, result.removed = (
            writer.written,
            writer.unchanged,
            writer.removed,
        )
        result.pages = len(writer.names)
        result.folder = str(writer.target)
    lines = sorted(  # the whole site's, whether rendered now or carried over
        (story.slug, uid) for story in site.stories for uid in left_out.get(story.path, ())
    )
    result.left_out_links = [
        {"story": slug, "target_uid": uid, "reason": site.unpublished.get(uid, "it does not exist")}
        for slug, uid in lines
    ]
    return result


def _add_notes(
    notes: state.NotesFile,
    site: SiteData,
    listings: list[tuple[str, dict[str, Any], tuple[int, ...]]],
    target: Path,
) -> None:
    """Add the notes of the stories, the listings and the left-out links' reasons."""
    try:
        notes.add(
            (patch.note(site, i) for i in range(len(site.stories))),
            listings,
            {uid: (site.unpublished_ids.get(uid), why) for uid, why in site.unpublished.items()},
        )
    except sqlite3.Error as exc:
        raise state.failure(exc, target) from exc


def _write_images(
    db: Database,
    site: SiteData,
    writer: SiteWriter,
    workers: int,
    cache: Path | None,
    report: Progress,
    cancelled: Callable[[], bool],
) -> ImageStats:
    """The image files (see `publish.images`); new images resized in `workers` forked
    processes (started only when there is resizing to do)."""
    import multiprocessing

    from newsroom.publish import images

    def after(done: int, total: int) -> None:
        if total:  # no "0 of 0 images" step after the pages of a site without pictures
            report(done, total, "images")
        swap.checkpoint("images")
        if cancelled():
            raise ExportCancelled("export cancelled; the previous site is untouched")

    if workers < 2 or not site.images.items:
        return images.write_images(db, site.images, writer, cache=cache, after=after)
    from concurrent.futures import ProcessPoolExecutor  # (not on a patch's start-up path)

    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with,
        initargs=(os.getpid(),),
    )

    def mapper(function: Callable[[Any], Any], jobs: list[Any]) -> Any:
        return pool.map(function, jobs, chunksize=2) if len(jobs) > 2 else map(function, jobs)

    try:
        return images.write_images(db, site.images, writer, cache=cache, after=after, pool=mapper)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _story_jobs(db: Database, site: SiteData, batch: list[int]) -> list[Job]:
    """The jobs of story pages `batch` (indexes): with the cached render of the body
    where its key still matches, else with the Markdown to render."""
    from newsroom.publish import pages

    ids = [site.stories[i].id for i in batch]
    with db.reading() as session:
        markdown = read_bodies(session, ids)
        stored = bodies.lookup(session, ids)
    jobs: list[Job] = []
    for i in batch:
        story = site.stories[i]
        text = markdown.get(story.id, "")
        key = bodies.cache_key(text, pages.story_targets(site, i))
        cached = stored.get(story.id)
        if cached is not None and cached.key == key:
            jobs.append(("story", i, story.path, None, cached))
        else:
            jobs.append(("story", i, story.path, text, None))
    return jobs


def _store(db: Database, fresh: dict[int, bodies.Body]) -> None:
    """Keep the bodies just rendered. A cache: when the database will not take them
    now (another process holds the write lock too long), the export goes on."""
    if not fresh:
        return
    from sqlalchemy.exc import OperationalError

    from newsroom.core.errors import NewsroomError

    try:
        with db.transaction() as session:
            bodies.store(session, fresh)
    except (OperationalError, NewsroomError):
        pass  # rendered again next time; the site is right either way


class _Renderer:
    """Runs jobs in this process or in `workers` forked processes; `count` gets the
    results of each chunk, in order."""

    def __init__(
        self, writer: SiteWriter, workers: int, count: Callable[[list[Done]], None]
    ) -> None:
        self.writer = writer
        self.workers = workers
        self.count = count
        self.pool: ProcessPoolExecutor | None = None
        self.pending: list[list[Future[list[Done]]]] = []  # per `submit`, oldest first

    def __enter__(self) -> _Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, jobs: list[Job]) -> None:
        """Render `jobs`: here and now with one worker, else queued to the pool."""
        if not jobs:
            return
        writer = self.writer
        for job in jobs:
            writer.reserve(job[2])
        target, staging = str(writer.target), str(writer.staging)
        if self.workers <= 1:
            for chunk in _chunks(jobs, 50):
                self.count(_render_and_stage(chunk, target, staging))
            return
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_die_with,
                initargs=(os.getpid(),),
            )
        pool = self.pool
        self.pending.append(
            [pool.submit(_render_and_stage, c, target, staging) for c in _chunks(jobs, 100)]
        )

    def wait(self, keep: int) -> None:
        """Count the results of all but the `keep` newest submits."""
        while len(self.pending) > keep:
            for future in self.pending.pop(0):
                self.count(future.result())


def _carried_over(
    writer: SiteWriter, previous: dict[str, state.FileNote], path: str, fingerprint: str
) -> state.FileNote | None:
    """The previous site's note of `path` if its file was carried over (same
    fingerprint, file as the previous export left it), else None."""
    old = previous.get(path)
    if old and old.fingerprint == fingerprint and writer.carry_over(path, (old.size, old.mtime)):
        return old
    return None


def _previous_files(writer: SiteWriter) -> dict[str, state.FileNote]:
    """The notes of the site being replaced; empty when there are none to trust (a
    new folder, one that is not our export, notes written for another folder)."""
    if not writer.replacing:
        return {}
    notes = patch.trusted_notes(writer.target)
    if notes is None:
        return {}
    try:
        return notes.files()
    finally:
        notes.close()
