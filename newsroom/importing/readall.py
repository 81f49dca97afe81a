"""The read pass of an import: every file parsed, in worker processes when it pays.

Parsing is pure (bytes in, `ParsedStory` out, no database), and for a big import it is
most of the time that is not writing: a saved news page goes through the extractor, a
Markdown file through YAML. So a big import (`POOL_FILES` files or more, or
`POOL_BYTES` of them) reads in worker processes, one per core, while the one writer
stays in this process (`writer`): SQLite has one writer at a time anyway, and the
order of the writes is the writer's to choose.

Files go to the workers in runs of neighbours and come back in the same order, so the
result is the one a read in this process gives: the same stories in the same order,
and the site information (`SiteInfo`, from a Newsroom export's pages) merged run by
run in file order (`SiteInfo.merge`), exactly as if one reader had seen every page.

Workers are started with "spawn", never "fork": the caller may be the desktop's
worker thread, with Qt and an open database in the process; a forked child would
inherit both (and a database file descriptor that a child's exit could unlock, see
DESIGN.md). A small import reads here: starting the processes costs more than it
saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from newsroom.importing.encodings import Refused
from newsroom.importing.model import ParsedStory, SiteInfo
from newsroom.importing.reader import NotAStory, read_file

POOL_FILES = 256
POOL_BYTES = 2 * 1024 * 1024
RUN = 32  # files a worker reads at a time


@dataclass
class Read:
    """What reading gave, in file order: each file's story, what it is if not one, or
    why it can not be read; and what the pages said about their site."""

    outcomes: list[tuple[Path, ParsedStory | NotAStory | Refused]] = field(default_factory=list)
    site: SiteInfo = field(default_factory=SiteInfo)
    cancelled: bool = False


def _read_one(path: Path, tz: ZoneInfo, site: SiteInfo, max_bytes: int) -> object:
    try:
        return read_file(path, tz, site, max_bytes=max_bytes)
    except Refused as exc:
        return exc


def _read_run(
    paths: list[Path], tz: ZoneInfo, max_bytes: int
) -> tuple[list[ParsedStory | NotAStory | Refused], SiteInfo]:
    """In a worker: a run of files, with the site information they gave."""
    site = SiteInfo()
    read = [_read_one(path, tz, site, max_bytes) for path in paths]
    return read, site  # type: ignore[return-value]


def workers_for(files: list[Path]) -> int:
    """How many worker processes to read `files` with (0: read in this process)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not cores or cores < 2:
        return 0
    if len(files) >= POOL_FILES:
        return cores
    size = 0
    for path in files:
        try:
            size += path.stat().st_size
        except OSError:
            continue
        if size >= POOL_BYTES:
            return cores
    return 0


def read_all(
    files: list[Path],
    tz: ZoneInfo,
    *,
    max_bytes: int,
    tell: Callable[[int, Path], None],
    cancelled: Callable[[], bool],
    workers: int | None = None,
) -> Read:
    """Read `files` (see the module notes); `tell(done, path)` after each, `cancelled()`
    asked between files (between runs in workers). `workers`: force a number (0 reads
    in this process); by default `workers_for(files)`."""
    workers = workers_for(files) if workers is None else workers
    result = Read()
    if workers <= 0:
        for n, path in enumerate(files):
            if cancelled():
                result.cancelled = True
                break
            result.outcomes.append((path, _read_one(path, tz, result.site, max_bytes)))  # type: ignore[arg-type]
            tell(n + 1, path)
        return result
    runs = [files[i : i + RUN] for i in range(0, len(files), RUN)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_read_run, run, tz, max_bytes) for run in runs]
        try:
            done = 0
            for run, (read, site) in zip(runs, _in_order(futures), strict=True):
                result.outcomes += zip(run, read, strict=True)
                result.site.merge(site)
                for path in run:
                    done += 1
                    tell(done, path)
                if cancelled():
                    result.cancelled = True
                    break
        finally:
            for future in futures:
                future.cancel()
    return result


def _in_order(
    futures: list[Future[tuple[list[ParsedStory | NotAStory | Refused], SiteInfo]]],
) -> Iterator[tuple[list[ParsedStory | NotAStory | Refused], SiteInfo]]:
    for future in futures:
        yield future.result()
