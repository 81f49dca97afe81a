"""Site settings from an export: adopted when an export goes into an empty database.

A Newsroom export names its site, base URL and locale on every page, but not its time
zone. The zone matters: it decides the month in a story's address and the day each
date shows. `guess_time_zone` picks a zone that gives every story the local day its
page showed (the masthead of a story page is its publication day): the database's own
zone if it fits, else the first fitting one of a short list of common newsroom zones,
else of all zones. Several zones may fit; the report says which one was taken.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from newsroom.core import entity_slugs
from newsroom.core import settings as site_settings
from newsroom.core.db import Database
from newsroom.core.errors import ValidationError
from newsroom.importing.model import SiteInfo

_COMMON = (
    "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome",
    "Europe/Athens", "Europe/Moscow", "America/New_York", "America/Chicago", "America/Denver",
    "America/Los_Angeles", "America/Sao_Paulo", "America/Mexico_City", "Africa/Lagos",
    "Africa/Nairobi", "Africa/Johannesburg", "Africa/Cairo", "Asia/Dubai", "Asia/Kolkata",
    "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
)  # fmt: skip


def guess_time_zone(evidence: list[tuple[datetime, str]], preferred: str) -> str:
    """A zone in which each (instant, ISO day) pair falls on that day (see module notes)."""
    if not evidence:
        return preferred
    sample = evidence[:: max(1, len(evidence) // 300)]

    def fits(name: str) -> bool:
        try:
            tz = ZoneInfo(name)
        except (KeyError, ValueError):
            return False
        return all(instant.astimezone(tz).date().isoformat() == day for instant, day in sample)

    rest = sorted(
        z
        for z in available_timezones()
        if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/", "US/"))
    )
    for name in (preferred, *_COMMON, *rest):
        if fits(name):
            return name
    return preferred


def adopt_moved_entities(db: Database, site: SiteInfo) -> None:
    """Keep the old entity addresses the export left redirect pages at, so exporting
    the imported site leaves them again (see `core.entity_slugs`)."""
    with db.transaction() as session:
        for old, current in sorted(site.moved_entities.items()):
            entity_slugs.keep_old(session, old, current)


def adopt_settings(db: Database, site: SiteInfo) -> dict[str, str] | None:
    """Take the export's site settings into the database; what was set, or None."""
    with db.transaction() as session:
        current = site_settings.load(session)
        wanted = replace(
            current,
            site_name=site.site_name or current.site_name,
            base_url=site.base_url if site.base_url is not None else current.base_url,
            locale=site.locale or current.locale,
            time_zone=guess_time_zone(site.local_dates, current.time_zone),
        )
        if wanted == current:
            return None
        try:
            saved = site_settings.save(session, wanted)
        except ValidationError:
            return None  # an export we can not make sense of: keep the settings as they are
    return {k: v for k, v in asdict(saved).items() if asdict(current)[k] != v}
