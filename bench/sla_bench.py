"""Benchmark: SLA evaluation of 1,000,000 complaints with 5,000,000 status events.

Run ``.venv/bin/python bench/sla_bench.py [--shuffle] [--str-status]``. Target: evaluate +
summarise in under 5 s on a 2-core machine. Data are synthetic (numpy, fixed seed): each
complaint follows one of seven life-cycle templates whose lengths average exactly 5 events.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere, no install

from scoring.calendar import working_calendar  # noqa: E402  (needs the path above)
from scoring.sla import STATUSES, SlaPolicy, evaluate_complaints, summarise_by_unit  # noqa: E402

N_COMPLAINTS, N_UNITS = 1_000_000, 500
# (share of complaints, statuses); shares are balanced around 5 so the total is exactly 5n.
TEMPLATES = [
    (0.05, ["bukan_wewenang"]),
    (0.10, ["diverifikasi", "didisposisikan", "ditindaklanjuti"]),
    (0.15, ["diverifikasi", "didisposisikan", "ditindaklanjuti", "selesai"]),
    (0.40, ["diverifikasi", "didisposisikan", "ditindaklanjuti", "selesai", "ditutup"]),
    (0.15, ["diverifikasi", "perlu_kelengkapan", "didisposisikan", "ditindaklanjuti", "selesai",
            "ditutup"]),
    (0.10, ["diterima", "diverifikasi", "didisposisikan", "perlu_kelengkapan", "ditindaklanjuti",
            "selesai", "ditutup"]),
    (0.05, ["diverifikasi", "didisposisikan", "ditindaklanjuti", "perlu_kelengkapan",
            "ditindaklanjuti", "selesai", "ditindaklanjuti", "selesai", "ditutup"]),
]  # fmt: skip
SEVERITIES = ["ringan", "normatif", "tidak_berkadar_pengawasan", "berkadar_pengawasan"]


def synthetic(n=N_COMPLAINTS, seed=2025):
    """Return (complaints, events) DataFrames; events are sorted by complaint and time."""
    rng = np.random.default_rng(seed)
    counts = [round(share * n) for share, _ in TEMPLATES]
    counts[3] += n - sum(counts)
    template = rng.permutation(np.repeat(np.arange(len(TEMPLATES)), counts))
    width = max(len(t) for _, t in TEMPLATES)
    table = np.full((len(TEMPLATES), width), -1, dtype=np.int8)
    for i, (_, statuses) in enumerate(TEMPLATES):
        table[i, : len(statuses)] = [STATUSES.index(s) for s in statuses]
    lengths = (table >= 0).sum(axis=1)[template]
    owner = np.repeat(np.arange(n), lengths)
    rank = np.arange(owner.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    seconds = np.datetime64("2024-01-01T00:00", "s") + rng.integers(0, 2 * 365 * 86400, n)
    received = seconds.astype("datetime64[us]")
    gaps = rng.exponential(30 * 3600, owner.size).astype("int64")  # about a day between steps
    cum = np.cumsum(gaps)
    offset = cum - np.repeat(
        cum[np.cumsum(lengths) - lengths] - gaps[np.cumsum(lengths) - lengths], lengths
    )
    at = received[owner] + (offset * 1_000_000).astype("timedelta64[us]")
    complaints = pd.DataFrame({
        "id": np.arange(n, dtype=np.int64) + 1, "unit_id": rng.integers(0, N_UNITS, n),
        "received_at": received, "kind": "pengaduan",
        "severity": pd.Categorical.from_codes(rng.integers(0, 4, n), SEVERITIES),
    })  # fmt: skip
    status = pd.Categorical.from_codes(table[template[owner], rank], STATUSES)
    events = pd.DataFrame({"complaint_id": owner + 1, "status": status, "at": at})
    return complaints, events


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shuffle", action="store_true", help="events in random order")
    parser.add_argument("--str-status", action="store_true", help="status as strings")
    args = parser.parse_args()
    t0 = time.perf_counter()
    complaints, events = synthetic()
    if args.shuffle:
        events = events.sample(frac=1, random_state=1, ignore_index=True)
    if args.str_status:
        events["status"] = events["status"].astype(str)
    calendar = working_calendar(range(2024, 2028))
    t1 = time.perf_counter()
    evaluated = evaluate_complaints(complaints, events, calendar, SlaPolicy(), "2026-01-31")
    t2 = time.perf_counter()
    summary = summarise_by_unit(evaluated, "2025-01-01", "2025-12-31")
    t3 = time.perf_counter()
    print(f"complaints {len(complaints):,}  events {len(events):,}  units {len(summary):,}")
    print(f"generate {t1 - t0:.2f} s   evaluate {t2 - t1:.2f} s   summarise {t3 - t2:.2f} s")
    print(f"evaluate + summarise: {t3 - t1:.2f} s (target < 5 s)")
    print(summary.head(3).round(1).to_string())


if __name__ == "__main__":
    main()
