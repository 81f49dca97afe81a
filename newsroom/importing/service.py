"""`import_paths`: bring files and folders of stories into a database.

Three passes. *Read*: every file is read and parsed, nothing written; a file that is
no readable story is reported with the reason (`reader`). *Plan*: files of the import
that are the same story are paired up, and each More-news line that names a story of
the import is tied to it (`matching`). *Write*: in groups, each its own transaction,
new stories in batches and the rest one by one through the article service, a bad file
rolled back alone, and a file's More-news targets before it (`writer`, `linking`).

Duplicates are matched on uid, canonical address, or slug and publication day, when
each file is written (another import may run at the same time: two imports at once
give what one after the other gives); `on_duplicate` says whether a match is skipped
or updated from the file, and the report says for each skipped file why. An update is
a new revision of the same story (same uid and address); the tags the file gives
replace those an earlier import brought, and tags given here are kept. A story open in
an editor is not updated (skipped, with the reason), nor is a second copy of a file of
the same import. `only` writes just those files of the paths (all are still read, for
what a site's other pages say): how "update these" re-runs an import for the files it
skipped.

`status`: "keep" gives each story the status its file says (a file with a publication
date and no status is published); "draft" makes the stories that arrive drafts, their
publication dates kept for when an editor publishes them, while an updated story keeps
the status and date it has here. A story keeps the dates the file gives, and its tags
are marked as coming from an import. An export imported into a database without
stories brings its site settings along, and the old addresses of its renamed entities
(their redirect pages).

Inside a folder, a link (file or folder) that leads out of it is not followed and is
reported (`reader.collect`). When the database stops taking writes (the disk is full)
the import stops with one reason in `report.stopped`; what was committed stays.

For the UI: run it off the UI thread with a `Database` of that thread; `progress(done,
total, message)` is called as files are read and as they are written (`total` counts
each file twice, once per pass), and `cancelled()` is asked between files: the import
then stops, keeping what was written, with `report.cancelled` set.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from newsroom.core import pending
from newsroom.core import settings as site_settings
from newsroom.core.articles import count_articles
from newsroom.core.db import Database
from newsroom.core.errors import ValidationError
from newsroom.core.pending import key_of
from newsroom.core.progress import Progress
from newsroom.importing.catalog import Catalog
from newsroom.importing.encodings import MAX_BYTES, Refused
from newsroom.importing.faults import ImportStopped
from newsroom.importing.matching import Matcher
from newsroom.importing.model import ParsedStory, SiteInfo
from newsroom.importing.readall import read_all
from newsroom.importing.reader import NotAStory, collect
from newsroom.importing.report import FileResult, ImportReport, UnresolvedLink
from newsroom.importing.siteinfo import adopt_moved_entities, adopt_settings
from newsroom.importing.writer import GROUP_SECONDS, Writer

ON_DUPLICATE = ("skip", "update")
STATUSES = ("keep", "draft")


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    on_duplicate: str = "skip",
    status: str = "keep",
    only: Iterable[str | Path] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    author: str = "",
    max_bytes: int = MAX_BYTES,
    group_seconds: float = GROUP_SECONDS,
) -> ImportReport:
    """Import the stories in `paths` (files, or folders read recursively).

    Never raises for a bad file (it is a `failed` row of the report); raises
    `ValidationError` for a bad `on_duplicate` or `status`. See the module notes for
    the rest.
    """
    if on_duplicate not in ON_DUPLICATE:
        raise ValidationError("on_duplicate", f"on_duplicate is {on_duplicate!r}; skip or update")
    if status not in STATUSES:
        raise ValidationError("status", f"status is {status!r}; keep or draft")
    wanted = None if only is None else {str(p) for p in only}
    started = time.perf_counter()
    tell = progress or (lambda done, total, message: None)
    report = ImportReport()
    found = collect(Path(p) for p in paths)
    report.files += [FileResult(str(p), "failed", reason) for p, reason in found.refused]
    files = found.files
    total = 2 * len(files)
    with db.reading() as session:
        settings = site_settings.load(session)
        was_empty = count_articles(session) == 0
    read = read_all(
        files, settings.tz, max_bytes=max_bytes, cancelled=cancelled,
        tell=lambda done, path: tell(done, total, f"read {path.name}"),
    )  # fmt: skip
    site, report.cancelled = read.site, read.cancelled
    stories: list[ParsedStory] = []
    for path, outcome in read.outcomes:
        if isinstance(outcome, Refused):
            report.files.append(FileResult(str(path), "failed", str(outcome)))
        elif isinstance(outcome, NotAStory):
            report.files.append(FileResult(str(path), "ignored", outcome.reason))
        else:
            stories.append(outcome)
    if wanted is not None:
        stories = [s for s in stories if str(s.path) in wanted]
        report.files = [f for f in report.files if f.path in wanted]
    if not report.cancelled:
        try:
            _write(db, stories, settings, site, report, was_empty=was_empty,
                   on_duplicate=on_duplicate, status=status, author=author,
                   group_seconds=group_seconds,
                   tell=lambda n, name: tell(len(files) + n, total, f"imported {name}"),
                   cancelled=cancelled)  # fmt: skip
        except ImportStopped as exc:
            report.stopped, report.not_written = str(exc), exc.not_written
    place = {str(p): n for n, p in enumerate([*(p for p, _ in found.refused), *files])}
    report.files.sort(key=lambda f: place.get(f.path, len(place)))
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
    status: str,
    author: str,
    group_seconds: float,
    tell: Callable[[int, str], None],
    cancelled: Callable[[], bool],
) -> None:
    if site.pages and was_empty:
        report.settings_adopted = adopt_settings(db, site)
        with db.reading() as session:
            settings = site_settings.load(session)
    with db.reading() as session:
        catalog = Catalog.load(session)
    matcher = Matcher(settings, site)
    matcher.plan(stories)
    writer = Writer(
        db, matcher, catalog, site,
        on_duplicate=on_duplicate, status=status, author=author, group_seconds=group_seconds,
    )  # fmt: skip
    count = 0

    def written(result: FileResult, unresolved: list[UnresolvedLink]) -> None:
        nonlocal count
        count += 1
        report.files.append(result)
        report.unresolved_links.extend(unresolved)
        tell(count, Path(result.path).name)

    try:
        writer.add_sections()
        if not writer.write_all(stories, cancelled=cancelled, written=written):
            report.cancelled = True
        elif site.moved_entities and was_empty:  # an export restored: its redirects too
            adopt_moved_entities(db, site)
    finally:
        report.pending_links = writer.pending_links()
    _drop_linked_since(db, report)


def _drop_linked_since(db: Database, report: ImportReport) -> None:
    """Leave out of the report the pending lines a story written later in the import
    has linked meanwhile (`core.pending`): the report lists what still waits."""
    ids = {f.path: f.story_id for f in report.files if f.story_id is not None}
    if not (report.unresolved_links or report.pending_links) or not ids:
        return
    written = set(ids.values())
    with db.reading() as session:  # few: lines wait until someone writes their story
        left = Counter(
            (w.article_id, key_of(w.wanted))
            for w in pending.waiting(session)
            if w.article_id in written
        )

    def still(path: str, headline: str) -> bool:
        story_id = ids.get(path)
        if story_id is None:
            return False
        key = (story_id, key_of(headline))
        if left[key] <= 0:
            return False
        left[key] -= 1
        return True

    report.unresolved_links = [
        u for u in report.unresolved_links if not u.kept or still(u.path, u.headline)
    ]
    report.pending_links = [p for p in report.pending_links if still(p.path, p.headline)]
