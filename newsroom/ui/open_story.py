"""The story in the editor (`OpenStory`): which one, at which version, what was loaded,
and whether its slug still follows the headline as the editor types."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.core.articles import ArticleInput, ArticleRecord
from newsroom.core.models import Status
from newsroom.core.slugs import slug_from


@dataclass
class OpenStory:
    """The story in the editor: which one, at which version, and what was loaded."""

    key: str
    article_id: int | None
    version: int | None
    uid: str | None
    loaded: ArticleInput
    wrote_recovery: bool = False  # only a file this window wrote is discarded silently


def slug_follows_headline(record: ArticleRecord) -> bool:
    """Whether the slug still follows the headline as the editor types: until the story
    is published (its address is then out) or someone typed a slug of their own."""
    return record.status != Status.PUBLISHED and record.slug == slug_from(record.headline)
