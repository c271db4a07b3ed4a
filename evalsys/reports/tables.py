"""The tables a run exports (scores, indicators, aggregates, methodology) as header + rows.

The workbook and the CSV files are written from these same tables. Cells hold Python values
(numbers stay numbers); text that a spreadsheet would run as a formula is neutralised on
writing, by `safe_cell`.
"""

import re
from dataclasses import dataclass

from .data import RankingData, indicator_values

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
STATUS_LABELS = {"draft": "draf", "submitted": "diajukan", "approved": "disetujui"}
TABLES = ("scores", "indicators", "aggregates")
NORMALISATIONS = {"minmax": "min-maks", "zscore": "skor-z", "goalposts": "goalpost",
                  "rank": "peringkat", "percentile": "persentil", "target": "jarak ke target"}
AGGREGATIONS = {"arithmetic": "rata-rata aritmetika berbobot",
                "geometric": "rata-rata geometrik berbobot"}


@dataclass
class Table:
    """One exported table: sheet title, column headers, number formats per column, rows."""

    title: str
    header: list[str]
    formats: list[str | None]
    rows: list[list]


def safe_cell(value):
    """Return text quoted when a spreadsheet would read it as a formula; other values as is.

    Control characters an XLSX cannot hold (NUL, ESC, …) are dropped first: openpyxl refuses
    them, which would turn a unit named with a pasted control character into a failed export.
    """
    if isinstance(value, str):
        value = CONTROL_CHARACTERS.sub("", value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def scores_table(data: RankingData) -> Table:
    """Return the league table: one row per unit, ranked first."""
    header = ["Peringkat", "Kode unit", "Unit", "Jenis", "Peringkat dalam jenis", "Skor",
              "IKM", "Mutu IKM", "Peringkat periode lalu", "Perubahan peringkat",
              "Interval peringkat 5%", "Interval peringkat 95%", "Kelengkapan data (%)",
              "Alasan tidak diberi peringkat"]
    formats = ["0", None, None, None, "0", "0.00", "0.00", None, "0", "+0;-0;0", "0", "0",
               "0", None]
    rows = [[r["rank"], r["code"], r["name"], r["unit_type"], r["group_rank"], r["score"],
             r["ikm"], r["grade"], r["previous_rank"], r["change"], r["p05"], r["p95"],
             None if r["coverage"] is None else 100 * r["coverage"], r["excluded_reason"]]
            for r in data.rows]
    return Table("Skor", header, formats, rows)


def indicators_table(data: RankingData) -> Table:
    """Return every value of the period (unit × indicator) with its status and use in the run."""
    header = ["Kode unit", "Unit", "Jenis", "Kode indikator", "Indikator", "Nilai", "Satuan",
              "Status", "Dipakai dalam perhitungan"]
    formats = [None, None, None, None, None, "0.00", None, None, None]
    used = data.run.inputs["values"]
    rows = [[unit, name, kind, code, ind_name, value, uom, STATUS_LABELS.get(status, status),
             "ya" if code in used.get(unit, {}) else "tidak"]
            for unit, name, kind, code, ind_name, value, uom, status in indicator_values(data.run)]
    return Table("Indikator", header, formats, rows)


def aggregates_table(data: RankingData) -> Table:
    """Return each unit's score on every aggregate of the scheme (aspects and the index)."""
    nodes = [row for row in data.framework if row["level"] > 1]
    nodes.sort(key=lambda row: (row["level"], data.framework.index(row)))
    header = ["Kode unit", "Unit", "Jenis"] + [f"{data.name_of(n['code'])} ({n['code']})"
                                               for n in nodes]
    formats = [None, None, None] + ["0.00"] * len(nodes)
    rows = [[r["code"], r["name"], r["unit_type"]] + [r["nodes"].get(n["code"]) for n in nodes]
            for r in data.rows]
    return Table("Agregat", header, formats, rows)


def methodology_table(data: RankingData) -> Table:
    """Return the scheme tree with weights, directions and legal bases, then the run facts."""
    header = ["Kode", "Nama", "Induk", "Tingkat", "Bobot", "Arah", "Dasar hukum"]
    rows = [[row["code"], data.name_of(row["code"]), row.get("parent") or "", row["level"],
             row["weight"], direction_label(row) if row["level"] == 1 else "",
             legal_basis(data, row["code"])] for row in data.framework]
    rows += [[]] + [[label, value] for label, value in run_facts(data)]
    return Table("Metodologi", header, [None, None, None, "0", "0.00", None, None], rows)


def direction_label(row: dict) -> str:
    """Say in words which way an indicator counts."""
    return "makin tinggi makin baik" if row.get("direction", 1) >= 0 else \
        "makin rendah makin baik"


def legal_basis(data: RankingData, code: str) -> str:
    """Return the indicator's legal basis from the catalogue (empty for aggregates)."""
    indicator = data.catalogue.get(code)
    return (indicator.legal_basis or "") if indicator is not None else ""


def run_facts(data: RankingData) -> list[tuple[str, str]]:
    """Return the run's identity and inputs summary as (label, text) pairs."""
    run, spec = data.run, data.run.spec
    norm = spec.get("normalisation") or {}
    values = run.inputs.get("values", {})
    low, high = norm.get("range", (0, 100))
    return [
        ("Perhitungan", f"#{run.id}"),
        ("Periode", run.period.code),
        ("Skema", f"{run.scheme.name} v{run.scheme.version}" if run.scheme else "–"),
        ("Status", "resmi" if run.is_official else "simulasi" if run.is_sandbox
         else "belum resmi"),
        ("Versi kode", run.code_version),
        ("Selesai (UTC)", run.finished_at.strftime("%Y-%m-%d %H:%M") if run.finished_at
         else "–"),
        ("Normalisasi", f"{NORMALISATIONS.get(norm.get('method'), norm.get('method'))}, "
                        f"rentang {low:g}–{high:g}"),
        ("Agregasi", AGGREGATIONS.get(spec.get("aggregation"), str(spec.get("aggregation")))),
        ("Kelengkapan data minimum", f"{100 * float(spec.get('min_coverage') or 0):g}%"),
        ("Kelompok sejenis", "jenis unit" if spec.get("peer_group") == "unit_type"
         else str(spec.get("peer_group") or "–")),
        ("Unit dalam masukan", str(len(values))),
        ("Nilai indikator dalam masukan", str(sum(len(v) for v in values.values()))),
        ("Catatan perhitungan", run.message or "–"),
    ]


def build_table(data: RankingData, name: str) -> Table:
    """Return one of the exported tables by its file name (scores, indicators, aggregates)."""
    return {"scores": scores_table, "indicators": indicators_table,
            "aggregates": aggregates_table, "methodology": methodology_table}[name](data)
