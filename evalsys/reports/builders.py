"""The export builders (run → bytes) that the pages, the CLI and the API all call.

Each builder reads what it needs in a few set-based queries and returns the finished file; it
never commits. PDFs carry "Perhitungan #<run id>" and the generation time in their footer.
"""

import io
import zipfile
from collections.abc import Callable

from models import Unit
from models.scoring import ScoreRun

from ..pdf import render_pdf
from . import cards
from .context import report_context
from .data import ranking_data
from .sheets import csv_bytes, workbook_bytes
from .tables import TABLES, build_table


def footer(run: ScoreRun) -> str:
    """Return the PDF footer reference of a run."""
    return f"Perhitungan #{run.id} · {run.period.code}"


def ranking_report_pdf(run: ScoreRun) -> bytes:
    """Return the leadership ranking report of a run as PDF."""
    context = report_context(ranking_data(run))
    return render_pdf("pdf/ranking_report.html", footer=footer(run), **context)


def ranking_workbook(run: ScoreRun) -> bytes:
    """Return the workbook: sheets Skor, Indikator, Agregat and Metodologi."""
    data = ranking_data(run)
    tables = [build_table(data, name) for name in (*TABLES, "methodology")]
    return workbook_bytes(tables, {
        "title": f"Peringkat {run.period.code} — perhitungan #{run.id}",
        "creator": "evalsys", "created": run.finished_at or run.started_at,
        "modified": run.finished_at or run.started_at})


def ranking_csv(run: ScoreRun, table: str) -> bytes:
    """Return one table (scores, indicators or aggregates) as CSV, UTF-8 with BOM."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    return csv_bytes(build_table(ranking_data(run), table))


def unit_card_pdf(run: ScoreRun, unit: Unit) -> bytes:
    """Return one unit's report card (one or two pages) as PDF."""
    context = cards.card_context(run, unit, cards.CardBatch.load(run))
    return render_pdf("pdf/unit_card.html", footer=footer(run), **context)


def unit_cards_zip(run: ScoreRun, progress: Callable[[int, int], None] | None = None) -> bytes:
    """Return every unit's card in one ZIP; `progress(done, total)` is called after each card."""
    batch = cards.CardBatch.load(run)
    units = batch.units()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, unit in enumerate(units, start=1):
            pdf = render_pdf("pdf/unit_card.html", footer=footer(run),
                             **cards.card_context(run, unit, batch))
            archive.writestr(card_filename(run, unit), pdf)
            if progress is not None:
                progress(done, len(units))
    return buffer.getvalue()


def card_filename(run: ScoreRun, unit: Unit) -> str:
    """Return a card's file name: rapor-<period>-<unit code>.pdf (safe characters only)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in unit.code)
    return f"rapor-{run.period.code}-{safe}.pdf"
