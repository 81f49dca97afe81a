"""The static export: which stories, what the pages hold, links, determinism,
incremental re-export, atomic replacement."""

from __future__ import annotations

import errno
import json
import re
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from newsroom.core import settings as site_settings
from newsroom.core.articles import update_article, with_changes
from newsroom.publish import export as export_module
from newsroom.publish import patch as patch_module
from newsroom.publish import site_folder as writer_module
from newsroom.publish.site_folder import ExportCancelled, ExportError, safe_relpath


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _story_file(out: Path, slug: str) -> Path:
    (found,) = list(out.glob(f"*/*/{slug}.html"))
    return found


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_only_live_stories_are_exported(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    result = newsroom.export(out)
    html = "\n".join(p.read_text() for p in out.rglob("*.html"))
    for key in ("first", "second", "third"):
        assert _story_file(out, newsroom.stories[key].slug).is_file()
    for key in ("draft", "scheduled", "embargoed", "spiked"):
        assert newsroom.stories[key].slug not in html
        assert newsroom.stories[key].headline not in html
    assert result.stories == 3


def test_story_page_content(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    page = _story_file(out, newsroom.stories["first"].slug).read_text()
    for expected in (
        "The Test Courier",
        "Saturday, 15 July 2017",
        "Main</a> »",
        "UN envoy opens talks in Geneva",
        "Talks begin on the river.",
        "Hannah Okoye",
        "Geneva",
        "15 July 2017",
        '<link rel="canonical" href="https://news.example.org/2017/07/un-envoy-opens-talks-in-geneva.html">',
        '<meta property="og:type" content="article">',
        "article:published_time",
    ):
        assert expected in page, expected
    assert 'href="../../entity/amira-al-hassan.html"' in page
    escaped = _story_file(out, newsroom.stories["third"].slug).read_text()
    assert "Council &lt;b&gt;approves&lt;/b&gt; &amp; budget" in escaped
    assert "<b>approves</b>" not in escaped


def test_json_ld_parses_and_carries_its_fields(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    page = _story_file(out, newsroom.stories["first"].slug).read_text()
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "UN envoy opens talks in Geneva"
    assert data["datePublished"] == "2017-07-15T09:30:00Z"
    assert data["dateModified"]
    assert data["author"] == [{"@type": "Person", "name": "Hannah Okoye"}]
    assert data["publisher"]["name"] == "The Test Courier"
    names = {t["name"] for t in data["about"] + data["mentions"]}
    assert names == {"Amira al-Hassan", "United Nations", "Geneva"}


def test_more_news_links_to_unpublished_stories_are_left_out_and_reported(
    newsroom, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    result = newsroom.export(out)
    page = _story_file(out, newsroom.stories["second"].slug).read_text()
    assert page.count('class="more-news"') == 1
    assert 'More news: <a href="../07/un-envoy-opens-talks-in-geneva.html"' in page
    reported = {(x["target_uid"], x["reason"]) for x in result.left_out_links}
    assert reported == {
        (newsroom.stories["draft"].uid, "it is draft"),
        (newsroom.stories["scheduled"].uid, "it is scheduled for 2026-07-27 12:00 UTC"),
        (newsroom.stories["embargoed"].uid, "it is under embargo until 2026-07-20 18:00 UTC"),
    }
    assert 'dir="auto">قال المبعوث' in page


def test_renamed_target_is_reflected_on_the_next_export(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    first = newsroom.stories["first"]
    with newsroom.db.transaction() as session:
        update_article(
            session,
            first.id,
            first.version,
            with_changes(first, headline="Envoy opens Geneva round", slug="envoy-geneva"),
        )
    newsroom.export(out)
    page = _story_file(out, newsroom.stories["second"].slug).read_text()
    assert 'More news: <a href="../07/envoy-geneva.html"' in page
    assert "Envoy opens Geneva round</a>" in page
    assert not list(out.glob("*/*/un-envoy-opens-talks-in-geneva.html"))


def test_every_internal_link_resolves_to_a_file(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    checked = 0
    for page in out.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text())
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(out)} links to missing {link}"
            assert out.resolve() in target.parents
            checked += 1
    assert checked > 50


def test_pages_are_valid_html5(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    pages = list(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        parser.parse(page.read_bytes())  # raises on any parse error


def test_feed_sitemap_robots(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ET

    out = tmp_path / "site"
    newsroom.export(out)
    feed = ET.parse(out / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles[0] == "Council <b>approves</b> & budget"  # XML-escaped, parsed back
    assert len(titles) == 3
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in sitemap]
    assert "https://news.example.org/2017/07/un-envoy-opens-talks-in-geneva.html" in locs
    assert "Sitemap: https://news.example.org/sitemap.xml" in (out / "robots.txt").read_text()


def test_export_is_deterministic(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    newsroom.export(tmp_path / "a")
    newsroom.export(tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_incremental_reexport_counts(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    full = newsroom.export(out)
    assert full.written == full.pages and full.unchanged == 0
    again = newsroom.export(out)
    assert again.written == 0 and again.unchanged == full.pages and again.removed == 0
    third = newsroom.stories["third"]
    before = _files(out)
    with newsroom.db.transaction() as session:
        update_article(
            session, third.id, third.version, with_changes(third, body="Budget approved, again.")
        )
    edited = newsroom.export(out)
    after = _files(out)
    changed = {k for k in after if before.get(k) != after[k]}
    assert edited.written == len(changed) >= 1
    assert _story_file(out, third.slug).relative_to(out).as_posix() in changed
    assert edited.unchanged == full.pages - edited.written
    with newsroom.db.transaction() as session:
        from newsroom.core.articles import load_article

        latest = load_article(session, third.id)
        update_article(session, third.id, latest.version, with_changes(latest, status="spiked"))
    removed = newsroom.export(out)
    assert removed.removed >= 1
    assert not list(out.glob(f"*/*/{third.slug}.html"))


@pytest.mark.parametrize("way", ["full", "patch"])
def test_failed_export_leaves_the_previous_site_intact(  # type: ignore[no-untyped-def]
    newsroom, tmp_path, monkeypatch, way
) -> None:
    """A disk that fills while the new files are written: one-line error, the previous
    site as it was, nothing left beside it; the same for a full export (the staging
    folder) and for a patch (the files written beside the site before the commit)."""
    out = tmp_path / "site"
    newsroom.export(out)
    before = _files(out)
    module = export_module if way == "full" else patch_module
    name = "stage_file" if way == "full" else "write_atomic"
    real = getattr(module, name)
    calls = {"n": 0}

    def failing(*args):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == (3 if way == "full" else 1):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args)

    third = newsroom.stories["third"]
    with newsroom.db.transaction() as session:
        if way == "full":  # a settings change: every page is made again
            current = site_settings.load(session)
            site_settings.save(session, replace(current, site_name="The Evening Courier"))
        update_article(session, third.id, third.version, with_changes(third, body="Changed text."))
    monkeypatch.setattr(module, name, failing)
    with pytest.raises(ExportError, match=r"disk is full.*previous site .* is untouched"):
        newsroom.export(out, processes=1)
    assert calls["n"] >= 1
    assert _files(out) == before
    assert not list(tmp_path.glob(".site.staging-*")) and not list(tmp_path.glob(".site.next-*"))
    monkeypatch.undo()
    again = newsroom.export(out)
    assert again.written >= 1 and b"Changed text." in _story_file(out, third.slug).read_bytes()


def test_disk_full_gives_a_clear_error(newsroom, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    before = _files(out)
    with newsroom.db.transaction() as session:  # a new name: every page is written again
        current = site_settings.load(session)
        site_settings.save(session, replace(current, site_name="The Evening Courier"))
    real_open = open

    def full_disk(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if "w" in mode and ".staging-" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", full_disk)
    with pytest.raises(ExportError, match="disk is full"):
        newsroom.export(out)
    monkeypatch.undo()
    assert _files(out) == before


def test_cancel_leaves_the_previous_site_intact(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    before = _files(out)
    (out / "index.html").unlink()
    del before["index.html"]
    with pytest.raises(ExportCancelled):
        newsroom.export(out, cancelled=lambda: True)
    assert _files(out) == before


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", "a\\b", ""])
def test_writer_refuses_paths_outside_the_output_folder(bad: str) -> None:
    with pytest.raises(ExportError):
        safe_relpath(bad)


MALICIOUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)><circle/></svg>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<div><p>unclosed <b>tags <i>everywhere",
    '"><script>alert(2)</script>',
    "[[more-news:not-a-uid]] <script>x</script>",
]


def test_nothing_an_editor_types_puts_script_into_a_page(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from newsroom.core.articles import ArticleInput, create_article

    with db.transaction() as session:
        create_article(
            session,
            ArticleInput(
                headline='<script>alert("h")</script> headline',
                standfirst='"><img src=x onerror=alert(1)>',
                byline="<svg onload=alert(1)>",
                dateline="javascript:alert(1)",
                body="\n\n".join(MALICIOUS) + "\n\n" + ("lorem ipsum " * 200_000),
                status="published",
                published_at=datetime(2020, 1, 1, tzinfo=UTC),
            ),
        )
    out = tmp_path / "site"
    from newsroom.publish.export import export_site

    export_site(db, out, now=datetime(2026, 1, 1, tzinfo=UTC))
    for page in out.rglob("*.html"):
        text = page.read_text()
        parser = _Tags()
        parser.feed(text)
        assert parser.scripts == ["application/ld+json"] * len(parser.scripts), page
        assert not parser.handlers, (page, parser.handlers)
        assert not parser.bad_urls, (page, parser.bad_urls)
        assert not {"iframe", "svg", "object", "embed", "style"} & parser.tags
        for raw in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            assert "</" not in raw  # JSON-LD cannot close its script element
            json.loads(raw)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str | None] = []
        self.handlers: list[str] = []
        self.bad_urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "script":
            self.scripts.append(dict(attrs).get("type"))
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name in ("href", "src") and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme in ("javascript", "data", "vbscript"):
                    self.bad_urls.append(value)


def test_a_folder_that_is_not_an_export_is_never_replaced(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "thesis.txt").write_text("years of work")
    with pytest.raises(ExportError, match="not empty and was not written by Newsroom"):
        newsroom.export(docs)
    assert (docs / "thesis.txt").read_text() == "years of work"
    assert sorted(p.name for p in docs.iterdir()) == ["thesis.txt"]


def test_description_is_escaped_once(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from newsroom.core.articles import ArticleInput, create_article

    with newsroom.db.transaction() as session:
        create_article(
            session,
            ArticleInput(
                headline="Telecoms",
                body="AT&T says 5 < 6.",
                status="published",
                published_at=datetime(2026, 7, 19, tzinfo=UTC),
            ),
        )
    out = tmp_path / "site"
    newsroom.export(out)
    page = next(out.glob("*/*/telecoms.html")).read_text()
    assert '<meta name="description" content="AT&amp;T says 5 &lt; 6.">' in page


def test_only_our_marker_vouches_for_a_folder(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 12, item 1: the manifest of an earlier export sits beside the folder, but
    the folder was deleted and made again by hand; it is not replaced."""
    out = tmp_path / "site"
    newsroom.export(out)
    assert list(tmp_path.glob(".site.newsroom-state.sqlite"))
    shutil.rmtree(out)
    (out / "photos").mkdir(parents=True)
    (out / "thesis.txt").write_text("precious")
    with pytest.raises(ExportError, match="not empty and was not written by Newsroom"):
        newsroom.export(out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "photos",
        "thesis.txt",
    ]
    assert (out / "thesis.txt").read_text() == "precious"
    assert not list(tmp_path.glob(".site.staging-*"))


def test_an_empty_folder_is_exported_into_without_the_old_manifest(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    full = newsroom.export(out)
    shutil.rmtree(out)
    out.mkdir()
    again = newsroom.export(out)
    assert again.written == full.pages and again.removed == 0
    assert (out / "index.html").is_file()


def test_every_export_reports_the_whole_sites_left_out_lines(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 12, item 17: a page carried over unchanged still has its left-out lines."""
    out = tmp_path / "site"
    full = newsroom.export(out)
    assert len(full.left_out_links) == 3
    third = newsroom.stories["third"]  # has no More-news lines; "second" has them
    with newsroom.db.transaction() as session:
        update_article(session, third.id, third.version, with_changes(third, body="Changed."))
    again = newsroom.export(out)
    assert 1 <= again.written < full.pages
    assert again.left_out_links == full.left_out_links
    draft = newsroom.stories["draft"]  # a reason changes, the page does not
    with newsroom.db.transaction() as session:
        update_article(session, draft.id, draft.version, with_changes(draft, status="spiked"))
    later = newsroom.export(out)
    assert later.written == 0
    reasons = {x["target_uid"]: x["reason"] for x in later.left_out_links}
    assert reasons[draft.uid] == "it is spiked"


def _failing_writes(monkeypatch, name: str) -> None:  # type: ignore[no-untyped-def]
    """Opening a file whose name holds `name` for writing gives a file that takes half of
    what is written and then reports a full disk, as a real full disk does."""
    import builtins
    import io

    real_open = io.open

    class Full:
        def __init__(self, f) -> None:  # type: ignore[no-untyped-def]
            self.f = f

        def write(self, data):  # type: ignore[no-untyped-def]
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, attr):  # type: ignore[no-untyped-def]
            return getattr(self.f, attr)

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
            self.f.close()

    def full_disk(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        f = real_open(path, mode, *args, **kwargs)
        return Full(f) if "w" in mode and name in str(path) else f

    monkeypatch.setattr(builtins, "open", full_disk)
    monkeypatch.setattr(io, "open", full_disk)


@pytest.mark.parametrize(
    "where", ["marker", "notes while rendering", "notes of a full export", "notes of a patch"]
)
def test_disk_full_on_the_notes_or_marker(newsroom, tmp_path, monkeypatch, where: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 12, item 13: one-line error, old site and notes whole, nothing left beside."""
    import sqlite3

    from newsroom.publish import state

    out = tmp_path / "site"
    newsroom.export(out)
    before = _files(out)
    notes_file = tmp_path / ".site.newsroom-state.sqlite"
    third = newsroom.stories["third"]
    with newsroom.db.transaction() as session:
        update_article(session, third.id, third.version, with_changes(third, body="Changed."))
        if where != "notes of a patch":  # a new name: a full export
            current = site_settings.load(session)
            site_settings.save(session, replace(current, site_name="The Evening Courier"))

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    if where == "marker":
        _failing_writes(monkeypatch, ".newsroom-site")
    elif where == "notes while rendering":  # the stories' and listings' rows

        def add(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            assert self.conn is not None  # the file half made, when the disk fills
            full()

        monkeypatch.setattr(state.NotesFile, "add", add)
    elif where == "notes of a full export":  # the files' rows, at the end
        monkeypatch.setattr(state.NotesFile, "finish", full)
    else:
        monkeypatch.setattr(state.Notes, "commit_patch", full)
    with pytest.raises(ExportError, match="disk is full") as raised:
        newsroom.export(out)
    monkeypatch.undo()
    assert "\n" not in str(raised.value) and "untouched" in str(raised.value)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.glob(".site*")) == [".site.newsroom-state.sqlite"]
    notes = state.read(out)
    assert notes is not None and notes.header["pages"] == len(before) - 1  # not the marker
    notes.close()
    again = newsroom.export(out)  # and the next export, with room, goes through
    assert again.written >= 1 and b"Changed." in _story_file(out, third.slug).read_bytes()
    assert notes_file.is_file()


def test_the_site_folder_setting_is_no_part_of_any_page(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newsroom.core import settings as site_settings

    out = tmp_path / "site"
    full = newsroom.export(out)
    with newsroom.db.transaction() as session:
        site_settings.save_site_folder(session, str(out))
    again = newsroom.export(out)
    assert again.written == 0 and again.unchanged == full.pages


def test_check_folder_says_what_the_export_would(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    writer_module.check_folder(tmp_path / "new")  # new: fine, and not made
    assert not (tmp_path / "new").exists()
    newsroom.export(tmp_path / "site")
    writer_module.check_folder(tmp_path / "site")  # an earlier export: fine
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "thesis.txt").write_text("years of work")
    with pytest.raises(ExportError, match="not empty and was not written by Newsroom"):
        writer_module.check_folder(docs)
    with pytest.raises(ExportError, match="does not exist"):
        writer_module.check_folder(tmp_path / "nowhere" / "site")
    assert not (tmp_path / "nowhere").exists()  # it only looks


def _notes_match_the_disk(out: Path) -> None:
    from newsroom.publish import state

    notes = state.read(out)
    assert notes is not None
    try:
        files = notes.files()
        dirs = notes.header["dirs"]
    finally:
        notes.close()
    on_disk = {
        p.relative_to(out).as_posix(): p.stat()
        for p in out.rglob("*")
        if p.is_file() and p.name != ".newsroom-site"
    }
    assert set(files) == set(on_disk)
    assert all(
        (f.size, f.mtime) == (on_disk[p].st_size, on_disk[p].st_mtime_ns) for p, f in files.items()
    )
    folders = {
        "" if f == out else f.relative_to(out).as_posix()
        for f in [out, *out.rglob("*")]
        if f.is_dir()
    }
    assert dirs == {name: (out / name).stat().st_mtime_ns for name in folders}


@pytest.mark.parametrize("pooled", [False, True])
def test_the_notes_hold_each_files_stat_and_every_folder(
    newsroom, tmp_path, monkeypatch, pooled: bool
) -> None:  # type: ignore[no-untyped-def]
    """The files' stamps come from the writes themselves (in the workers, when pooled),
    from the previous file when the same bytes are linked or copied, or when a file is
    carried over; the folders from the files' names, not from a walk of the site. All
    must be what the file system says, or the next export would take every file for
    one edited by hand and render it again."""
    from datetime import UTC, datetime

    if pooled:
        monkeypatch.setattr(export_module, "POOL_FROM", 0)  # workers even for this site
    out = tmp_path / "site"
    first = newsroom.export(out, processes=2)
    assert first.written == first.pages
    _notes_match_the_disk(out)
    # New templates, the same bytes: every page rendered again and linked to the old file.
    monkeypatch.setattr(export_module, "templates_stamp", lambda: "other templates")
    linked = newsroom.export(out, processes=2)
    assert not linked.patched and linked.written == 0 and linked.unchanged == linked.pages
    _notes_match_the_disk(out)
    # The same where the file system will not link: copies.
    monkeypatch.setattr(export_module, "templates_stamp", lambda: "third templates")

    def no_link(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(writer_module.os, "link", no_link)
    copied = newsroom.export(out, processes=2)
    assert not copied.patched and copied.written == 0
    _notes_match_the_disk(out)
    monkeypatch.undo()
    if pooled:
        monkeypatch.setattr(export_module, "POOL_FROM", 0)
    monkeypatch.setattr(export_module, "templates_stamp", lambda: "third templates")
    # A day later: listings change (their date), story pages are carried over as they are.
    later = newsroom.export(out, now=datetime(2026, 7, 21, 12, 0, tzinfo=UTC), processes=2)
    assert not later.patched and later.unchanged > 0
    _notes_match_the_disk(out)


def test_the_collector_is_given_back_every_object_after_an_export(
    newsroom, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The snapshot is kept out of the collector's walks while it renders (`gc.freeze`),
    and only then: a long-lived process (the window) must get its objects back, also
    when the export fails."""
    import gc

    from newsroom.publish import state

    frozen_while_rendering = []

    def add(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        frozen_while_rendering.append(gc.get_freeze_count())
        raise OSError(28, "No space left on device")

    newsroom.export(tmp_path / "site")
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(state.NotesFile, "add", add)
    with pytest.raises(ExportError):
        newsroom.export(tmp_path / "other")
    assert frozen_while_rendering and frozen_while_rendering[0] > 0
    assert gc.get_freeze_count() == 0
