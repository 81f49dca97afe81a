"""The hostile corpus (tests/importing/hostile, issue 12) and what each file must give.

Imported as `importing.hostile_corpus` by the import tests and the command-line tests.
Files too big or too deep to keep in the repository, and symbolic links, are made by
`hostile_folder`; the secret files its links point at lie outside the folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

CORPUS = Path(__file__).with_name("hostile")
SECRET = "root:$6$secret-hash:19000:0:99999:7:::"
DEEP = 100_000
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# file -> the reason it fails (a prefix where the rest names a temporary path)
FAILS = {
    "bad-status.md": "unknown status 'bogus'; one of published, draft, hidden, review, "
    "ready, spiked",
    "damaged-utf-8.md": "it can not be decoded: it holds UTF-8 characters and also bytes",
    "deep-html.html": "no story text found under the headline",
    "deep-toml.md": "its TOML front matter is nested too deeply",
    "deep-yaml.md": "its YAML front matter is not valid",
    "empty.md": "the file is empty",
    # A date no story may have fails its file, by core's one rule (core/dates.py).
    "far-future-date.md": "9999-12-31 23:59:59-12:00 is out of range: dates must fall in "
    "the years 1800 to 2200",
    "year-one.md": "0001-01-01 00:00 is out of range: dates must fall in the years 1800 to 2200",
    "huge-number-date.md": "its YAML front matter holds a number with too many digits",
    "huge-number-title.md": "its YAML front matter holds a number with too many digits",
    "huge-number-toml.md": "its TOML front matter holds a number with too many digits",
    "list-title.md": "its front matter gives the title as a list of 2 items; "
    "it must be one line of text",
    "long-headline.md": "the headline is 399 characters; at most 300",
    "mapping-title.md": "its front matter gives the title as a mapping; "
    "it must be one line of text",
    "nul-bytes.md": "it is a binary file, not text",
    "outside-folder": "not followed: a link to a folder outside ",
    "png-in-disguise.md": "it is a PNG image, not a story",
    "shadow.txt": "not followed: a link to a file outside ",
    "utf-16-without-bom.md": "it is a binary file, not text",
    "utf-32.md": "it is a binary file, not text (it is full of control characters)",
}
# file -> (headline, a warning it must carry, or "")
IMPORTED = {
    "\x1b[2Jescape.md": ("A file name that clears the screen", ""),
    "big-integer-json-ld.html": ("Page with a long number", ""),
    "billion-laughs.md": ("Billion laughs", "item(s) of tags are not plain values; left out"),
    "control-characters.md": ("Bell rings[2J twice", "control character(s) removed"),
    "crlf-and-cr.md": ("Windows and old Mac line ends", ""),
    "deep-json-ld.html": ("Deep JSON-LD", ""),
    "html-control-entities.html": ("Entities that [2Jclear", "control character(s) removed"),
    "latin-1.txt": ("Café owners protest rent rise", ""),
    "not-a-date.md": ("Some day", "is not a date between 1800 and 2200"),
    "utf-16-with-bom.md": ("Notepad saved this", ""),
    "yaml-escaped-controls.md": ("Escape [31m red next nul", "control character(s) removed"),
}
SKIPPED = {"inside-link.md"}  # a link to control-characters.md: the same story again


def hostile_folder(tmp_path: Path) -> Path:
    """The corpus, plus what it can not hold: deep files, links, an escape in a name."""
    folder = tmp_path / "hostile"
    shutil.copytree(CORPUS, folder)
    (folder / "deep-yaml.md").write_text(
        "---\ntitle: Deep\ntags: " + "[" * DEEP + "]" * DEEP + "\n---\nText.\n"
    )
    (folder / "deep-toml.md").write_text(
        '+++\ntitle = "Deep"\nx = ' + "[" * DEEP + "]" * DEEP + "\n+++\nText.\n"
    )
    (folder / "deep-json-ld.html").write_text(
        '<!doctype html><html><head><script type="application/ld+json">'
        + "[" * DEEP + "]" * DEEP
        + "</script></head><body><article><h1>Deep JSON-LD</h1><p>Body text.</p></article>"
        "</body></html>"
    )  # fmt: skip
    (folder / "deep-html.html").write_text(
        "<!doctype html><html><body><h1>Deep HTML</h1>"
        + "<div>" * DEEP + "<p>Inside.</p>" + "</div>" * DEEP + "</body></html>"
    )  # fmt: skip
    (folder / "\x1b[2Jescape.md").write_text(
        "---\ntitle: A file name that clears the screen\n---\nText.\n"
    )
    secrets = tmp_path / "secrets"
    (secrets / "folder").mkdir(parents=True)
    (secrets / "shadow").write_text(SECRET + "\n")
    (secrets / "folder" / "story.md").write_text(f"---\ntitle: Secret\n---\n{SECRET}\n")
    (folder / "shadow.txt").symlink_to(secrets / "shadow")
    (folder / "outside-folder").symlink_to(secrets / "folder", target_is_directory=True)
    (folder / "inside-link.md").symlink_to(folder / "control-characters.md")
    return folder
