"""Who is at the computer: the login name revisions and leases record, and the full
name the system knows for it (a byline to suggest).

Both come from the environment or the password database, which may hold anything:
a value with control characters is no name (`text.controls`), and gives "".
"""

from __future__ import annotations

import getpass
import os

from newsroom.text.controls import find_control


def login_name() -> str:
    """The login name ("ana"), or "" when there is none to be had."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        return ""
    return name if find_control(name) is None else ""


def full_name() -> str:
    """The user's full name from the password database's GECOS field ("Ana Lima" of
    "Ana Lima,Room 4,,"), or "" where there is none (or no such database)."""
    try:
        import pwd
    except ImportError:  # not POSIX
        return ""
    try:
        gecos = pwd.getpwuid(os.getuid()).pw_gecos
    except (KeyError, OSError):
        return ""
    name = " ".join(gecos.split(",", 1)[0].split())
    return name if find_control(name) is None else ""
