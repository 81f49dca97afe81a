"""Importing existing stories: Markdown with front matter, saved news pages (HTML or
text), and Newsroom's own exported sites. Start at `import_paths` (service.py)."""

from newsroom.importing.report import FileResult, ImportReport, PendingLink, UnresolvedLink
from newsroom.importing.service import ON_DUPLICATE, Progress, import_paths

__all__ = [
    "ON_DUPLICATE",
    "FileResult",
    "ImportReport",
    "PendingLink",
    "Progress",
    "UnresolvedLink",
    "import_paths",
]
