"""Alembic environment for Newsroom.

Newsroom passes an open connection in `config.attributes["connection"]` (see
newsroom.core.migrations). From the alembic command line, `-x db=PATH_OR_URL` names the
database instead.
"""

from alembic import context

from newsroom.core.db import create_engine_for, to_url
from newsroom.core.models import metadata

config = context.config


def _include(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate ignores what the models leave out on purpose: SQLite's FTS index
    and PostgreSQL's search column and its index (see newsroom.core.postgres)."""
    if not reflected or not name:
        return True
    if type_ == "table":
        return not name.startswith("article_fts")
    if type_ == "column":
        return name != "search_vector"
    if type_ == "index":
        return name != "ix_articles_search_vector"
    return True


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    location = context.get_x_argument(as_dictionary=True).get("db")
    if not location:
        raise SystemExit("give the database: alembic -c db/alembic.ini -x db=PATH_OR_URL ...")
    engine = create_engine_for(to_url(location))
    with engine.connect() as conn:
        _run(conn)
