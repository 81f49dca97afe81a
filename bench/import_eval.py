"""How well saved news pages import: token F1 of the body, headline and date, against
ground truth, next to trafilatura alone on the same pages.

    .venv/bin/python bench/import_eval.py                  # the development split
    .venv/bin/python bench/import_eval.py --split test     # once, after tuning
    .venv/bin/python bench/import_eval.py --verbose        # a line per page
    .venv/bin/python bench/import_eval.py --cache-from GITDIR   # fill the cache
    .venv/bin/python bench/import_eval.py --set trafilatura     # the second set
    .venv/bin/python bench/import_eval.py --set trafilatura --cache-from GITDIR

The pages: mozilla/readability's test pages (`test/test-pages/<name>/source.html`, the
expected article `expected.html` and `expected-metadata.json`), Apache-2.0, at the
pinned commit below. They are not in this repository: `--cache-from` copies them from
a git clone (or a bare mirror) of that repository at that commit into
`~/.cache/newsroom-eval/readability` (or `$NEWSROOM_EVAL_CACHE`). Without the cache the
script says so and exits 0 (CI has no network).

Only pages whose ground truth is an article are scored (expected text of 50 words or
more, `readerable` not false). Split by a hash of the page's name, a third held back as
`test`: tune on `dev` only.

Per page: the token F1 of the imported body (Markdown rendered to text, More-news lines
as their headlines, headline and standfirst left out) against the text of
`expected.html`, words case-folded, as multisets; the headline exactly equal to the
metadata's `title` (whitespace folded); the publication day equal to the day of the
metadata's `publishedTime` in its own offset (pages that give one). trafilatura alone:
`trafilatura.extract` as text, its title, its date. The score never uses other public
extraction benchmarks: one of them is a held-out set.

The second set (`--set trafilatura`): trafilatura's own evaluation pages
(`tests/evaldata.json` and the pages of `tests/cache/` that the repository holds, about
a hundred, Apache-2.0) at the pinned commit below, cached the same way in
`~/.cache/newsroom-eval/trafilatura`, split the same way by the file's name. Each page
comes with short passages the main text must hold ("with") and must not ("without");
scored as trafilatura's own evaluation scores them: a passage counts when it occurs in
the text (white space folded), precision, recall and F1 over all passages of the split.
Our text is the imported body as above. trafilatura was tuned on these pages: its
figure here is a ceiling more than a rival.
"""

from __future__ import annotations

import argparse
import hashlib
import html as entities
import json
import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COMMIT = "ab4027a8b37669745016869a37a504727992b2ba"
TRAF_COMMIT = "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5"  # adbar/trafilatura
_WORD = re.compile(r"\w+")
_SITE_PART = re.compile(r"^\s+[|\-\u2013\u2014/\u00bb\u00b7:]\s+(?:\W*\w+){1,6}\W*$")


def cache_dir(name: str = "readability") -> Path:
    root = os.environ.get("NEWSROOM_EVAL_CACHE") or Path.home() / ".cache" / "newsroom-eval"
    return Path(root) / name


def _git_show(git_dir: str, spec: str) -> bytes | None:
    shown = subprocess.run(["git", "--git-dir", git_dir, "show", spec], capture_output=True)
    return shown.stdout if shown.returncode == 0 else None


def fill_traf_cache(git_dir: str) -> int:
    """Copy the evaluation data and the pages it names at TRAF_COMMIT from a clone of
    adbar/trafilatura (the pages the repository holds; the others are not fetched)."""
    target = cache_dir("trafilatura")
    data = _git_show(git_dir, f"{TRAF_COMMIT}:tests/evaldata.json")
    if data is None:
        print(f"no tests/evaldata.json at {TRAF_COMMIT} in {git_dir}")
        return 1
    (target / "pages").mkdir(parents=True, exist_ok=True)
    (target / "evaldata.json").write_bytes(data)
    copied = 0
    for item in json.loads(data).values():
        page = _git_show(git_dir, f"{TRAF_COMMIT}:tests/cache/{item['file']}")
        if page is not None:
            (target / "pages" / item["file"]).write_bytes(page)
            copied += 1
    (target / "COMMIT").write_text(TRAF_COMMIT + "\n")
    print(f"cached {copied} pages in {target}")
    return 0


