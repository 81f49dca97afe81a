"""What an export did, for the command line, the window and the benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ExportResult:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    stories: int = 0
    pages: int = 0
    seconds: float = 0.0
    left_out_links: list[dict[str, str]] = field(default_factory=list)
    folder: str = ""  # the folder written: `out`, or the one it links to
    rendered_bodies: int = 0  # bodies rendered (the others came from the cache)
    patched: bool = False  # only the changed files were replaced (see the module notes)
    images: int = 0  # images the site shows (each written once per size and format)
    images_resized: int = 0  # of them, resized by this export (new or changed ones)

    def summary(self) -> str:
        left = (
            f"; {len(self.left_out_links)} More-news line(s) left out"
            if self.left_out_links
            else ""
        )
        pictures = (
            f"; {self.images:,} image(s), {self.images_resized:,} resized" if self.images else ""
        )
        return (
            f"{self.stories:,} stories, {self.pages:,} files: {self.written:,} written, "
            f"{self.unchanged:,} unchanged, {self.removed:,} removed in {self.seconds:.1f} s"
            f"{pictures}{left}"
        )
