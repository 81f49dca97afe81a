"""The layers of DESIGN.md: ui -> importing -> publish -> core -> text, arrows one way.

Reads every module's imports (function-level ones too) and fails on an import against
the arrows, and on Qt outside `newsroom/ui`. `newsroom/cli*.py` and `__main__` sit
above everything; `newsroom` itself (the version) and `newsroom.paths` (where the data
folders are) below everything: they import nothing of ours.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1] / "newsroom"
RANK = {"text": 0, "core": 1, "publish": 2, "importing": 3, "ui": 4}
TOP = 5  # cli, __main__: may use every layer
BASE = {"newsroom", "newsroom.paths"}  # leaves every layer may use


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "newsroom":
        return None
    if module in BASE:
        return -1
    return RANK.get(parts[1], TOP)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        out.append((".".join(rel.parts), path))
    return out


def test_no_import_goes_against_the_arrows() -> None:
    wrong = []
    for module, path in _modules():
        own = _layer(module)
        assert own is not None
        for line, imported in _imports(path):
            theirs = _layer(imported)
            if theirs is not None and theirs > own:
                wrong.append(f"{path.relative_to(ROOT.parent)}:{line} imports {imported}")
    assert wrong == []


def test_only_the_ui_imports_qt() -> None:
    wrong = [
        f"{path.relative_to(ROOT.parent)}:{line} imports {imported}"
        for module, path in _modules()
        if _layer(module) != RANK["ui"]
        for line, imported in _imports(path)
        if imported.split(".")[0] in ("PySide6", "shiboken6")
    ]
    assert wrong == []


def test_the_checks_see_a_back_arrow() -> None:
    """The test itself: a text module importing core would be caught."""
    assert _layer("newsroom.core.db") > _layer("newsroom.text.markdown")  # type: ignore[operator]
    assert _layer("newsroom.ui.main_window") == RANK["ui"]
    assert _layer("newsroom.cli_common") == TOP
    assert _layer("sqlalchemy") is None
    assert _layer("newsroom.paths") < _layer("newsroom.text.markdown")  # type: ignore[operator]
