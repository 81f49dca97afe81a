"""Word-level diffs of a story's text, rendered as HTML an editor can read.

Why not `difflib.HtmlDiff`: it diffs changed lines character by character, which is
quadratic in a line's length; History on a 1 MB story took minutes. Here the work is
bounded, in two steps:

1. Lines (paragraphs, in the Markdown body) are aligned with `SequenceMatcher`
   (autojunk off: a repeated line must still anchor the alignment).
2. Only inside a run of changed lines are words compared, with autojunk on (words as
   common as "the" never start a match, which keeps big paragraphs near linear and
   the result free of chaff). A run too big for that (`PAIR_LIMIT`) is compared line
   by line when both sides have as many lines, else sentence by sentence (one huge
   paragraph), else shown whole: its old lines struck out, then its new lines; so is
   every run once the diff has compared `WORD_BUDGET` words, and a run whose words
   are less than `SIMILAR` alike (a rewrite reads better whole than as word soup).

Unchanged lines are shown around each change (`context`); longer unchanged runs are
collapsed into one "… n unchanged paragraphs …" line, and past `MAX_HTML` characters
the remaining changes are counted, not shown, so the widget that shows the HTML never
has to lay out a whole archive. All text is escaped; the markup is `<del>` / `<ins>`
and a few classes, styled by `STYLE` (which `document` puts in the page's head). A
change of punctuation alone is shown with the word it is attached to.

Plain Python: no Qt, imports nothing of ours.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

CONTEXT = 2
"""Unchanged lines shown before and after each change."""

SHOW_ALL_UNDER = 40
"""A text of fewer lines than this is shown whole, unchanged lines and all."""

PAIR_LIMIT = 4_000_000
"""Largest product of the two sides' word counts compared word by word in one run."""

WORD_BUDGET = 500_000
"""Words compared word by word in one whole diff; later changed runs are shown whole."""

SIMILAR = 0.4
"""A changed run that keeps less than this share of its shorter side's words is shown
as rewritten, whole (a pure insertion or deletion keeps all of them)."""

MAX_HTML = 400_000
"""Characters of HTML after which further changes are counted, not rendered."""

STYLE = (
    "del { background-color: #ffd7d5; color: #82071e; }\n"
    "ins { background-color: #ccffd8; color: #055d20; text-decoration: underline; }\n"
    "p { margin-top: 3px; margin-bottom: 3px; }\n"
    "p.gone { background-color: #fff0ef; }\n"
    "p.new { background-color: #eafff0; }\n"
    "p.note { color: #6e7781; font-style: italic; }\n"
    "span.note { color: #6e7781; font-style: italic; }\n"
)
"""The look of the markup below, for a page's <style> (`document` puts it there)."""

_DEL = "<del>"
_INS = "<ins>"
_NOTE = '<p class="note">'
_P = "<p>"
_P_DELETED = '<p class="gone">'
_P_INSERTED = '<p class="new">'

_TOKEN = re.compile(r"\s+|(?:\w+(?:['’.,:/-]\w+)*|[^\w\s])\s*")
"""A word (with its inner apostrophes, decimal points, hyphens…) or one punctuation
mark, each with the spaces after it; or the spaces that start a line."""

_SPACE_BEFORE_WORD = frozenset(".,;:!?)]}”’»")


@dataclass
class DiffStats:
    """What a diff did: for the bench, the tests, and the "not shown" notes."""

    old_lines: int = 0
    new_lines: int = 0
    changed_runs: int = 0  # runs of changed lines (each one change for the reader)
    words_compared: int = 0  # words handed to the word-level SequenceMatcher
    shown_whole: int = 0  # changed runs shown as whole lines (too big to compare)
    rewritten: int = 0  # changed runs compared but too unlike to show word by word
    collapsed: int = 0  # unchanged lines collapsed out of view
    not_shown: int = 0  # changed runs past MAX_HTML, counted only


@dataclass(frozen=True)
class TextDiff:
    html: str
    changed: bool
    stats: DiffStats = field(default_factory=DiffStats)


def split_lines(text: str) -> list[str]:
    """The lines a reader compares: non-blank lines, trailing spaces dropped.

    Blank lines only separate Markdown paragraphs; leaving them out keeps thousands of
    identical blank lines from being what the alignment is built on.
    """
    return [line for line in (raw.rstrip() for raw in text.splitlines()) if line]


