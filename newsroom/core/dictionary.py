"""The newsroom dictionary and each story's spelling choices, in the database.

The dictionary (`dictionary_words`) holds the words the newsroom spells its way that a
language dictionary does not know: shared by every editor of the database (on
PostgreSQL, by everyone on the server), carried by migrations and backups like the
stories. Entity names and aliases need no entry: the speller counts them as correct
(`known_names`). Each story may also be checked in a language of its own and ignore
words of its own (`story_spelling`); a story without a row is checked in the site's
locale and ignores nothing.

What a caller must know: a word is one word as `text.spelling` cuts text (letters and
digits, inner apostrophes and hyphens), stored as typed except that curly apostrophes
are made straight; "Mistura" and "mistura" are different entries (a capitalised entry
asks for a capital, see `core.speller`). Adding a word that is there is no error
(`add_word` says whether it was new), also when two editors add it at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsroom.core.errors import NotFoundError, ValidationError
from newsroom.core.models import (
    NAME_MAX,
    Article,
    DictionaryWord,
    Entity,
    EntityAlias,
    StorySpelling,
)
from newsroom.core.textfields import refuse_controls
from newsroom.text.spelling import WORD_RE

LANGUAGE_MAX = 32


@dataclass(frozen=True)
class DictionaryEntry:
    word: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class StoryChoices:
    """A story's spelling choices: `language` None means the site's locale."""

    language: str | None = None
    ignored: frozenset[str] = frozenset()


def clean_word(word: str) -> str:
    """`word` as the dictionary stores it, or ValidationError saying what is wrong."""
    text = refuse_controls(word, "word", "word").strip()
    text = text.replace("\u2019", "'").replace("\u02bc", "'")
    if not text:
        raise ValidationError("word", "the word is empty")
    if len(text) > NAME_MAX:
        raise ValidationError("word", f"the word is longer than {NAME_MAX} characters")
    if not WORD_RE.fullmatch(text):
        raise ValidationError(
            "word",
            f"{text!r} is not one word: give letters, with apostrophes or hyphens "
            "only between them (add each word of a name on its own)",
        )
    return text


# --- the newsroom dictionary ------------------------------------------------------------


def entries(session: Session) -> list[DictionaryEntry]:
    """Every word of the dictionary, in alphabetical order (case aside)."""
    rows = session.execute(
        select(DictionaryWord.word, DictionaryWord.added_by, DictionaryWord.added_at)
    ).all()
    found = [DictionaryEntry(r.word, r.added_by, r.added_at) for r in rows]
    return sorted(found, key=lambda e: (e.word.casefold(), e.word))


def words(session: Session) -> list[str]:
    """Every word of the dictionary (no order promised)."""
    return list(session.scalars(select(DictionaryWord.word)))


def add_word(session: Session, word: str, *, added_by: str = "") -> bool:
    """Put `word` in the dictionary; False when it was there already."""
    clean = clean_word(word)
    if session.scalar(select(DictionaryWord.id).where(DictionaryWord.word == clean)):
        return False
    try:
        with session.begin_nested():  # another editor may add it at the same moment
            session.add(DictionaryWord(word=clean, added_by=added_by[:NAME_MAX]))
    except IntegrityError:
        return False
    return True


def remove_word(session: Session, word: str) -> None:
    """Take `word` out of the dictionary; NotFoundError if it is not in it."""
    clean = clean_word(word)
    gone = session.execute(delete(DictionaryWord).where(DictionaryWord.word == clean))
    if not getattr(gone, "rowcount", 0):
        raise NotFoundError(f"{clean!r} is not in the newsroom dictionary")


def known_names(session: Session) -> list[str]:
    """Every entity name and alias: their words are spelt right wherever they stand."""
    names = list(session.scalars(select(Entity.name)))
    names += session.scalars(select(EntityAlias.alias))
    return names


# --- one story's choices ----------------------------------------------------------------


def _parse(row: StorySpelling | None) -> StoryChoices:
    if row is None:
        return StoryChoices()
    return StoryChoices(row.language, frozenset(w for w in row.ignored.split("\n") if w))


def story_choices(session: Session, article_id: int) -> StoryChoices:
    """The story's language (None: the site's) and its ignored words."""
    return _parse(session.get(StorySpelling, article_id))


def choices_of(session: Session, article_ids: Iterable[int]) -> dict[int, StoryChoices]:
    """`story_choices` of many stories in one query; a story with none is left out."""
    wanted = list(article_ids)
    found: dict[int, StoryChoices] = {}
    for start in range(0, len(wanted), 500):
        rows = session.scalars(
            select(StorySpelling).where(StorySpelling.article_id.in_(wanted[start : start + 500]))
        )
        found.update((row.article_id, _parse(row)) for row in rows)
    return found


def _row(session: Session, article_id: int) -> StorySpelling:
    if session.get(Article, article_id) is None:
        raise NotFoundError(f"story {article_id} does not exist (any more)")
    row = session.get(StorySpelling, article_id, with_for_update=True)
    if row is None:
        row = StorySpelling(article_id=article_id, language=None, ignored="")
        session.add(row)
    return row


def ignore_words(session: Session, article_id: int, ignored: Iterable[str]) -> StoryChoices:
    """Ignore `ignored` in this story from now on (words already ignored stay)."""
    row = _row(session, article_id)
    current = {w for w in row.ignored.split("\n") if w}
    current |= {clean_word(w) for w in ignored}
    row.ignored = "\n".join(sorted(current))
    session.flush()
    return _parse(row)


def set_language(session: Session, article_id: int, language: str | None) -> StoryChoices:
    """Check this story in `language` (a dictionary tag such as "en_US"; None or "":
    the site's locale again)."""
    tag = refuse_controls(language or "", "language", "language").strip() or None
    if tag is not None and (len(tag) > LANGUAGE_MAX or not tag.replace("_", "").isalnum()):
        raise ValidationError("language", f"{tag!r} is not a language tag such as en_GB")
    row = _row(session, article_id)
    row.language = tag
    session.flush()
    return _parse(row)
