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


def test_pictures_fit_a_phone_screen(newsroom, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A lead image of 1,600 pixels used to keep its width on a 390-pixel screen: the
    page scrolled sideways and the picture was cut off."""
    from media_files import picture

    db, out = tmp_path / "news.db", tmp_path / "site"
    photo = tmp_path / "quay.jpg"
    photo.write_bytes(picture(1600, 1000, seed=3))
    body = tmp_path / "body.md"
    body.write_text("Ships queued.\n", encoding="utf-8")
    added = newsroom(
        "add", "--db", str(db), "--headline", "Harbour reopens", "--body", str(body),
        "--status", "published", "--published-at", "2026-10-30T09:00:00Z",
        "--image", str(photo), "--image-alt", "The quay", "--image-caption", "Boats",
        "--image-credit", "Jane Roe",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    result = newsroom("export", "--db", str(db), "--out", str(out), "--now", "2026-11-01T00:00:00Z")
    assert result.returncode == 0, result.stderr
    browser.set_window_size(390, 900)
    browser.get(next(out.glob("2026/10/harbour-reopens*.html")).as_uri())
    fit = browser.execute_script(
        """const img = document.querySelector('figure.image.lead img');
        const column = img.closest('article, main, body').getBoundingClientRect().width;
        return {page: document.documentElement.scrollWidth, screen: window.innerWidth,
                width: img.getBoundingClientRect().width, column: column,
                loaded: img.complete && img.naturalWidth > 0,
                ratio: img.getBoundingClientRect().height / img.getBoundingClientRect().width};"""
    )
    assert fit["page"] <= fit["screen"]  # nothing to scroll sideways
    assert 0 < fit["width"] <= fit["column"]
    assert fit["loaded"]
    assert abs(fit["ratio"] - 1000 / 1600) < 0.01  # its shape kept