def tokens(line: str) -> list[str]:
    """A line cut into words and punctuation, each with its following spaces; joining
    them gives the line back."""
    return _TOKEN.findall(line)


def _key(token: str) -> str:
    return token.rstrip() or token


class _Html:
    """Collects HTML and knows the last visible character, to keep words apart when
    a struck-out or inserted run ends a line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.last = " "

    def raw(self, markup: str) -> None:
        self.parts.append(markup)
        self.size += len(markup)

    def text(self, text: str, wrap: str = "", close: str = "") -> None:
        if not text.strip():
            return
        body = text.strip()
        first = body[0]
        if (first.isalnum() or first == "_") and (
            self.last.isalnum() or self.last in _SPACE_BEFORE_WORD
        ):
            self.raw(" ")  # "a b" less its last word is "a", not "ab" next to it
        tail = text[len(text.rstrip()) :]
        self.raw(f"{wrap}{html.escape(body)}{close}{' ' if tail else ''}")
        self.last = " " if tail else body[-1]

    def paragraph(self, opening: str = _P) -> None:
        self.raw(opening)
        self.last = " "

    def end_paragraph(self) -> None:
        self.raw("</p>\n")
        self.last = " "

    def result(self) -> str:
        return "".join(self.parts)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


_BREAK = "\x00¶"
"""The token between two lines of a changed run, so words can move across lines."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def _words(lines: Sequence[str]) -> list[str]:
    found: list[str] = []
    for number, line in enumerate(lines):
        if number:
            found.append(_BREAK)
        found.extend(tokens(line))
    return found


def _lines(words: Sequence[str]) -> list[str]:
    """`_words` undone."""
    return "".join(words).split(_BREAK)


def _estimate(lines: Sequence[str]) -> int:
    """About how many tokens, without cutting a huge text into them."""
    return sum(len(line) for line in lines) // 5 + len(lines)


def _line_matcher(old: Sequence[str], new: Sequence[str]) -> SequenceMatcher[str]:
    """Autojunk off, so a line repeated often still anchors; but if one line repeats
    so often that aligning on it would be quadratic, let difflib treat it as junk."""
    most = max(Counter(new).values(), default=0)
    return SequenceMatcher(None, old, new, autojunk=most * len(old) > 20_000_000)


def _opcodes(old: Sequence[str], new: Sequence[str]) -> Iterator[tuple[str, int, int, int, int]]:
    """`SequenceMatcher` opcodes, with the common head and tail skipped cheaply first."""
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    if head:
        yield ("equal", 0, head, 0, head)
    if head < len(old) - tail or head < len(new) - tail:
        middle = _line_matcher(old[head : len(old) - tail], new[head : len(new) - tail])
        for tag, i1, i2, j1, j2 in middle.get_opcodes():
            yield (tag, i1 + head, i2 + head, j1 + head, j2 + head)
    if tail:
        yield ("equal", len(old) - tail, len(old), len(new) - tail, len(new))


