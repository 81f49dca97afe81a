"""The story's fields, defined once (core/storyfields.py), and what derives from them."""

from __future__ import annotations

import dataclasses

from newsroom.cli import build_parser
from newsroom.core.articles import ArticleInput, ArticleRecord
from newsroom.core.models import Article
from newsroom.core.storyfields import (
    FIELD_NAMES,
    PUBLISHING_FIELDS,
    SAVED_FIELDS,
    STORY_FIELDS,
    TEXT_FIELDS,
    story_field,
)


def test_the_fields_are_those_of_article_input_and_record() -> None:
    assert set(FIELD_NAMES) == {f.name for f in dataclasses.fields(ArticleInput)}
    record = {f.name for f in dataclasses.fields(ArticleRecord)}
    assert set(FIELD_NAMES) <= record
    assert record - set(FIELD_NAMES) == {"id", "uid", "version", "created_at", "updated_at"}


def test_what_a_save_writes_is_a_column_of_the_article() -> None:
    columns = set(Article.__table__.columns.keys())
    assert set(SAVED_FIELDS) <= columns
    assert "entity_ids" not in SAVED_FIELDS
    assert "lead_image_id" not in SAVED_FIELDS  # a row of article_lead_images


def test_a_restore_brings_back_every_saved_field_in_one_of_two_parts() -> None:
    assert set(TEXT_FIELDS) | set(PUBLISHING_FIELDS) == set(SAVED_FIELDS) | {"lead_image_id"}
    assert not set(TEXT_FIELDS) & set(PUBLISHING_FIELDS)
    assert set(PUBLISHING_FIELDS) == {"status", "published_at", "embargo_until", "slug"}


def test_the_add_options_default_as_article_input_does() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(ArticleInput)}
    for field in STORY_FIELDS:
        if field.flag is None or field.kind == "body":
            continue
        if field.required:
            assert defaults[field.name] is dataclasses.MISSING
        else:
            assert field.option_default == defaults[field.name], field.name


def test_the_command_line_add_has_an_option_per_field() -> None:
    args = build_parser().parse_args(["add", "--headline", "Talks resume"])
    for field in STORY_FIELDS:
        if field.flag is not None:
            value = getattr(args, field.flag.lstrip("-").replace("-", "_"))
            assert value == ("Talks resume" if field.required else field.option_default)
    # The lead image is `--image FILE` (cli_media.add_image_options), not an id.
    assert {f.name for f in STORY_FIELDS if f.flag is None} == {"entity_ids", "lead_image_id"}


def test_labels_have_one_shortcut_mark_at_most_and_titles_none() -> None:
    for field in STORY_FIELDS:
        assert field.label.count("&") <= 1
        assert "&" not in field.title
    assert story_field("published_at").title == "Published"  # as the story list says it
