"""HTML back into the Markdown editors write, checked against our own renderer.

A story body comes back from a page as HTML; editors want Markdown. `to_markdown`
writes each block (paragraph, heading, list, quote, code, table) the way an editor
would type it. `faithful_markdown` then renders what it wrote with the exporter's own
`render_body` and compares the result with the HTML it came from, block by block; a
block whose Markdown would not render back to the same HTML is kept as raw HTML,
which Markdown passes through and the sanitiser cleans exactly as before. So the
Markdown is as readable as it can be, and re-exporting it gives the same page.

Comparison is on the parsed trees (tags, attributes, text, in order), so `&nbsp;`
against a literal no-break space, or attribute order, does not count as a difference.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from typing import TypeAlias

from lxml import etree, html

from newsroom.text.markdown import LinkTarget, render_body
from newsroom.text.morenews import token

Element: TypeAlias = html.HtmlElement

_INLINE_RAW = {"q", "cite", "abbr", "sub", "sup", "small", "mark", "s", "del", "ins", "u"}
_BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr",
    "table", "figure", "figcaption", "div", "section", "article", "main", "header", "footer",
    "aside", "nav", "dl", "dt", "dd", "address", "details", "summary", "center",
}  # fmt: skip
_SKIP = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "img",
    "button", "form", "input", "select", "textarea", "video", "audio", "picture", "source",
}  # fmt: skip
_HEADING = {"h1": "##", "h2": "##", "h3": "###", "h4": "####", "h5": "####", "h6": "####"}
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_LINE_START = re.compile(r"^( {0,3})([#>+]|[-*](?=\s|$)|\d+(?=\.\s|\.$))", re.MULTILINE)
_SETEXT = re.compile(r"(?<=\n)( {0,3})([-=])(?=[-=]*\s*$)", re.MULTILINE)
_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")


# --- text ----------------------------------------------------------------------------


def escape_inline(text: str) -> str:
    """Text as Markdown that renders to exactly this text (inside a paragraph)."""
    text = text.replace("\\", "\\\\")
    text = text.replace("`", "\\`").replace("*", "\\*")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    return _TAG_LIKE.sub("&lt;", text)


def escape_line_starts(text: str) -> str:
    """Keep a paragraph's lines from reading as headings, quotes or list items."""
    text = _LINE_START.sub(
        lambda m: f"{m[1]}{m[2]}\\" if m[2].isdigit() else f"{m[1]}\\{m[2]}", text
    )
    # A line of "=" or "-" under another would make it a heading; Markdown has no
    # escape for "=", so it is written as a character reference.
    return _SETEXT.sub(lambda m: m[1] + ("\\-" if m[2] == "-" else "&#61;"), text)


# --- inline --------------------------------------------------------------------------


def _inline(element: Element, *, in_link: bool = False) -> str:
    """The Markdown of an element's content (its text and children, not its tail)."""
    out = [escape_inline(element.text or "")]
    for child in element:
        out.append(_inline_element(child, in_link=in_link))
        tail = child.tail or ""
        if child.tag == "br" and tail.startswith("\n"):
            tail = tail[1:]  # the line break's own newline, written by "  \n"
        out.append(escape_inline(tail))
    return "".join(out)


