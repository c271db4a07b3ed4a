"""Time the ranking report PDF and the workbook for 500 units (target: under 30 s each).

    .venv/bin/python bench/report_bench.py [--units 500] [--cards 20]

Builds a throwaway SQLite database: a kabupaten with N service units of several types, the
default scheme's indicators with random values, and an official run computed with
`rankings.operations.run_scheme`; then times each export and prints seconds and sizes.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evalsys import create_app  # noqa: E402
from evalsys.rankings import operations  # noqa: E402
from evalsys.reports import builders  # noqa: E402
from models import Indicator, IndicatorValue, Period, Unit, db  # noqa: E402

TYPES = ("puskesmas", "kelurahan", "desa", "kecamatan", "upt", "dinas")
# code, name, direction, low, high
INDICATORS = (("ikm", "Indeks Kepuasan Masyarakat", 1, 60, 98),
              ("sla_response_pct", "Pengaduan ditanggapi tepat waktu", 1, 20, 100),
              ("sla_resolution_pct", "Pengaduan selesai tepat waktu", 1, 10, 100),
              ("resolution_wd_median", "Median waktu penyelesaian", -1, 1, 20),
              ("sp_coverage_pct", "Cakupan standar pelayanan", 1, 0, 100),
              ("sop_coverage_pct", "Cakupan SOP", 1, 0, 100),
              ("staffing_fulfilment_pct", "Pemenuhan kebutuhan pegawai", 1, 40, 100),
              ("ipp", "Indeks Pelayanan Publik", 1, 1.5, 4.9),
              ("ombudsman_score", "Nilai kepatuhan Ombudsman", 1, 30, 99),
              ("layanan_daring_pct", "Layanan daring", 1, 0, 100),
              ("waktu_tunggu_menit", "Rata-rata waktu tunggu", -1, 5, 120))


def build(n_units: int, rng: random.Random):
    """Create the region, units, indicators, values and an official run; return the run."""
    region = Unit(code="KAB-BENCH", name="Pemerintah Kabupaten Bench", level="pemda",
                  unit_type="pemda")
    opd = Unit(code="OPD-BENCH", name="Dinas Bench", level="opd", unit_type="dinas",
               parent=region)
    db.session.add_all([region, opd])
    units = [Unit(code=f"U{i:04d}", name=f"Unit Layanan Nomor {i}", level="unit",
                  unit_type=TYPES[i % len(TYPES)], parent=opd) for i in range(n_units)]
    indicators = [Indicator(code=c, name_id=n, name_en=n, direction=d, unit_of_measure="%",
                            legal_basis="UU 25/2009", min_value=lo, max_value=hi)
                  for c, n, d, lo, hi in INDICATORS]
    period = Period.build("semester", 2025, 2)
    db.session.add_all([*units, *indicators, period])
    db.session.flush()
    rows = [{"unit_id": u.id, "period_id": period.id, "indicator_id": ind.id,
             "value": round(rng.uniform(lo, hi), 2), "status": "approved", "version": 1}
            for u in units for ind, (_c, _n, _d, lo, hi) in zip(indicators, INDICATORS,
                                                                 strict=True)
            if rng.random() > 0.08]
    db.session.execute(IndicatorValue.__table__.insert(), rows)
    run = operations.run_scheme(operations.ensure_default_scheme(), period, None)
    run.is_official = True
    db.session.commit()
    return run, units


def timed(label: str, build_file) -> None:
    """Run one builder and print its seconds and size."""
    start = time.perf_counter()
    content = build_file()
    print(f"{label:<28} {time.perf_counter() - start:6.1f} s  {len(content) / 1024:8.0f} KiB")


def main() -> None:
    """Build the database and time the exports."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--cards", type=int, default=10, help="unit cards to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/b.db"})
        with app.test_request_context("/"):
            db.create_all()
            start = time.perf_counter()
            run, units = build(args.units, random.Random(2025))
            print(f"{args.units} units, run #{run.id} built in "
                  f"{time.perf_counter() - start:.1f} s")
            timed("ranking report PDF", lambda: builders.ranking_report_pdf(run))
            timed("ranking report PDF (again)", lambda: builders.ranking_report_pdf(run))
            timed("workbook XLSX", lambda: builders.ranking_workbook(run))
            timed("scores CSV", lambda: builders.ranking_csv(run, "scores"))
            timed("unit card PDF", lambda: builders.unit_card_pdf(run, units[0]))
            start = time.perf_counter()
            for unit in units[:args.cards]:
                builders.unit_card_pdf(run, unit)
            per_card = (time.perf_counter() - start) / max(args.cards, 1)
            print(f"unit cards: {per_card:.2f} s each → ZIP of {args.units} ≈ "
                  f"{per_card * args.units / 60:.0f} min in the background")


if __name__ == "__main__":
    main()