class _Differ:
    """One diff's output, budget and figures."""

    def __init__(self, context: int, max_html: int, stats: DiffStats) -> None:
        self.out = _Html()
        self.context = context
        self.max_html = max_html
        self.stats = stats
        self.budget = WORD_BUDGET - stats.words_compared

    def line(self, line: str, opening: str = _P, wrap: str = "", close: str = "") -> None:
        self.out.paragraph(opening)
        self.out.text(line, wrap, close)
        self.out.end_paragraph()

    def note(self, text: str) -> None:
        self.out.raw(f"{_NOTE}{html.escape(text)}</p>\n")

    def lines(self, old: Sequence[str], new: Sequence[str], show_all: bool) -> None:
        """Align lines, then show each changed run; unchanged runs collapsed to their
        `context` unless `show_all`."""
        codes = list(_opcodes(old, new))
        for number, (tag, i1, i2, j1, j2) in enumerate(codes):
            full = self.out.size > self.max_html  # from here on, changes are only counted
            if tag == "equal":
                before = 0 if number == 0 else self.context  # after the previous change
                after = 0 if number == len(codes) - 1 else self.context  # before the next
                if not full:
                    self.unchanged(new[j1:j2], before, after, show_all)
                continue
            self.stats.changed_runs += 1
            if full:
                self.stats.not_shown += 1
                continue
            self.changed(old[i1:i2], new[j1:j2])

    def unchanged(
        self,
        lines: Sequence[str],
        before: int,
        after: int,
        show_all: bool,
        what: tuple[str, str] = ("unchanged paragraph", "unchanged paragraphs"),
    ) -> None:
        if show_all or len(lines) <= before + after + 1:
            for line in lines:
                self.line(line)
            return
        for line in lines[:before]:
            self.line(line)
        hidden = len(lines) - before - after
        self.stats.collapsed += hidden
        self.note(f"… {_plural(hidden, *what)} …")
        for line in lines[len(lines) - after :]:
            self.line(line)

    def changed(self, old: Sequence[str], new: Sequence[str], sentences: bool = True) -> None:
        """Word by word where that is cheap enough; else as many pairs of lines, else
        sentence by sentence (a huge paragraph), else whole."""
        if not old or not new:
            self.whole(old, new)
            return
        a_size, b_size = _estimate(old), _estimate(new)
        if a_size * b_size <= PAIR_LIMIT and a_size + b_size <= self.budget:
            a, b = _words(old), _words(new)
            self.budget -= len(a) + len(b)
            self.stats.words_compared += len(a) + len(b)
            self.words(a, b)
            return
        if len(old) == len(new) and len(old) > 1:
            for number, (one, other) in enumerate(zip(old, new, strict=True)):
                if self.out.size > self.max_html:
                    self.stats.not_shown += len(old) - number
                    return
                self.changed([one], [other], sentences)
            return
        if sentences and self.budget > 0:
            old_parts = [part for line in old for part in _SENTENCE_END.split(line)]
            new_parts = [part for line in new for part in _SENTENCE_END.split(line)]
            if len(old_parts) > len(old) or len(new_parts) > len(new):
                self.lines_of_sentences(old_parts, new_parts)
                return
        self.stats.shown_whole += 1
        self.whole(old, new)

    def lines_of_sentences(self, old: Sequence[str], new: Sequence[str]) -> None:
        """A run too long to compare word by word, one sentence a line."""
        codes = list(_opcodes(old, new))
        for number, (tag, i1, i2, j1, j2) in enumerate(codes):
            if self.out.size > self.max_html:
                self.stats.not_shown += sum(code[0] != "equal" for code in codes[number:])
                return
            if tag == "equal":
                before = 0 if number == 0 else self.context
                after = 0 if number == len(codes) - 1 else self.context
                what = ("unchanged sentence", "unchanged sentences")
                self.unchanged(new[j1:j2], before, after, False, what)
            else:
                self.changed(old[i1:i2], new[j1:j2], sentences=False)

    def whole(self, old: Sequence[str], new: Sequence[str]) -> None:
        for line in old:
            if self.out.size > self.max_html:
                break
            self.line(line, _P_DELETED, _DEL, "</del>")
        for line in new:
            if self.out.size > self.max_html:
                self.note("… (cut: too long to show whole)")
                break
            self.line(line, _P_INSERTED, _INS, "</ins>")

    def words(self, a: Sequence[str], b: Sequence[str]) -> None:
        """One run of changed lines, word by word; lines are laid out as in the new
        text, a line break only one side has is marked ¶."""
        out = self.out
        codes = SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b]).get_opcodes()
        same = sum(i2 - i1 for tag, i1, i2, _, _ in codes if tag == "equal")
        if len(a) + len(b) > 12 and same < SIMILAR * min(len(a), len(b)):
            self.stats.rewritten += 1
            self.whole(_lines(a), _lines(b))  # word soup would be unreadable
            return
        out.paragraph()
        for tag, i1, i2, j1, j2 in _widen_punctuation(_slide_punctuation(codes, a, b), a, b):
            sides: list[tuple[Sequence[str], str, str]] = []
            if tag == "equal":
                sides.append((b[j1:j2], "", ""))
            else:
                if i2 > i1:
                    sides.append((a[i1:i2], _DEL, "</del>"))
                if j2 > j1:
                    sides.append((b[j1:j2], _INS, "</ins>"))
            for chunk, wrap, close in sides:
                run: list[str] = []
                for token in chunk:
                    if token != _BREAK:
                        run.append(token)
                        continue
                    out.text("".join(run), wrap, close)
                    run = []
                    if wrap:
                        out.text("¶", wrap, close)
                    out.end_paragraph()
                    out.paragraph()
                out.text("".join(run), wrap, close)
        out.end_paragraph()


