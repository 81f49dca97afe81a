"""An exported story opened in headless Chromium; its More-news link followed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
)


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="newsroom-chromium-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_follow_a_more_news_link_in_chromium(newsroom, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    db = tmp_path / "demo.db"
    out = tmp_path / "site"
    assert newsroom("demo", "--db", str(db)).returncode == 0
    result = newsroom("export", "--db", str(db), "--out", str(out), "--now", "2026-11-01T00:00:00Z")
    assert result.returncode == 0, result.stderr
    start = next(out.glob("2026/06/*sarrow-water-accord*.html"))
    browser.get(start.as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == (
        "Marenland and Valmora sign Sarrow water accord in Geneva"
    )
    font = browser.execute_script(
        "return getComputedStyle(document.querySelector('.more-news')).fontWeight"
    )
    assert font in ("700", "bold")  # the stylesheet loaded from disk
    link = browser.find_element(By.CSS_SELECTOR, "p.more-news a")
    target_headline = link.text
    assert browser.find_element(By.CSS_SELECTOR, "p.more-news").text.startswith("More news:")
    link.click()
    assert browser.current_url != start.as_uri()
    assert browser.current_url.startswith(out.as_uri())
    assert browser.find_element(By.TAG_NAME, "h1").text == target_headline
    breadcrumb = browser.find_element(By.CSS_SELECTOR, "nav.breadcrumb").text
    assert breadcrumb == f"Main » {target_headline}"


def test_screenshot_renders(newsroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "demo.db"
    out = tmp_path / "site"
    newsroom("demo", "--db", str(db))
    newsroom("export", "--db", str(db), "--out", str(out), "--now", "2026-11-01T00:00:00Z")
    shot = tmp_path / "page.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=400,900",
            (out / "index.html").as_uri(),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert shot.is_file() and shot.stat().st_size > 5000
