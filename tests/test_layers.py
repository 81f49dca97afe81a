"""The layers of DESIGN.md: ui -> importing -> publish -> core -> text, arrows one way.

Reads every module's imports (function-level ones too) and fails on an import against
the arrows, and on Qt outside `newsroom/ui`; and, from the imports a module runs as it
loads, on any cycle between modules (a package's `__init__` included).
`newsroom/cli*.py` and `__main__` sit above everything; `newsroom` itself (the version)
and `newsroom.paths` (where the data folders are) below everything: they import
nothing of ours.
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


def _load_time_imports(module: str, path: Path) -> set[str]:
    """The modules of ours that loading `module` loads first: its top-level imports
    (not those inside functions or under TYPE_CHECKING), each with the packages above
    it, since importing `a.b.c` runs `a/__init__` and `a/b/__init__` first."""
    known = {_package(name) for name, _ in _modules()}
    module = _package(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                names.extend(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)

    visit(tree.body)
    found = set()
    for name in names:
        parts = name.split(".")
        for end in range(2, len(parts) + 1):
            prefix = ".".join(parts[:end])
            if prefix in known and prefix != module:
                found.add(prefix)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles a depth-first walk meets (each once, as a path back to its start)."""
    out: list[list[str]] = []
    done: set[str] = set()
    path: list[str] = []

    def walk(node: str) -> None:
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                out.append([*path[path.index(nxt) :], nxt])
            elif nxt not in done:
                walk(nxt)
        done.add(path.pop())

    for start in sorted(graph):
        if start not in done:
            walk(start)
    return out


def _package(module: str) -> str:
    return module.removesuffix(".__init__")


def test_no_module_imports_itself_back() -> None:
    graph = {_package(m): _load_time_imports(m, path) for m, path in _modules()}
    assert _cycles(graph) == []


def test_the_cycle_check_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set(), "c": {"b"}}) == []
