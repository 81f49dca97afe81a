"""`newsroom check --spelling`: the misspelt words of the stories still to publish.

Which stories: every one that is not spiked and not yet on the site at `now` (drafts,
stories in review or ready, scheduled or embargoed ones): the last look before
publishing. Each is checked in its own language (the site's locale unless the story
chose another) with its own ignored words, over its headline, standfirst and body, as
the editor underlines them. One `SpellingProblem` per story with misspellings, naming
each word once, with the first suggestion where there is one.

Spellers are built once per language for the whole run, so a word is looked up in
Hunspell once however many stories hold it. Stories are read in batches, not all
at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import not_, select
from sqlalchemy.orm import Session

from newsroom.core import dictionary
from newsroom.core import settings as site_settings
from newsroom.core.checks import Problem
from newsroom.core.live import is_live
from newsroom.core.models import Article, Status, utcnow
from newsroom.core.speller import Speller

_BATCH = 500


@dataclass(frozen=True)
class Misspelling:
    word: str
    field: str  # "headline", "standfirst" or "body"
    suggestion: str | None


@dataclass(frozen=True)
class SpellingProblem(Problem):
    misspellings: list[Misspelling] = field(default_factory=list)
    language: str | None = None


class Spellers:
    """One `Speller` per locale asked for, sharing the newsroom's words and names;
    `missing` collects what could not be checked, to say each once."""

    def __init__(self, session: Session) -> None:
        self._words = dictionary.words(session)
        self._names = dictionary.known_names(session)
        self._made: dict[str, Speller] = {}
        self.missing: list[str] = []

    def __call__(self, locale: str) -> Speller:
        speller = self._made.get(locale)
        if speller is None:
            speller = Speller(locale, self._words, self._names)
            self._made[locale] = speller
            if speller.missing:
                self.missing.append(speller.missing)
        return speller


def _story_problem(
    speller: Speller, row: Article, ignored: frozenset[str]
) -> SpellingProblem | None:
    found: list[Misspelling] = []
    seen: set[str] = set()
    for name, text in (("headline", row.headline), ("standfirst", row.standfirst),
                       ("body", row.body)):  # fmt: skip
        for word in speller.misspelt(text, ignored):
            if word.text in seen:
                continue
            seen.add(word.text)
            offered = speller.suggest(word.text, limit=1)
            found.append(Misspelling(word.text, name, offered[0] if offered else None))
    if not found:
        return None
    listed = ", ".join(
        f"“{m.word}”" + (f" (“{m.suggestion}”?)" if m.suggestion else "") for m in found
    )
    count = f"{len(found)} misspelt word{'s' if len(found) != 1 else ''}"
    return SpellingProblem(
        "spelling", row.id, row.slug, f"{count}: {listed}", found, speller.language
    )


def spelling_problems(
    session: Session,
    now: datetime | None = None,
    *,
    say: Callable[[str], None] | None = None,
) -> list[SpellingProblem]:
    """The misspellings of every story still to publish (see the module notes).
    `say` is told, once each, of a language that could not be checked."""
    now = now or utcnow()
    site_locale = site_settings.load(session).locale
    spellers = Spellers(session)
    ids = list(
        session.scalars(
            select(Article.id)
            .where(Article.status != Status.SPIKED.value, not_(is_live(now)))
            .order_by(Article.id)
        )
    )
    found: list[SpellingProblem] = []
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        choices = dictionary.choices_of(session, batch)
        rows = session.scalars(select(Article).where(Article.id.in_(batch)).order_by(Article.id))
        for row in rows:
            chosen = choices.get(row.id, dictionary.StoryChoices())
            speller = spellers(chosen.language or site_locale)
            problem = _story_problem(speller, row, chosen.ignored)
            if problem is not None:
                found.append(problem)
        session.expunge_all()
    if say is not None:
        for message in spellers.missing:
            say(message)
    return found
