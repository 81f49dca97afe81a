"""A throw-away PostgreSQL server for tests and benchmarks, and the pytest fixtures on it.

Why a server of our own: the suite must not depend on (or damage) a server someone
already runs. `start()` makes a new cluster with `initdb` in a temporary folder and
runs `postgres` on a free loopback port with its unix socket in that folder and
durability switched off (fsync=off: the data is thrown away anyway). As root it runs
initdb and postgres as an unprivileged user (`postgres`, else `nobody`) through
`setpriv`, because PostgreSQL refuses to run as root.

Fixtures (import them into a conftest: `from postgres_server import pg_server, pg_url`):

- `pg_server` (session): the running server; skips with the reason when PostgreSQL
  can not be had, or fails when $NEWSROOM_REQUIRE_POSTGRES is set (CI sets it).
- `pg_template` (session): a database migrated to the newest schema, cloned per test.
- `pg_url` (function): the SQLAlchemy URL of a fresh, migrated, empty database of its
  own, dropped afterwards. Pass it to `open_database`.

One server per test process however many conftests import the fixtures (reference
counted). $NEWSROOM_TEST_PG_URL (a superuser URL, e.g.
`postgresql+psycopg://me:pw@127.0.0.1/postgres`) uses an existing server instead.
Binaries are looked up in $NEWSROOM_PG_BIN, on PATH, then in Debian's
/usr/lib/postgresql/<version>/bin (newest first).
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import URL, make_url

REQUIRE_ENV = "NEWSROOM_REQUIRE_POSTGRES"
URL_ENV = "NEWSROOM_TEST_PG_URL"
BIN_ENV = "NEWSROOM_PG_BIN"
SUPERUSER = "newsroom"
START_TIMEOUT = 60.0
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "unix_socket_permissions": "0700",
}


class PostgresUnavailable(RuntimeError):
    """PostgreSQL can not be started here; the message says why."""


def find_bin_dir() -> Path:
    """The folder holding initdb and postgres of one PostgreSQL version."""
    candidates: list[Path] = []
    if os.environ.get(BIN_ENV):
        candidates.append(Path(os.environ[BIN_ENV]))
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in p.parent.name.split(".") if x.isdigit())

    debian = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if version(p)]
    candidates += sorted(debian, key=version, reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    raise PostgresUnavailable(
        f"initdb/postgres not found (install Debian's `postgresql` package, or set ${BIN_ENV})"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _unprivileged() -> tuple[int, int] | None:
    """(uid, gid) to run the server as when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return entry.pw_uid, entry.pw_gid
    raise PostgresUnavailable("running as root and there is no postgres or nobody user")


