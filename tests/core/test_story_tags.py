"""A story's tags as a revision keeps them: names in the story's order, one a line."""

from __future__ import annotations

from newsroom.core.db import Database
from newsroom.core.entities import create_entity, delete_entity
from newsroom.core.story_tags import join_tag_names, split_tag_names, tag_names


def test_names_keep_the_order_given_and_leave_out_an_entity_gone(db: Database) -> None:
    with db.transaction() as session:
        ids = [create_entity(session, "topic", name).id for name in ("Zinc", "Acre", "Gone")]
        delete_entity(session, ids[2])
        assert tag_names(session, [ids[2], ids[1], ids[0]]) == ("Acre", "Zinc")
        assert tag_names(session, []) == ()


def test_names_come_back_as_they_were_joined() -> None:
    names = ("Port Edris", "dredging")
    assert split_tag_names(join_tag_names(names)) == names
    assert split_tag_names(join_tag_names(())) == ()
    assert split_tag_names(None) is None  # not recorded
