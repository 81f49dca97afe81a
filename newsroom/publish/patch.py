"""An export that replaces only the files a few changed stories touch.

Taken when the notes beside the folder (`state`) describe the site in it and the
change stamps (`core.changes`) name few stories, none of which came onto or left the
site or moved (date, section, tags, path), with nothing every page shows changed,
the same templates and the same day. Then, for each changed story:

- its own page is rendered again (its body from the cache when the key matches);
- if its headline, standfirst or byline changed: the listing pages that list it (the
  notes say which), the pages of stories whose More-news lines point to it, and the
  feed; a story among the newest, whose summary every story page shows, needs the
  full export instead;
- the feed if it is among the newest, the sitemap part that holds it if the day it
  last changed moved.

Anything else (`try_patch` returns None) is a full export. Files whose bytes did not
change are not touched. The new files are written beside the site, committed to the
journal with the notes that describe the patched site, then renamed over the old
ones: each file is replaced whole, and a kill after the commit is finished by the
next export (`state.recover`). Readers may see some files new and some old for the
milliseconds the renames take; a full export (every other case) swaps the whole
folder at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from newsroom.core import changes
from newsroom.core.models import Article, MoreNewsLink, Status
from newsroom.publish import bodies, state, swap
from newsroom.publish.result import ExportResult
from newsroom.publish.site import (
    FEED_PATH,
    LATEST_ON_STORY,
    SITEMAP_PATH,
    SiteData,
    gather_some,
    read_bodies,
    unpublished_targets,
)
from newsroom.publish.site_folder import ExportError, failure, safe_relpath, write_atomic
from newsroom.publish.swap import MARKER

MAX_STORIES = 200
"""Changed stories above which a full export is simpler (and about as quick)."""
MAX_PAGES = 2000
"""Pages to render above which the full export is used."""


def trusted_notes(target: Path) -> state.Notes | None:
    """The notes beside `target` if they were written for the folder now under that
    name (see `state`), else None."""
    notes = state.read(target)
    if notes is None:
        return None
    try:
        st = os.stat(target)
        ours = os.path.isfile(target / MARKER)
    except OSError:
        st, ours = None, False
    header = notes.header
    if (
        st is None
        or not ours
        or [st.st_dev, st.st_ino] != header.get("folder")
        or dir_stamps(target, header.get("dirs", {})) != header.get("dirs")
    ):
        notes.close()
        return None
    return notes


def dir_stamps(root: Path, names: Iterable[str]) -> dict[str, int]:
    """The modification time of each folder `names` of the site ("" for the site's own).
    A file added, deleted or saved by an editor that writes a new file and renames it
    changes its folder's, so notes whose folders' times still match describe the
    folder's files; a file overwritten in place is not noticed (it is put right by the
    next full export)."""
    base = os.fspath(root)
    out: dict[str, int] = {}
    for name in names:  # (strings, not Paths: 3,800 folders at 100,000 stories)
        try:
            out[name] = os.stat(f"{base}/{name}" if name else base).st_mtime_ns
        except OSError:
            return {}
    return out


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder of the site that holds files `paths`, their parents, and the site's
    own (""): a site's folders, known without listing ten thousand files."""
    out = {""}
    for path in paths:
        folder = _folder_of(path)
        while folder not in out:
            out.add(folder)
            folder = _folder_of(folder)
    return out


def header(
    site: SiteData,
    now: datetime,
    stamp: str,
    counter: changes.Counter | None,
    folder: Path,
    files: Collection[str],
) -> dict[str, Any]:
    """The notes' header for a site made from `site` into `folder` (all written: `files`)."""
    st = os.stat(folder)
    return {
        "folder": [st.st_dev, st.st_ino],
        "dirs": dir_stamps(folder, folders_of(files)),
        "counter": counter.value if counter else None,
        "site_value": counter.site_value if counter else None,
        "now": now.isoformat(),
        "tz": site.settings.time_zone,
        "day": now.astimezone(site.tz).date().isoformat(),
        "templates": stamp,
        "stories": len(site.stories),
        "pages": len(files),
    }


def _digest(*parts: Any) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def note(site: SiteData, index: int) -> state.StoryNote:
    """What the notes keep of story `index`."""
    from newsroom.publish import pages

    s = site.stories[index]
    return state.StoryNote(
        s.id,
        s.uid,
        s.slug,
        s.path,
        index,
        _digest(s.headline, s.standfirst, s.byline),
        _digest(s.published_at.isoformat(), s.section_id, s.entity_ids, s.path, s.slug),
        pages.lastmod(site, s),
    )


def _liveness_moved(session: Session, since: datetime, now: datetime) -> bool:
    """Whether a story came onto or left the site between `since` and `now` by the
    clock alone (a date or an embargo passed), with no write to stamp it."""
    low, high = min(since, now), max(since, now)
    if low == high:
        return False
    query = select(func.count()).where(
        Article.status == Status.PUBLISHED.value,
        or_(
            and_(Article.published_at > low, Article.published_at <= high),
            and_(Article.embargo_until > low, Article.embargo_until <= high),
        ),
    )
    return bool(session.execute(query).scalar())


