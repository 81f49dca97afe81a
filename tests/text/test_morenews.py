"""The More-news token grammar: linked and pending lines, and how a wanted headline is
compared with a story's."""

from __future__ import annotations

import pytest

from newsroom.text.markdown import LinkTarget, render_body
from newsroom.text.morenews import (
    headline_key,
    lines,
    pending_token,
    target_uids,
    token,
    wanted,
    wanted_headlines,
    with_links,
    without_links,
)

UID = "7e20e30e-7642-59f8-ad75-3a3f5342087d"


def test_without_links_blanks_link_lines_and_keeps_offsets() -> None:
    body = f"First words here.\n\n{token(UID, 'Gayle, big players return')}\n\nLast one."
    blank = without_links(body)
    assert len(blank) == len(body)
    assert blank.split() == ["First", "words", "here.", "Last", "one."]
    assert blank.index("Last") == body.index("Last")
    assert target_uids(blank) == []


def test_text_that_only_looks_like_a_token_stays() -> None:
    inline = f"See [[more-news:{UID}|this]] inline."  # not a line of its own: not a link
    assert without_links(inline) == inline


def test_a_pending_line_is_a_token_that_links_nothing() -> None:
    body = f"One.\n\n{pending_token('UN envoy opens…')}\n\n{token(UID.upper(), 'Two')}\n"
    assert [(x.uid, x.hint, x.pending) for x in lines(body)] == [
        (None, "UN envoy opens…", True),
        (UID, "Two", False),
    ]
    assert target_uids(body) == [UID]  # unchanged in meaning: linked stories only
    assert wanted_headlines(body) == ["UN envoy opens…"]


@pytest.mark.parametrize("text", ["[[more-news:?]]", "[[more-news:?|]]", "[[more-news:?|  ]]"])
def test_a_pending_line_needs_the_headline_it_waits_for(text: str) -> None:
    assert lines(text) == []
    with pytest.raises(ValueError):
        pending_token("  ")


def test_the_wanted_headline_is_kept_readable_in_the_token() -> None:
    assert pending_token(" Talks: day two]\nresume ") == "[[more-news:?|Talks: day two) resume]]"


def test_with_links_turns_the_chosen_pending_lines_into_tokens() -> None:
    body = f"A.\n\n{pending_token('First')}\n\n{token(UID)}\n\n  {pending_token('Second')}\n\nZ.\n"
    other = "0b6c9d5e-0000-4000-8000-000000000000"
    out = with_links(body, {1: (other, "Second story")})
    assert out == (
        f"A.\n\n{pending_token('First')}\n\n{token(UID)}\n\n  {token(other, 'Second story')}"
        "\n\nZ.\n"
    )
    assert with_links(body, {}) == body


def test_headlines_compare_without_case_quotes_dashes_or_spacing() -> None:
    assert headline_key("Army’s  “big” talks – day two") == headline_key("army's big talks-day two")
    assert headline_key("Talks resume") != headline_key("Talks resumed")


def test_a_hint_cut_short_with_an_ellipsis_is_a_prefix() -> None:
    cut = wanted("UN envoy opens…")
    assert cut.truncated and cut.key == "un envoy opens"
    assert cut.matches(headline_key("UN envoy opens talks in Geneva"))
    assert wanted("UN envoy op...").matches(headline_key("UN envoy opens talks"))
    whole = wanted("UN envoy opens")
    assert not whole.truncated
    assert not whole.matches(headline_key("UN envoy opens talks in Geneva"))
    assert whole.matches(headline_key("UN Envoy Opens"))
    assert not wanted("…").matches(headline_key("Anything"))  # nothing to go by


def test_a_pending_line_is_left_out_of_the_page() -> None:
    body = f"Before.\n\n{pending_token('Not here yet')}\n\nAfter.\n"
    asked: list[str] = []

    def resolve(uid: str) -> LinkTarget | None:
        asked.append(uid)
        return None

    out = render_body(body, resolve)
    assert "more-news" not in out.html and "Not here yet" not in out.html
    assert '<p dir="auto">Before.</p>' in out.html and '<p dir="auto">After.</p>' in out.html
    assert (out.links, out.missing, out.pending, asked) == ((), (), ("Not here yet",), [])
