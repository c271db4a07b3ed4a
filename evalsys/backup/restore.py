"""Restore an archive: check everything first, then replace data and files all-or-nothing.

Order: read and check the manifest (format, member names, tables and columns, alembic
revision, upload folders); refuse a database holding rows unless forced; unpack every member
while verifying its size and SHA-256 (data to a temporary folder, files to staging folders
beside the live upload folders); then, in one transaction, replace all rows, swap the upload
folders in and commit. A failure at any step rolls the transaction back and puts the old
folders back, so the database and files stay exactly as they were.
"""

import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import Connection

from models import db

from .archive import open_archive
from .errors import BackupError
from .files import FolderSwap, check_roots, make_staging, remove_staging, upload_roots
from .load import replace_all
from .schema import check_revision, check_tables, database_revision, non_empty_tables


@dataclass(frozen=True)
class RestoreReport:
    """What a restore loaded: rows per table, files per upload folder, the manifest."""

    rows: dict[str, int]
    files: dict[str, int]
    manifest: dict


def restore_backup(path: Path, force: bool = False) -> RestoreReport:
    """Replace the database's rows and the upload folders with an archive's contents."""
    roots = upload_roots()
    with open_archive(path) as (manifest, extract):
        check_manifest(manifest, roots)
        with db.engine.connect() as conn:
            check_revision(manifest["alembic_revision"], database_revision(conn))
            if not force:
                refuse_non_empty(conn)
        staged = make_staging(roots)
        try:
            with tempfile.TemporaryDirectory(prefix="evalsys-restore-") as folder:
                extract(partial(destination, Path(folder), staged))
                rows = _replace(Path(folder), manifest, FolderSwap(staged, roots), force)
        finally:
            remove_staging(staged)
    return RestoreReport(rows, dict(manifest["upload_roots"]), manifest)


def check_manifest(manifest: dict, roots: dict[str, Path]) -> None:
    """Refuse a manifest that is incomplete or does not fit this version and setup."""
    try:
        if missing := {"alembic_revision", "app_version", "upload_roots"} - set(manifest):
            raise KeyError(sorted(missing)[0])
        members = manifest["members"]
        check_tables(manifest["tables"])
        for entry in manifest["tables"]:
            if entry["member"] != f"data/{entry['name']}.jsonl" or entry["member"] not in members:
                raise BackupError(f"Refused: the manifest's entry for {entry['name']} is "
                                  "inconsistent.")
        check_roots(list(manifest["upload_roots"]), roots)
        for name in members:
            destination(Path("."), dict.fromkeys(roots, Path(".")), name)
    except (KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"Refused: the manifest is incomplete ({exc!r}).") from exc


def destination(work: Path, staged: dict[str, Path], name: str) -> Path:
    """Return where an archive member is unpacked: data to ``work``, files to staging."""
    head, _, rest = name.partition("/")
    if head == "data" and rest.endswith(".jsonl") and "/" not in rest:
        return work / name
    root, _, relative = rest.partition("/")
    if head == "files" and root in staged and relative:
        return staged[root] / relative
    raise BackupError(f"Refused: unexpected archive member {name!r}. Nothing was changed.")


def refuse_non_empty(conn: Connection) -> None:
    """Refuse to overwrite a database that already holds rows."""
    if busy := non_empty_tables(conn):
        raise BackupError(
            f"The database is not empty ({len(busy)} tables hold rows, e.g. {busy[0]}); "
            "restore replaces everything in it: repeat with --force to do that.")


def _replace(work: Path, manifest: dict, swap: FolderSwap, force: bool) -> dict[str, int]:
    """Load the rows and swap the folders in one transaction; undo the swap on failure."""
    with db.engine.connect() as conn:
        try:
            with conn.begin():
                if not force:
                    refuse_non_empty(conn)  # again: a row may have arrived meanwhile
                rows = replace_all(conn, manifest, work)
                swap.apply()
        except BaseException:
            swap.undo()
            raise
    swap.finish()
    return rows
