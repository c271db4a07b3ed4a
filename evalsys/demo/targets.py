"""Demo targets (IKU) of Kabupaten Contoh for 2024 and 2025, from its RPJMD and Renstra."""

from models import db
from models.target import IndicatorTarget

RPJMD = "RPJMD Kabupaten Contoh 2021–2026, Lampiran IKU"
RENSTRA_DINKES = "Renstra Dinas Kesehatan Kabupaten Contoh 2021–2026"
RENSTRA_ORG = "Renstra Sekretariat Daerah (Bagian Organisasi) 2021–2026"
PK_MPP = "Perjanjian Kinerja Kepala DPMPTSP Tahun 2025"

# indicator, scope (None = kabupaten, "type:x" = unit type, "unit:CODE" = unit),
# {year: target}, baseline, baseline year, source, note
TARGETS = (
    ("ikm", None, {2024: 82.0, 2025: 84.0}, 78.5, 2021, RPJMD,
     "IKU Bupati: Indeks Kepuasan Masyarakat terhadap pelayanan publik."),
    ("ikm", "type:puskesmas", {2024: 83.0, 2025: 85.0}, 79.2, 2021, RENSTRA_DINKES,
     "IKM puskesmas, sasaran strategis meningkatnya mutu pelayanan kesehatan dasar."),
    ("ikm", "unit:DPMPTSP-MPP", {2025: 88.0}, 84.1, 2023, PK_MPP, None),
    ("sla_resolution_pct", None, {2024: 90.0, 2025: 90.0}, 71.4, 2021, RPJMD,
     "Persentase pengaduan yang diselesaikan dalam batas waktu layanan."),
    ("sp_coverage_pct", None, {2024: 100.0, 2025: 100.0}, 64.0, 2021, RPJMD,
     "Seluruh jenis layanan memiliki standar pelayanan yang ditetapkan dan dipublikasikan."),
    ("resolution_wd_median", None, {2024: 10.0, 2025: 7.0}, 14.0, 2021, RENSTRA_ORG,
     "Median hari kerja penyelesaian pengaduan; makin rendah makin baik."),
)


def _scope(scope: str | None, units: dict) -> dict:
    """Turn the table's scope into unit_id / unit_type."""
    if scope is None:
        return {}
    kind, _sep, value = scope.partition(":")
    if kind == "type":
        return {"unit_type": value}
    unit = units.get(value)
    return {"unit_id": unit.id} if unit is not None else {"unit_type": "__missing__"}


def seed(ctx) -> None:
    """Add the RPJMD/Renstra targets for 2024 and 2025 (no randomness needed)."""
    units = {u.code: u for u in ctx.units}
    rows = []
    for code, scope, by_year, baseline, baseline_year, source, note in TARGETS:
        indicator = ctx.indicators.get(code)
        where = _scope(scope, units)
        if indicator is None or where.get("unit_type") == "__missing__":
            continue
        rows += [IndicatorTarget(indicator_id=indicator.id, year=year, target=target,
                                 baseline=baseline, baseline_year=baseline_year,
                                 source_document=source, note=note, **where)
                 for year, target in by_year.items()]
    db.session.add_all(rows)
