"""Write computed values into locked demo periods while the demo is loaded."""

from collections.abc import Iterator
from contextlib import contextmanager

from models import Period


@contextmanager
def opened(period: Period) -> Iterator[Period]:
    """Open a locked period for the duration of the block, then restore its lock.

    The demo's 2024 semesters are locked as a real kabupaten's would be, yet their computed
    indicators must exist for the trend and rank-change pages; only seeders use this.
    """
    locked, period.is_locked = period.is_locked, False
    try:
        yield period
    finally:
        period.is_locked = locked
