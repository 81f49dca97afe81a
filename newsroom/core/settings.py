"""Site settings: name, base URL, locale, time zone and the folder the site is
published into, stored as key/value rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core.dates import zone
from newsroom.core.errors import ValidationError
from newsroom.core.models import Setting
from newsroom.core.textfields import one_line, refuse_controls


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = "Newsroom"
    base_url: str = ""
    locale: str = "en_GB"
    time_zone: str = "UTC"
    site_folder: str = ""
    """Where "Publish site" writes the export: a full path on the machine that
    publishes, "" until the first publish asks. No page is made from it."""

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.time_zone)


def validate(settings: SiteSettings) -> SiteSettings:
    """Return cleaned settings or raise ValidationError naming the bad field.

    Text follows `core.textfields` (control characters refused); the base URL is
    checked by `base_url`.
    """
    name = one_line(settings.site_name, "site_name", "site name")
    if not name:
        raise ValidationError("site_name", "the site name is empty")
    base = base_url(settings.base_url)
    raw_locale = refuse_controls(settings.locale, "locale", "locale").strip()
    try:
        locale = str(Locale.parse(raw_locale.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValidationError("locale", f"unknown locale {settings.locale!r}") from exc
    time_zone = refuse_controls(settings.time_zone, "time_zone", "time zone").strip()
    zone(time_zone)
    return SiteSettings(name, base, locale, time_zone, site_folder(settings.site_folder))


def base_url(text: str) -> str:
    """The site's address as every exported page, the feed, the sitemap and robots.txt
    write it: "" (none), or an absolute http(s) address of a host, ending in "/".

    It is written verbatim into robots.txt and sitemap.xml, so anything that could
    end a line there or split the address is refused: whitespace and control
    characters anywhere, a user name or password (they would be published on every
    page), and a query or fragment (page paths are appended to it).
    """
    base = text.strip()
    if not base:
        return ""
    example = "give an address such as https://example.org/news/"
    refuse_controls(base, "base_url", "base URL")
    if any(c.isspace() for c in base):
        raise ValidationError(
            "base_url", f"the base URL {base!r} holds a space or a line break; {example}"
        )
    parts = urlsplit(base)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError("base_url", f"{base!r} is not a web address; {example}")
    if not port_ok:
        raise ValidationError("base_url", f"{base!r} has an invalid port number; {example}")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            "base_url", f"{base!r} holds a user name or password, which every page would show"
        )
    if parts.query or parts.fragment or "?" in base or "#" in base:
        raise ValidationError(
            "base_url",
            f"{base!r} has a query or fragment (?, #); page paths are added to its end",
        )
    return base if base.endswith("/") else base + "/"


def site_folder(text: str) -> str:
    """The site folder as stored: "" (not chosen yet) or a full path, `~` expanded.

    Only its form is checked here; whether the folder can take an export (new, empty
    or an earlier export) is the export's to say, when it writes."""
    folder = refuse_controls(text, "site_folder", "site folder").strip()
    if not folder:
        return ""
    if any(c in folder for c in "\r\n\t"):
        raise ValidationError("site_folder", "the site folder holds a line break or a tab")
    try:
        path = Path(folder).expanduser()
    except RuntimeError:  # "~someone" who has no home here
        path = Path(folder)
    if not path.is_absolute():
        raise ValidationError(
            "site_folder", f"{folder!r} is not a full path; give one such as /home/me/site"
        )
    return str(path)


def load(session: Session) -> SiteSettings:
    """The site settings, with defaults for anything never set."""
    stored = dict(session.execute(select(Setting.key, Setting.value)).all())
    known = {f.name for f in fields(SiteSettings)}
    return SiteSettings(**{k: v for k, v in stored.items() if k in known})


def save(session: Session, settings: SiteSettings) -> SiteSettings:
    """Validate and store all settings in the caller's transaction."""
    clean = validate(settings)
    for key, value in asdict(clean).items():
        session.merge(Setting(key=key, value=value))
    return clean


def save_site_folder(session: Session, folder: str) -> SiteSettings:
    """Set the site folder alone (the other settings as stored now), in the caller's
    transaction."""
    return save(session, replace(load(session), site_folder=folder))
