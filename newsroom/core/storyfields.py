"""The fields of a story, defined once.

Each `StoryField` says what the field is called in code (the attribute of
`articles.ArticleInput` and `ArticleRecord`, the column of `models.Article`), what an
editor calls it (the form's label, the history's and the restore question's), what
kind of value it holds, what restoring a revision does with it, and the `newsroom add`
option that sets it. The lists other modules need are derived here: what a save
writes (`SAVED_FIELDS`), what a restore brings back (`TEXT_FIELDS`,
`PUBLISHING_FIELDS`), the form's rows, the command line's options.

Adding a field: add it to `Article`, `ArticleInput` and `ArticleRecord` (typed
dataclasses that mypy checks, so they are written out) and here; tests/core/
test_storyfields.py fails until the three agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["line", "text", "slug", "section", "status", "date", "tags", "image", "body"]
"""`line`: one line of text; `text`: several; `date`: an aware date-time or None;
`image`: a media library id or None."""

RestorePart = Literal["text", "publishing", "tags"]
"""What restoring a revision does: `text` always comes back, `publishing` (whether,
when and where the story is on the site) only when asked, `tags` never."""


@dataclass(frozen=True)
class StoryField:
    name: str
    label: str  # as the form shows it: "&" before the letter of its shortcut
    kind: FieldKind
    restore: RestorePart
    flag: str | None = None  # the `newsroom add` option, if there is one
    help: str | None = None  # that option's help

    @property
    def required(self) -> bool:
        """A story must have it: `ArticleInput` gives it no default."""
        return self.name == "headline"

    @property
    def option_default(self) -> str | None:
        """The `newsroom add` option's default, `ArticleInput`'s (None for the body's
        file: no file, an empty body). Plain values, so the command line need not load
        the models to build its parser."""
        if self.required:
            return None
        return {"line": "", "text": "", "status": "draft"}.get(self.kind)

    @property
    def title(self) -> str:
        """The label without its shortcut mark: "Standfirst" of "Stand&first"."""
        return self.label.replace("&", "")


STORY_FIELDS: tuple[StoryField, ...] = (
    StoryField("headline", "&Headline", "line", "text", "--headline"),
    StoryField("slug", "S&lug", "slug", "publishing", "--slug", "default: made from the headline"),
    StoryField("standfirst", "Stand&first", "text", "text", "--standfirst"),
    StoryField("byline", "&Byline", "line", "text", "--byline"),
    StoryField("section_id", "Se&ction", "section", "text", "--section", "section name or slug"),
    StoryField("dateline", "&Dateline", "line", "text", "--dateline"),
    StoryField("status", "S&tatus", "status", "publishing", "--status"),
    StoryField(
        "published_at",
        "Published",
        "date",
        "publishing",
        "--published-at",
        "ISO date, site time zone by default (with --status published: default now)",
    ),
    StoryField(
        "embargo_until",
        "Embargo",
        "date",
        "publishing",
        "--embargo-until",
        "ISO date, no later than --published-at",
    ),
    StoryField("entity_ids", "Ta&gs", "tags", "tags"),
    StoryField("lead_image_id", "Lead &image", "image", "text"),
    StoryField("body", "Body", "body", "text", "--body-file", "Markdown body file, or - for stdin"),
)
"""In the order the form shows them."""

_BY_NAME = {f.name: f for f in STORY_FIELDS}

FIELD_NAMES: tuple[str, ...] = tuple(_BY_NAME)
"""Every field of `ArticleInput`, in form order."""

SAVED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in STORY_FIELDS if f.kind not in ("tags", "image")
)
"""The article's own columns a save writes and a revision keeps (tags and the lead
image are rows of their own: `core.media.store_lead`)."""

TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in STORY_FIELDS if f.restore == "text")
"""What a restore always brings back."""

PUBLISHING_FIELDS: tuple[str, ...] = tuple(
    f.name for f in STORY_FIELDS if f.restore == "publishing"
)
"""What a restore brings back only when asked: whether, when and where it is on the site."""


def story_field(name: str) -> StoryField:
    """The field called `name` in code; KeyError for a name that is none."""
    return _BY_NAME[name]