@dataclass
class PostgresServer:
    """A running server: connect as `SUPERUSER` with `password`."""

    host: str
    port: int
    password: str
    user: str = SUPERUSER
    folder: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    users: int = field(default=0, repr=False)
    _templates: dict[str, str] = field(default_factory=dict, repr=False)

    def url(self, database: str = "postgres") -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=self.password,
            host=self.host,
            port=self.port,
            database=database,
        )

    def url_string(self, database: str = "postgres") -> str:
        return self.url(database).render_as_string(hide_password=False)

    def execute(self, *statements: str) -> None:
        """Run statements on the maintenance database, outside any transaction."""
        import psycopg

        with psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname="postgres",
            autocommit=True,
            connect_timeout=10,
        ) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); returns its name."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        clause = f' TEMPLATE "{template}"' if template else " TEMPLATE template0"
        self.execute(f'CREATE DATABASE "{name}"{clause}')
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def migrated_template(self) -> str:
        """A database at the newest schema that new test databases are copied from."""
        from newsroom.core import migrations
        from newsroom.core.db import open_database

        head = migrations.head_revision()
        if head not in self._templates:
            name = self.create_database()
            open_database(self.url_string(name)).close()
            self.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            self._templates[head] = name
        return self._templates[head]

    def stop(self) -> None:
        """Fast shutdown, then remove the cluster's folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _wait_ready(server: PostgresServer, log: Path) -> None:
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        assert server.process is not None
        if server.process.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-3:]
            raise PostgresUnavailable("postgres exited: " + " | ".join(tail))
        try:
            server.execute("SELECT 1")
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise PostgresUnavailable(f"postgres did not accept connections: {exc}") from exc
            time.sleep(0.1)


def _remove_stale(older_than_s: float = 3600) -> None:
    """Remove clusters left by runs that were killed (their server died with them):
    folders of ours with no running postmaster, not touched for an hour."""
    for folder in Path(tempfile.gettempdir()).glob("newsroom-pg-*"):
        try:
            if (folder / "data" / "postmaster.pid").exists():
                continue
            if time.time() - folder.stat().st_mtime > older_than_s:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def start() -> PostgresServer:
    """initdb a new cluster in a temporary folder and start it; raise PostgresUnavailable."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PostgresUnavailable("the psycopg driver is not installed") from exc
    bin_dir = find_bin_dir()
    _remove_stale()
    owner = _unprivileged()
    if owner is not None and not shutil.which("setpriv"):
        raise PostgresUnavailable("running as root, and setpriv (util-linux) is not installed")
    prefix = []
    if owner is not None:
        prefix = ["setpriv", f"--reuid={owner[0]}", f"--regid={owner[1]}", "--clear-groups"]
    if shutil.which("setpriv"):
        # A test run that is killed must not leave a server behind: postgres gets
        # SIGINT (fast shutdown) when the process that started it dies.
        prefix += ["setpriv", "--pdeathsig=SIGINT"] if not prefix else ["--pdeathsig=SIGINT"]
    prefix += ["--"] if prefix else []
    # Under /tmp, not pytest's tmp_path: the server user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    password = secrets.token_urlsafe(16)
    try:
        (folder / "pwfile").write_text(password + "\n")
        if owner is not None:
            os.chown(folder, *owner)
            os.chown(folder / "pwfile", *owner)
        data = folder / "data"
        initdb = subprocess.run(
            [
                *prefix,
                str(bin_dir / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                SUPERUSER,
                "--pwfile",
                str(folder / "pwfile"),
                "--auth",
                "scram-sha-256",
                "--encoding",
                "UTF8",
                "--locale",
                "C.UTF-8",
                "--no-sync",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if initdb.returncode != 0:
            lines = (initdb.stderr or initdb.stdout).strip().splitlines()
            raise PostgresUnavailable(f"initdb failed: {lines[-1] if lines else initdb.returncode}")
        return _run(bin_dir, prefix, folder, password)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise PostgresUnavailable(f"could not run PostgreSQL: {exc}") from exc
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _run(bin_dir: Path, prefix: list[str], folder: Path, password: str) -> PostgresServer:
    log = folder / "postgres.log"
    for attempt in range(3):
        port = _free_port()
        settings = [f"--{k}={v}" for k, v in SERVER_SETTINGS.items()]
        command = [
            *prefix,
            str(bin_dir / "postgres"),
            "-D",
            str(folder / "data"),
            "-p",
            str(port),
            "-k",
            str(folder),
            *settings,
        ]
        with log.open("ab") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        server = PostgresServer("127.0.0.1", port, password, folder=folder, process=process)
        try:
            _wait_ready(server, log)
            return server
        except PostgresUnavailable:
            server.folder = None  # keep the folder for the next attempt
            server.stop()
            if attempt == 2 or "could not bind" not in log.read_text(errors="replace"):
                raise
    raise AssertionError("unreachable")


def external() -> PostgresServer | None:
    """The server named by $NEWSROOM_TEST_PG_URL, if set."""
    text = os.environ.get(URL_ENV)
    if not text:
        return None
    url = make_url(text)
    return PostgresServer(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        password=url.password or "",  # type: ignore[arg-type]
        user=url.username or SUPERUSER,
    )


_shared: PostgresServer | None = None


def acquire() -> PostgresServer:
    """The process's server, started on first use."""
    global _shared
    if _shared is None:
        _shared = external() or start()
    _shared.users += 1
    return _shared


def release(server: PostgresServer) -> None:
    """Stop the server when its last user is done (never an external one)."""
    global _shared
    server.users -= 1
    if server.users <= 0 and server is _shared:
        for name in server._templates.values():
            server.drop_database(name)
        server._templates.clear()
        server.stop()
        _shared = None


# --- pytest fixtures ------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A running PostgreSQL server for the whole session, or a skip saying why not."""
    try:
        server = acquire()
    except PostgresUnavailable as exc:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"PostgreSQL is required (${REQUIRE_ENV}) but unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    yield server
    release(server)


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    """The name of a database at the newest schema, copied for each test."""
    return pg_server.migrated_template()


@pytest.fixture
def pg_url(pg_server: PostgresServer, pg_template: str) -> Iterator[str]:
    """The URL of a fresh, migrated, empty database for this test alone."""
    name = pg_server.create_database(template=pg_template)
    yield pg_server.url_string(name)
    pg_server.drop_database(name)
