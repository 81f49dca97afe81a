"""Where the project's data folders are, installed or in a source checkout.

A wheel carries `db/` as `newsroom/_migrations` and `resources/` as
`newsroom/_resources`; a source checkout (editable install) keeps them at the top of
the repository. Both are looked up here so nothing else guesses.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, source: str) -> Path:
    for candidate in (_PACKAGE / installed, _PACKAGE.parent / source):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"Newsroom is incompletely installed: neither {_PACKAGE / installed} "
        f"nor {_PACKAGE.parent / source} exists"
    )


def migrations_dir() -> Path:
    """The Alembic script folder (env.py and versions/)."""
    return _find("_migrations", "db")


def resources_dir() -> Path:
    """Templates, static files and the demo newsroom."""
    return _find("_resources", "resources")


def cache_dir() -> Path:
    """The user's cache folder for Newsroom (resized images, compiled templates): what
    is kept there can always be made again."""
    return Path(user_cache_dir("newsroom", appauthor=False))