def try_patch(
    session: Session,
    notes: state.Notes,
    counter: changes.Counter,
    target: Path,
    now: datetime,
    stamp: str,
) -> tuple[ExportResult, dict[int, bodies.Body]] | None:
    """Patch the site in `target` if the change allows it (see the module notes):
    what was done and the bodies rendered on the way (for the caller to store once
    its read session is over); None when a full export is needed."""
    h = notes.header
    if (
        h.get("counter") is None
        or h.get("templates") != stamp
        or h.get("site_value") != counter.site_value
        or not h.get("stories")
        or now.astimezone(ZoneInfo(h["tz"])).date().isoformat() != h.get("day")
        or _liveness_moved(session, datetime.fromisoformat(h["now"]), now)
    ):
        return None
    changed = changes.changed_since(session, int(h["counter"]))
    if len(changed) > MAX_STORIES:
        return None
    files: dict[str, bytes] = {}
    new_notes: list[state.StoryNote] = []
    left: dict[str, tuple[str, ...]] = {}
    fresh: dict[int, bodies.Body] = {}
    if changed:
        from newsroom.publish import pages  # Jinja, Babel, Markdown: only to render

        work = _plan(session, notes, changed, now)
        if work is None:
            return None
        site, story_ids, listings, feed, sitemap = work
        old = notes.stories(changed)
        new_notes = [  # a patch moves no story: each keeps its rank
            replace(note(site, i), rank=old[s.id].rank)
            for i, s in enumerate(site.stories)
            if s.id in old
        ]
        by_id = {s.id: i for i, s in enumerate(site.stories)}
        markdown = read_bodies(session, sorted(story_ids))
        stored = bodies.lookup(session, sorted(story_ids))
        for story_id in sorted(story_ids):
            i = by_id[story_id]
            targets = pages.story_targets(site, i)
            key = bodies.cache_key(markdown.get(story_id, ""), targets)
            body = stored.get(story_id)
            if body is None or body.key != key:
                body = fresh[story_id] = bodies.render(markdown.get(story_id, ""), targets, key)
            files[site.stories[i].path] = pages.story_page(site, i, body).encode()
            left[site.stories[i].path] = body.missing
        for path, spec in listings.items():
            listing = pages.Listing(**{**spec, "ids": tuple(spec["ids"])})
            if any(i not in by_id for i in listing.ids):
                return None
            chunk = [site.stories[by_id[i]] for i in listing.ids]
            files[path] = pages.listing_page(site, path, listing, chunk)
        if feed:
            files[FEED_PATH] = pages.feed_page(site)
        files.update(_sitemap(site, notes, sitemap, int(h["stories"])))
    changed_files = {p: data for p, data in files.items() if not _same(target / p, data)}
    result = ExportResult(stories=int(h["stories"]), pages=int(h["pages"]), patched=True)
    result.folder = str(target)
    reasons = notes.reasons()
    asked = _reasons_asked_again(session, reasons, changed, left, now)
    _apply(notes, target, changed_files, left, new_notes, counter, now, asked)
    result.written = len(changed_files)
    result.unchanged = result.pages - result.written
    result.rendered_bodies = len(fresh)
    lines = notes.left_out()
    reasons.update(asked)
    unknown = {uid for _, uid in lines} - reasons.keys()
    if unknown:  # (never, with notes that were kept up to date)
        reasons.update(unpublished_targets(session, unknown, now))
    result.left_out_links = [  # (tuples sort several times faster than a key function)
        {"story": slug, "target_uid": uid, "reason": reasons[uid][1]} for slug, uid in sorted(lines)
    ]
    return result, fresh


def _reasons_asked_again(
    session: Session,
    known: dict[str, state.Reason],
    changed: list[int],
    left: dict[str, tuple[str, ...]],
    now: datetime,
) -> dict[str, state.Reason]:
    """The reasons a patch must ask the database again: those of More-news targets
    among the `changed` stories (or whose uid a changed story now has), and of targets
    the pages rendered now leave out that the notes do not know. Nothing else can
    change a reason: a target coming onto the site is no patch."""
    if not changed:
        return {}
    ids = set(changed)
    uids = {uid for uid, (story_id, _) in known.items() if story_id in ids}
    for start in range(0, len(changed), 500):
        uids.update(
            session.scalars(select(Article.uid).where(Article.id.in_(changed[start : start + 500])))
        )
    uids &= known.keys()
    uids |= {uid for lines in left.values() for uid in lines} - known.keys()
    return unpublished_targets(session, uids, now) if uids else {}


