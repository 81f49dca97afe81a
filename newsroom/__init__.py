"""Newsroom: a desktop newsroom editing tool."""

from typing import Any


def __getattr__(name: str) -> Any:
    """`__version__`, looked up when first asked for: reading the installed package's
    metadata costs a tenth of a second that no command but `--version` needs."""
    if name != "__version__":
        raise AttributeError(f"module 'newsroom' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("newsroom")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
