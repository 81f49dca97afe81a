"""Precision and recall of entity suggestions on the project's own evaluation set.

    .venv/bin/python bench/entity_eval.py [--split dev|test|all] [--verbose]

Loads `bench/entity_eval/authority.csv` into a temporary database, runs
`core.suggestions.suggest` on every story in `bench/entity_eval/stories/`, and
compares the distinct entities suggested per story with `gold.jsonl` (what a careful
editor would tag: every named person, organisation, place and event, plus the
authority file's topics; not nationalities, dates, titles of works).

Two scores, counted over (story, entity) pairs:
- known: suggestions with an entity id against the gold entities marked "known";
- new: candidate names (compared normalised; a gold entry may list equivalent
  spellings) against the gold entities marked "new". A candidate that names a
  known entity, or nothing in the gold, is a false positive.
For matched new candidates it also prints how often the guessed kind was right.
The heuristics were tuned on the "dev" stories (s01-s26); "test" (s27-s34) was
written and annotated before any tuning and is reported separately.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from newsroom.core.authority import import_authority  # noqa: E402
from newsroom.core.db import open_database  # noqa: E402
from newsroom.core.entities import normalise  # noqa: E402
from newsroom.core.suggestions import suggest  # noqa: E402

DATA = ROOT / "entity_eval"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    kinds_right: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    kind_errors: list[str] = field(default_factory=list)

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def line(self, label: str) -> str:
        p, r = self.precision(), self.recall()
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"{label:<22} precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def evaluate(split: str, verbose: bool) -> int:
    gold = [json.loads(line) for line in (DATA / "gold.jsonl").read_text().splitlines() if line]
    if split != "all":
        gold = [g for g in gold if g["split"] == split]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "eval.db")
        with db.transaction() as session:
            result = import_authority(session, (DATA / "authority.csv").read_text(), "csv")
        if result.problems:
            print("authority file problems:", *result.problems, sep="\n  ")
            return 1
        known, new = Score(), Score()
        timings = []
        with db.reading() as session:
            suggest(session, "warm-up")
            for story in gold:
                text = (DATA / "stories" / f"{story['story']}.txt").read_text(encoding="utf-8")
                started = time.perf_counter()
                found = suggest(session, text)
                timings.append((time.perf_counter() - started) * 1000)
                _score(story, found, known, new)
        db.close()
    print(f"{len(gold)} stories ({split}); suggest() median {statistics.median(timings):.1f} ms")
    print(known.line("known entities"))
    print(new.line("new candidates"))
    if new.tp:
        print(f"{'new candidate kinds':<22} {new.kinds_right}/{new.tp} right")
    if verbose:
        for label, score in (("known", known), ("new", new)):
            print(f"\n{label} misses:", *score.misses, sep="\n  ")
            print(f"{label} false positives:", *score.extras, sep="\n  ")
        print("\nnew candidate kinds wrong:", *new.kind_errors, sep="\n  ")
    return 0


def _score(story: dict, found: list, known: Score, new: Score) -> None:
    sid = story["story"]
    gold_known = {normalise(e[0]) for e in story["entities"] if e[2] == "known"}
    gold_new: dict[str, tuple[str, str]] = {}  # any accepted spelling -> (name, kind)
    for e in story["entities"]:
        if e[2] == "new":
            for spelling in [e[0], *(e[3] if len(e) > 3 else [])]:
                gold_new[normalise(spelling)] = (e[0], e[1])
    got_known = {normalise(s.name) for s in found if s.entity_id is not None}
    kinds: dict[str, Counter[str]] = {}
    for s in found:
        if s.entity_id is None:
            kinds.setdefault(normalise(s.name), Counter())[s.kind] += 1
    known.tp += len(got_known & gold_known)
    known.fp += len(got_known - gold_known)
    known.fn += len(gold_known - got_known)
    known.misses += [f"{sid}: {k}" for k in sorted(gold_known - got_known)]
    known.extras += [f"{sid}: {k}" for k in sorted(got_known - gold_known)]
    matched: set[str] = set()
    for name, votes in kinds.items():
        hit = gold_new.get(name)
        if hit is None:
            new.fp += 1
            new.extras.append(f"{sid}: {name} ({votes.most_common(1)[0][0]})")
        elif hit[0] not in matched:
            matched.add(hit[0])
            new.tp += 1
            guessed = votes.most_common(1)[0][0]
            new.kinds_right += guessed == hit[1]
            if guessed != hit[1]:
                new.kind_errors.append(f"{sid}: {name} guessed {guessed}, gold {hit[1]}")
    names_new = {v[0] for v in gold_new.values()}
    new.fn += len(names_new - matched)
    new.misses += [f"{sid}: {n}" for n in sorted(names_new - matched)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args()
    return evaluate(args.split, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
