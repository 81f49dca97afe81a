"""`import_paths` on both backends: each format into the database, duplicates, bad
files beside good ones, More-news lines, progress and cancelling."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from importing.newsrooms import FIXTURES
from sqlalchemy import select

from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput, create_article, find_by_slug
from newsroom.core.db import Database
from newsroom.core.entities import article_tags
from newsroom.core.errors import ValidationError
from newsroom.core.models import Article, Revision, Section
from newsroom.importing.service import import_paths
from newsroom.text.morenews import target_uids


def _copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / Path(name).name)
    return folder


def _story(db: Database, slug: str):  # type: ignore[no-untyped-def]
    with db.reading() as session:
        return find_by_slug(session, slug)


def test_markdown_front_matter_becomes_a_story(db: Database, tmp_path: Path) -> None:
    report = import_paths(db, [_copy(tmp_path, "markdown/harbour-dredging.md")])
    assert (report.imported, report.failed) == (1, 0)
    story = _story(db, "port-edris-dredging")
    assert story.headline == "Port Edris approves harbour dredging plan"
    assert story.standfirst == "The council voted 9-4 after a heated debate."
    assert story.byline == "Jonas Lindqvist"
    assert story.dateline == "Port Edris"
    assert story.status == "published"
    assert story.published_at == datetime(2024, 3, 5, 14, 30, tzinfo=UTC)  # UTC site
    assert story.updated_at == datetime(2024, 3, 6, 9, 0, tzinfo=UTC)
    assert "the **main channel** in May" in story.body
    with db.reading() as session:
        tags = article_tags(session, story.id)
        section = session.get(Section, story.section_id)
        note = session.scalar(select(Revision.note).where(Revision.article_id == story.id))
    assert section is not None and section.name == "Business"
    assert [(t.name, t.kind, t.source) for t in tags] == [
        ("Port Edris", "place", "import"),
        ("Harbour Authority", "organisation", "import"),
        ("dredging", "topic", "import"),
        ("Mina Okafor", "person", "import"),
    ]
    assert note is not None and note.startswith("imported from ") and "harbour-dredging" in note
    assert [u.headline for u in report.unresolved_links] == ["Seagrass meadows return to the bight"]
    assert "[[more-news:?|Seagrass meadows return to the bight]]" in story.body  # pending


def test_pelican_and_hugo_headers(db: Database, tmp_path: Path) -> None:
    folder = _copy(tmp_path, "markdown/pelican-ferry.md", "markdown/hugo-festival.md")
    report = import_paths(db, [folder])
    assert (report.imported, report.failed) == (2, 0)
    ferry = _story(db, "night-ferry-resumes")
    assert ferry.status == "draft"
    assert ferry.byline == "Lena Petrova and Omar Haddad"
    assert ferry.body == (
        "The overnight ferry between Port Edris and Valmora will sail again from Friday.\n\n"
        "Tickets go on sale on Monday.\n"
    )
    festival = _story(db, "lantern-festival-draws-record-crowds")
    assert festival.status == "draft"
    assert festival.published_at == datetime(2022, 9, 10, 18, 0, tzinfo=UTC)
    with db.reading() as session:
        names = [(t.name, t.kind) for t in article_tags(session, festival.id)]
    assert names[0] == ("lantern festival", "topic")  # lower case: a topic
    assert names[1][0] == "Old Town"  # a kind guessed from the words, editable later


def test_a_news_page_with_json_ld_gives_clean_paragraphs(db: Database, tmp_path: Path) -> None:
    report = import_paths(db, [_copy(tmp_path, "html/jsonld-story.html")])
    assert (report.imported, report.failed) == (1, 0), report.files
    story = _story(db, "dam-talks-resume-in-geneva")
    assert story.headline == "Dam talks resume in Geneva"
    assert story.byline == "Sofia Castillo"
    assert story.published_at == datetime(2019, 6, 3, 7, 45, tzinfo=UTC)
    assert story.updated_at == datetime(2019, 6, 3, 10, 0, tzinfo=UTC)
    assert (
        story.standfirst == "Negotiators returned to the table on Monday after a three-week pause."
    )
    assert story.body == (
        "Negotiators from Marenland and Valmora returned to the table in Geneva on Monday, "
        "three weeks after talks on the Kessel Gorge Dam broke down.\n\n"
        "The mediator, speaking before the session, said both sides had *“new ideas”* about "
        "how to share the river’s water in dry years.\n\n"
        "[[more-news:?|Farmers fear a dry summer downstream]]\n\n"
        "## What is on the table\n\n"
        "- a minimum flow in August\n- a joint monitoring station\n\n"
        "[[more-news:?|Ceasefire holds in the north]]\n\n"
        "A second session is planned for Wednesday.\n"
    )
    with db.reading() as session:
        tags = [(t.name, t.kind) for t in article_tags(session, story.id)]
    assert tags == [
        ("Geneva", "place"),
        ("Kessel Water Board", "organisation"),
        ("dams", "topic"),
        ("water rights", "topic"),
    ]
    assert [u.headline for u in report.unresolved_links] == [
        "Farmers fear a dry summer downstream",
        "Ceasefire holds in the north",
    ]


def test_a_plain_html_page_in_windows_1252(db: Database, tmp_path: Path) -> None:
    report = import_paths(db, [_copy(tmp_path, "html/plain-story.htm")])
    assert (report.imported, report.failed) == (1, 0), report.files
    story = _story(db, "fishing-fleet-returns-early-as-storm-nears")
    assert story.byline == "Kofi Mensah"
    assert story.published_at == datetime(2018, 7, 15, tzinfo=UTC)
    assert story.body == (
        "The fishing fleet of Port Edris turned back on Saturday morning, two days ahead of "
        "schedule, as forecasters warned of gales in the Edris Bight.\n\n"
        "[[more-news:?|Harbour wall repairs finished]]\n\n"
        "Skippers said the catch had been good – “the best week since spring” – but that no "
        "one wanted to be out when the wind turned.\n"
    )


def test_more_news_lines_resolve_in_the_import_and_in_the_database(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        earlier = create_article(session, ArticleInput(headline="Council approves the budget"))
    folder = _copy(tmp_path, "text/ferry-strike.txt", "markdown/harbour-dredging.md")
    (folder / "seagrass.md").write_text(
        "---\ntitle: Seagrass meadows return to the bight\ndate: 2024-03-01\n---\nGreen again.\n",
        encoding="utf-8",
    )
    report = import_paths(db, [folder])
    assert (report.imported, report.failed) == (3, 0), report.files
    ferry = _story(db, "ferry-strike-called-off-after-late-night-deal")
    dredging = _story(db, "port-edris-dredging")
    seagrass = _story(db, "seagrass-meadows-return-to-the-bight")
    assert target_uids(ferry.body) == [earlier.uid]  # in the database
    assert target_uids(dredging.body) == [seagrass.uid]  # in the same import
    assert [(Path(u.path).name, u.headline) for u in report.unresolved_links] == [
        ("ferry-strike.txt", "A story that was never written")  # listed, pending
    ]
    assert "[[more-news:?|A story that was never written]]" in ferry.body
    assert ferry.byline == "Elena Rossi"
    assert "Share" not in ferry.body and "Latest news" not in ferry.body


def test_duplicates_are_skipped_or_updated(db: Database, tmp_path: Path) -> None:
    folder = _copy(tmp_path, "markdown/harbour-dredging.md")
    import_paths(db, [folder])
    first = _story(db, "port-edris-dredging")
    path = folder / "harbour-dredging.md"
    path.write_text(path.read_text().replace("in May", "in June"), encoding="utf-8")
    skipped = import_paths(db, [folder])
    assert (skipped.imported, skipped.skipped) == (0, 1)
    assert skipped.files[0].reason == (
        "already in the database: the story 'Port Edris approves harbour dredging plan' "
        "has the same slug and publication day"
    )
    assert "in May" in _story(db, "port-edris-dredging").body
    updated = import_paths(db, [folder], on_duplicate="update")
    assert (updated.imported, updated.updated) == (0, 1)
    again = _story(db, "port-edris-dredging")
    assert again.id == first.id and again.version == first.version + 1
    assert "in June" in again.body
    with db.reading() as session:
        assert session.scalar(select(Article.id).where(Article.id != first.id)) is None


def test_duplicates_match_on_uid_and_on_address(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    uid = "2f1c7a64-9c59-4a4f-8d0c-3d2a1f9e8b7c"
    (folder / "a.md").write_text(f"---\ntitle: First\nuid: {uid}\n---\nOne.\n")
    (folder / "b.md").write_text("---\ntitle: Second\nurl: https://x.example/s/2\n---\nTwo.\n")
    import_paths(db, [folder])
    (folder / "a.md").write_text(f"---\ntitle: First, renamed\nuid: {uid}\n---\nOne.\n")
    (folder / "b.md").write_text(
        "---\ntitle: Second, renamed\nurl: https://x.example/s/2\n---\n2\n"
    )
    report = import_paths(db, [folder])
    assert sorted(f.reason for f in report.files) == [
        "already in the database: the story 'First' has the same uid",
        "already in the database: the story 'Second' has the same source address",
    ]


def test_two_copies_in_one_import_make_one_story(db: Database, tmp_path: Path) -> None:
    folder = _copy(tmp_path, "markdown/harbour-dredging.md")
    shutil.copy(folder / "harbour-dredging.md", folder / "copy.md")
    report = import_paths(db, [folder])
    assert (report.imported, report.skipped) == (1, 1)


def test_bad_files_are_reported_and_the_others_go_in(db: Database, tmp_path: Path) -> None:
    folder = _copy(tmp_path, "markdown/harbour-dredging.md", "markdown/no-headline.md")
    (folder / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "zeros.txt").write_bytes(b"abc\x00\x00\x00def")
    (folder / "empty.md").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\n \t\n")
    (folder / "broken.md").write_bytes("---\ntitle: Café\n---\n".encode() + b"caf\xe9 \x81\n")
    (folder / "huge.md").write_bytes(b"---\ntitle: Big\n---\n" + b"word " * 400_000)
    (folder / "long.md").write_text("---\ntitle: " + "x" * 400 + "\n---\nBody.\n")
    (folder / "yaml.md").write_text("---\ntitle: [unclosed\n---\nBody.\n")
    report = import_paths(db, [folder], max_bytes=1_000_000)
    reasons = {Path(f.path).name: f.reason for f in report.failures}
    assert report.imported == 1
    assert reasons == {
        "image.md": "it is a PNG image, not a story",
        "zeros.txt": "it is a binary file, not text",
        "empty.md": "the file is empty",
        "blank.txt": "the file is empty",
        "broken.md": reasons["broken.md"],
        "huge.md": "the file is 2.0 MB; stories are at most 1 MB",
        "long.md": "the headline is 400 characters; at most 300",
        "no-headline.md": "no headline found",
        "yaml.md": "its YAML front matter is not valid (line 3)",
    }
    assert reasons["broken.md"].startswith("it can not be decoded: it holds UTF-8 characters")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("cp1252", b""),
        ("latin-1", b""),
        ("utf-16", b""),
    ],
)
def test_encodings_give_the_right_characters(
    sqlite_db: Database, tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    text = "---\ntitle: Café Größe naïve\n---\nSmørrebrød à la carte, £5 and ½ price.\n"
    (tmp_path / "story.md").write_bytes(prefix + text.encode(encoding))
    report = import_paths(sqlite_db, [tmp_path / "story.md"])
    assert report.failed == 0, report.failures
    story = _story(sqlite_db, "cafe-grosse-naive")
    assert story.headline == "Café Größe naïve"
    assert story.body == "Smørrebrød à la carte, £5 and ½ price.\n"


def test_windows_1252_punctuation(sqlite_db: Database, tmp_path: Path) -> None:
    text = "Title: “Quoted” – dashes…\n\nIt’s €10.\n"
    (tmp_path / "story.md").write_bytes(text.encode("cp1252"))
    import_paths(sqlite_db, [tmp_path / "story.md"])
    with sqlite_db.reading() as session:
        row = session.execute(select(Article.headline, Article.body)).one()
    assert tuple(row) == ("“Quoted” – dashes…", "It’s €10.\n")


def test_progress_is_reported_and_cancel_stops_between_files(
    sqlite_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(6):
        (folder / f"{n}.md").write_text(f"---\ntitle: Story {n}\n---\nBody {n}.\n")
    calls: list[tuple[int, int]] = []
    report = import_paths(sqlite_db, [folder], progress=lambda d, t, m: calls.append((d, t)))
    assert calls[-1] == (12, 12) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert report.imported == 6
    other = tmp_path / "other"
    other.mkdir()
    for n in range(6):
        (other / f"{n}.md").write_text(f"---\ntitle: Other {n}\n---\nBody {n}.\n")
    seen: list[int] = []
    cancelled = import_paths(
        sqlite_db,
        [other],
        progress=lambda d, t, m: seen.append(d),
        cancelled=lambda: len(seen) >= 8,  # all read, two written
        group_seconds=0,
    )
    assert cancelled.cancelled
    assert cancelled.imported == 2


def test_each_file_is_its_own_transaction(sqlite_db: Database, tmp_path: Path) -> None:
    """A file that fails after writing part of itself (a new entity) leaves nothing."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Fine\ntags: [Alpha]\n---\nOk.\n")
    (folder / "b.md").write_text("---\ntitle: Bad\ntags: [Beta]\nstatus: bogus\n---\nNo.\n")
    (folder / "c.md").write_text("---\ntitle: " + "y" * 301 + "\ntags: [Gamma]\n---\nNo.\n")
    (folder / "d.md").write_text("---\ntitle: Also fine\ntags: [Gamma]\n---\nOk.\n")
    report = import_paths(sqlite_db, [folder])
    assert (report.imported, report.failed) == (2, 2)
    with sqlite_db.reading() as session:
        from newsroom.core.models import Entity

        names = sorted(session.scalars(select(Entity.name)))
    assert names == ["Alpha", "Gamma"]


