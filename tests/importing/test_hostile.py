"""The hostile corpus (tests/importing/hostile, issue 12): import it, then export it.

Every bad file is one failure with a reason a user can act on, every odd but readable
file goes in without a control character, nothing raises, and the export of what went
in is valid. The secret files the corpus's links point at must not reach the database.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from importing.hostile_corpus import CONTROLS, FAILS, IMPORTED, SKIPPED, hostile_folder
from importing.newsrooms import NOW
from sqlalchemy import select

from newsroom.core.db import Database
from newsroom.core.models import Article, Entity, Revision
from newsroom.importing.service import import_paths
from newsroom.publish.export import export_site


def test_the_hostile_corpus_imports_one_line_per_bad_file_and_exports(
    db: Database, tmp_path: Path
) -> None:
    folder = hostile_folder(tmp_path)
    report = import_paths(db, [folder])
    by_name = {Path(f.path).name: f for f in report.files}
    failed = {name: f.reason for name, f in by_name.items() if f.outcome == "failed"}
    assert sorted(failed) == sorted(FAILS)
    for name, reason in FAILS.items():
        assert failed[name].startswith(reason), (name, failed[name])
    assert len(report.failures) == len(FAILS)  # one line per bad file
    imported = {n: f for n, f in by_name.items() if f.outcome == "imported"}
    assert sorted(imported) == sorted(IMPORTED)
    for name, (headline, warning) in IMPORTED.items():
        assert imported[name].headline == headline
        assert not warning or any(warning in w for w in imported[name].warnings), name
    assert {n for n, f in by_name.items() if f.outcome == "skipped"} == SKIPPED

    with db.reading() as session:
        texts = [
            t
            for row in session.execute(
                select(Article.headline, Article.body, Article.standfirst, Article.byline)
            )
            for t in row
        ] + list(session.scalars(select(Entity.name)))
        notes = list(session.scalars(select(Revision.note)))
    assert not [t for t in texts if CONTROLS.search(t)]
    assert not [t for t in texts + notes if "secret" in t.lower()]

    result = export_site(db, tmp_path / "site", now=NOW)
    assert result.pages > 0
    ElementTree.parse(tmp_path / "site" / "feed.xml")  # well-formed: no control characters


@pytest.mark.parametrize("name", ["shadow.txt", "outside-folder"])
def test_a_link_out_of_the_folder_is_named_with_its_target(
    db: Database, tmp_path: Path, name: str
) -> None:
    folder = hostile_folder(tmp_path)
    report = import_paths(db, [folder])
    reason = next(f.reason for f in report.failures if Path(f.path).name == name)
    assert str(folder) in reason and str(tmp_path / "secrets") in reason


def test_a_file_named_directly_is_read_even_through_a_link(db: Database, tmp_path: Path) -> None:
    """The user named it: no folder vouches for it, the user does."""
    folder = hostile_folder(tmp_path)
    report = import_paths(db, [folder / "inside-link.md"])
    assert report.imported == 1


def test_a_file_name_that_is_not_utf8_is_imported_and_noted_escaped(
    db: Database, tmp_path: Path
) -> None:
    """The import notes where a story came from; a name in Latin-1 bytes must not make
    that note unstorable (it used to be a traceback)."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.md"
    with open(name, "wb") as f:
        f.write(b"---\ntitle: Cafe owners protest\n---\n\nBody.\n")
    report = import_paths(db, [folder])
    assert [f.outcome for f in report.files] == ["imported"]
    with db.reading() as session:
        notes = list(session.scalars(select(Revision.note)))
    assert any(n.endswith("caf\\xe9.md") for n in notes), notes
