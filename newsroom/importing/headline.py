"""Which headline a saved news page gives its story, as an editor would read the page.

The headline is what the page declares for the article, without the site's name:

1. A declared headline: JSON-LD `headline`, then its `name`, then Dublin Core
   `dc:title`, Open Graph `og:title`, `twitter:title`, `<meta name="title">`. Of these,
   the first the page also shows (its `<title>` holds it, or an `<h1>` says it) wins:
   a JSON-LD `headline` can be a one-line summary (Wikipedia's) or a cut-down SEO
   line, and `og:title` a line rewritten for sharing cards; the one the reader sees is
   the story's. When none is shown, the first declared; Dublin Core before Open Graph
   for the same reason: it is the document's catalogued title, not a sharing card's.
   A single word ("dam-talks", "Home") is no headline: a slug or a placeholder.
2. Else the page's `<title>` (the document's own declaration), its site name cut off:
   a part equal to the site name the page declares (`og:site_name`, `application-name`,
   the JSON-LD publisher), else the part after the last separator (" | ", " - ", " — ",
   " / ", " » ") when what stays still reads as a headline (three words or more:
   "Google - Site Reliability Engineering" keeps its whole, one word is rarely a story's
   headline). An `<h1>` the page shows elsewhere (a section's name, a logo) does not
   override it; a `<title>` that is only the site's name (declared, or the name its
   copyright line gives), or a single word (a placeholder: "x", "Home"), does not count.
3. Else the first `<h1>`; else "" (the caller then asks the page's layout).

A declared headline keeps its words as written: only a known site name is cut from it
(a declared headline can hold " - " itself: "Floods - what we know").
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html

# A separator between a page title's parts: a bar, dash, slash or guillemet between spaces.
_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\\/>\u00bb\u00b7]\s+")
# What an h1 can carry besides its words: a permalink mark (Sphinx's pilcrow), a hash.
_MARKS = " \u00b6#\u00a7"
_DECLARED_META = ("dc:title", "dc.title", "dcterms:title", "dcterms.title", "og:title",
                  "twitter:title", "title")  # fmt: skip


def fold(text: str) -> str:
    """Whitespace folded to single spaces, ends trimmed."""
    return " ".join(text.split())


def meta_values(doc: html.HtmlElement, key: str) -> list[str]:
    """The contents of the page's `<meta>` tags whose `property` or `name` lists `key`
    (RDFa allows several names in one attribute, "x:title dc:title"), case-folded."""
    found = []
    for meta in doc.iter("meta"):
        names = f"{meta.get('property', '')} {meta.get('name', '')}".casefold().split()
        content = meta.get("content")
        if key in names and content and content.strip():
            found.append(fold(content))
    return found


def site_names(doc: html.HtmlElement, jsonld: dict[str, Any]) -> set[str]:
    """The names the page declares for its site, case-folded."""
    names = set(meta_values(doc, "og:site_name") + meta_values(doc, "application-name"))
    for key in ("publisher", "isPartOf"):
        value = jsonld.get(key)
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            names.add(fold(value["name"]))
    return {n.casefold() for n in names if n}


def choose_headline(
    doc: html.HtmlElement, jsonld: dict[str, Any], container: html.HtmlElement
) -> str:
    """The story's headline by the rules of the module notes; `container` is the
    article's own element, whose `<h1>` comes first."""
    sites = site_names(doc, jsonld)
    titles = doc.xpath("//title[not(ancestor::svg)]")  # an icon's <title> is no page's
    title = fold(titles[0].text_content()) if titles else ""
    h1s = [fold(h.text_content()).strip(_MARKS) for h in [*container.iter("h1"), *doc.iter("h1")]]
    h1s = [h for h in h1s if h]
    declared = [jsonld.get("headline"), jsonld.get("name")]
    declared += [v for key in _DECLARED_META for v in meta_values(doc, key)]
    candidates = [_without_site(fold(c), sites) for c in declared if isinstance(c, str)]
    candidates = [c for c in candidates if len(c.split()) > 1]  # not a slug, not "Home"
    shown = {h.casefold() for h in h1s}
    for candidate in candidates:
        if candidate.casefold() in title.casefold() or candidate.casefold() in shown:
            return candidate
    if candidates:
        return candidates[0]
    if len(title.split()) > 1 and not _names_the_site(doc, title, sites):
        return _title_headline(title, sites, h1s)
    return h1s[0] if h1s else ""


def _names_the_site(doc: html.HtmlElement, title: str, sites: set[str]) -> bool:
    """Whether `title` is the site's name: declared as such, or what the page's
    copyright line says ("© The Harbour Courier" for "Harbour Courier")."""
    if title.casefold() in sites:
        return True
    notices = doc.xpath("//body//text()[contains(., '\u00a9') or contains(., 'opyright')]")
    return any(title.casefold() in str(n).casefold() for n in notices)


def _without_site(text: str, sites: set[str]) -> str:
    """`text` without a leading or trailing part that is the site's name."""
    parts = _SEPARATOR.split(text)
    if len(parts) > 1 and parts[-1].casefold() in sites:
        return _cut_last(text)
    first = _SEPARATOR.search(text)
    if first is not None and parts[0].casefold() in sites:
        return text[first.end() :]
    return text


def _cut_last(text: str) -> str:
    """`text` up to its last separator."""
    last = list(_SEPARATOR.finditer(text))[-1]
    return text[: last.start()]


def _title_headline(title: str, sites: set[str], h1s: list[str]) -> str:
    """The `<title>` as a headline: the site's name cut off (module notes); the `<h1>`'s
    own spelling when an `<h1>` says the same words."""
    cut = _without_site(title, sites)
    if cut == title and _SEPARATOR.search(title):
        rest = _cut_last(title)
        if len(rest.split()) >= 3:
            cut = rest
    return next((h for h in h1s if h.casefold() == cut.casefold()), cut)
