"""The Jinja2 environment of the exported site (and the editor's preview).

Autoescape on, StrictUndefined (a template asking for a missing value fails loudly);
the Markup a page holds is sanitised HTML from `text.markdown` (bodies, pictures), the
shared parts of `page_parts` (rendered by these templates) and `tojson`'s (ASCII). Dates
are written out with Babel in the site's locale and time zone. Every value a template
writes is without the characters XML can not hold: `text.markdown` strips them from
its Markup, `_xml_text` from every other value.
"""

from __future__ import annotations

import functools
import json
import os
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from newsroom.paths import cache_dir, resources_dir
from newsroom.text.controls import strip_not_xml


class _SiteEnvironment(Environment):
    """Jinja's environment with a faster `x.name` on the dicts the pages pass.

    Jinja tries the attribute first and the item only after an AttributeError: on a
    dict that is an exception per value, a tenth of a page's time. Here a dict's key
    comes first; no template calls a dict's methods (`x.items`), which a key of the
    same name would hide."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's compiled templates, kept between processes in the user's cache folder:
    compiling them again was a tenth of a second of every `newsroom export`. Entries
    are keyed by each template's source (and Python's version), so a changed template
    is compiled again. A cache: when it can not be written, pages render all the same."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


@functools.cache
def environment() -> Environment:
    env = _SiteEnvironment(
        loader=FileSystemLoader(resources_dir() / "templates"),
        bytecode_cache=_CompiledTemplates(str(cache_dir() / "templates")),
        auto_reload=False,  # templates are package data: no stat of them per page
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_xml_text,
    )
    # Jinja's default globals (range, dict, lipsum, cycler, joiner, namespace) are used by
    # no template, and each render copies them into its context through a ChainMap,
    # slowly: a twentieth of a story page's time.
    env.globals.clear()
    # `tojson` (a story page's JSON-LD) as Jinja writes it (`json.dumps(..., sort_keys=True)`),
    # by one encoder made once rather than a new one per page.
    env.policies["json.dumps_function"] = _dumps
    env.policies["json.dumps_kwargs"] = {}
    return env


_JSON = json.JSONEncoder(sort_keys=True)


def _dumps(value: Any, **kwargs: Any) -> str:
    """`json.dumps(value, sort_keys=True, **kwargs)`, by one encoder when no argument
    (`tojson(indent)`) asks for another."""
    return _JSON.encode(value) if not kwargs else json.dumps(value, sort_keys=True, **kwargs)


def _xml_text(value: object) -> object:
    """A value as a page may hold it. The services refuse control characters, but a
    database written before they did may still hold some, and one in a headline
    would make feed.xml not well-formed: such characters are dropped on the way out.
    Markup (a body: a page's biggest value) was made without them (see above)."""
    if not isinstance(value, str) or isinstance(value, Markup) or value.isprintable():
        return value  # isprintable: no control character at all (the usual case, fast)
    clean = strip_not_xml(value)
    return value if len(clean) == len(value) else clean  # (it only deletes)


@functools.lru_cache(maxsize=65536)  # every listing a story is on writes its date
def long_date(value: datetime, tz: ZoneInfo, locale: str) -> str:
    """ "15 July 2017" (en_GB), "15. Juli 2017" (de) ..."""
    return _format(value.astimezone(tz).date(), "long", locale)


@functools.lru_cache(maxsize=8192)
def _format(day: date, form: str, locale: str) -> str:
    return format_date(day, format=form, locale=locale)


def full_day(day: date, locale: str) -> str:
    """ "Sunday, 22 July 2018" (en_GB): the masthead date."""
    return _format(day, "full", locale)


@functools.cache  # (Babel parses the locale anew each time)
def language(locale: str) -> str:
    """The `lang` attribute for a locale: "en-GB"."""
    parsed = Locale.parse(locale)
    return f"{parsed.language}-{parsed.territory}" if parsed.territory else parsed.language


@functools.cache
def text_direction(locale: str) -> str:
    return Locale.parse(locale).text_direction
