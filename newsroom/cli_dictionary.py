"""`newsroom dictionary list|add|remove`: the newsroom dictionary from the command line.

The words every editor's spelling check accepts besides the language dictionary and
the entities' names (`core.dictionary`). `add` and `remove` take one or more words;
adding a word that is there already is no error (it says so).
"""

from __future__ import annotations

import argparse

from newsroom.cli_common import EXIT_OK, Subcommands, _emit, _open
from newsroom.core.users import login_name


def cmd_dictionary_list(args: argparse.Namespace) -> int:
    from newsroom.core import dictionary

    db = _open(args)
    with db.reading() as session:
        found = dictionary.entries(session)
    rows = [
        {"word": e.word, "added_by": e.added_by, "added_at": e.added_at.isoformat()} for e in found
    ]
    human = "\n".join(e.word for e in found) or "the newsroom dictionary is empty"
    _emit(args, human, rows)
    return EXIT_OK


def cmd_dictionary_add(args: argparse.Namespace) -> int:
    from newsroom.core import dictionary

    cleaned = [dictionary.clean_word(w) for w in args.words]  # all or nothing
    db = _open(args)
    with db.transaction() as session:
        added = {w: dictionary.add_word(session, w, added_by=login_name()) for w in cleaned}
    human = "\n".join(
        f"added {w!r}" if new else f"{w!r} was in the dictionary already"
        for w, new in added.items()
    )
    _emit(args, human, [{"word": w, "added": new} for w, new in added.items()])
    return EXIT_OK


def cmd_dictionary_remove(args: argparse.Namespace) -> int:
    from newsroom.core import dictionary

    db = _open(args)
    with db.transaction() as session:  # a word that is not there: nothing is removed
        for word in args.words:
            dictionary.remove_word(session, word)
    cleaned = [dictionary.clean_word(w) for w in args.words]
    _emit(args, "\n".join(f"removed {w!r}" for w in cleaned), [{"word": w} for w in cleaned])
    return EXIT_OK


def _add_dictionary(commands: Subcommands) -> None:
    group = commands.group(
        "dictionary",
        help="list, add or remove words of the newsroom dictionary",
        description="The newsroom dictionary: words the spelling check accepts in every "
        "story (entity names and aliases need no entry).",
    )
    add = group.add

    add("list", cmd_dictionary_list, "list the words of the newsroom dictionary")
    q = add("add", cmd_dictionary_add, "add words to the newsroom dictionary")
    q.add_argument("words", nargs="+", metavar="WORD")
    q = add("remove", cmd_dictionary_remove, "remove words from the newsroom dictionary")
    q.add_argument("words", nargs="+", metavar="WORD")
