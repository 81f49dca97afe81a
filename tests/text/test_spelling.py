"""What the spelling checker is given to look at: words, not Markdown, code or addresses."""

from __future__ import annotations

import pytest

from newsroom.text.spelling import (
    IN_BACKTICK_FENCE,
    START,
    check_form,
    line_words,
    parts,
    words,
)


def texts(text: str) -> list[str]:
    return [w.text for w in words(text)]


def test_words_keep_inner_apostrophes_and_hyphens_with_offsets() -> None:
    text = "The envoy’s al-Hassan said don't."
    found = words(text)
    assert [w.text for w in found] == ["The", "envoy’s", "al-Hassan", "said", "don't"]
    assert all(text[w.start : w.end] == w.text for w in found)


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.org/a-pth?q=wrng#frag",
        "see www.exmple.org/pth",
        "mail newsdsk@exmple.org",
        "at un.org/en/sectin",
        "the `cde spn` and ``mre `cde` here``",
        "[[more-news:?|Wanted hedline]]",
        "[[more-news:0b8f8d2e-9d0a-4c5b-8f7e-2f0e3c1b7a6d|Old hedline]]",
        '<span class="hiliite">',
        "&nbsp;&mdash;",
        "COVID-19 in 2020, the 3rd, G7",
        "[^fnote]",
        "[refid]: https://exmple.org/x",
    ],
)
def test_what_is_not_prose_is_not_checked(text: str) -> None:
    found = texts(text)
    assert not [w for w in found if w not in ("see", "mail", "at", "the", "and", "here", "in")]


def test_a_link_is_checked_for_its_text_not_its_address() -> None:
    assert texts('[the envoy](https://un.org/envoi "Ttle") arrives') == [
        "the",
        "envoy",
        "arrives",
    ]


def test_fenced_and_indented_code_blocks_are_skipped() -> None:
    body = (
        "Before code.\n\n```python\nwrng = tru\n```\nAfter fence.\n\n"
        "    indentd cde\n    mre cde\n\nLast para.\n"
    )
    assert texts(body) == ["Before", "code", "After", "fence", "Last", "para"]


def test_a_tilde_fence_is_not_closed_by_backticks() -> None:
    assert texts("~~~\nnot ths\n```\nnor ths\n~~~\nyes this") == ["yes", "this"]


def test_an_indented_line_inside_a_paragraph_is_prose() -> None:
    assert texts("First line\n    continued here") == ["First", "line", "continued", "here"]


def test_line_by_line_matches_the_whole_text() -> None:
    body = "One.\n```\ncode\n```\nTwo words\n\n    code\nthree"
    state = START
    joined: list[str] = []
    for line in body.split("\n"):
        found, state = line_words(line, state)
        joined += [w.text for w in found]
    assert joined == texts(body)
    assert line_words("```", START)[1] == IN_BACKTICK_FENCE
    assert line_words("text", -1)[0][0].text == "text"  # Qt's first block: no state


def test_check_form_and_parts() -> None:
    assert check_form("Guterres’s") == "Guterres"
    assert check_form("don’t") == "don't"
    assert parts("al-Hassan") == ["al", "Hassan"]
    assert parts("word") == ["word"]
