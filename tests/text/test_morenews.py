"""The More-news token grammar: reading links out of a body, blanking link lines."""

from __future__ import annotations

from newsroom.text.morenews import target_uids, token, without_links

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
