"""Fast bulk writes for the scale generator: COPY on PostgreSQL, executemany on SQLite.

Rows arrive as pandas DataFrames whose columns are the table's columns, ids included (the
generator numbers rows itself, so child rows can point at parents without a round trip).
Everything goes through the session's own connection, so the whole load is one transaction.
"""

import io
import json

import numpy as np
import pandas as pd
from sqlalchemy import JSON, DateTime, Integer, Table, func, insert, select, text

from models import db


class BulkWriter:
    """Write frames into tables of the session's database and keep id counters."""

    def __init__(self) -> None:
        self.connection = db.session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.rows: dict[str, int] = {}

    def next_id(self, table: Table) -> int:
        """Return the first free id of a table (1 on an empty one)."""
        return int(self.connection.scalar(select(func.coalesce(func.max(table.c.id), 0)))) + 1

    def write(self, table: Table, frame: pd.DataFrame) -> None:
        """Insert every row of the frame into the table."""
        if frame.empty:
            return
        frame = with_defaults(table, frame)
        if self.postgres:
            self._copy(table, frame)
        else:
            self._executemany(table, frame)
        self.rows[table.name] = self.rows.get(table.name, 0) + len(frame)

    def _copy(self, table: Table, frame: pd.DataFrame) -> None:
        """Stream the frame as CSV through COPY FROM STDIN (psycopg 3)."""
        frame = _postgres_frame(table, frame)
        buffer = io.StringIO()
        frame.to_csv(buffer, header=False, index=False, na_rep="")
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        raw = self.connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(
                f'COPY "{table.name}" ({columns}) FROM STDIN WITH (FORMAT csv)') as copy:
            copy.write(buffer.getvalue())

    def _executemany(self, table: Table, frame: pd.DataFrame) -> None:
        """Insert through SQLAlchemy Core (its type processors handle dates and JSON)."""
        records = frame.astype(object).where(frame.notna(), None).to_dict("records")
        self.connection.execute(insert(table), records)

    def finish(self, tables: list[Table]) -> None:
        """Move PostgreSQL id sequences past the ids written by hand; refresh statistics."""
        if not self.postgres:
            self.connection.execute(text("ANALYZE"))
            return
        for table in tables:
            if "id" in table.c and table.c.id.autoincrement:
                self.connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM \"{table.name}\"), false)"))
            self.connection.execute(text(f'ANALYZE "{table.name}"'))


def with_defaults(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Fill the columns the frame leaves out with their Python-side defaults (NOT NULL ones)."""
    missing = {}
    for column in table.c:
        default = column.default
        if column.name in frame.columns or default is None:
            continue
        value = default.arg(None) if default.is_callable else default.arg
        missing[column.name] = [value] * len(frame) if isinstance(value, list | dict) else value
    return frame.assign(**missing) if missing else frame


def _postgres_frame(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with JSON serialised and aware timestamps given their UTC offset."""
    out = {}
    for name in frame.columns:
        column, values = table.c[name], frame[name]
        if isinstance(column.type, JSON):
            values = values.map(lambda v: None if v is None else json.dumps(v))
        elif isinstance(column.type, Integer) and values.dtype.kind == "f":
            values = values.astype("Int64")  # ids with gaps (None) must not print as 1.0
        elif isinstance(column.type, DateTime) and column.type.timezone \
                and pd.api.types.is_datetime64_dtype(values.dtype):  # naive: UTC
            values = values.dt.strftime("%Y-%m-%d %H:%M:%S+00")
        out[name] = values
    return pd.DataFrame(out)


def without_indexes(writer: BulkWriter, table: Table):
    """Drop a big table's secondary indexes; return a callable that builds them again.

    Building an index once after the load is several times faster than keeping it up to date
    row by row. On SQLite (small sizes) the indexes stay.
    """
    if not writer.postgres:
        return lambda: None
    indexes = sorted(table.indexes, key=lambda i: i.name)
    for index in indexes:
        index.drop(writer.connection)

    def rebuild() -> None:
        for index in indexes:
            index.create(writer.connection)
    return rebuild


def allocate(weights: np.ndarray, total: int) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())
    if short:
        order = np.argsort(-(exact - counts), kind="stable")
        counts[order[:short]] += 1
    return counts


def pick(rng: np.random.Generator, options, shares, size: int) -> np.ndarray:
    """Draw ``size`` values from options with relative shares."""
    p = np.asarray(shares, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p / p.sum())]
