"""What a saved page declares of its article in JSON-LD (`articleBody`, authors, what
it is about), and how far a text extracted from the page agrees with a declared body:
the evidence `htmlpage` weighs against the extractor's choice."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from lxml.html import HtmlElement

from newsroom.importing.textcues import MORE_NEWS, REFERENCE
from newsroom.importing.textpage import Block
from newsroom.importing.tomarkdown import escape_inline, escape_line_starts

_ARTICLE_TYPES = {
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "Report",
    "LiveBlogPosting", "SatiricalArticle", "ScholarlyArticle", "TechArticle",
}  # fmt: skip
# A script's JSON wrapped as CDATA (for XHTML's sake), maybe behind a JS comment.
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _json_objects(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD value: itself, list items, `@graph` members, depth first
    (a loop, not recursion: the nesting is the page's to choose)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            stack.append(item.get("@graph", []))


def types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", [])
    return {value} if isinstance(value, str) else {v for v in value if isinstance(v, str)}


def article_jsonld(doc: HtmlElement) -> dict[str, Any]:
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(_CDATA.sub("", script.text or ""), strict=False)
        except (ValueError, RecursionError):  # not JSON, a 5,000-digit number, too deep
            continue
        for obj in _json_objects(data):
            if types(obj) & _ARTICLE_TYPES:
                return obj
    return {}


def names(value: Any) -> list[str]:
    """Names from a JSON-LD person/thing or list of them (or plain strings)."""
    if isinstance(value, str):
        return [value] if value.strip() and "://" not in value else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for item in value for n in names(item)]
    return []


def article_body(declared: dict[str, Any]) -> str:
    """The JSON-LD article's `articleBody` (plain text), or ""."""
    value = declared.get("articleBody")
    if isinstance(value, list):
        value = "\n\n".join(v for v in value if isinstance(v, str))
    return value.strip() if isinstance(value, str) else ""


WORD = re.compile(r"\w+")


def word_pairs(text: str) -> set[tuple[str, str]]:
    words = [w.casefold() for w in WORD.findall(text)]
    return set(pairwise(words))


def coverage(blocks: list[Block], declared: str) -> float:
    """The share of the words of `declared` that `blocks` hold (as a multiset)."""
    want = Counter(w.casefold() for w in WORD.findall(declared))
    have = Counter(w.casefold() for b in blocks for w in WORD.findall(b.text))
    total = sum(want.values())
    return sum((want & have).values()) / total if total else 1.0


def plain_blocks(text: str) -> list[Block]:
    """A declared plain-text body as blocks: one a paragraph (a blank line or a line
    break between them), Markdown's special characters escaped."""
    blocks = []
    for line in re.split(r"\s*\n\s*", text):
        line = " ".join(line.split())
        if line:
            blocks.append(Block(line, escape_line_starts(escape_inline(line))))
    return blocks


_WHOLE = 0.8  # a declared body this long against the extractor's text is the story's
_FOREIGN, _FOREIGN_WORDS = 0.3, 8  # a paragraph few of whose word pairs a whole body has
# A table or list (as Markdown or HTML): a review's pros and cons, key points, figures
# are often left out of a declared body that is the story's prose.
_STRUCTURED = re.compile(r"^(?:\||<table|<[uo]l|[-*+] |\d+[.)] )")


def within_declared(engine: list[Block], declared: str) -> list[Block]:
    """The extractor's blocks without the paragraphs a whole declared body shows it has
    not (a newsletter box, a related story's summary, a caption the extractor took in):
    `_FOREIGN_WORDS` words or more, under `_FOREIGN` of their pairs of words found in
    the declaration (pairs, not words: any English paragraph shares most of its words
    with any story). Only when the declaration is the whole story (as long as `_WHOLE`
    of the extractor's text: a summary declared as the body vouches for nothing), and
    never a table, a list, a heading or a More-news line."""
    want = word_pairs(declared)
    lengths = [len(WORD.findall(b.text)) for b in engine]
    if not want or len(WORD.findall(declared)) < _WHOLE * sum(lengths):
        return engine
    kept = []
    for block, length in zip(engine, lengths, strict=True):
        pairs = word_pairs(block.text)
        foreign = (
            length >= _FOREIGN_WORDS
            and not block.heading
            and not block.list_item
            and _STRUCTURED.match(block.markdown) is None
            and REFERENCE.match(block.text) is None
            and MORE_NEWS.match(block.text) is None
            and len(pairs & want) < _FOREIGN * len(pairs)
        )
        if not foreign:
            kept.append(block)
    return kept
