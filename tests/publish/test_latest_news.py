"""The "Latest news" list on story pages: the newest other stories, on every page (the
oldest story's too), and an incremental export that notices when the list changes."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsroom.core.articles import ArticleInput, create_article, update_article, with_changes
from newsroom.publish import pages
from newsroom.publish.site import LATEST_ON_STORY

_ASIDE = re.compile(r'<aside class="latest".*?</aside>', re.S)
_LINK = re.compile(r"<a [^>]*>(.*?)</a>", re.S)


def _story_file(out: Path, slug: str) -> Path:
    (found,) = list(out.glob(f"*/*/{slug}.html"))
    return found


def _latest(out: Path, slug: str) -> list[str]:
    """The headlines in a story page's "Latest news" list, in order."""
    aside = _ASIDE.search(_story_file(out, slug).read_text())
    return [html.unescape(h) for h in _LINK.findall(aside.group(0))] if aside else []


def test_every_story_page_lists_the_other_stories_newest_first(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    first, second, third = (newsroom.stories[k] for k in ("first", "second", "third"))

    assert _latest(out, first.slug) == [third.headline, second.headline]  # the oldest story
    assert _latest(out, second.slug) == [third.headline, first.headline]
    assert _latest(out, third.slug) == [second.headline, first.headline]  # the newest


def test_the_list_holds_the_newest_stories_only(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    added = []
    for n in range(LATEST_ON_STORY + 2):
        with newsroom.db.transaction() as session:
            added.append(
                create_article(
                    session,
                    ArticleInput(
                        headline=f"Story number {n}",
                        status="published",
                        published_at=datetime(2019, 1, 1, tzinfo=UTC) + timedelta(days=n),
                    ),
                )
            )
    out = tmp_path / "site"
    newsroom.export(out)
    newest_first = [s.headline for s in reversed(added)]

    assert _latest(out, newsroom.stories["first"].slug) == newest_first[:LATEST_ON_STORY]
    assert _latest(out, added[-1].slug) == newest_first[1 : LATEST_ON_STORY + 1]
    assert _latest(out, added[-3].slug) == [
        h for h in newest_first[: LATEST_ON_STORY + 1] if h != added[-3].headline
    ]


def test_a_new_story_reaches_every_story_page_in_an_incremental_export(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    with newsroom.db.transaction() as session:
        fresh = create_article(
            session,
            ArticleInput(
                headline="Fresh news from the river",
                status="published",
                published_at=datetime(2020, 5, 1, tzinfo=UTC),
            ),
        )

    again = newsroom.export(out)

    for key in ("first", "second", "third"):
        assert _latest(out, newsroom.stories[key].slug)[0] == fresh.headline
    assert again.written >= 4  # the three pages whose list changed, and the new one


def test_an_edit_the_list_does_not_show_re_renders_no_other_story_page(
    newsroom, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    rendered: list[str] = []
    real = pages.story_page

    def recording(site, index, *args, **kwargs):  # type: ignore[no-untyped-def]
        rendered.append(site.stories[index].slug)
        return real(site, index, *args, **kwargs)

    monkeypatch.setattr(pages, "story_page", recording)
    third = newsroom.stories["third"]
    with newsroom.db.transaction() as session:
        third = update_article(
            session, third.id, third.version, with_changes(third, body="Recounted.")
        )
    newsroom.export(out)
    assert rendered == [third.slug]

    rendered.clear()
    with newsroom.db.transaction() as session:
        update_article(
            session,
            third.id,
            third.version,
            with_changes(third, headline="Council approves budget"),
        )
    newsroom.export(out)
    assert sorted(rendered) == sorted(
        newsroom.stories[k].slug for k in ("first", "second", "third")
    )
    for key in ("first", "second"):
        assert _latest(out, newsroom.stories[key].slug)[0] == "Council approves budget"


def test_a_site_of_one_story_shows_no_empty_list(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from newsroom.core.models import Article

    with newsroom.db.transaction() as session:  # all but the first story off the site
        session.execute(
            update(Article).where(Article.id != newsroom.stories["first"].id).values(status="draft")
        )
    out = tmp_path / "site"
    newsroom.export(out)
    assert "Latest news" not in _story_file(out, newsroom.stories["first"].slug).read_text()
