"""API downloads of a run's reports, on the JSON API's blueprint (/api/v1).

Registered by importing this module from evalsys/api/__init__.py, like api/rankings.py;
session or bearer-token auth, errors as JSON (the API blueprint's handlers).
"""

from flask import abort

from ..api import bp
from . import builders
from .data import done_run_or_404, unit_in_run_or_404
from .routes import CSV, PDF, XLSX, base_name, download
from .tables import TABLES


@bp.get("/runs/<int:run_id>/report.pdf")
def run_report_pdf(run_id: int):
    """Return the run's ranking report (PDF)."""
    run = done_run_or_404(run_id)
    return download(builders.ranking_report_pdf(run), PDF, f"{base_name(run)}.pdf")


@bp.get("/runs/<int:run_id>/report.xlsx")
def run_report_xlsx(run_id: int):
    """Return the run's workbook (XLSX)."""
    run = done_run_or_404(run_id)
    return download(builders.ranking_workbook(run), XLSX, f"{base_name(run)}.xlsx")


@bp.get("/runs/<int:run_id>/<table>.csv")
def run_table_csv(run_id: int, table: str):
    """Return one of the run's tables as CSV: scores, indicators or aggregates."""
    if table not in TABLES:
        abort(404, description=f"Tabel tidak dikenal; pilih {', '.join(TABLES)}.")
    run = done_run_or_404(run_id)
    return download(builders.ranking_csv(run, table), CSV, f"{base_name(run)}-{table}.csv")


@bp.get("/runs/<int:run_id>/units/<int:unit_id>/card.pdf")
def run_unit_card(run_id: int, unit_id: int):
    """Return one unit's report card in the run (PDF)."""
    run = done_run_or_404(run_id)
    unit = unit_in_run_or_404(run, unit_id)
    return download(builders.unit_card_pdf(run, unit), PDF, builders.card_filename(run, unit))