def _is_punctuation(tokens: Sequence[str]) -> bool:
    """Marks only: no letter or digit, and no line break."""
    return not any(token == _BREAK or any(c.isalnum() for c in token) for token in tokens)


def _slide_punctuation(
    codes: Sequence[tuple[str, int, int, int, int]], a: Sequence[str], b: Sequence[str]
) -> list[tuple[str, int, int, int, int]]:
    """A sentence added after the last one ("substance." to "substance. Journalists
    were kept outside.") is matched full stop to full stop, so the insertion would read
    ". Journalists were kept outside". Where a pure insertion or deletion starts with a
    mark that also follows it, the same change one token later reads as a reader would
    name it: "Journalists were kept outside." """
    codes = list(codes)
    k = -1
    while k + 2 < len(codes):
        k += 1
        tag, i1, i2, j1, j2 = codes[k]
        after = codes[k + 1]
        if tag not in ("insert", "delete") or after[0] != "equal":
            continue
        side = b if tag == "insert" else a
        start, end = (j1, j2) if tag == "insert" else (i1, i2)
        shift = 0
        while (
            shift < after[2] - after[1]
            and _is_punctuation([side[start + shift]])
            and _key(side[start + shift]) == _key(side[end + shift])
        ):
            shift += 1
        if not shift:
            continue
        if k and codes[k - 1][0] == "equal":
            before = codes[k - 1]
            codes[k - 1] = ("equal", before[1], before[2] + shift, before[3], before[4] + shift)
        else:
            codes.insert(k, ("equal", i1, i1 + shift, j1, j1 + shift))
            k += 1
        codes[k] = (tag, i1 + shift, i2 + shift, j1 + shift, j2 + shift)
        codes[k + 1] = ("equal", after[1] + shift, after[2], after[3] + shift, after[4])
    return [code for code in codes if code[2] > code[1] or code[4] > code[3]]


def _widen_punctuation(
    codes: Sequence[tuple[str, int, int, int, int]], a: Sequence[str], b: Sequence[str]
) -> list[tuple[str, int, int, int, int]]:
    """A change of punctuation alone ("Hainaut." to "Hainaut;") takes in the word it
    is attached to, so the reader sees "Hainaut." struck out, not a struck-out dot."""
    codes = list(codes)
    for k in range(1, len(codes)):
        tag, i1, i2, j1, j2 = codes[k]
        before = codes[k - 1]
        if tag == "equal" or before[0] != "equal" or before[2] - before[1] < 1:
            continue
        word = b[j1 - 1]
        if word == _BREAK or word != word.rstrip() or _is_punctuation([word]):
            continue  # not a word the punctuation is attached to
        if not _is_punctuation([*a[i1:i2], *b[j1:j2]]):
            continue
        codes[k - 1] = ("equal", before[1], before[2] - 1, before[3], before[4] - 1)
        codes[k] = ("replace", i1 - 1, i2, j1 - 1, j2)
    codes = [code for code in codes if code[2] > code[1] or code[4] > code[3]]
    merged: list[tuple[str, int, int, int, int]] = []
    for code in codes:  # change, a mark or two alike, change: one change ("no". / no!")
        if (
            len(merged) >= 2
            and code[0] != "equal"
            and merged[-2][0] != "equal"
            and merged[-1][0] == "equal"
            and merged[-1][2] - merged[-1][1] <= 2
            and _is_punctuation(a[merged[-1][1] : merged[-1][2]])
        ):
            first = merged[-2]
            merged[-2:] = [("replace", first[1], code[2], first[3], code[4])]
        else:
            merged.append(code)
    return merged


def diff_lines(
    old: Sequence[str],
    new: Sequence[str],
    *,
    context: int = CONTEXT,
    show_all_under: int = SHOW_ALL_UNDER,
    max_html: int = MAX_HTML,
    stats: DiffStats | None = None,
) -> TextDiff:
    """HTML of the changes from `old` lines to `new` lines (see the module notes);
    `stats` (when given) is added to, so several diffs can share one budget."""
    stats = stats if stats is not None else DiffStats()
    stats.old_lines += len(old)
    stats.new_lines += len(new)
    differ = _Differ(context, max_html, stats)
    runs = stats.changed_runs
    differ.lines(old, new, max(len(old), len(new)) < show_all_under)
    if stats.not_shown:
        differ.note(
            f"… and {_plural(stats.not_shown, 'more change', 'more changes')} further on, "
            "not shown: the differences are too long to show whole."
        )
    return TextDiff(differ.out.result(), stats.changed_runs > runs, stats)