def _wrap(marker: str, inner: str) -> str:
    """`*inner*`, with surrounding spaces moved outside the markers (else no emphasis)."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _inline_element(el: Element, *, in_link: bool) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag or tag in _SKIP:
        return ""
    if tag in ("em", "i"):
        return _wrap("*", _inline(el, in_link=in_link))
    if tag in ("strong", "b"):
        return _wrap("**", _inline(el, in_link=in_link))
    if tag == "code":
        code = el.text_content()
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * (longest + 1)
        pad = " " if code.startswith("`") or code.endswith("`") else ""
        return f"{fence}{pad}{code}{pad}{fence}"
    if tag == "br":
        return "  \n"
    if tag == "a" and not in_link:
        href = el.get("href")
        text = _inline(el, in_link=True)
        if not href:
            return text
        title = el.get("title")
        target = f"<{href}>" if re.search(r"[\s()<>]", href) else href
        title_part = f' "{title}"' if title and '"' not in title else ""
        return f"[{text}]({target}{title_part})"
    if tag in _INLINE_RAW:
        attrs = "".join(
            f' {name}="{_attr(value)}"' for name, value in el.attrib.items() if name == "title"
        )
        return f"<{tag}{attrs}>{_inline(el, in_link=in_link)}</{tag}>"
    return _inline(el, in_link=in_link)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


# --- blocks --------------------------------------------------------------------------


def _paragraph(el: Element) -> str:
    text = _inline(el).strip("\n")
    return escape_line_starts(text) if text.strip() else ""


def _indent(text: str, prefix: str, first: str | None = None) -> str:
    lines = text.split("\n")
    head = first if first is not None else prefix
    return "\n".join([head + lines[0]] + [(prefix + line) if line else "" for line in lines[1:]])


def _list(el: Element, *, loose: bool | None = None) -> str:
    """A list as typed: items on consecutive lines, or (`loose`) with blank lines
    between them; with `loose=None`, a blank line only between two items that hold
    paragraphs (how Markdown reads a list typed partly with blank lines)."""
    ordered = el.tag == "ol"
    start = int(el.get("start", "1")) if (el.get("start") or "1").isdigit() else 1
    out = ""
    lis = [c for c in el if c.tag == "li"]
    for n, li in enumerate(lis):
        marker = f"{n + start}. " if ordered else "- "
        inner = block_markdown(li) if _has_blocks(li) else _paragraph(li)
        if n:
            apart = loose if loose is not None else _has_blocks(li) and _has_blocks(lis[n - 1])
            out += "\n\n" if apart else "\n"
        out += _indent(inner, " " * 4, marker)
    return out


def _has_blocks(el: Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el)


def _pre(el: Element) -> str:
    code = el.text_content()
    if code.endswith("\n"):
        code = code[:-1]
    return "\n".join(("    " + line) if line else "" for line in code.split("\n"))


def _table(el: Element) -> str | None:
    """A pipe table, or None when the table has spans or more than one head row."""
    rows = el.xpath("./thead/tr|./tbody/tr|./tr|./tfoot/tr")
    if not rows or el.xpath(".//*[@colspan or @rowspan]") or el.find("caption") is not None:
        return None
    head, body = rows[0], rows[1:]
    cells = [c for c in head if c.tag in ("th", "td")]
    if not cells or any(c.tag != "th" for c in cells) or len(el.xpath("./thead/tr")) > 1:
        return None
    width = len(cells)
    aligns = [{"left": ":--", "right": "--:", "center": ":-:"}.get(c.get("align", ""), "---")
              for c in cells]  # fmt: skip

    def row(tr: Element) -> str | None:
        tds = [c for c in tr if c.tag in ("th", "td")]
        if len(tds) != width:
            return None
        return "| " + " | ".join(_inline(c).replace("|", "\\|").strip() for c in tds) + " |"

    lines = [row(head), "| " + " | ".join(aligns) + " |", *(row(tr) for tr in body)]
    return None if any(line is None for line in lines) else "\n".join(lines)  # type: ignore[arg-type]


def raw_html(el: Element) -> str:
    """The element as HTML, for a block Markdown can not say."""
    return etree.tostring(el, encoding="unicode", method="html", with_tail=False).strip()


def element_markdown(el: Element) -> str:
    """One block element as Markdown (an empty string for an element with no text)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if not tag or tag in _SKIP:
        return ""
    if tag in _HEADING:
        text = " ".join(_inline(el).split())
        return f"{_HEADING[tag]} {text}" if text else _HEADING[tag]
    if tag in ("ul", "ol"):
        return _list(el)
    if tag == "blockquote":
        inner = block_markdown(el)
        return "\n".join(("> " + line) if line else ">" for line in inner.split("\n"))
    if tag == "pre":
        return _pre(el)
    if tag == "hr":
        return "* * *"
    if tag == "table":
        return _table(el) or raw_html(el)
    if tag in ("figure", "figcaption"):
        return raw_html(el)
    if _has_blocks(el):
        return block_markdown(el)
    return _paragraph(el)


def block_markdown(container: Element) -> str:
    """The block children of `container` (and loose text between them) as Markdown."""
    parts: list[str] = []
    loose: list[str] = []

    def flush() -> None:
        text = "".join(loose).strip()
        if text:
            parts.append(escape_line_starts(text))
        loose.clear()

    loose.append(escape_inline(container.text or ""))
    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCK_TAGS:
            flush()
            block = element_markdown(child)
            if block.strip():
                parts.append(block)
        else:
            loose.append(_inline_element(child, in_link=False))
        loose.append(escape_inline(child.tail or ""))
    flush()
    return "\n\n".join(parts)


# --- checked against our renderer ------------------------------------------------------

Tree = tuple[object, ...]


def _tree(el: Element, tail: str) -> Tree:
    """An element as plain values (tag, attributes, text, children, tail): two equal
    trees serialise to the same HTML, whatever markup they were parsed from."""
    children = tuple(_tree(c, c.tail or "") for c in el if isinstance(c.tag, str))
    return (el.tag, tuple(sorted(el.attrib.items())), el.text or "", children, tail)


