"""Text fields on their way in: the rule every service applies to what it stores.

Control characters (see `text.controls`) are refused, not stripped, wherever text
enters: the editor, the command line, authority files and the importers all save
through the services, so one rule covers them all. Refused because a control
character in a headline or a name is never what the writer meant, and stripping it
would change text without saying so (and, for an ESC sequence, leave its visible
half). The `ValidationError` names the field and the character, so the editor shows
it beside the field, the command line prints it on one line, and an import reports
the file or row and goes on with the others.

Fields of one line (headline, byline, dateline, names, aliases, the site name) fold
tab, line feed and carriage return into single spaces along with every other run of
whitespace; fields of several lines (body, standfirst, description) keep them.
"""

from __future__ import annotations

from newsroom.core.errors import ValidationError
from newsroom.text.controls import describe, find_control


def refuse_controls(value: str, field: str, what: str) -> str:
    """`value` unchanged, or ValidationError on `field` naming the first control
    character and where it is; `what` is the field as a user calls it ("headline")."""
    at = find_control(value)
    if at is not None:
        raise ValidationError(
            field,
            f"the {what} holds {describe(value[at])} at character {at + 1}; remove it",
        )
    return value


def one_line(value: str, field: str, what: str) -> str:
    """A field of one line: controls refused, whitespace runs folded to one space."""
    return " ".join(refuse_controls(value, field, what).split())


def many_lines(value: str, field: str, what: str) -> str:
    """A field of several lines: controls refused, tabs and line ends kept."""
    return refuse_controls(value, field, what)
