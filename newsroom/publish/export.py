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
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsroom.core.db import Database
from newsroom.paths import resources_dir
from newsroom.publish import pages
from newsroom.publish.site import SiteData, StoryItem, gather
from newsroom.publish.writer import ExportCancelled, SiteWriter

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


# Story pages are rendered in worker processes on big exports; the site data reaches
# them once, at fork, through this module global.
_SITE: SiteData | None = None


def _render_stories(indexes: list[int]) -> list[tuple[int, bytes, tuple[str, ...]]]:
    assert _SITE is not None
    out = []
    for i in indexes:
        html, missing = pages.story_page(_SITE, i)
        out.append((i, html.encode(), missing))
    return out


def _chunks(items: list[int], n: int) -> Iterator[list[int]]:
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

    global _SITE
    started = time.perf_counter()
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
        # Story pages: fingerprint first; render only the ones that changed.
        todo: list[int] = []
        shared = pages.shared_inputs(site)
        for i, story in enumerate(site.stories):
            fp = _fingerprint(stamp, pages.story_inputs(site, i, shared))
            fingerprints[story.path] = fp
            if _unchanged(previous, story.path, fp) and writer.keep(
                story.path, previous[story.path][1]
            ):
                continue
            todo.append(i)
        total = len(site.stories)
        done = total - len(todo)
        report(done, total, "stories")

        def take(rendered: list[tuple[int, bytes, tuple[str, ...]]]) -> None:
            nonlocal done
            for i, data, missing in rendered:
                story: StoryItem = site.stories[i]
                writer.write(story.path, data)
                for uid in missing:
                    result.left_out_links.append(
                        {
                            "story": story.slug,
                            "target_uid": uid,
                            "reason": site.unpublished.get(uid, "it does not exist"),
                        }
                    )
                done += 1
            if cancelled():
                raise ExportCancelled("export cancelled; the previous site is untouched")
            report(done, total, "stories")

        workers = processes if processes is not None else min(2, os.cpu_count() or 1)
        if len(todo) > 400 and workers > 1:
            _SITE = site
            try:
                import multiprocessing

                context = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(workers, mp_context=context) as pool:
                    for rendered in pool.map(_render_stories, _chunks(todo, 100)):
                        take(rendered)
            finally:
                _SITE = None
        else:
            for chunk in _chunks(todo, 50):
                take([(i, *_encode(pages.story_page(site, i))) for i in chunk])

        # Everything else: listings, entity pages, feeds, static files.
        for path, inputs, render in pages.other_pages(site, stamp):
            if cancelled():
                raise ExportCancelled("export cancelled; the previous site is untouched")
            fp = _fingerprint(stamp, inputs)
            fingerprints[path] = fp
            if _unchanged(previous, path, fp) and writer.keep(path, previous[path][1]):
                continue
            writer.write(path, render())
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


def _unchanged(previous: dict[str, list[Any]], path: str, fingerprint: str) -> bool:
    entry = previous.get(path)
    return entry is not None and entry[0] == fingerprint


def _encode(page: tuple[str, tuple[str, ...]]) -> tuple[bytes, tuple[str, ...]]:
    return page[0].encode(), page[1]


def by_month(site: SiteData) -> dict[tuple[int, int], list[int]]:
    months: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, s in enumerate(site.stories):
        local = s.published_at.astimezone(site.tz)
        months[(local.year, local.month)].append(i)
    return months
