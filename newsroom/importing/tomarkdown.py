"""HTML back into the Markdown editors write, checked against our own renderer.

A story body comes back from a page as HTML; editors want Markdown. `to_markdown`
writes each block (paragraph, heading, list, quote, code, table) the way an editor
would type it. `faithful_markdown` then renders what it wrote with the exporter's own
`render_body` and compares the result with the HTML it came from, block by block; a
block whose Markdown would not render back to the same HTML is kept as raw HTML,
which Markdown passes through and the sanitiser cleans exactly as before. So the
Markdown is as readable as it can be, and re-exporting it gives the same page.

Comparison is on the parsed tree (lxml serialises both sides), so `&nbsp;` against a
literal no-break space, or attribute order, does not count as a difference.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable

from lxml import etree, html

from newsroom.text.markdown import LinkTarget, render_body

Element = html.HtmlElement

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
_LINE_START = re.compile(r"^( {0,3})([#>+=]|[-*](?=\s|$)|\d+(?=\.\s|\.$))", re.MULTILINE)
_SETEXT = re.compile(r"^( {0,3})([-=]+\s*)$", re.MULTILINE)
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
    text = _LINE_START.sub(lambda m: f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", text)
    return _SETEXT.sub(lambda m: f"{m[1]}\\{m[2]}", text)


# --- inline --------------------------------------------------------------------------


def _inline(element: Element, *, in_link: bool = False) -> str:
    """The Markdown of an element's content (its text and children, not its tail)."""
    out = [escape_inline(element.text or "")]
    for child in element:
        out.append(_inline_element(child, in_link=in_link))
        out.append(escape_inline(child.tail or ""))
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
        fence = "``" if "`" in code else "`"
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


def _list(el: Element) -> str:
    ordered = el.tag == "ol"
    start = int(el.get("start", "1")) if (el.get("start") or "1").isdigit() else 1
    items = []
    for n, li in enumerate((c for c in el if c.tag == "li"), start=start):
        marker = f"{n}. " if ordered else "- "
        inner = block_markdown(li) if _has_blocks(li) else _paragraph(li)
        items.append(_indent(inner, " " * 4, marker))
    return "\n".join(items)


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
        return f"{_HEADING[tag]} {text}" if text else ""
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


def canonical(fragment: str) -> str:
    """An HTML fragment as lxml writes it: equal strings mean equal trees."""
    fragment = fragment.strip()
    if not fragment:
        return ""
    wrapper = html.fragment_fromstring(fragment, create_parent="div")
    return etree.tostring(wrapper, encoding="unicode", method="html")


def _as_raw_block(el: Element) -> str:
    """An element as a raw HTML block that survives Markdown unchanged.

    Loose top-level text is wrapped in a `div`, which the sanitiser removes again.
    """
    return raw_html(el)


def faithful_markdown(
    blocks: Iterable[Element | str],
    *,
    more_news: Callable[[Element], tuple[str, str] | None] = lambda el: None,
) -> tuple[list[str | tuple[str, str]], bool]:
    """Markdown for each top-level block of a body our exporter wrote, checked.

    `blocks` are the body's elements in order (a str is loose text between them);
    `more_news(el)` returns (headline, href) for a More-news line, which is returned
    as that tuple for the caller to turn into a reference. The second value is False
    when even the raw fallback could not reproduce a block (the caller then knows the
    page will not come back byte for byte).
    """
    out: list[str | tuple[str, str]] = []
    exact = True
    for block in blocks:
        if isinstance(block, str):
            if block.strip():
                escaped = block.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                out.append(f"<div>{escaped.strip()}</div>")
            continue
        link = more_news(block)
        if link is not None:
            out.append(link)
            continue
        want = canonical(raw_html(block))
        text = element_markdown(block)
        if text.strip() and canonical(str(render_body(text, _no_links).html)) == want:
            out.append(text)
            continue
        raw = _as_raw_block(block)
        if canonical(str(render_body(raw, _no_links).html)) != want:
            exact = False
        out.append(raw)
    return out, exact


def _no_links(uid: str) -> LinkTarget | None:
    return None


def check_whole(parts: list[str | tuple[str, str]], want_html: str) -> bool:
    """True if the assembled body renders to `want_html` (More-news lines included)."""
    targets: dict[str, LinkTarget] = {}
    pieces = []
    for part in parts:
        if isinstance(part, tuple):
            uid = str(uuid.uuid5(uuid.NAMESPACE_OID, f"{len(targets)}"))
            targets[uid] = LinkTarget(part[0], part[1])
            pieces.append(f"[[more-news:{uid}]]")
        else:
            pieces.append(part)
    rendered = render_body("\n\n".join(pieces), targets.get)
    return canonical(str(rendered.html)) == canonical(want_html)
