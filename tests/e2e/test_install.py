"""Installed as a wheel (not editable), Newsroom still finds its migrations and templates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_install_finds_migrations_and_templates(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("newsroom-*.whl")
    target = tmp_path / "site-packages"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    script = (
        "import newsroom, newsroom.paths as p, newsroom.cli as c, sys;"
        "print(newsroom.__file__); print(p.migrations_dir()); print(p.resources_dir());"
        "sys.exit(c.main(['demo', '--db', sys.argv[1]]) or "
        "c.main(['export', '--db', sys.argv[1], '--out', sys.argv[2], '--now', '2026-11-01']))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "demo.db"), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    module, migrations, resources = run.stdout.splitlines()[:3]
    assert module.startswith(str(target))
    assert migrations == str(target / "newsroom" / "_migrations")
    assert resources == str(target / "newsroom" / "_resources")
    assert (tmp_path / "site" / "index.html").is_file()
