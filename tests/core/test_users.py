"""Who is at the computer: the login name (revisions, leases) and the full name a byline
is suggested from; anything with control characters is no name."""

from __future__ import annotations

import getpass
import pwd
from types import SimpleNamespace

import pytest

from newsroom.core import users


@pytest.mark.parametrize(
    ("gecos", "name"),
    [
        ("Ana Lima,Room 4,555-0100,,", "Ana Lima"),
        ("Ana  Lima", "Ana Lima"),
        ("", ""),
        (",,,", ""),
        ("Ana\x1b[2JLima", ""),
    ],
)
def test_full_name_is_the_first_gecos_field(monkeypatch, gecos: str, name: str) -> None:
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_gecos=gecos))
    assert users.full_name() == name


def test_no_full_name_without_a_password_entry(monkeypatch) -> None:
    def missing(uid: int) -> None:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", missing)
    assert users.full_name() == ""


@pytest.mark.parametrize(("login", "name"), [("ana", "ana"), ("an\x1ba", "")])
def test_login_name(monkeypatch, login: str, name: str) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: login)
    assert users.login_name() == name


def test_no_login_name_when_there_is_none(monkeypatch) -> None:
    def none() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", none)
    assert users.login_name() == ""
