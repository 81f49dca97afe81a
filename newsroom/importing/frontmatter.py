"""Markdown files with front matter, as Pelican, Hugo and Jekyll write them.

Three header forms: YAML between `---` lines (Jekyll, Hugo), TOML between `+++`
lines (Hugo), and Pelican's `Key: value` lines up to the first blank line. The keys
map to a story as follows (first one present wins; case does not matter):

    title                         -> headline
    date                          -> publication date
    modified, lastmod, updated    -> last updated
    slug                          -> slug
    tags, keywords                -> entities (kind guessed by the service)
    people, organisations, places,
      events, topics              -> entities of that kind (our own extension)
    category, categories, section -> section (the first one)
    summary, description, excerpt,
      standfirst                  -> standfirst
    author, authors, byline       -> byline (several joined with " and ")
    status; draft: true; published: false -> status
    dateline, uid, url/permalink/canonical -> dateline, uid, canonical address

A value must have the shape its key needs: a title, slug, summary, dateline, uid or
address given as a list or a mapping (`title: [Storm, Flood]`) refuses the file, with
the key named, rather than guessing how to join it: a headline goes on the site as it
is, and a wrong one published is worse than a file the editor fixes. In tag, author and
section lists, items that are not plain values are left out with a warning (so a YAML
alias bomb is never turned into text). A date no story may have (outside the years
1800-2200, a clock time that does not exist) fails the file, by core's rules
(`core.dates`); a value that is no date at all is left out with a warning.

Status: Pelican's `published`/`draft` as they are, `hidden` as `ready` (kept off the
site but not lost), and Newsroom's own statuses; with no status a dated story is
`published` and an undated one a `draft`. A file with no title may still name its
headline in a first `# Heading` line. "More news: <headline>" lines in the body
(a paragraph of their own, the headline plain or as a link) become references.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from newsroom.core.dates import FIRST_YEAR, LAST_YEAR, in_range, parse_iso, wall_time
from newsroom.core.models import Status
from newsroom.importing.encodings import Refused
from newsroom.importing.image_refs import lead_from_front_matter, mark_body_images
from newsroom.importing.model import EntityRef, MoreNewsRef, ParsedStory, SectionRef
from newsroom.importing.textcues import MORE_NEWS, parse_written_date

try:  # libyaml is several times faster; PyYAML's wheels include it
    _Loader: type[yaml.SafeLoader | yaml.CSafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - a PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_YAML = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_PELICAN_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_ -]{0,30}):[ \t]*(?P<value>.*)$")
_HEADING = re.compile(r"\A\s*#[ \t]+(?P<title>.+?)[ \t#]*\n")
_MD_LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)[^)]*\)$")
_TYPED_LISTS = {
    "people": "person",
    "persons": "person",
    "organisations": "organisation",
    "organizations": "organisation",
    "places": "place",
    "events": "event",
    "topics": "topic",
}
_STATUSES = {
    "published": Status.PUBLISHED.value,
    "draft": Status.DRAFT.value,
    "hidden": Status.READY.value,
    **{s.value: s.value for s in Status},
}


def has_front_matter(text: str) -> bool:
    """True if `text` opens with a YAML, TOML or Pelican header naming a title."""
    if _YAML.match(text) or _TOML.match(text):
        return True
    head = text.split("\n\n", 1)[0].split("\n")
    return any(
        (m := _PELICAN_LINE.match(line)) is not None and m["key"].strip().lower() == "title"
        for line in head
    ) and all(_PELICAN_LINE.match(line) or line.startswith((" ", "\t")) for line in head)


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """(metadata with lower-case keys, Markdown body); `Refused` for a broken header."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if (match := _YAML.match(text)) is not None:
        try:
            data = yaml.load(match.group(1) or "", Loader=_Loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            raise Refused(f"its YAML front matter is not valid{where}") from exc
        except (RecursionError, ValueError, OverflowError) as exc:
            raise _too_much("YAML", exc) from exc
        if data is not None and not isinstance(data, dict):
            raise Refused("its YAML front matter is not a set of key: value lines")
        return _lower(data or {}), text[match.end() :]
    if (match := _TOML.match(text)) is not None:
        try:
            return _lower(tomllib.loads(match.group(1) or "")), text[match.end() :]
        except tomllib.TOMLDecodeError as exc:
            raise Refused(f"its TOML front matter is not valid ({exc})") from exc
        except (RecursionError, ValueError, OverflowError) as exc:
            raise _too_much("TOML", exc) from exc
    if not has_front_matter(text):
        return {}, text
    head, _, body = text.partition("\n\n")
    meta: dict[str, Any] = {}
    key = ""
    for line in head.split("\n"):
        if line.startswith((" ", "\t")) and key:  # a continued value
            meta[key] += " " + line.strip()
        elif (m := _PELICAN_LINE.match(line)) is not None:
            key = m["key"].strip().lower()
            meta[key] = m["value"].strip()
    return meta, body


def _too_much(form: str, exc: BaseException) -> Refused:
    """A header the parser gave up on for its size, not its syntax: nesting past
    Python's recursion limit, or an integer past its 4,300 digits."""
    if isinstance(exc, RecursionError):
        return Refused(f"its {form} front matter is nested too deeply")
    if "digits" in str(exc):
        return Refused(f"its {form} front matter holds a number with too many digits")
    return Refused(f"its {form} front matter is not valid ({str(exc).splitlines()[0]})")


def _lower(data: dict[Any, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in data.items() if isinstance(k, str | int | float)}


_PLAIN = (str, int, float, bool, date)


def _text(meta: dict[str, Any], *keys: str) -> str | None:
    """The first of `keys` present, as text; `Refused` naming the key when it is a list
    or a mapping (see the module notes)."""
    for key in keys:
        value = meta.get(key)
        if value in (None, "", []):
            continue
        if not isinstance(value, _PLAIN):
            shape = f"a list of {len(value)}" if isinstance(value, list) else "a mapping"
            shape = shape if not isinstance(value, list) else shape + " items"
            raise Refused(
                f"its front matter gives the {key} as {shape}; it must be one line of text"
            )
        return str(value)
    return None


def _first(meta: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", []):
            return value
    return None


def _list(value: Any, story: ParsedStory, key: str) -> list[str]:
    """A tag list from YAML (list) or Pelican ("a, b; c") alike; items that are not
    plain values are left out with a warning."""
    if value is None:
        return []
    if isinstance(value, list):
        plain = [v for v in value if isinstance(v, _PLAIN)]
        if len(plain) < len(value):
            story.warnings.append(
                f"{len(value) - len(plain)} item(s) of {key} are not plain values; left out"
            )
        return [str(v).strip() for v in plain if str(v).strip()]
    if not isinstance(value, _PLAIN):
        story.warnings.append(f"{key} is not a list of names; left out")
        return []
    separator = ";" if ";" in str(value) else ","
    return [v.strip() for v in str(value).split(separator) if v.strip()]


def _when(value: Any, tz: ZoneInfo, field: str, story: ParsedStory) -> datetime | None:
    """A date from YAML (date or datetime), TOML or text; naive values are in `tz`.

    ValidationError (the file fails) for a date no story may have: outside the years
    1800 to 2200, or a wall time the clocks skip in `tz`."""
    if value is None:
        return None
    found: datetime | None = None
    if isinstance(value, datetime):
        return in_range(value, field, str(value)) if value.tzinfo else wall_time(value, tz)
    if isinstance(value, date):
        return wall_time(datetime.combine(value, time(0, 0)), tz)
    if isinstance(value, _PLAIN):
        text = str(value).strip()
        found = parse_iso(text.replace("/", "-"), tz) or parse_written_date(text, tz)
    if found is None:
        shown = str(value) if isinstance(value, _PLAIN) else type(value).__name__
        shown = shown if len(shown) <= 40 else shown[:40] + "…"
        story.warnings.append(
            f"{field} {shown!r} is not a date between {FIRST_YEAR} and {LAST_YEAR}; left out"
        )
    return found


def _status(meta: dict[str, Any], dated: bool) -> str:
    if meta.get("draft") in (True, "true", "yes"):
        return Status.DRAFT.value
    if meta.get("published") in (False, "false", "no"):
        return Status.DRAFT.value
    raw = _text(meta, "status")
    if raw is None:
        return Status.PUBLISHED.value if dated else Status.DRAFT.value
    status = _STATUSES.get(str(raw).strip().lower())
    if status is None:
        raise Refused(f"unknown status {raw!r}; one of {', '.join(_STATUSES)}")
    return status


def body_parts(markdown: str) -> list[str | MoreNewsRef]:
    """Split a Markdown body around its "More news:" paragraphs (see the module notes)."""
    parts: list[str | MoreNewsRef] = []
    current: list[str] = []
    for block in re.split(r"\n[ \t]*\n", markdown.strip("\n")):
        more = MORE_NEWS.match(block) if "\n" not in block.strip() else None
        if more is None:
            current.append(block)
            continue
        if current:
            parts.append("\n\n".join(current))
            current = []
        link = _MD_LINK.match(more["rest"])
        headline = link["text"] if link else more["rest"]
        parts.append(MoreNewsRef(" ".join(headline.split()), link["href"] if link else ""))
    if current and "\n\n".join(current).strip():
        parts.append("\n\n".join(current))
    return parts


def read_markdown(path: Path, text: str, tz: ZoneInfo) -> ParsedStory:
    """A Markdown file (front matter optional) as a story; see the module notes."""
    meta, body = split_front_matter(text, path)
    headline = _text(meta, "title", "headline")
    if headline is None and (heading := _HEADING.match(body)) is not None:
        headline, body = heading["title"], body[heading.end() :]
    story = ParsedStory(path=path, format="markdown", headline=str(headline or "").strip())
    story.published_at = _when(_first(meta, "date", "published"), tz, "date", story)
    story.updated_at = _when(
        _first(meta, "modified", "lastmod", "updated", "last_modified"), tz, "modified", story
    )
    story.status = _status(meta, story.published_at is not None)
    slug = _text(meta, "slug")
    story.slug = slug.strip() if slug is not None else None
    story.standfirst = _text(meta, "standfirst", "summary", "description", "excerpt") or ""
    byline_key = next((k for k in ("byline", "author", "authors") if _first(meta, k)), "author")
    authors = _list(_first(meta, byline_key), story, byline_key)
    story.byline = " and ".join(authors) if len(authors) > 1 else (authors[0] if authors else "")
    if isinstance(_first(meta, "byline", "author"), str):  # "Hannah Okoye, Reuters" stays whole
        story.byline = str(_first(meta, "byline", "author")).strip()
    story.dateline = (_text(meta, "dateline") or "").strip()
    section_key = next((k for k in ("section", "category", "categories") if _first(meta, k)), "")
    sections = _list(_first(meta, section_key), story, section_key) if section_key else []
    story.section = SectionRef(sections[0]) if sections else None
    tag_key = "tags" if _first(meta, "tags") else "keywords"
    story.entities = [EntityRef(name) for name in _list(_first(meta, tag_key), story, tag_key)]
    for key, kind in _TYPED_LISTS.items():
        story.entities += [EntityRef(name, kind) for name in _list(meta.get(key), story, key)]
    uid = _text(meta, "uid", "uuid")
    story.uid = uid.strip().lower() if uid is not None else None
    url = _text(meta, "url", "permalink", "canonical", "canonical_url")
    story.url = url.strip() if url is not None else None
    lead_from_front_matter(path, meta, story)
    story.body = body_parts(mark_body_images(path, body, story))
    return story
