"""URL converters: an <int:…> id that no database column can hold is a 404, not a crash.

Werkzeug's int converter accepts any number of digits; 9223372036854775808 then reaches the
database driver, which cannot bind it (OverflowError on SQLite; on PostgreSQL a DataError that
also aborts the transaction) and the request ends in a 500. Every id column is INTEGER
(32-bit on PostgreSQL), so larger numbers never match the route.
"""

from werkzeug.routing import IntegerConverter

INTEGER_MAX = 2 ** 31 - 1


class BoundedIntConverter(IntegerConverter):
    """The standard int converter, with a default maximum of the largest INTEGER id."""

    def __init__(self, map, fixed_digits=0, min=None, max=INTEGER_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
