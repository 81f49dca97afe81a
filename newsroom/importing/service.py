"""`import_paths`: bring files and folders of stories into a database.

Three passes. *Read*: every file is read and parsed, nothing written; a file that is
no readable story is reported with the reason (`reader`). *Plan*: each story gets the
uid it will have, its own, the one an export's feed gives it, or that of the story in
the database it duplicates, so a More-news line can name a story of the same import
before that is written (`matching`). *Write*: each file on its own through the article
service, a bad one rolled back alone (`writer`).

Duplicates are matched on uid, canonical address, or slug and publication day;
`on_duplicate` says whether a match is skipped or updated from the file. A story
keeps the dates the file gives, and its tags are marked as coming from an import.
An export imported into a database without stories brings its site settings along.

For the UI: run it off the UI thread with a `Database` of that thread; `progress(done,
total, message)` is called as files are read and as they are written (`total` counts
each file twice, once per pass), and `cancelled()` is asked between files: the import
then stops, keeping what was written, with `report.cancelled` set.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from newsroom.core import settings as site_settings
from newsroom.core.articles import count_articles
from newsroom.core.db import Database
from newsroom.core.errors import ValidationError
from newsroom.importing.catalog import Catalog
from newsroom.importing.encodings import MAX_BYTES, Refused
from newsroom.importing.matching import Matcher
from newsroom.importing.model import ParsedStory, SiteInfo
from newsroom.importing.reader import NotAStory, collect, read_file
from newsroom.importing.report import FileResult, ImportReport, UnresolvedLink
from newsroom.importing.siteinfo import adopt_settings
from newsroom.importing.writer import GROUP_SECONDS, Writer

Progress = Callable[[int, int, str], None]
ON_DUPLICATE = ("skip", "update")


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    on_duplicate: str = "skip",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    author: str = "",
    max_bytes: int = MAX_BYTES,
    group_seconds: float = GROUP_SECONDS,
) -> ImportReport:
    """Import the stories in `paths` (files, or folders read recursively).

    Never raises for a bad file (it is a `failed` row of the report); raises
    `ValidationError` for a bad `on_duplicate`. See the module notes for the rest.
    """
    if on_duplicate not in ON_DUPLICATE:
        raise ValidationError("on_duplicate", f"on_duplicate is {on_duplicate!r}; skip or update")
    started = time.perf_counter()
    tell = progress or (lambda done, total, message: None)
    report = ImportReport()
    files = collect(Path(p) for p in paths)
    total = 2 * len(files)
    with db.reading() as session:
        settings = site_settings.load(session)
        was_empty = count_articles(session) == 0
    site = SiteInfo()
    stories: list[ParsedStory] = []
    for done, path in enumerate(files):
        if cancelled():
            report.cancelled = True
            break
        try:
            found = read_file(path, settings.tz, site, max_bytes=max_bytes)
        except Refused as exc:
            report.files.append(FileResult(str(path), "failed", str(exc)))
        else:
            if isinstance(found, NotAStory):
                report.files.append(FileResult(str(path), "ignored", found.reason))
            else:
                stories.append(found)
        tell(done + 1, total, f"read {path.name}")
    if not report.cancelled:
        if site.pages and was_empty:
            report.settings_adopted = adopt_settings(db, site)
            with db.reading() as session:
                settings = site_settings.load(session)
        _write(db, stories, settings, site, report, was_empty=was_empty,
               on_duplicate=on_duplicate, author=author, group_seconds=group_seconds,
               tell=lambda n, name: tell(len(files) + n, total, f"imported {name}"),
               cancelled=cancelled)  # fmt: skip
    report.seconds = time.perf_counter() - started
    return report


def _write(
    db: Database,
    stories: list[ParsedStory],
    settings: site_settings.SiteSettings,
    site: SiteInfo,
    report: ImportReport,
    *,
    was_empty: bool,
    on_duplicate: str,
    author: str,
    group_seconds: float,
    tell: Callable[[int, str], None],
    cancelled: Callable[[], bool],
) -> None:
    with db.reading() as session:
        catalog = Catalog.load(session)
    matcher = Matcher(db, settings, site)
    matcher.plan(stories, check_database=not was_empty)
    writer = Writer(
        db, matcher, catalog, site,
        on_duplicate=on_duplicate, author=author, group_seconds=group_seconds,
    )  # fmt: skip
    writer.add_sections()

    count = 0

    def written(result: FileResult, unresolved: list[UnresolvedLink]) -> None:
        nonlocal count
        count += 1
        report.files.append(result)
        report.unresolved_links.extend(unresolved)
        tell(count, Path(result.path).name)

    if not writer.write_all(stories, cancelled=cancelled, written=written):
        report.cancelled = True
