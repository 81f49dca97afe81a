"""The recovery store: unsaved edits on disk, listed oldest first, set aside not lost."""

from __future__ import annotations

from pathlib import Path

from newsroom.core.articles import ArticleInput
from newsroom.core.recovery import RecoveryStore


def test_an_edit_set_aside_keeps_its_content_under_a_new_key(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path, "newsroom.db")
    store.save("story-5", ArticleInput(headline="Left behind"), 5, 3)

    moved = store.set_aside("story-5")
    store.save("story-5", ArticleInput(headline="Typed now"), 5, 4)

    assert moved is not None and moved.startswith("story-5~")
    assert {(e.key, e.content.headline, e.base_version) for e in store.pending()} == {
        (moved, "Left behind", 3),
        ("story-5", "Typed now", 4),
    }
    store.discard("story-5")
    assert [e.key for e in store.pending()] == [moved]


def test_setting_aside_nothing_is_no_error(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path, "newsroom.db")

    assert store.set_aside("story-1") is None
    store.save("story-2", ArticleInput(headline="Other"), 2, 1)
    assert store.set_aside("story-1") is None
    assert [e.key for e in store.pending()] == ["story-2"]


def test_a_file_from_an_older_version_names_the_fields_it_lacks(tmp_path: Path) -> None:
    import json

    store = RecoveryStore(tmp_path, "newsroom.db")
    store.save("story-5", ArticleInput(headline="Old file"), 5, 3)
    store.save("story-6", ArticleInput(headline="New file"), 6, 1)
    path = store.folder / "story-5.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["content"]["lead_image_id"]
    path.write_text(json.dumps(data), encoding="utf-8")

    missing = {e.key: e.missing for e in store.pending()}
    assert missing == {"story-5": frozenset({"lead_image_id"}), "story-6": frozenset()}
