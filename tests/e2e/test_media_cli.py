"""`newsroom media ...` and `newsroom add --image`: adding (once), listing, editing,
exporting the original, deleting refused while used, and check's picture problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from media_files import picture, truncated_jpeg

from newsroom import cli


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    db = str(tmp_path / "n.db")

    def go(*argv: str) -> tuple[int, str, str]:
        try:
            code = cli.main([*argv, "--db", db])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return go


def test_media_add_list_edit_export_delete(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = tmp_path / "market.jpg"
    photo.write_bytes(picture(1200, 800))
    code, out, _ = run("media", "add", str(photo), "--caption", "The market", "--credit", "AFP")
    assert (code, out) == (0, f"added image 1: {photo} (1200x800 JPEG)\n")
    assert run("media", "add", str(photo))[1] == f"already in the library as image 1: {photo}\n"
    assert run("media", "edit", "1", "--alt", "Stalls in the rain")[0] == 0
    code, out, _ = run("media", "list", "market", "--json")
    (row,) = json.loads(out)
    assert (row["id"], row["alt"], row["caption"], row["credit"], row["uses"]) == (
        1, "Stalls in the rain", "The market", "AFP", 0,
    )  # fmt: skip
    assert run("media", "list", "nothing-like-it")[1] == "no images\n"
    assert run("media", "export", "1", "--out", str(tmp_path))[0] == 0
    assert (tmp_path / "image-1.jpg").read_bytes() == photo.read_bytes()
    assert run("media", "delete", "1") == (0, "image 1 deleted\n", "")
    assert run("media", "delete", "1")[0] == 2


def test_add_with_an_image_sets_the_lead_and_delete_is_refused(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = tmp_path / "flood.png"
    photo.write_bytes(picture(640, 480, "PNG"))
    code, _, _ = run(
        "add", "--headline", "Flood", "--image", str(photo), "--image-credit", "Reuters",
        "--status", "published",
    )  # fmt: skip
    assert code == 0
    code, out, _ = run("check")
    assert code == 1 and "lead-image-no-alt" in out
    code, _, err = run("media", "delete", "1")
    assert code == 2 and "used by 1 story: “Flood” (lead)" in err
    code, out, _ = run("media", "show", "1", "--json")
    assert json.loads(out)["used_by"][0]["how"] == "lead"
    assert run("media", "edit", "1", "--alt", "A flooded street")[0] == 0
    assert "lead-image" not in run("check")[1]  # (the empty body is still a problem)


def test_a_bad_file_is_one_line_and_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(truncated_jpeg())
    code, out, err = run("media", "add", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("newsroom: error: photo.jpg: the image is damaged or cut short")
    assert run("media", "add", str(tmp_path / "missing.jpg"))[0] == 2
    assert run("media", "list")[1] == "no images\n"
