"""Every subcommand's options given hostile values, in process: each run ends with an
exit code (0, 1 or 2) and lines on stderr, never an exception (what a user sees as a
traceback), and nothing printed can drive a terminal.

The options come from the parser itself, so a new option is fuzzed without a change
here. Paths are kept inside a temporary folder; `generate` gets small counts. A longer
hunt: NEWSROOM_FUZZ_EXAMPLES=500 pytest tests/e2e/test_cli_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom import cli

HOSTILE = [
    "", " ", "-1", "0", "1", "3", "+-5", "1e3", "nan", "١٢", "1_000",
    "99999999999999999999", "9" * 5000, "-", "\x00", "\x01", "\x1b[2J", "\x9b1m",
    "\udcff", "caf\udce9", "a\nb", "\t", "2024-02-30", "0001-01-01",
    "9999-12-31T23:59:59-12:00", "2024-03-10 02:30", "Europe/London", "Mars/Base",
    "https://example.org/\nDisallow: /", "=1+1", "../../etc/passwd", "published",
    "person", "UN", "en_GB", "x" * 400, "csv", "jsonl", "skip",
]  # fmt: skip
VALUES = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20), st.integers(-5, 10**6).map(str))
# Values that get past the first check now and then, so the fuzz reaches the services.
LIKELY = {
    "--section": ["World", "politics", ""],
    "--move-to": ["World", "politics"],
    "--to": ["1", "2"],
    "--status": ["draft", "published", "spiked"],
    "--published-at": ["2024-05-01", "2024-05-01 09:00+02:00"],
    "--embargo-until": ["2024-04-30"],
    "--now": ["2024-05-02T00:00:00Z"],
    "--kind": ["person", "place"],
    "--limit": ["5"],
    "--format": ["csv", "jsonl"],
    "--base-url": ["https://example.org/news"],
    "--time-zone": ["America/New_York"],
    "--locale": ["de_DE"],
}
SMALL = st.sampled_from(["0", "-1", "", "x", "1", "2", "1000001", "+-5", "\udcff", "1e2"])
# Options whose value names a file: kept inside the test's folder.
PATHS = {"--db", "--out", "--body-file", "file", "paths"}
STDIN = {"--body-file", "file"}  # where "-" means standard input
COMMANDS = [
    ("demo",), ("generate",), ("add",), ("list",), ("export",), ("check",),
    ("import",), ("settings",), ("entities", "import"), ("entities", "export"),
    ("entities", "list"), ("entities", "suggest"), ("sections", "list"), ("sections", "add"),
    ("sections", "rename"), ("sections", "move"), ("sections", "delete"),
]  # fmt: skip
SLOW = {("export",): 8, ("generate",): 15, ("demo",): 5}
# $NEWSROOM_FUZZ_EXAMPLES runs that many per command instead (a longer hunt by hand).
EXAMPLES = int(os.environ.get("NEWSROOM_FUZZ_EXAMPLES", "0"))


def _subparser(path: tuple[str, ...]):  # type: ignore[no-untyped-def]
    parser = cli.build_parser()
    for name in path:
        sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        parser = sub.choices[name]  # type: ignore[attr-defined]
    return parser


def _options(path: tuple[str, ...]) -> list[tuple[str, bool, bool]]:
    """(option or positional name, takes a value, is positional) for a subcommand."""
    found = []
    for action in _subparser(path)._actions:
        if action.__class__.__name__ in ("_HelpAction", "_VersionAction"):
            continue
        name = action.option_strings[-1] if action.option_strings else action.dest
        found.append((name, action.nargs != 0, not action.option_strings))
    return found


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "demo.db"
    assert cli.main(["demo", "--db", str(path)]) == 0
    return path


def _path_value(folder: Path, raw: str) -> str:
    """A fuzzed file name, inside `folder` whatever it says."""
    name = raw.replace("/", "_").replace("\x00", "_").lstrip(".-") or "x"
    return str(folder / name[:100])


def _run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    fake_in = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    saved = sys.stdin
    sys.stdin = fake_in
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse: usage errors (2) and --help (0)
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def _check(argv: list[str], code: int, out: str, err: str) -> None:
    shown = f"{argv!r}\nstdout: {out[-500:]!r}\nstderr: {err[-1000:]!r}"
    assert code in (0, 1, 2), shown
    assert "Traceback" not in err, shown
    printable = out if argv[:2] != ["entities", "export"] else ""  # a data file, not text
    for text in (printable, err):
        assert not [
            c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F
        ], shown
    if code == 2 and "usage:" not in err:
        lines = err.strip().splitlines()
        assert lines and lines[-1].startswith("newsroom: error: "), shown
        assert all(line.startswith(("newsroom: ", "left out: ")) for line in lines), shown


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_option_value_makes_a_traceback(command, demo_db, tmp_path_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    options = _options(command)
    work = tmp_path_factory.mktemp("run")
    monkeypatch.chdir(work)  # whatever a relative name escapes to, it is not the checkout

    @settings(
        max_examples=EXAMPLES or SLOW.get(command, 30),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        folder = work / uuid.uuid4().hex
        folder.mkdir()
        db = folder / "n.db"
        if command not in (("demo",), ("generate",)):
            shutil.copyfile(demo_db, db)
        argv = [*command, "--db", str(db)]
        for name, takes_value, positional in options:
            wanted = positional or data.draw(st.booleans(), label=f"use {name}")
            if name == "--db" or not wanted:
                continue
            if not takes_value:
                argv.append(name)
                continue
            if name in ("--articles", "--entities"):
                value = data.draw(SMALL, label=name)
            elif name in PATHS:
                raw = data.draw(st.sampled_from(["-", "in.md", "n.db", "out"]) | VALUES)
                stdin = raw == "-" and name in STDIN
                value = raw if stdin else _path_value(folder, raw)
            elif name in LIKELY:
                value = data.draw(st.sampled_from(LIKELY[name]) | VALUES, label=name)
            else:
                value = data.draw(VALUES, label=name)
            if positional:
                argv.append(value)
            else:
                argv.append(f"{name}={value}")  # "=" so a value may start with "-"
        if command == ("generate",) and not any(a.startswith("--articles") for a in argv):
            argv.append("--articles=2")
        (folder / "in.md").write_text("---\ntitle: A story\n---\nBody.\n", encoding="utf-8")
        stdin = data.draw(st.sampled_from([b"", b"Body text\n", b"\xff\xfe\x00", b"\x1b[2J"]))
        code, out, err = _run(argv, stdin)
        _check(argv, code, out, err)

    run()