def diff_text(
    old: str,
    new: str,
    *,
    context: int = CONTEXT,
    show_all_under: int = SHOW_ALL_UNDER,
    max_html: int = MAX_HTML,
    stats: DiffStats | None = None,
) -> TextDiff:
    """`diff_lines` of two texts; `changed` is also true when only spacing differs."""
    found = diff_lines(
        split_lines(old),
        split_lines(new),
        context=context,
        show_all_under=show_all_under,
        max_html=max_html,
        stats=stats,
    )
    return TextDiff(found.html, found.changed or old != new, found.stats)


def diff_items(
    old: Sequence[str] | None,
    new: Sequence[str] | None,
    *,
    old_title: str = "that version",
    new_title: str = "now",
) -> str | None:
    """HTML of a list whose order does not matter (a story's tags): every item once, in
    alphabetical order, those only in `old` struck out, those only in `new` marked
    new; None when both hold the same items. A side that is None was not recorded,
    which is said rather than shown as an empty list."""
    if old is None and new is None:
        return None
    if old is None or new is None:
        missing, present, known = (
            (old_title, new_title, new) if old is None else (new_title, old_title, old)
        )
        assert known is not None
        note = f'<span class="note">not recorded in {html.escape(missing)}</span>'
        if not known:
            return note
        shown = ", ".join(html.escape(item) for item in sorted(known, key=str.casefold))
        return f"{note}; {html.escape(present)}: {shown}"
    before, after = set(old), set(new)
    if before == after:
        return None
    parts = []
    for item in sorted(before | after, key=lambda name: (name.casefold(), name)):
        text = html.escape(item)
        if item not in after:
            parts.append(f"{_DEL}{text}</del>")
        elif item not in before:
            parts.append(f"{_INS}{text}</ins>")
        else:
            parts.append(text)
    return ", ".join(parts)


def diff_story(
    fields: Sequence[tuple[str, str, str]],
    old_body: str,
    new_body: str,
    *,
    old_title: str = "that version",
    new_title: str = "now",
    max_html: int = MAX_HTML,
    tags: tuple[Sequence[str] | None, Sequence[str] | None] | None = None,
) -> TextDiff:
    """A story's changes for a reader: a legend, the fields that differ (label, old
    value, new value) word by word, the tags (old, new: see `diff_items`), then the
    body. Says so when nothing differs."""
    stats = DiffStats()
    legend = (
        f"{_NOTE}{_DEL}struck out</del>: only in {html.escape(old_title)}; "
        f"{_INS}underlined</ins>: only in {html.escape(new_title)}.</p>\n"
    )
    rows: list[str] = []
    for label, old, new in fields:
        if old == new:
            continue
        value = _Differ(CONTEXT, max_html, stats)
        value.changed(split_lines(old) or [""], split_lines(new) or [""])
        rows.append(
            '<tr><th align="left" valign="top" style="padding-right:12px;">'
            f"{html.escape(label)}</th><td>{value.out.result()}</td></tr>\n"
        )
    tag_row = diff_items(*tags, old_title=old_title, new_title=new_title) if tags else None
    if tag_row is not None:
        rows.append(
            '<tr><th align="left" valign="top" style="padding-right:12px;">Tags</th>'
            f"<td><p>{tag_row}</p></td></tr>\n"
        )
    parts = [legend]
    if rows:
        parts.append('<table cellspacing="0" cellpadding="2">\n' + "".join(rows) + "</table>\n")
    runs = stats.changed_runs
    body = diff_text(old_body, new_body, stats=stats, max_html=max_html)
    if stats.changed_runs > runs:
        parts.append(body.html)
    elif body.changed:
        parts.append(f"{_NOTE}The body differs only in spacing or blank lines.</p>\n")
    elif rows:
        parts.append(f"{_NOTE}The body is the same.</p>\n")
    else:
        parts.append(f"{_NOTE}No differences.</p>\n")
    return TextDiff(document("".join(parts)), bool(rows) or body.changed, stats)


def document(body: str) -> str:
    """A whole HTML page around a diff's markup, with its `STYLE`."""
    return f"<html><head><style>\n{STYLE}</style></head><body>\n{body}</body></html>\n"
