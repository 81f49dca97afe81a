"""Site settings: name, base URL, locale and time zone, stored as key/value rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsroom.core.dates import zone
from newsroom.core.errors import ValidationError
from newsroom.core.models import Setting


@dataclass(frozen=True)
class SiteSettings:
    site_name: str = "Newsroom"
    base_url: str = ""
    locale: str = "en_GB"
    time_zone: str = "UTC"

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.time_zone)


def validate(settings: SiteSettings) -> SiteSettings:
    """Return cleaned settings or raise ValidationError naming the bad field."""
    name = settings.site_name.strip()
    if not name:
        raise ValidationError("site_name", "the site name is empty")
    base = settings.base_url.strip()
    if base:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError(
                "base_url", f"{base!r} is not a web address (https://example.org/news/)"
            )
        if not base.endswith("/"):
            base += "/"
    try:
        locale = str(Locale.parse(settings.locale.strip().replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValidationError("locale", f"unknown locale {settings.locale!r}") from exc
    zone(settings.time_zone.strip())
    return SiteSettings(name, base, locale, settings.time_zone.strip())


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
