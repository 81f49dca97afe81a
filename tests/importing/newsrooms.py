"""Shared by the import tests: the fixture folder, the export time, and a small
newsroom whose stories use every kind of markup the editor allows.

Imported as `importing.newsrooms` (tests/ is on the path; conftest modules are not
importable by name)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from newsroom.core import settings as site_settings
from newsroom.core.articles import ArticleInput, create_article
from newsroom.core.db import Database
from newsroom.core.entities import create_entity, update_entity
from newsroom.core.sections import create_section
from newsroom.text.morenews import token

FIXTURES = Path(__file__).with_name("fixtures")
NOW = datetime(2026, 7, 20, 12, 0, tzinfo=UTC)


def _uid(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"import-test:{key}"))


RICH_BODY = """\
An opening paragraph with *emphasis*, **strong words**, `code`,
a [link](https://example.org/a "A title") and a line break{br}right here, plus characters
Markdown cares about: 5 * 3 = 15, snake_case_name, [brackets], \\ and #hash.

## A heading

- first item
- second item with *emphasis*

1. one
2. two

> A quotation that
> runs over two lines.

    def code():
        return "<b>not bold</b>"

| Port | Ships |
|:-----|------:|
| Edris | 12 |
| Kel | 3 |

{more_news}

Some raw <abbr title="United Nations">UN</abbr> HTML, H<sub>2</sub>O and x<sup>2</sup>.

<div>A raw block the sanitiser unwraps.</div>

* * *

Last paragraph, in Arabic: قال المبعوث إن المحادثات ستستأنف."""


def fill_rich(db: Database) -> dict[str, str]:
    """A newsroom exercising what an export must bring back: every markup kind, sections
    with and without stories, entity descriptions and a hand-set entity slug, links to
    live and to unpublished stories, a non-UTC time zone and late-evening dates."""
    with db.transaction() as session:
        site_settings.save(
            session,
            site_settings.SiteSettings(
                site_name="The Rich Gazette",
                base_url="https://rich.example.org/news/",
                locale="en_GB",
                time_zone="America/New_York",
            ),
        )
        world = create_section(session, "World").id
        create_section(session, "Empty Section")
        envoy = create_entity(session, "person", "Amira al-Hassan", description="UN envoy").id
        georgia_p = create_entity(session, "person", "Georgia").id
        georgia_l = create_entity(session, "place", "Georgia", description="The country").id
        renamed = create_entity(session, "organisation", "Kessel Water Board").id
        update_entity(session, renamed, slug="water-board")
        topic = create_entity(session, "topic", "water rights").id
    uids: dict[str, str] = {}

    def add(key: str, **fields: object) -> None:
        uids[key] = _uid(key)
        with db.transaction() as session:
            create_article(session, ArticleInput(**fields), uid=uids[key])  # type: ignore[arg-type]

    add("draft", headline="A draft target", body="Not live.")
    add(
        "target",
        headline="Target story <with> & ampersand",
        status="published",
        published_at=datetime(2020, 2, 29, 3, 30, tzinfo=UTC),  # the 28th in New York
        body="Short.",
        entity_ids=(georgia_l,),
    )
    add(
        "rich",
        headline="Rich story",
        standfirst="A standfirst with “quotes” & <angle> brackets.",
        byline="Farah El-Amin and Jonas Lindqvist",
        dateline="PORT EDRIS",
        section_id=world,
        status="published",
        published_at=datetime(2021, 1, 1, 2, 0, tzinfo=UTC),  # New Year's Eve in New York
        body=RICH_BODY.format(
            br="  \n", more_news="\n\n".join([token(uids["target"], "old"), token(uids["draft"])])
        ),
        entity_ids=(envoy, georgia_p, georgia_l, renamed, topic),
    )
    return uids
