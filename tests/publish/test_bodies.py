"""The rendered-body cache (issue 18): a body is rendered once, and again exactly when
what it is made of changes: the renderer, a More-news target's headline or place on
the site, the settings that move pages. The preview reads the same cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from newsroom.core import settings as site_settings
from newsroom.core.articles import load_article, update_article, with_changes
from newsroom.core.changes import rendered_bodies
from newsroom.publish import bodies
from newsroom.publish.preview import preview_page
from newsroom.text.markdown import LinkTarget, render_body


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _edit(newsroom, key: str, **changes: object) -> None:  # type: ignore[no-untyped-def]
    with newsroom.db.transaction() as session:
        current = load_article(session, newsroom.stories[key].id)
        update_article(session, current.id, current.version, with_changes(current, **changes))


def test_a_render_is_the_body_as_render_body_writes_it() -> None:
    uid = "0b3c5c7e-1111-4222-8333-444455556666"
    body = f"Intro.\n\n[[more-news:{uid}]]\n\n[[more-news:{uid.replace('1', '7')}]]\n\nEnd."
    targets = [(uid, LinkTarget("A <b> & 'quote'", "../x.html"))]
    out = bodies.render(body, targets)
    direct = render_body(body, lambda u: dict(targets).get(u))
    assert out.html == str(direct.html) and out.missing == direct.missing
    assert out.key == bodies.cache_key(body, targets)


def test_the_key_moves_with_each_thing_the_html_is_made_of() -> None:
    uid = "0b3c5c7e-1111-4222-8333-444455556666"
    keys = {
        bodies.cache_key("Text.", []),
        bodies.cache_key("Text!", []),
        bodies.cache_key("Text.", [], version="2"),
        bodies.cache_key("Text.", [(uid, None)]),
        bodies.cache_key("Text.", [(uid, LinkTarget("Headline", "a.html"))]),
        bodies.cache_key("Text.", [(uid, LinkTarget("Headline", "b.html"))]),
        bodies.cache_key("Text.", [(uid, LinkTarget("Other", "a.html"))]),
    }
    assert len(keys) == 7


def test_each_body_is_rendered_once(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = newsroom.export(tmp_path / "one")
    assert first.rendered_bodies == first.stories == 3
    with newsroom.db.reading() as session:
        assert len(session.execute(select(rendered_bodies)).all()) == 3
    other = newsroom.export(tmp_path / "two")  # a full export into a new folder
    assert other.rendered_bodies == 0
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_a_new_renderer_renders_every_body_again(newsroom, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    before = _files(out)
    monkeypatch.setattr(bodies, "RENDERER_VERSION", "test-renderer")
    again = newsroom.export(out)
    assert not again.patched and again.rendered_bodies == 3
    assert again.written == 0 and _files(out) == before  # same renderer really


def test_a_targets_headline_re_renders_the_bodies_linking_to_it(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    _edit(newsroom, "first", headline="UN envoy closes talks in Geneva")
    again = newsroom.export(out)
    assert again.rendered_bodies == 1  # "second"'s; "first"'s own body is as it was
    page = next(out.glob(f"*/*/{newsroom.stories['second'].slug}.html")).read_text()
    assert "UN envoy closes talks in Geneva</a>" in page


@pytest.mark.parametrize("status", ["spiked", "published"])
def test_a_target_leaving_or_reaching_the_site_re_renders_the_bodies_linking_to_it(  # type: ignore[no-untyped-def]
    newsroom, tmp_path, status: str
) -> None:
    out = tmp_path / "site"
    newsroom.export(out)
    if status == "spiked":
        _edit(newsroom, "first", status="spiked")
        gone = newsroom.stories["first"].uid
    else:  # the draft "second" links to is published
        _edit(
            newsroom,
            "draft",
            status="published",
            published_at=newsroom.stories["first"].published_at,
        )
        gone = None
    again = newsroom.export(out)
    assert again.rendered_bodies == (1 if gone else 2)  # "second"'s (and the new story's)
    page = next(out.glob(f"*/*/{newsroom.stories['second'].slug}.html")).read_text()
    if gone:
        assert "UN envoy opens talks" not in page
        assert gone in {x["target_uid"] for x in again.left_out_links}
    else:
        assert "A draft nobody may see</a>" in page


def test_settings_no_body_shows_render_no_body(newsroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    newsroom.export(out)
    with newsroom.db.transaction() as session:
        current = site_settings.load(session)
        site_settings.save(session, replace(current, site_name="The Evening Courier"))
    again = newsroom.export(out)
    assert again.rendered_bodies == 0 and again.written >= again.stories


def test_the_preview_reads_the_cache(newsroom, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    newsroom.export(tmp_path / "site")

    def no_render(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("rendered again")

    monkeypatch.setattr(bodies, "render", no_render)
    first = newsroom.stories["first"]
    with newsroom.db.reading() as session:
        page = preview_page(session, first.as_input(), uid=first.uid)
    assert "Talks began at the Palais des Nations." in page.html
    with newsroom.db.reading() as session, pytest.raises(AssertionError, match="rendered again"):
        preview_page(session, replace(first.as_input(), body="Edited."), uid=first.uid)
