"""Write a backup: every table in one snapshot transaction, the upload folders, a manifest.

Consistency: on PostgreSQL the tables are read in one REPEATABLE READ, READ ONLY
transaction (the isolation ``pg_dump`` uses); on SQLite an explicit ``BEGIN`` makes the reads
one read transaction. The upload folders are copied right after the snapshot is taken, so
every file a dumped row refers to was already written (files are saved before their row is
committed); a file deleted in the moment between snapshot and copy is the only gap, and files
added later are at worst harmless extras. Rows are streamed (server-side cursor where the
driver has one) straight into the archive's staging folder, never held in memory.
"""

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import Connection, Table

from models import db
from models.base import utcnow

from .archive import FORMAT, FORMAT_VERSION, check_name, copy_file, write_archive
from .codec import row_encoder, select_rows
from .files import iter_files, upload_roots
from .schema import database_revision, migrations_head, tables

#: Rows fetched per round trip while streaming a table.
BATCH_ROWS = 2000


@dataclass(frozen=True)
class BackupReport:
    """What a backup wrote."""

    path: Path
    tables: int
    rows: int
    files: int
    size_bytes: int


def create_backup(output: Path) -> BackupReport:
    """Write a consistent backup of the database and upload folders to ``output``."""
    roots = upload_roots()
    with tempfile.TemporaryDirectory(prefix="evalsys-backup-") as folder:
        work, members = Path(folder), {}
        with snapshot_connection() as conn:
            revision = database_revision(conn)  # the first read: it fixes the snapshot
            files = {name: _copy_root(name, root, work, members) for name, root in roots.items()}
            described = [_dump_table(conn, table, work, members) for table in tables()]
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "app_version": current_app.config["VERSION"], "alembic_revision": revision,
            "migrations_head": migrations_head(), "dialect": db.engine.dialect.name,
            "created_at": utcnow().isoformat(), "tables": described, "upload_roots": files,
            "members": members,
        }
        write_archive(output, manifest, [(name, work / name) for name in members])
    return BackupReport(output, len(described), sum(t["rows"] for t in described),
                        sum(files.values()), output.stat().st_size)


@contextmanager
def snapshot_connection() -> Iterator[Connection]:
    """Yield a connection inside one read-only snapshot transaction; roll it back after."""
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        elif conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")  # pysqlite would otherwise autocommit every SELECT
        else:
            conn.execution_options(isolation_level="SERIALIZABLE")
        try:
            yield conn
        finally:
            conn.rollback()


def _copy_root(name: str, root: Path, work: Path, members: dict) -> int:
    """Copy one upload folder into the staging folder; return how many files it holds."""
    count = 0
    for relative, path in iter_files(root):
        member = check_name(f"files/{name}/{relative}")
        target = work / member
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            digest, size = copy_file(path, target)
        except FileNotFoundError:  # deleted after the snapshot: its row is gone too
            continue
        members[member] = {"sha256": digest, "size": size}
        count += 1
    return count


def _dump_table(conn: Connection, table: Table, work: Path, members: dict) -> dict:
    """Stream one table into ``data/<table>.jsonl``; return its manifest entry."""
    member = f"data/{table.name}.jsonl"
    target = work / member
    target.parent.mkdir(parents=True, exist_ok=True)
    statement = select_rows(table)
    if conn.dialect.supports_server_side_cursors:
        statement = statement.execution_options(yield_per=BATCH_ROWS)
    encode, digest, rows, size = row_encoder(table), hashlib.sha256(), 0, 0
    with target.open("wb", buffering=1024 * 1024) as out:
        for row in conn.execute(statement):
            line = (encode(row) + "\n").encode()
            digest.update(line)
            out.write(line)
            rows, size = rows + 1, size + len(line)
    members[member] = {"sha256": digest.hexdigest(), "size": size}
    return {"name": table.name, "columns": [c.name for c in table.columns], "rows": rows,
            "member": member}
