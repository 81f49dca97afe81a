"""Site settings: defaults, a save/load round trip, and bad values refused unstored."""

from __future__ import annotations

import pytest

from newsroom.core import settings
from newsroom.core.errors import ValidationError
from newsroom.core.settings import SiteSettings

PLANET = SiteSettings(
    site_name="  Daily Planet ",
    base_url="https://planet.example/news",
    locale="fr-FR",
    time_zone="Europe/Paris",
)


def stored(db) -> SiteSettings:
    with db.reading() as session:
        return settings.load(session)


def save(db, value: SiteSettings) -> SiteSettings:
    with db.transaction() as session:
        return settings.save(session, value)


def test_a_new_database_has_the_defaults(db):
    assert stored(db) == SiteSettings("Newsroom", "", "en_GB", "UTC")
    assert stored(db).tz.key == "UTC"


def test_saved_settings_load_back_cleaned(db):
    returned = save(db, PLANET)

    expected = SiteSettings("Daily Planet", "https://planet.example/news/", "fr_FR", "Europe/Paris")
    assert returned == expected
    assert stored(db) == expected
    assert stored(db).tz.key == "Europe/Paris"


def test_saving_again_replaces_the_values(db):
    save(db, PLANET)
    save(db, SiteSettings(site_name="Evening Star", time_zone="America/New_York"))

    assert stored(db) == SiteSettings("Evening Star", "", "en_GB", "America/New_York")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"base_url": "planet.example"}, "base_url"),
        ({"base_url": "ftp://planet.example/"}, "base_url"),
        ({"base_url": "https://"}, "base_url"),
        ({"locale": "xx_YY"}, "locale"),
        ({"locale": ""}, "locale"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"time_zone": "Europe"}, "time_zone"),  # a folder of zones, not a zone
        ({"time_zone": "9" * 5000}, "time_zone"),  # a file name too long to look up
        ({"site_name": ""}, "site_name"),
        ({"site_name": "   "}, "site_name"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_stored(db, changes, field):
    save(db, PLANET)
    before = stored(db)
    bad = SiteSettings(**{**vars(PLANET), "site_name": "Changed", **changes})

    with pytest.raises(ValidationError) as caught:
        save(db, bad)

    assert caught.value.field == field
    assert caught.value.message
    assert stored(db) == before


def test_a_bad_value_on_a_new_database_leaves_the_defaults(db):
    with pytest.raises(ValidationError):
        save(db, SiteSettings(site_name="Changed", time_zone="Nowhere/Atlantis"))

    assert stored(db) == SiteSettings()


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/\nDisallow: /",
        "https://example.org/\r\nSitemap: https://evil.example/",
        "https://exa mple.org/",
        "https://example.org/\tnews/",
        "https://example.org/\x00",
        "https://example.org/\x1b[2J",
        "https://user:secret@example.org/",
        "https://example.org/?utm=1",
        "https://example.org/#top",
        "https://example.org:99999/",
        "javascript:alert(1)//example.org/",
        "https:///news/",
    ],
)
def test_a_base_url_that_could_break_robots_txt_or_every_link_is_refused(db, url):
    with pytest.raises(ValidationError) as caught:
        save(db, SiteSettings(base_url=url))
    assert caught.value.field == "base_url"
    assert "\n" not in caught.value.message
    assert stored(db) == SiteSettings()


def test_a_base_url_with_port_path_and_outer_spaces_is_kept_cleaned(db):
    saved = save(db, SiteSettings(base_url="  http://localhost:8000/site \n"))
    assert saved.base_url == "http://localhost:8000/site/"


def test_the_site_folder_is_kept_as_a_full_path_and_set_on_its_own(db, tmp_path):
    save(db, PLANET)
    with db.transaction() as session:
        settings.save_site_folder(session, f"  {tmp_path / 'site'} ")
    assert stored(db).site_folder == str(tmp_path / "site")
    assert stored(db).site_name == "Daily Planet"  # the rest as it was

    with db.transaction() as session:
        settings.save_site_folder(session, "")  # "" again: the next publish asks
    assert stored(db).site_folder == ""


@pytest.mark.parametrize(
    "folder", ["site", "./www/site", "~nobody-of-that-name/x", "/srv/x\x00", "/srv/a\nb"]
)
def test_a_site_folder_that_is_not_a_full_path_is_refused(db, folder):
    with pytest.raises(ValidationError) as caught, db.transaction() as session:
        settings.save_site_folder(session, folder)
    assert caught.value.field == "site_folder"
    assert stored(db) == SiteSettings()
