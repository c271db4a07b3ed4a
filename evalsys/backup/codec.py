"""Rows to JSON-safe lists and back, by column type, identically on SQLite and PostgreSQL.

JSON columns travel as their document text (read with ``CAST(col AS TEXT)``) so that SQL
NULL and a JSON ``null`` stay distinct. Datetimes are ISO 8601; those of
``DateTime(timezone=True)`` columns are written in UTC with ``+00:00`` (SQLite hands them
back naive, already in UTC). Non-finite floats are the strings ``NaN``, ``Infinity`` and
``-Infinity``; bytes are base64; decimals and UUIDs are strings.
"""

import base64
import json
import math
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    LargeBinary,
    Numeric,
    Table,
    Text,
    Time,
    TypeDecorator,
    Uuid,
    cast,
    null,
    select,
)
from sqlalchemy.sql import Select

from .errors import BackupError

Decoder = Callable[[Any], Any]
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _base_type(column: Column) -> Any:
    """Return the column's type, unwrapping a TypeDecorator."""
    kind = column.type
    return kind.impl_instance if isinstance(kind, TypeDecorator) else kind


def select_rows(table: Table) -> Select:
    """Return the SELECT that dumps a table: JSON columns as text, ordered by primary key."""
    columns = [cast(c, Text).label(c.name) if isinstance(_base_type(c), JSON) else c
               for c in table.columns]
    return select(*columns).order_by(*table.primary_key.columns)


def row_encoder(table: Table) -> Callable[[Any], str]:
    """Return a function turning one row of ``select_rows`` into a JSON array line."""
    aware = [isinstance(_base_type(c), DateTime) and bool(_base_type(c).timezone)
             for c in table.columns]

    def encode(row: Any) -> str:
        values = [_encode(value, tz) for value, tz in zip(row, aware, strict=True)]
        return json.dumps(values, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    return encode


def _encode(value: Any, aware: bool) -> Any:
    """Return a JSON-safe form of one column value."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        elif aware:
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise BackupError(f"Cannot back up a value of type {type(value).__name__}.")


def decoders(table: Table, names: list[str]) -> list[Decoder]:
    """Return, for the archive's column order, the function that decodes each value."""
    return [_decoder(table.columns[name]) for name in names]


def _decoder(column: Column) -> Decoder:
    """Return the decoder of one column, chosen by its type."""
    kind = _base_type(column)
    if isinstance(kind, JSON):
        return _decode_json
    if isinstance(kind, DateTime):
        return _datetime_decoder(bool(kind.timezone))
    for sql_type, parse in ((Date, date.fromisoformat), (Time, time.fromisoformat),
                            (LargeBinary, base64.b64decode), (Float, _decode_float),
                            (Numeric, Decimal)):
        if isinstance(kind, sql_type):
            return _nullable(parse)
    if isinstance(kind, Uuid) and kind.as_uuid:
        return _nullable(uuid.UUID)
    return _identity


def _identity(value: Any) -> Any:
    return value


def _nullable(parse: Decoder) -> Decoder:
    """Wrap a parser so that None stays None."""
    return lambda value: None if value is None else parse(value)


def _decode_float(value: Any) -> float:
    return _NON_FINITE[value] if isinstance(value, str) else float(value)


def _decode_json(value: str | None) -> Any:
    """Return SQL NULL for None, JSON null for the text ``null``, else the document."""
    if value is None:
        return null()
    document = json.loads(value)
    return JSON.NULL if document is None else document


def _datetime_decoder(aware: bool) -> Decoder:
    """Return a parser of ISO datetimes, made timezone-aware (UTC) for aware columns."""

    def parse(value: str | None) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value)
        if aware and moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        if not aware and moment.tzinfo is not None:
            return moment.astimezone(UTC).replace(tzinfo=None)
        return moment

    return parse
