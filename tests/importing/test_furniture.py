"""Page furniture the extractor leaves in a story's body that only its neighbours give
away (`importing/furniture.py`): the page's metadata as a list, a section of other
stories at the foot."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from newsroom.importing.model import ParsedStory, SiteInfo
from newsroom.importing.reader import read_file

PARAGRAPHS = [
    "A high-powered government team has been doing the rounds of media organisations "
    "this week in an attempt to allay concerns about the new surveillance law.",
    "The roadshow featured the national security adviser, the attorney-general's "
    "adviser on crime and the police commissioner, who met editors in three cities.",
    "The initiative is evidence that the government has been alarmed by the strength "
    "of criticism of the data retention bill it wants passed before parliament rises.",
    "Editors said the concessions offered do nothing to protect the sources of "
    "journalists, and the union repeated its call for an exemption in the law.",
]


def _read(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Surveillance roadshow fails to convince | The Ledger</title>"
        "</head><body><main><article><h1>Surveillance roadshow fails to convince</h1>"
        f"{body}</article></main></body></html>",
        encoding="utf-8",
    )
    story = read_file(path, ZoneInfo("UTC"), SiteInfo())
    assert isinstance(story, ParsedStory)
    return [p for p in story.body if isinstance(p, str)]


def _teasers(heading: str) -> str:
    cards = [
        ("Editorial", "/opinion/a-lasting-legacy", "A lasting legacy", "JOE SMITH"),
        ("Wave of stupidity", "/opinion/doctor-knows", "Doctor knows best", "ANN LEE"),
        ("Own backyard", "/opinion/local-first", "Local issues first", "TOM ELLIS"),
    ]
    return f"<h2>{heading}</h2>" + "".join(
        f"<h4><b>{kicker}</b> <a href='{href}'>{title}</a></h4><p><i>{author}</i> "
        "A short summary of another column that runs to a sentence or two at most.</p>"
        for kicker, href, title, author in cards
    )


def test_a_section_of_other_stories_under_the_story_is_left_out(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + _teasers("Other Opinion Columns")
    assert _read(tmp_path, body) == PARAGRAPHS


def test_a_subheading_with_story_under_it_stays(tmp_path: Path) -> None:
    # "More ..." over the story's own long paragraphs is the story, links or not.
    long = " ".join(PARAGRAPHS)
    body = (
        f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p><h2>More questions than answers</h2>"
        f"<h3><a href='/law'>The law</a></h3><p>{long}</p>"
        f"<h3><a href='/union'>The union</a></h3><p>{long}</p>"
    )
    texts = _read(tmp_path, body)
    assert "More questions than answers" in " ".join(texts)
    assert texts[-1] == long


def test_the_pages_metadata_as_a_list_is_left_out(tmp_path: Path) -> None:
    meta = (
        "<ul><li>24 July 2015</li><li><span>From the section </span>"
        "<a href='/news/world'>World</a></li><li>941 comments</li></ul>"
    )
    points = "<ul><li>The bill passed 21 to 17</li><li>It goes to the House next</li></ul>"
    body = meta + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + points
    texts = _read(tmp_path, body)
    assert texts[:4] == PARAGRAPHS
    assert "941 comments" not in " ".join(texts)
    assert "The bill passed 21 to 17" in texts[-1]


def test_captions_with_their_credit_and_time_stamps_are_left_out(tmp_path: Path) -> None:
    lines = [
        "The adviser speaks to reporters in Canberra on Monday. (AP Photo/Rod McGuirk)",
        "Editors meet the police commissioner. (Photo by Ana Petrova/Getty Images)",
        "Protesters outside parliament. Photograph: Ana Petrova/Reuters",
        "Updated 4:12 PM EST, March 2, 2023",
        "941 comments",
    ]
    body = "".join(f"<p>{p}</p><p>{line}</p>" for p, line in zip(PARAGRAPHS, lines, strict=False))
    assert _read(tmp_path, body + f"<p>{lines[-1]}</p>") == PARAGRAPHS


def test_a_paragraph_naming_an_agency_in_brackets_stays(tmp_path: Path) -> None:
    agency = "The report was first carried by the Associated Press (AP)."
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + f"<p>{agency}</p>"
    assert _read(tmp_path, body) == [*PARAGRAPHS, agency]


OTHERS = (
    "<p><a href='/opinion/mod'>There is an entire mod dedicated to making you feel bad "
    "about every shot</a></p><p><a href='/news/level'>A fanatical player finally beats "
    "the game, every item and perk in hand</a></p>"
)


def test_links_to_other_stories_closing_the_page_are_left_out(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + OTHERS
    assert _read(tmp_path, body) == PARAGRAPHS


def test_links_under_a_read_more_label_stay(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "<p><b>Read more:</b></p>" + OTHERS
    texts = _read(tmp_path, body)
    assert texts[:4] == PARAGRAPHS
    assert len(texts) == 6 and texts[-1].startswith("[A fanatical player")


def test_dates_and_times_in_figures_and_a_cookie_notice_are_left_out(tmp_path: Path) -> None:
    cookies = (
        "We use cookies to give you the best experience on our website. By continuing "
        "you agree to our use of cookies as described in our cookie policy, which you "
        "can read and change at any time in the settings of your browser."
    )
    body = (
        f"<p>{cookies}</p><p>23.10.2018</p>"
        + "".join(f"<p>{p}</p><p>3:59 PM</p>" for p in PARAGRAPHS[:2])
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    )
    assert _read(tmp_path, body) == PARAGRAPHS
