"""Instructions per exported page, counted by valgrind's callgrind (issue 18).

    .venv/bin/python bench/render_instructions.py [--stories 1500] [--pages 300] [--keep DIR]

Wall-clock figures on the project machine swing by 2x with the host; instruction
counts do not (same code, same data, same count, whatever else runs). This prints how
many instructions rendering one story page and one other page (listings, feed ...)
takes: only the rendering is counted (what runs inside `functools.reduce`, callgrind's
`--toggle-collect`), not start-up, gathering or writing files. Compare two versions of
the code by running it in each; the archive is generated once (`--keep`), its bodies
rendered and cached by one export first (as in a warm export).

Needs `valgrind` (Debian's package); each count takes a minute or two.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NOW = "2026-11-02T00:00:00+00:00"

CHILD = r"""
import functools, sys
from datetime import datetime
from newsroom.core.db import open_database
from newsroom.publish import bodies, export, pages
from newsroom.publish.site import gather

db_path, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = open_database(db_path)
with db.reading() as session:
    site = gather(session, datetime.fromisoformat(sys.argv[4]))
    stored = bodies.lookup(session, [s.id for s in site.stories])
ready = [i for i, s in enumerate(site.stories) if s.id in stored]
chosen = ready[len(ready) // 4 :][:n]  # past the newest: the usual story page
pages.story_page(site, chosen[0], stored[site.stories[chosen[0]].id])  # templates loaded
if kind == "story":
    def one(total, i):
        return total + len(pages.story_page(site, i, stored[site.stories[i].id]).encode())
    done = functools.reduce(one, chosen, 0)
    print(len(chosen))
else:
    every = list(pages.other_pages(site, export.templates_stamp()))
    chosen = every[:: max(1, len(every) // n)][:n]  # a spread: listings, feed, sitemaps
    done = functools.reduce(lambda total, page: total + len(page.render()), chosen, 0)
    print(len(chosen))
"""


def count(db: Path, kind: str, pages: int) -> tuple[int, int]:
    """(instructions, pages) of rendering `pages` pages of `kind` ("story" or "other")."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no",
             "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
             sys.executable, "-c", CHILD, str(db), kind, str(pages), NOW],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    found = re.search(r"Collected : ([0-9]+)", proc.stderr)
    assert found, proc.stderr[-2000:]
    return int(found.group(1)), int(proc.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1500)
    parser.add_argument("--pages", type=int, default=300, help="pages of each kind counted")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (and reuse)")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        print("valgrind is not installed (apt-get install valgrind): nothing counted")
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="newsroom-render-count-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"archive-{args.stories}.db"
    if not db.exists():
        subprocess.run(
            [sys.executable, "-m", "newsroom", "generate", "--db", str(db),
             "--articles", str(args.stories), "--entities", "200", "--seed", "1"],
            check=True, capture_output=True,
        )  # fmt: skip
    site = work / "site"  # an export first: the bodies rendered and cached, as when warm
    subprocess.run(
        [sys.executable, "-m", "newsroom", "export", "--db", str(db), "--out", str(site),
         "--now", NOW],
        check=True, capture_output=True,
    )  # fmt: skip
    for kind, label in (("story", "story page"), ("other", "other page")):
        instructions, n = count(db, kind, args.pages)
        print(f"{label}: {instructions / n / 1e6:.2f} M instructions ({n} pages counted)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
