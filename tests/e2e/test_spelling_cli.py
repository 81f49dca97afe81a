"""`newsroom check --spelling` and `newsroom dictionary`: output, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsroom.core.speller import available_languages

pytestmark = pytest.mark.skipif(
    "en_GB" not in available_languages(), reason="hunspell-en-gb is not installed"
)


def test_check_spelling_lists_each_story_and_the_dictionary_quiets_it(
    newsroom, tmp_path: Path
) -> None:
    db = str(tmp_path / "s.db")
    added = newsroom("add", "--db", db, "--headline", "Envoy meets Mistura", "--body-file", "-",
                     stdin="Teh talks went wel at https://exmple.org/pth.\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert newsroom("check", "--db", db).returncode == 0  # no spelling without --spelling

    human = newsroom("check", "--db", db, "--spelling")
    assert human.returncode == 1, human.stderr
    assert human.stdout.splitlines()[0].startswith("envoy-meets-mistura: 3 misspelt words:")
    assert "“Teh” (“The”?)" in human.stdout and "exmple" not in human.stdout

    assert newsroom("dictionary", "add", "--db", db, "Mistura", "wel").returncode == 0
    rows = json.loads(newsroom("check", "--db", db, "--spelling", "--json").stdout)
    assert [(m["word"], m["field"]) for m in rows[0]["misspellings"]] == [("Teh", "body")]

    listed = newsroom("dictionary", "list", "--db", db, "--json")
    assert [r["word"] for r in json.loads(listed.stdout)] == ["Mistura", "wel"]
    assert newsroom("dictionary", "remove", "--db", db, "wel").returncode == 0
    assert newsroom("dictionary", "list", "--db", db).stdout.split() == ["Mistura"]


def test_dictionary_refuses_what_is_not_a_word_and_a_word_not_there(
    newsroom, tmp_path: Path
) -> None:
    db = str(tmp_path / "d.db")
    bad = newsroom("dictionary", "add", "--db", db, "ok", "two words")
    assert bad.returncode == 2 and "not one word" in bad.stderr
    assert newsroom("dictionary", "list", "--db", db).stdout.strip() == (
        "the newsroom dictionary is empty"
    )
    again = newsroom("dictionary", "add", "--db", db, "Ja’afari")
    assert again.returncode == 0 and 'added "Ja\'afari"' in again.stdout
    assert "already" in newsroom("dictionary", "add", "--db", db, "Ja'afari").stdout
    gone = newsroom("dictionary", "remove", "--db", db, "nope")
    assert gone.returncode == 2 and "not in the newsroom dictionary" in gone.stderr