def _plan(
    session: Session, notes: state.Notes, changed: list[int], now: datetime
) -> tuple[SiteData, set[int], dict[str, dict[str, Any]], bool, dict[str, str]] | None:
    """What to render for `changed`: (the site data it needs, story pages, listing
    pages with their specs, the feed?, sitemap lastmods by path); None for a full export."""
    from newsroom.publish import pages

    old = notes.stories(changed)
    site = gather_some(session, now, changed)
    by_id = {s.id: i for i, s in enumerate(site.stories)}
    story_ids: set[int] = set()
    listings: dict[str, dict[str, Any]] = {}
    feed = False
    sitemap: dict[str, str] = {}
    renamed: list[str] = []
    for story_id in changed:
        was = old.get(story_id)
        index = by_id.get(story_id)
        if was is None and index is None:
            continue  # not on the site before or now (a draft was saved)
        if was is None or index is None:
            return None  # onto or off the site: lists, pages and links move
        now_note = note(site, index)
        if now_note.place != was.place:
            return None
        story_ids.add(story_id)
        if now_note.summary != was.summary:
            if was.rank <= LATEST_ON_STORY:
                return None  # every story page lists it
            listings.update(notes.listed_on([story_id]))
            renamed.append(site.stories[index].uid)
        if was.rank < pages.FEED_SIZE:
            feed = True
        if now_note.lastmod != was.lastmod:
            sitemap[now_note.path] = now_note.lastmod
    if renamed:  # stories whose More-news lines show the new headline
        sources = set(
            session.scalars(
                select(MoreNewsLink.source_id).where(MoreNewsLink.target_uid.in_(renamed))
            )
        )
        story_ids |= set(notes.stories(sources))
    if len(story_ids) + len(listings) > MAX_PAGES:
        return None
    wanted = story_ids | {i for spec in listings.values() for i in spec["ids"]}
    if wanted - set(by_id):
        site = gather_some(session, now, wanted | set(changed))
    return site, story_ids, listings, feed, sitemap


def _sitemap(
    site: SiteData, notes: state.Notes, lastmods: dict[str, str], stories: int
) -> dict[str, bytes]:
    """The sitemap files that hold the stories of `lastmods` (path -> new lastmod)."""
    from newsroom.publish import pages

    if not lastmods:
        return {}
    size = pages.SITEMAP_URLS
    if stories + 1 <= size:
        entries = [(p, lastmods.get(p, day)) for p, day in notes.sitemap_entries()]
        return {SITEMAP_PATH: pages.sitemap_page(pages.sitemap_urls(site, entries))}
    out = {}
    for part in sorted({(1 + notes.position(p)) // size + 1 for p in lastmods}):
        first = (part - 1) * size  # url index; url 0 is the front page
        offset = max(0, first - 1)
        limit = size - 1 if part == 1 else size
        entries = [(p, lastmods.get(p, day)) for p, day in notes.sitemap_entries(offset, limit)]
        urls = pages.sitemap_urls(site, entries)
        out[pages.sitemap_part_path(part)] = pages.sitemap_page(urls if part == 1 else urls[1:])
    return out


def _same(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _apply(
    notes: state.Notes,
    target: Path,
    files: dict[str, bytes],
    left: dict[str, tuple[str, ...]],
    stories: list[state.StoryNote],
    counter: changes.Counter,
    now: datetime,
    reasons: dict[str, state.Reason],
) -> None:
    """Write `files` beside the site, commit them to the journal with the new notes
    (and `reasons` asked again), then rename them into the site (see the module notes)."""
    if not files and not stories and not reasons and notes.header.get("counter") == counter.value:
        return  # nothing to write (the notes' export time may lag: it only widens a check)
    folder_name = f".{target.name}.next-{os.getpid()}"
    folder = target.parent / folder_name
    file_notes: dict[str, state.FileNote] = {}
    try:
        if files:
            shutil.rmtree(folder, ignore_errors=True)
            for path, data in files.items():
                new = folder / safe_relpath(path)
                new.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(new, data, new.with_name(new.name + ".tmp"))
                st = new.stat()
                old = notes.file(path)
                file_notes[path] = state.FileNote(
                    "", st.st_size, st.st_mtime_ns, left.get(path, old.left_out if old else ())
                )
        swap.checkpoint("patch-written")
        header = {"counter": counter.value, "now": now.isoformat()}
        notes.commit_patch(
            header, file_notes, stories, dict.fromkeys(files, "put"), folder_name, reasons
        )
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise failure(exc, target) from exc
    except sqlite3.Error as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise state.failure(exc, target) from exc
    swap.checkpoint("patch-committed")
    try:
        notes.finish_patch(target)
        if files:
            dirs = dict(notes.header["dirs"])
            dirs.update(dir_stamps(target, {_folder_of(path) for path in files}))
            notes.set_header({"dirs": dirs})
    except OSError as exc:
        raise ExportError(
            f"cannot finish replacing {len(files)} changed file(s) in {target}: "
            f"{exc.strerror or exc}; the site holds some of them, and the next export "
            "finishes the rest"
        ) from exc


def _folder_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""