def fragment_tree(fragment: str) -> Tree:
    """The tree of an HTML fragment, leading and trailing whitespace aside."""
    wrapper = html.fragment_fromstring(fragment.strip() or " ", create_parent="div")
    return body_tree(wrapper)


def body_tree(container: Element) -> Tree:
    """The tree of an element's content, leading and trailing whitespace aside (the
    template puts a newline either side of the body)."""
    children = [c for c in container if isinstance(c.tag, str)]
    text = (container.text or "").lstrip()
    trees = [_tree(c, c.tail or "") for c in children]
    if trees:
        last = trees[-1]
        trees[-1] = (*last[:4], str(last[4]).rstrip())
    else:
        text = text.rstrip()
    return (text, tuple(trees))


_SENTINEL = "sentinel"


def _renders_as(markdown: str, block: Element, *, glue: str | None) -> bool:
    """Does `markdown` render to `block` and, followed by `glue` and another block, to
    the same whitespace after it? (A raw HTML block or a loose list is followed by a
    blank line, a paragraph is not; `glue=None` checks the block alone.)"""
    if glue is None:
        rendered = render_body(markdown, _no_links).html
        return fragment_tree(str(rendered)) == ("", (_tree(block, ""),))
    rendered = render_body(f"{markdown}{glue}{_SENTINEL}", _no_links).html
    children = fragment_tree(str(rendered))[1]
    return (
        isinstance(children, tuple)
        and len(children) == 2
        and children[0] == _tree(block, block.tail or "")
    )


def _candidates(block: Element) -> list[tuple[str, str]]:
    """Ways to write a block, with what joins it to the next: most readable first, raw
    HTML last (joined by a single newline, as Markdown then writes one)."""
    found = [element_markdown(block)]
    if block.tag in ("ul", "ol"):
        found += [_list(block, loose=True), _list(block, loose=False)]
    raw = raw_html(block)
    return [(c, "\n\n") for c in found if c.strip()] + [(raw, "\n"), (raw, "\n\n")]


def faithful_markdown(
    blocks: Iterable[Element | str],
    *,
    more_news: Callable[[Element], tuple[str, str] | None] = lambda el: None,
) -> tuple[list[str | tuple[str, str]], bool]:
    """Markdown for each top-level block of a body our exporter wrote, checked.

    `blocks` are the body's elements in order (a str is loose text between them);
    `more_news(el)` returns (headline, href) for a More-news line, which is returned
    as that tuple for the caller to turn into a reference. Each block is written the
    first way (`_candidates`) that renders back to it, with the same whitespace after
    it. The second value is False when no way did (the page will not come back byte
    for byte; the caller warns).
    """
    items = list(blocks)
    out: list[str | tuple[str, str]] = []
    glued: set[int] = set()
    exact = True
    for n, block in enumerate(items):
        if isinstance(block, str):
            if block.strip():
                escaped = block.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                out.append(f"<div>{escaped.strip()}</div>")
            continue
        link = more_news(block)
        if link is not None:
            out.append(link)
            continue
        followed = n + 1 < len(items) and not (block.tail or "").strip()
        candidates = _candidates(block)
        found = [
            (c, g) for c, g in candidates if _renders_as(c, block, glue=g if followed else None)
        ]
        if not found:
            exact = False
            found = [(c, g) for c, g in candidates if _renders_as(c, block, glue=None)]
        text, glue = (found or candidates[-1:])[0]
        if (
            glue == "\n"
            and followed
            and not isinstance(after := items[n + 1], str)
            and not more_news(after)
        ):
            glued.add(len(out))
        out.append(text)
    for index in sorted(glued, reverse=True):  # a raw block and the block after it: one part
        following = out.pop(index + 1)
        out[index] = f"{out[index]}\n{following}"
    return out, exact


def _no_links(uid: str) -> LinkTarget | None:
    return None


def check_whole(parts: list[str | tuple[str, str]], body: Element) -> bool:
    """True if the assembled body renders to what `body` holds (More-news lines too)."""
    targets: dict[str, LinkTarget] = {}
    pieces = []
    for part in parts:
        if isinstance(part, tuple):
            uid = str(uuid.uuid5(uuid.NAMESPACE_OID, f"{len(targets)}"))
            targets[uid] = LinkTarget(part[0], part[1])
            pieces.append(token(uid))
        else:
            pieces.append(part)
    rendered = render_body("\n\n".join(pieces), targets.get)
    return fragment_tree(str(rendered.html)) == body_tree(body)
