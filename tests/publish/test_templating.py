"""Pages written from a database that holds control characters (stored before the
services refused them) are still well-formed: feed, sitemap and pages parse."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib
from sqlalchemy import update

from newsroom.core import settings as site_settings
from newsroom.core.models import Article, Setting


def test_legacy_control_characters_never_reach_the_feed_or_a_page(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = newsroom.stories["first"]
    with newsroom.db.transaction() as session:  # as an older Newsroom could have stored it
        session.execute(
            update(Article)
            .where(Article.id == first.id)
            .values(
                headline="UN envoy\x01 opens talks\x1b[2J",
                standfirst="Talks\x0b begin\x02.",  # (PostgreSQL can not hold NUL at all)
                byline="Hannah\x08 Okoye",
                body="The envoy\x1f arrived.\n",
            )
        )
        session.execute(
            update(Setting).where(Setting.key == "site_name").values(value="The\x07 Courier")
        )
        assert site_settings.load(session).site_name == "The\x07 Courier"
    out = tmp_path / "site"
    newsroom.export(out)

    feed = (out / "feed.xml").read_text(encoding="utf-8")
    root = ET.fromstring(feed)  # raised "not well-formed" before
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert "UN envoy opens talks[2J" in titles and "The Courier" in titles
    ET.fromstring((out / "sitemap.xml").read_bytes())
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not [c for c in text if ord(c) < 0x20 and c not in "\t\n\r"], page
        html5lib.HTMLParser(strict=False).parse(text)
