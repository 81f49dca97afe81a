"""What an import did, file by file: the value `import_paths` returns.

Plain data, safe to hand from a worker thread to the UI; `as_dict()` is what
`newsroom import --json` prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Outcome = Literal["imported", "updated", "skipped", "failed", "ignored"]


@dataclass(frozen=True)
class FileResult:
    """One file: `imported`, `updated`, `skipped` (with the reason), `failed` (with the
    reason) or `ignored` (read for what it tells, like a feed, or not a story at all).

    `matched_on` is set on a file skipped as a story already in the database (before this
    import): what matched ("uid", "source address", "slug and publication day"). Such a
    file is one an import with `on_duplicate="update"` would write (`ImportReport.updatable`).
    """

    path: str
    outcome: Outcome
    reason: str = ""
    story_id: int | None = None
    slug: str | None = None
    headline: str = ""
    warnings: tuple[str, ...] = ()
    matched_on: str = ""


@dataclass(frozen=True)
class UnresolvedLink:
    """A "More news:" line whose story is neither in the database nor in the import: it
    was kept as a pending line, `[[more-news:?|<headline>]]`, that links itself when a
    story with that headline arrives (`core.pending`). `kept` is False for a line with
    no headline to wait for: that one was left out."""

    path: str
    headline: str
    href: str = ""
    kept: bool = True


@dataclass(frozen=True)
class PendingLink:
    """A "More news:" line naming a story of the same import that was not written (the
    file failed, or the import stopped first): it was kept as a pending line, not made a
    link, so no story links to one that does not exist; it links itself when that story
    arrives."""

    path: str
    headline: str
    target_path: str
    reason: str


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    unresolved_links: list[UnresolvedLink] = field(default_factory=list)
    pending_links: list[PendingLink] = field(default_factory=list)
    settings_adopted: dict[str, str] | None = None  # site settings taken from an export
    cancelled: bool = False
    # Why the import stopped before the end (the disk is full ...); the files it did not
    # get to are counted in `not_written`, not listed one by one.
    stopped: str | None = None
    not_written: int = 0
    seconds: float = 0.0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def ignored(self) -> int:
        return self.count("ignored")

    @property
    def failures(self) -> list[FileResult]:
        return [f for f in self.files if f.outcome == "failed"]

    @property
    def updatable(self) -> list[FileResult]:
        """The skipped files that an import with update would write over their stories."""
        return [f for f in self.files if f.outcome == "skipped" and f.matched_on]

    def waiting_for(self) -> list[str]:
        """The headlines the import's pending More-news lines wait for, one per line."""
        return [u.headline for u in self.unresolved_links if u.kept] + [
            p.headline for p in self.pending_links
        ]

    def summary(self) -> str:
        """One line: "12 imported, 0 updated, 3 skipped, 1 failed in 0.4 s" and extras."""
        extras = []
        if self.ignored:
            extras.append(f"{self.ignored:,} other files ignored")
        waiting = self.waiting_for()
        if waiting:
            n = len(waiting)
            shown = "; ".join(waiting[:3]) + (f"; {n - 3:,} more" if n > 3 else "")
            extras.append(
                f"{n:,} More-news line{'s' if n != 1 else ''} pending (waiting for: {shown})"
            )
        dropped = sum(1 for u in self.unresolved_links if not u.kept)
        if dropped:
            extras.append(f"{dropped:,} More-news line{'s' if dropped != 1 else ''} left out")
        if self.cancelled:
            extras.append("cancelled")
        if self.stopped:
            extras.append(f"stopped: {self.stopped}; {self.not_written:,} files not written")
        return (
            f"{self.imported:,} imported, {self.updated:,} updated, {self.skipped:,} skipped, "
            f"{self.failed:,} failed in {self.seconds:.1f} s"
            + (f" ({'; '.join(extras)})" if extras else "")
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "skipped": self.skipped,
            "failed": self.failed,
            "ignored": self.ignored,
            "cancelled": self.cancelled,
            "stopped": self.stopped,
            "not_written": self.not_written,
            "seconds": round(self.seconds, 3),
            "settings_adopted": self.settings_adopted,
            "files": [asdict(f) for f in self.files],
            "unresolved_links": [asdict(u) for u in self.unresolved_links],
            "pending_links": [asdict(p) for p in self.pending_links],
        }