def fill_cache(git_dir: str) -> int:
    """Copy the test pages at COMMIT from a clone of mozilla/readability."""
    target = cache_dir()
    names = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "--name-only", f"{COMMIT}:test/test-pages"],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    for name in names:
        (target / name).mkdir(parents=True, exist_ok=True)
        for file in ("source.html", "expected.html", "expected-metadata.json"):
            shown = subprocess.run(
                ["git", "--git-dir", git_dir, "show", f"{COMMIT}:test/test-pages/{name}/{file}"],
                capture_output=True,
            )  # fmt: skip
            if shown.returncode == 0:
                (target / name / file).write_bytes(shown.stdout)
    (target / "COMMIT").write_text(COMMIT + "\n")
    print(f"cached {len(names)} pages in {target}")
    return 0


def split_of(name: str) -> str:
    return "test" if hashlib.sha256(name.encode()).digest()[0] % 3 == 0 else "dev"


def tokens(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


def f1(got: str, want: str) -> float:
    a, b = tokens(got), tokens(want)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def html_text(markup: str) -> str:
    from lxml import html

    if not markup.strip():
        return ""
    return " ".join(html.fromstring(markup).text_content().split())


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", entities.unescape(text)).split())


def same_headline(got: str, want: str) -> tuple[bool | None, bool | None]:
    """Whether `got` is the headline `want` names: exactly (folded), and allowing the
    site's name left on `want`; None when there is no title to compare with."""
    got, want = _folded(got), _folded(want)
    if not want:
        return None, None
    exact = got == want
    return exact, exact or (
        bool(got) and want.startswith(got) and bool(_SITE_PART.match(want[len(got) :]))
    )


def same_day(got: datetime | None, want: str | None) -> bool | None:
    """Whether `got` falls on the day `want` (ISO) names, in `want`'s own offset (a day
    without a time, midnight in the site's zone, UTC here: that day); None when the
    page gives no date."""
    if not want:
        return None
    try:
        wanted = datetime.fromisoformat(want.replace("Z", "+00:00"))
    except ValueError:
        return None
    if got is None:
        return False
    if got.astimezone(UTC).time() == clock(0, 0):  # a day only: midnight in the site's zone
        return got.astimezone(UTC).date() == wanted.date()
    zone = wanted.tzinfo or ZoneInfo("UTC")
    return got.astimezone(zone).date() == wanted.date()


@dataclass
class Score:
    name: str
    f1: float
    headline: bool | None
    headline_site: bool | None
    date: bool | None
    base_f1: float
    base_headline: bool | None
    base_headline_site: bool | None
    base_date: bool | None
    warnings: str


def imported_text(path: Path) -> tuple[str, Any, str]:
    """The imported body of the page at `path` as text (More-news lines as their
    headlines), the story (None when refused), and its warnings or refusal."""
    import markdown

    from newsroom.importing.encodings import Refused
    from newsroom.importing.model import MoreNewsRef, SiteInfo
    from newsroom.importing.reader import NotAStory, read_file

    try:
        story = read_file(path, ZoneInfo("UTC"), SiteInfo())
    except Refused as exc:
        return "", None, f"refused: {exc}"
    if isinstance(story, NotAStory):
        return "", None, f"not a story: {story.reason}"
    parts = [p.headline if isinstance(p, MoreNewsRef) else p for p in story.body]
    text = html_text(markdown.markdown("\n\n".join(parts), extensions=["tables"]))
    return text, story, "; ".join(story.warnings)


def score_page(folder: Path) -> Score | None:
    import trafilatura

    meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
    want = html_text((folder / "expected.html").read_text(encoding="utf-8"))
    if meta.get("readerable") is False or len(want.split()) < 50:
        return None
    title = meta.get("title") or ""
    published = meta.get("publishedTime")
    source = (folder / "source.html").read_text(encoding="utf-8")
    tz = ZoneInfo("UTC")
    got, story, warnings = imported_text(folder / "source.html")
    if story is not None:
        ours = (f1(got, want), same_headline(story.headline, title), story.published_at)
    else:
        ours = (0.0, same_headline("", title), None)
    base = trafilatura.bare_extraction(source, with_metadata=True, include_comments=False)
    base_text = (base.text or "") if base is not None else ""
    base_title = (base.title or "") if base is not None else ""
    base_day = None
    if base is not None and base.date:
        base_day = datetime.fromisoformat(base.date[:10]).replace(tzinfo=tz)
    return Score(
        folder.name, ours[0], *ours[1], same_day(ours[2], published),
        f1(base_text, want), *same_headline(base_title, title),
        _same_base_day(base_day, published), warnings,
    )  # fmt: skip


def _same_base_day(day: datetime | None, want: str | None) -> bool | None:
    if not want:
        return None
    return day is not None and day.date().isoformat() == want[:10]


def rate(values: list[bool | None]) -> str:
    known = [v for v in values if v is not None]
    return f"{sum(known) / len(known):.1%} of {len(known)}" if known else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--cache-from", metavar="GITDIR", help="fill the cache from a clone")
    parser.add_argument("--only", help="score the pages whose name contains this")
    parser.add_argument("--set", choices=["readability", "trafilatura"], default="readability")
    args = parser.parse_args()
    if args.set == "trafilatura":
        return fill_traf_cache(args.cache_from) if args.cache_from else traf_main(args)
    if args.cache_from:
        return fill_cache(args.cache_from)
    root = cache_dir()
    if not (root / "COMMIT").exists():
        print(f"no evaluation pages in {root}: fill it with --cache-from (see --help); skipped")
        return 0
    folders = sorted(p for p in root.iterdir() if (p / "source.html").exists())
    folders = [p for p in folders if args.split == "all" or split_of(p.name) == args.split]
    if args.only:
        folders = [p for p in folders if args.only in p.name]
    started = time.perf_counter()
    scores = [s for s in (score_page(p) for p in folders) if s is not None]
    seconds = time.perf_counter() - started
    if not scores:
        print("no pages scored")
        return 0
    for s in sorted(scores, key=lambda s: s.f1) if args.verbose else []:
        print(
            f"{s.name:40} f1 {s.f1:.3f} (traf {s.base_f1:.3f}) headline {s.headline} "
            f"date {s.date} {s.warnings[:60]}"
        )
    ours = [s.f1 for s in scores]
    base = [s.base_f1 for s in scores]
    worst = min(scores, key=lambda s: s.f1)
    where = f"mozilla/readability@{COMMIT[:8]}"
    print(f"{args.split}: {len(scores)} pages of {where} ({seconds:.0f} s)")
    print(
        f"  newsroom:    mean F1 {statistics.mean(ours):.3f}  worst {worst.f1:.3f} ({worst.name})"
        f"  headline exact {rate([s.headline for s in scores])}"
        f" (site name left on: {rate([s.headline_site for s in scores])})"
        f"  date {rate([s.date for s in scores])}"
        f"  under 0.8: {sum(f < 0.8 for f in ours)}"
    )
    print(
        f"  trafilatura: mean F1 {statistics.mean(base):.3f}  worst {min(base):.3f}"
        f"  headline exact {rate([s.base_headline for s in scores])}"
        f" (site name left on: {rate([s.base_headline_site for s in scores])})"
        f"  date {rate([s.base_date for s in scores])}"
        f"  under 0.8: {sum(f < 0.8 for f in base)}"
    )
    return 0


def passages(item: dict[str, Any], text: str) -> tuple[int, int, int, int]:
    """(true positives, false positives, false negatives, true negatives) of `text`
    against an evaluation item's passages, as trafilatura's evaluation counts them."""
    folded = " ".join(text.split())
    tp = sum(" ".join(w.split()) in folded for w in item["with"])
    fp = sum(" ".join(w.split()) in folded for w in item["without"])
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def _prf(counts: list[tuple[int, int, int, int]]) -> str:
    tp, fp, fn, _ = (sum(c[i] for c in counts) for i in range(4))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f"precision {precision:.3f}  recall {recall:.3f}  F1 {f:.3f}"


def traf_main(args: argparse.Namespace) -> int:
    """The second set: trafilatura's evaluation pages, scored by passages."""
    import trafilatura

    root = cache_dir("trafilatura")
    if not (root / "COMMIT").exists():
        print(f"no evaluation pages in {root}: fill it with --cache-from (see --help); skipped")
        return 0
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    items = [
        (item["file"], item)
        for item in data.values()
        if (root / "pages" / item["file"]).exists()
        and (root / "pages" / item["file"]).stat().st_size  # one is stored empty
        and (args.split == "all" or split_of(item["file"]) == args.split)
        and (not args.only or args.only in item["file"])
    ]
    started = time.perf_counter()
    ours, base, refused = [], [], []
    for name, item in sorted(items):
        path = root / "pages" / name
        text, story, warnings = imported_text(path)
        if story is None:
            refused.append(name)
        base_text = trafilatura.extract(path.read_bytes(), include_comments=False) or ""
        ours.append(passages(item, text))
        base.append(passages(item, base_text))
        if args.verbose:
            print(f"{name:50} ours {ours[-1]}  traf {base[-1]}  {warnings[:50]}")
    seconds = time.perf_counter() - started
    print(
        f"{args.split}: {len(items)} pages of adbar/trafilatura@{TRAF_COMMIT[:8]} ({seconds:.0f} s)"
    )
    print(f"  newsroom:    {_prf(ours)}  refused {len(refused)}")
    print(f"  trafilatura: {_prf(base)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
