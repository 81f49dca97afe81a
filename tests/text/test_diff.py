"""The word-level diff: what is marked, what is escaped, and that its work is bounded."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

from newsroom.text import diff
from newsroom.text.diff import (
    diff_items,
    diff_lines,
    diff_story,
    diff_text,
    split_lines,
    tokens,
)


class _Marks(HTMLParser):
    """The text inside <del> and <ins>, one string per element, and all text."""

    def __init__(self) -> None:
        super().__init__()
        self.deleted: list[str] = []
        self.inserted: list[str] = []
        self.text: list[str] = []
        self.open: list[str] | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("del", "ins"):
            self.open = self.deleted if tag == "del" else self.inserted
            self.open.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("del", "ins"):
            self.open = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.open is not None:
            self.open[-1] += data


def marks(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    parser.close()
    return parser


def test_a_word_inserted_deleted_or_replaced_is_marked_alone() -> None:
    inserted = marks(diff_text("The cat sat.", "The black cat sat.").html)
    assert (inserted.deleted, inserted.inserted) == ([], ["black"])
    deleted = marks(diff_text("The black cat sat.", "The cat sat.").html)
    assert (deleted.deleted, deleted.inserted) == (["black"], [])
    replaced = marks(diff_text("The cat sat on the mat.", "The dog sat on the mat.").html)
    assert (replaced.deleted, replaced.inserted) == (["cat"], ["dog"])


def test_punctuation_is_a_word_of_its_own_and_words_stay_apart() -> None:
    comma = marks(diff_text("Talks ended, he said.", "Talks ended; he said.").html)
    assert (comma.deleted, comma.inserted) == (["ended,"], ["ended;"])  # with its word
    added = marks(diff_text("Talks ended.", "Talks ended, for now.").html)
    assert (added.deleted, added.inserted) == ([], [", for now"])
    quoted = marks(diff_text('He said "no".', 'He said "no!"').html)
    assert (quoted.deleted, quoted.inserted) == (['no".'], ['no!"'])
    cut = diff_text("a b c", "a b")
    assert "".join(marks(cut.html).text).strip() == "a b c"  # not "a bc"


def test_paragraphs_added_and_removed_are_marked_whole() -> None:
    old = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."
    new = "First paragraph.\n\nThird paragraph.\n\nA new closing paragraph."
    found = marks(diff_text(old, new).html)
    assert found.deleted == ["Second paragraph."]
    assert found.inserted == ["A new closing paragraph."]
    assert "First paragraph." in "".join(found.text)  # a short story is shown whole


def test_a_rewritten_paragraph_reads_whole_not_as_word_soup() -> None:
    old = "The minister said the talks in Geneva would resume next week after a pause."
    new = "Rain is expected across the north on Sunday, forecasters warned late on Friday."
    found = marks(diff_text(old, new).html)
    assert found.deleted == [old] and found.inserted == [new]


def test_a_line_break_only_one_side_has_is_marked() -> None:
    found = marks(diff_text("One sentence. Another one.", "One sentence.\nAnother one.").html)
    assert found.inserted == ["¶"]
    kept = marks(diff_text("Stop.\nGo on", "Stop!\nGo now").html)  # the break is kept
    assert (kept.deleted, kept.inserted) == (["Stop.", "on"], ["Stop!", "now"])


def test_html_in_a_story_is_escaped() -> None:
    found = diff_text("Safe text.", "Safe text. <script>alert('x')</script> & more")
    assert "<script" not in found.html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in found.html
    assert marks(found.html).inserted == ["<script>alert('x')</script> & more"]


def test_long_unchanged_runs_collapse_to_their_context() -> None:
    old = [f"Paragraph {n} of the story." for n in range(100)]
    new = list(old)
    new[50] = "Paragraph 50 of the long story."
    found = diff_lines(old, new, context=2)
    text = "".join(marks(found.html).text)
    assert marks(found.html).inserted == ["long"]
    assert "Paragraph 48 " in text and "Paragraph 52 " in text
    assert "Paragraph 47 " not in text and "Paragraph 53 " not in text
    assert "… 48 unchanged paragraphs …" in text  # 0 to 47
    assert "… 47 unchanged paragraphs …" in text  # 53 to 99
    assert found.stats.collapsed == 95


def test_a_story_diff_lists_changed_fields_then_the_body() -> None:
    fields = [("Headline", "Talks stall", "Talks resume"), ("Byline", "A. Writer", "A. Writer")]
    found = diff_story(fields, "Same body.", "Same body.")
    assert found.changed
    assert "<th" in found.html and "Headline" in found.html and "Byline" not in found.html
    assert marks(found.html).deleted[-1] == "stall"
    assert "The body is the same." in found.html
    same = diff_story([("Headline", "A", "A")], "Body.", "Body.")
    assert not same.changed and "No differences." in same.html
    spacing = diff_story([], "Body.", "Body.\n\n\n")
    assert spacing.changed and "only in spacing" in spacing.html


def test_tokens_give_the_line_back() -> None:
    line = "  Mr O’Neill’s 3.5% rise — well-known, “odd”?"
    assert "".join(tokens(line)) == line
    assert split_lines("a  \n\n\n  b\n") == ["a", "  b"]


def _story(rng: random.Random, paragraphs: int) -> list[str]:
    words = ["".join(rng.choices("abcdefghijklmnop", k=rng.randint(2, 8))) for _ in range(3000)]
    words += ["the", "a", "of", "to", "in", "and"] * 200
    return [" ".join(rng.choices(words, k=34)) + "." for _ in range(paragraphs)]


def test_a_big_story_with_a_few_hundred_edits_compares_only_the_changed_words() -> None:
    """A 1 MB story: the work is the edited paragraphs' words, not the story's."""
    rng = random.Random(13)
    old = _story(rng, 5000)
    new = list(old)
    edited = rng.sample(range(5000), 300)
    for n in edited:
        words = new[n].split()
        words[rng.randrange(len(words))] = "changed"
        new[n] = " ".join(words)
    found = diff_text("\n\n".join(old), "\n\n".join(new))
    assert found.stats.changed_runs <= 300
    assert found.stats.words_compared <= 300 * 2 * 80  # two edited lines of ~75 tokens
    assert found.stats.collapsed > 3000
    assert len(found.html) < diff.MAX_HTML * 1.1
    assert marks(found.html).inserted.count("changed") >= 290  # (a few replaced "changed")
    capped = diff_text("\n\n".join(old), "\n\n".join(new), max_html=20_000)
    assert len(capped.html) < 25_000  # nor are unchanged lines shown past the cap
    assert capped.stats.not_shown > 200
    assert capped.stats.changed_runs == found.stats.changed_runs  # still all counted


def test_huge_changes_are_bounded_in_work_and_output() -> None:
    rng = random.Random(7)
    old = _story(rng, 3000)
    rewritten = _story(rng, 3000)
    found = diff_lines(old, rewritten)
    assert found.stats.words_compared <= diff.WORD_BUDGET
    assert len(found.html) < diff.MAX_HTML * 1.1
    assert found.stats.not_shown > 0
    assert "more changes further on" in found.html
    # one huge paragraph (no line breaks): compared sentence by sentence
    one_line = " ".join(old)
    edited = one_line.replace(old[1500], old[1500].replace(".", " indeed."), 1)
    found = diff_text(one_line, edited)
    assert marks(found.html).inserted == ["indeed"]
    assert found.stats.words_compared < 1000
    assert "unchanged sentences" in found.html


OLD_REPORT = (
    "The United Nations special envoy Amira al-Hassan opened talks in Geneva on Tuesday "
    "between Marenland and Valmora, the two neighbours whose dispute over the River Sarrow "
    "has soured relations for more than a decade.\n\n"
    "Delegatons from both governments arrived at the Palais des Nations on Monday evening. "
    "Officials said the first session, which lasted almost four hours, was devoted to "
    "agreeing an agenda rather than to substance.\n\n"
    '"Nobody expects a breakthrough this week," al-Hassan told reporters after the session.\n'
)
NEW_REPORT = (
    "The United Nations special envoy Amira al-Hassan opened talks in Geneva on Wednesday "
    "between Marenland and Valmora, the two neighbours whose dispute over the River Sarrow "
    "has soured relations for more than ten years.\n\n"
    "Delegations from both governments arrived at the Palais des Nations on Monday evening. "
    "Officials said the first session, which lasted nearly five hours, was devoted to "
    "agreeing an agenda rather than to substance. Journalists were kept outside.\n\n"
    '"Nobody expects a breakthrough this week," al-Hassan told reporters on Tuesday.\n'
)


def _whole_words_of(chunk: str, text: str) -> bool:
    """`chunk` stands in `text` as whole words: no letter or digit just before or after."""
    return re.search(rf"(?<![\w’']){re.escape(chunk)}(?![\w’'])", text) is not None


def test_an_edited_report_is_marked_in_whole_words_never_stray_letters() -> None:
    """A desk edit of a real-looking report (a typo fixed, a day and figures changed, a
    sentence added): each change is whole words, as a reader would name it; difflib's
    character diff marked "Delegat|i|ons" and "T|ues|day" letter by letter."""
    found = marks(diff_text(OLD_REPORT, NEW_REPORT).html)
    assert found.deleted == [
        "Tuesday",
        "a decade",
        "Delegatons",
        "almost four",
        "after the session",
    ]
    assert found.inserted == [
        "Wednesday",
        "ten years",
        "Delegations",
        "nearly five",
        "Journalists were kept outside.",  # not ". Journalists were kept outside"
        "on Tuesday",
    ]
    for chunk in found.deleted:
        assert _whole_words_of(chunk, OLD_REPORT), chunk
    for chunk in found.inserted:
        assert _whole_words_of(chunk, NEW_REPORT), chunk
    text = "".join(found.text)
    assert "Tuesday Wednesday" in text  # words stay apart: no "TuesdayWednesday"


def test_a_sentence_added_or_cut_at_a_paragraphs_end_is_marked_as_a_sentence() -> None:
    added = marks(diff_text("Talks ended.", "Talks ended. Both sides will return.").html)
    assert added.inserted == ["Both sides will return."]
    cut = marks(diff_text("Talks ended. Both sides will return.", "Talks ended.").html)
    assert cut.deleted == ["Both sides will return."]
    assert "".join(cut.text).strip() == "Talks ended. Both sides will return."


def test_tags_are_compared_as_a_set_in_alphabetical_order() -> None:
    row = diff_items(["Vienna", "Amira al-Hassan", "UN"], ["UN", "Geneva", "Amira al-Hassan"])
    assert row == "Amira al-Hassan, <ins>Geneva</ins>, UN, <del>Vienna</del>"
    assert diff_items(["B", "A"], ["A", "B"]) is None  # order is no change
    assert diff_items(["<b>"], []) == "<del>&lt;b&gt;</del>"
    unknown = diff_items(None, ["Geneva"], old_title="that version", new_title="now")
    assert unknown is not None and "not recorded in that version" in unknown
    assert "now: Geneva" in unknown
    story = diff_story([], "Body.", "Body.", tags=(["Vienna"], ["Geneva"]))
    assert story.changed
    assert "Tags" in story.html
    assert (marks(story.html).deleted[-1], marks(story.html).inserted[-1]) == ("Vienna", "Geneva")
    assert "The body is the same." in story.html
