"""What a backup must agree on with the database: alembic revision, tables and columns.

A database created by ``db.create_all()`` (the test suite, a throwaway install) has no
``alembic_version`` table: its revision is recorded as ``None``. Restore then only accepts an
archive whose revision is also ``None`` — and, the other way round, refuses to pour a
``None`` archive into a migrated database — because nothing says which migration such a
schema matches. In every case the tables and columns are compared as well.
"""

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Connection, Table, exists, inspect, select, text

from models import db

from .errors import BackupError


def tables() -> list[Table]:
    """Return every table of the models, parents before children."""
    return list(db.metadata.sorted_tables)


def database_revision(conn: Connection) -> str | None:
    """Return the database's alembic revision(s), or None without an alembic_version table."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(found)) or None


def migrations_head() -> str | None:
    """Return the head revision(s) of the migrations shipped with this code."""
    directory = current_app.extensions["migrate"].directory
    return ",".join(sorted(ScriptDirectory(directory).get_heads())) or None


def check_revision(archived: str | None, current: str | None) -> None:
    """Refuse an archive taken at another alembic revision than the database's."""
    if archived == current:
        return
    if current is None:
        raise BackupError(
            f"The backup was taken at alembic revision {archived} but this database has no "
            "alembic_version table; run `flask --app evalsys db upgrade` first.")
    raise BackupError(
        f"The backup was taken at alembic revision {archived or 'none (db.create_all)'}, "
        f"the database is at {current}; restore it into a database at the same revision "
        "(install the matching release, or `flask --app evalsys db upgrade`/`downgrade`).")


def check_tables(described: list[dict]) -> None:
    """Refuse an archive whose tables or columns differ from the models'."""
    ours = {t.name: [c.name for c in t.columns] for t in tables()}
    theirs = {entry["name"]: entry["columns"] for entry in described}
    if set(ours) != set(theirs):
        missing, extra = sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))
        raise BackupError(f"The backup's tables differ from this version's "
                          f"(missing: {missing or '-'}, unknown: {extra or '-'}).")
    for name, columns in ours.items():
        if sorted(columns) != sorted(theirs[name]):
            raise BackupError(f"Table {name}: the backup's columns differ from this "
                              f"version's ({sorted(set(columns) ^ set(theirs[name]))}).")


def non_empty_tables(conn: Connection) -> list[str]:
    """Return the names of the model tables that hold at least one row."""
    existing = set(inspect(conn).get_table_names())
    return [t.name for t in tables()
            if t.name in existing and conn.execute(select(exists().select_from(t))).scalar()]
