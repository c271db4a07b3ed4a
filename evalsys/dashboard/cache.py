"""A small in-process LRU cache of computed dashboard payloads.

Keys carry the database URL, the run, the period, the filters and a data stamp (see
queries.data_stamp), so a new or changed value, a new run or a new official run makes a new
key and stale entries simply age out. Each gunicorn worker keeps its own cache.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

MAX_ENTRIES = 128

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_generations: dict[Hashable, Hashable] = {}
_lock = threading.Lock()
stats = {"hits": 0, "misses": 0}


def get_or_set(key: Hashable, compute: Callable[[], Any]) -> Any:
    """Return the cached value of a key, computing and storing it on a miss."""
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            stats["hits"] += 1
            return _entries[key]
    value = compute()  # outside the lock: another thread may compute too, both are correct
    with _lock:
        stats["misses"] += 1
        _entries[key] = value
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def retire(scope: Hashable, generation: Hashable) -> None:
    """Drop entries keyed (scope, other generation, ...) once a new generation is seen.

    Keys start with (database, data stamp): when the data change, the old payloads can never
    be asked for again, so their memory is given back at once instead of waiting to age out.
    """
    with _lock:
        if _generations.get(scope) == generation:
            return
        _generations[scope] = generation
        for key in [k for k in _entries if isinstance(k, tuple) and len(k) > 1
                    and k[0] == scope and k[1] != generation]:
            del _entries[key]


def clear() -> None:
    """Forget every entry (tests; never needed for correctness)."""
    with _lock:
        _entries.clear()
        _generations.clear()
        stats.update(hits=0, misses=0)
