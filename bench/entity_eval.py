"""Precision and recall of entity suggestions on an evaluation set, per kind.

    .venv/bin/python bench/entity_eval.py [--set own|gmb|gmb2] [--split dev|test|all] [--verbose]
        [--kind person|organisation|place|event|topic]

--verbose lists misses, false positives and wrong kinds; with --kind, only those of
that kind (the gold kind of a miss or wrong kind, the guessed kind of a false positive).

Three sets:
- own (bench/entity_eval/, 34 stories written for the project, s01-s26 dev, s27-s34
  test): one pass with its authority file, scoring known and new entities;
- gmb (bench/entity_eval_gmb/, 250 stories of Voice of America news from the
  Groningen Meaning Bank, built by bench/gmb_build.py: g001-g150 dev, g151-g250
  test, never tuned on): two passes, first with an empty database (every gold
  entity is new: the new-candidate scores), then with its authority file of every
  gold entity (the known-entity recall). Gold entities of kind "ignore" (dates,
  works, events, nationalities) count neither way;
- gmb2 (bench/entity_eval_gmb2/, 300 more such stories, g251-g550, all dev, from
  the sentences after g250's): scored like gmb, a second dev set to tell rules that
  generalise from rules that fit g001-g150.

For the own set: loads `bench/entity_eval/authority.csv` into a temporary database, runs
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

SETS = {
    "own": ROOT / "entity_eval",
    "gmb": ROOT / "entity_eval_gmb",
    "gmb2": ROOT / "entity_eval_gmb2",
}
KINDS = ("person", "organisation", "place", "event", "topic")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    kinds_right: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    kind_errors: list[str] = field(default_factory=list)
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # gold kind -> tp, fn, right
    fp_kind: Counter[str] = field(default_factory=Counter)  # guessed kind of false positives
    guessed: Counter[str] = field(default_factory=Counter)  # guessed kind of true positives

    def count(self, kind: str, slot: int) -> None:
        self.by_kind.setdefault(kind, [0, 0, 0])[slot] += 1

    def kind_lines(self) -> list[str]:
        """Per gold kind: recall and right kind; per guessed kind: how often it is right."""
        lines = []
        for kind in KINDS:
            tp, fn, right = self.by_kind.get(kind, [0, 0, 0])
            offered = self.guessed[kind] + self.fp_kind[kind]
            if not tp + fn + offered:
                continue
            lines.append(
                f"  {kind:<13} gold {tp + fn:>4}  found {tp / (tp + fn) if tp + fn else 0:.3f}"
                f"  kind right {right / tp if tp else 0:.3f}  |  offered as {kind} {offered:>4},"
                f" of which right {right / offered if offered else 0:.3f}"
                f" (wrong kind {self.guessed[kind] - right}, not in gold {self.fp_kind[kind]})"
            )
        return lines

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


def evaluate(name: str, split: str, verbose: bool, kind: str | None = None) -> int:
    data = SETS[name]
    gold = [json.loads(line) for line in (data / "gold.jsonl").read_text().splitlines() if line]
    if split != "all":
        gold = [g for g in gold if g["split"] == split]
    if name == "own":
        return run(data, gold, split, verbose, authority=True, kind=kind)
    print("pass 1: empty database, every gold entity new")
    status = run(data, gold, split, verbose, authority=False, kind=kind)
    print("\npass 2: authority file of every gold entity loaded")
    as_known = [
        {**g, "entities": [[e[0], e[1], "known", *e[3:]] for e in g["entities"]]} for g in gold
    ]
    return status or run(data, as_known, split, verbose, authority=True, only_known=True, kind=kind)


def run(
    data: Path,
    gold: list[dict],
    split: str,
    verbose: bool,
    *,
    authority: bool,
    only_known: bool = False,
    kind: str | None = None,
) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "eval.db")
        if authority:
            with db.transaction() as session:
                result = import_authority(session, (data / "authority.csv").read_text(), "csv")
            if result.problems:
                print("authority file problems:", *result.problems[:20], sep="\n  ")
                return 1
        known, new = Score(), Score()
        timings = []
        with db.reading() as session:
            suggest(session, "warm-up")
            for story in gold:
                text = (data / "stories" / f"{story['story']}.txt").read_text(encoding="utf-8")
                started = time.perf_counter()
                found = suggest(session, text)
                timings.append((time.perf_counter() - started) * 1000)
                _score(story, found, known, new)
        db.close()
    print(f"{len(gold)} stories ({split}); suggest() median {statistics.median(timings):.1f} ms")
    if authority:
        print(known.line("known entities"))
    if not only_known:
        print(new.line("new candidates"))
    if new.tp and not only_known:
        print(
            f"{'new candidate kinds':<22} {new.kinds_right}/{new.tp} right "
            f"({new.kinds_right / new.tp:.3f})"
        )
        print(*new.kind_lines(), sep="\n")
    if verbose:
        for label, score in (("known", known), ("new", new)):
            print(f"\n{label} misses:", *_of_kind(score.misses, kind), sep="\n  ")
            print(f"{label} false positives:", *_of_kind(score.extras, kind), sep="\n  ")
        print("\nnew candidate kinds wrong:", *_of_kind(new.kind_errors, kind), sep="\n  ")
    return 0


def _score(story: dict, found: list, known: Score, new: Score) -> None:
    sid = story["story"]
    ignored = {normalise(e[0]) for e in story["entities"] if e[1] == "ignore"}
    entities = [e for e in story["entities"] if e[1] != "ignore"]
    gold_known = {normalise(e[0]) for e in entities if e[2] == "known"}
    gold_new: dict[str, tuple[str, str]] = {}  # any accepted spelling -> (name, kind)
    for e in entities:
        if e[2] == "known":
            for spelling in e[3] if len(e) > 3 else []:
                ignored.add(normalise(spelling))  # a known entity's other spelling
        if e[2] == "new":
            for spelling in [e[0], *(e[3] if len(e) > 3 else [])]:
                gold_new[normalise(spelling)] = (e[0], e[1])
    got_known = {normalise(s.name) for s in found if s.entity_id is not None} - ignored
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
        if hit is None and (name in ignored or _inside(name, ignored)):
            continue  # a date, work or nationality or part of one; a known entity's alias
        if hit is None:
            new.fp += 1
            new.fp_kind[votes.most_common(1)[0][0]] += 1
            new.extras.append(f"{sid}: {name} ({votes.most_common(1)[0][0]})")
        elif hit[0] not in matched:
            matched.add(hit[0])
            new.tp += 1
            guessed = votes.most_common(1)[0][0]
            new.kinds_right += guessed == hit[1]
            new.count(hit[1], 0)
            new.guessed[guessed] += 1
            if guessed == hit[1]:
                new.count(hit[1], 2)
            if guessed != hit[1]:
                new.kind_errors.append(f"{sid}: {name} guessed {guessed}, gold {hit[1]}")
    names_new = {v[0]: v[1] for v in gold_new.values()}
    for missed in set(names_new) - matched:
        new.count(names_new[missed], 1)
    new.fn += len(set(names_new) - matched)
    new.misses += [f"{sid}: {n} ({names_new[n]})" for n in sorted(set(names_new) - matched)]


def _of_kind(lines: list[str], kind: str | None) -> list[str]:
    """The listed lines about `kind`: "(kind)" at the end, or "gold kind"."""
    if kind is None:
        return lines
    return [line for line in lines if line.endswith((f"({kind})", f"gold {kind}"))]


def _inside(name: str, ignored: set[str]) -> bool:
    """Part of an ignored name: "Nobel" of the award "Nobel Peace Prize"."""
    padded = f" {name} "
    return any(padded in f" {other} " for other in ignored)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="own", dest="name")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--kind", choices=KINDS, help="with --verbose: list only this kind")
    args = parser.parse_args()
    return evaluate(args.name, args.split, args.verbose, args.kind)


if __name__ == "__main__":
    sys.exit(main())
