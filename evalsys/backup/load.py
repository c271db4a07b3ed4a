"""Replace every table's rows with an archive's, on a connection inside one transaction.

Existing rows are removed children first (PostgreSQL: one ``TRUNCATE`` of all model tables,
which is transactional there; elsewhere ``DELETE`` per table), then the tables are loaded
parents first in batches. A self-reference (``unit.parent_id``) that points at a row not yet
loaded is written as NULL and set once its table is complete. On PostgreSQL every serial
sequence is moved past the largest id so that new rows do not collide with restored ones.
"""

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Integer, Table, bindparam, insert, text, update
from sqlalchemy.exc import DBAPIError

from .codec import Decoder, decoders
from .errors import BackupError
from .schema import tables

#: Rows sent per INSERT round trip.
BATCH_ROWS = 2000


def replace_all(conn: Connection, manifest: dict, work: Path) -> dict[str, int]:
    """Empty every model table and load the archive's rows; return rows loaded per table."""
    described = {entry["name"]: entry for entry in manifest["tables"]}
    try:
        _empty_tables(conn)
    except DBAPIError as exc:
        raise BackupError(f"Could not empty the tables ({exc.orig}); does the database have "
                          "the schema (`flask --app evalsys db upgrade`)? Nothing was changed."
                          ) from exc
    counts = {}
    for table in tables():
        entry = described[table.name]
        try:
            counts[table.name] = _load_table(conn, table, entry["columns"],
                                             work / entry["member"])
        except DBAPIError as exc:
            raise BackupError(f"Restore failed while loading table {table.name}: "
                              f"{exc.orig}. The database was left unchanged.") from exc
        if counts[table.name] != entry["rows"]:
            raise BackupError(f"Table {table.name}: {counts[table.name]} rows in the archive, "
                              f"the manifest says {entry['rows']}. Nothing was changed.")
    if conn.dialect.name == "postgresql":
        _reset_sequences(conn)
    return counts


def _empty_tables(conn: Connection) -> None:
    """Remove every row of the model tables, children first."""
    if conn.dialect.name == "postgresql":
        names = ", ".join(conn.dialect.identifier_preparer.format_table(t) for t in tables())
        conn.execute(text(f"TRUNCATE {names}"))
        return
    for table in reversed(tables()):
        conn.execute(table.delete())


def _load_table(conn: Connection, table: Table, names: list[str], path: Path) -> int:
    """Insert one table's rows in batches; return how many were inserted."""
    decode, links = decoders(table, names), _SelfReferences(table)
    batch, count = [], 0
    with path.open("rb") as source:
        for number, line in enumerate(source, 1):
            batch.append(links.admit(_decode_line(table, names, decode, line, number)))
            if len(batch) >= BATCH_ROWS:
                conn.execute(insert(table), batch)
                count, batch = count + len(batch), []
    if batch:
        conn.execute(insert(table), batch)
        count += len(batch)
    links.apply(conn)
    return count


def _decode_line(table: Table, names: list[str], decode: list[Decoder], line: bytes,
                 number: int) -> dict[str, Any]:
    """Return one archived row as a column → value mapping, refusing a malformed line."""
    try:
        values = json.loads(line)
        if not isinstance(values, list) or len(values) != len(names):
            raise ValueError("wrong number of values")
        return {name: parse(value) for name, parse, value in zip(names, decode, values,
                                                                 strict=True)}
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupError(f"Table {table.name}, line {number}: malformed row ({exc}). "
                          "Nothing was changed.") from exc


class _SelfReferences:
    """Hold back references to rows of the same table that are not loaded yet."""

    def __init__(self, table: Table) -> None:
        """Find the table's nullable single-column foreign keys to itself."""
        self.table = table
        self.pk = list(table.primary_key.columns)
        # Columns an UPDATE would otherwise stamp (updated_at): kept at their archived value.
        self.keep = [c.name for c in table.columns if c.onupdate is not None]
        self.links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys
                      if fk.column.table is table and fk.parent.nullable]
        self.seen: dict[str, set] = {target: set() for _source, target in self.links}
        self.pending: dict[str, list[dict]] = {source: [] for source, _target in self.links}

    def admit(self, row: dict[str, Any]) -> dict[str, Any]:
        """Return the row to insert now, with forward self-references set aside."""
        for source, target in self.links:
            self.seen[target].add(row[target])
            if row[source] is not None and row[source] not in self.seen[target]:
                key = {f"pk_{c.name}": row[c.name] for c in self.pk}
                kept = {f"keep_{name}": row[name] for name in self.keep}
                self.pending[source].append({**key, **kept, "link_value": row[source]})
                row = {**row, source: None}
        return row

    def apply(self, conn: Connection) -> None:
        """Set the held-back references now that every row of the table exists."""
        for source, rows in self.pending.items():
            if rows:
                where = [c == bindparam(f"pk_{c.name}") for c in self.pk]
                values = {name: bindparam(f"keep_{name}") for name in self.keep}
                statement = update(self.table).where(*where).values(
                    {**values, source: bindparam("link_value")})
                conn.execute(statement, rows)


def _reset_sequences(conn: Connection) -> None:
    """Move each table's serial sequence past its largest id (PostgreSQL only)."""
    quote = conn.dialect.identifier_preparer
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        name, column = quote.format_table(table), quote.format_column(keys[0])
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence(:table, :column), "
            f"COALESCE(MAX({column}), 0) + 1, false) FROM {name}"),
            {"table": name, "column": keys[0].name})