def test_a_bad_on_duplicate_is_refused(sqlite_db: Database) -> None:
    with pytest.raises(ValidationError):
        import_paths(sqlite_db, [], on_duplicate="merge")


def _dated(title: str, header: str) -> str:
    return f"---\ntitle: {title}\n{header}\n---\nThe story.\n"


def test_a_bad_date_fails_its_own_file_and_the_others_go_in(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        settings = site_settings.load(session)
        site_settings.save(session, replace(settings, time_zone="America/New_York"))
    folder = _copy(tmp_path, "markdown/harbour-dredging.md")
    range_ = "is out of range: dates must fall in the years 1800 to 2200"
    (folder / "a-end-of-time.md").write_text(_dated("End", "date: 9999-12-31T23:59:59-12:00"))
    (folder / "b-year-one.md").write_text(_dated("One", "date: 0001-01-01"))
    (folder / "c-quoted.md").write_text(_dated("Quoted", "date: '0001-01-01T00:00:00Z'"))
    (folder / "d-toml.md").write_text('+++\ntitle = "T"\ndate = 0001-01-01T00:00:00Z\n+++\nX.\n')
    (folder / "e-gap.md").write_text(_dated("Gap", "date: 2024-03-10 02:30"))
    (folder / "f-modified.md").write_text(_dated("Mod", "date: 2024-01-01\nmodified: 9999-01-01"))
    (folder / "g-undated-live.md").write_text(_dated("Live", "status: published"))
    (folder / "h-page.html").write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Far future", "datePublished": "9999-12-31T23:59:59-12:00"}</script>'
        "</head><body><article><h1>Far future</h1><p>It is late.</p></article></body></html>"
    )
    (folder / "i-page.txt").write_text("Old news\n\n31 December 9999\n\nIt happened.\n")
    (folder / "z-fine.md").write_text(_dated("Fine", "date: 2024-03-10 03:30"))

    report = import_paths(db, [folder])

    reasons = {Path(f.path).name: f.reason for f in report.failures}
    # A saved page's date is its site's, not the editor's: left out, the page imported.
    assert report.imported == 3, reasons
    assert reasons == {
        "a-end-of-time.md": f"9999-12-31 23:59:59-12:00 {range_}",
        "b-year-one.md": f"0001-01-01 00:00 {range_}",
        "c-quoted.md": f"0001-01-01T00:00:00Z {range_}",
        "d-toml.md": f"0001-01-01 00:00:00+00:00 {range_}",
        "e-gap.md": "02:30 does not exist on 10 March 2024 in America/New_York: "
        "clocks go forward from 02:00 to 03:00",
        "f-modified.md": f"9999-01-01 00:00 {range_}",
        "g-undated-live.md": reasons["g-undated-live.md"],
        "i-page.txt": f"9999-12-31 00:00 {range_}",
    }
    assert "needs a publication date" in reasons["g-undated-live.md"]
    assert _story(db, "fine").published_at == datetime(2024, 3, 10, 7, 30, tzinfo=UTC)
    page = _story(db, "far-future")
    assert (page.status, page.published_at) == ("draft", None)
