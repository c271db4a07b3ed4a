"""`flask --app evalsys export …`: the same builders as the reports pages and the API.

    flask --app evalsys export ranking-pdf --period 2025-S2 [--run ID] -o laporan.pdf
    flask --app evalsys export excel --period 2025-S2 -o peringkat.xlsx
    flask --app evalsys export csv --table scores --period 2025-S2 -o skor.csv
    flask --app evalsys export unit-card --unit PKM-KARANGASEM --period 2025-S2 -o rapor.pdf
    flask --app evalsys export unit-cards --period 2025-S2 -o rapor.zip
"""

from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from models import Period, Unit, db
from models.scoring import ScoreRun

from ..rankings import queries
from . import builders
from .tables import TABLES

export = AppGroup("export", help="Export reports of a score run (PDF, XLSX, CSV, ZIP).")


def init_app(app: Flask) -> None:
    """Register the `export` command group."""
    app.cli.add_command(export)


def resolve_run(period_code: str | None, run_id: int | None) -> ScoreRun:
    """Return the run asked for: --run, else the period's official (else latest) run."""
    if run_id is not None:
        run = db.session.get(ScoreRun, run_id)
        if run is None or run.status != "done":
            raise click.ClickException(f"Perhitungan #{run_id} tidak ada atau belum selesai.")
        return run
    if not period_code:
        raise click.UsageError("Sebutkan --period KODE atau --run ID.")
    period = db.session.scalar(select(Period).where(Period.code == period_code))
    if period is None:
        raise click.ClickException(f"Periode {period_code} tidak ditemukan.")
    run = queries.run_for_period(period)
    if run is None:
        raise click.ClickException(f"Belum ada perhitungan selesai pada periode {period_code}.")
    return run


def _run_options(command: Callable) -> Callable:
    """Add --period, --run and -o, resolve the run, and write what the command returns."""
    @click.option("--period", "period_code", help="Kode periode, mis. 2025-S2.")
    @click.option("--run", "run_id", type=int, help="Nomor perhitungan (menggantikan --period).")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="Berkas tujuan (bawaan: nama baku di folder kerja).")
    @wraps(command)
    def wrapper(period_code, run_id, output, **kwargs):
        # Babel takes the interface language from a request; the default one is Indonesian.
        with current_app.test_request_context("/"):
            run = resolve_run(period_code, run_id)
            content, default_name = command(run, **kwargs)
        target = output or Path(default_name)
        target.write_bytes(content)
        click.echo(f"{target} ({len(content):,} bytes) dari perhitungan #{run.id} "
                   f"periode {run.period.code}.")
    return wrapper


@export.command("ranking-pdf")
@_run_options
def ranking_pdf(run: ScoreRun):
    """Laporan peringkat untuk pimpinan (PDF)."""
    return builders.ranking_report_pdf(run), f"peringkat-{run.period.code}-run{run.id}.pdf"


@export.command("excel")
@_run_options
def excel(run: ScoreRun):
    """Buku kerja: Skor, Indikator, Agregat, Metodologi (XLSX)."""
    return builders.ranking_workbook(run), f"peringkat-{run.period.code}-run{run.id}.xlsx"


@export.command("csv")
@click.option("--table", type=click.Choice(TABLES), default="scores", show_default=True)
@_run_options
def csv_table(run: ScoreRun, table: str):
    """Satu tabel sebagai CSV (UTF-8 dengan BOM, dipisah koma)."""
    return (builders.ranking_csv(run, table),
            f"peringkat-{run.period.code}-run{run.id}-{table}.csv")


@export.command("unit-card")
@click.option("--unit", "unit_code", required=True, help="Kode unit.")
@_run_options
def unit_card(run: ScoreRun, unit_code: str):
    """Rapor satu unit (PDF)."""
    unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
    if unit is None or unit.code not in run.inputs["values"]:
        raise click.ClickException(f"Unit {unit_code} tidak ada dalam perhitungan #{run.id}.")
    return builders.unit_card_pdf(run, unit), builders.card_filename(run, unit)


@export.command("unit-cards")
@_run_options
def unit_cards(run: ScoreRun):
    """Rapor semua unit dalam satu ZIP."""
    def progress(done: int, total: int) -> None:
        click.echo(f"\r{done}/{total}", nl=done == total, err=True)

    return builders.unit_cards_zip(run, progress), f"rapor-unit-{run.period.code}-run{run.id}.zip"


@export.command("dossier")
@click.option("--innovation", "innovation_id", type=int, required=True, help="Nomor inovasi.")
@click.option("--format", "kind", type=click.Choice(["pdf", "docx", "zip"]), default="pdf",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
def dossier(innovation_id: int, kind: str, output: Path | None):
    """Dokumen proposal kompetisi inovasi (PDF, DOCX, atau ZIP dengan lampiran)."""
    from models.innovation import Innovation

    from ..innovations.routes_items import BUILDERS

    innovation = db.session.get(Innovation, innovation_id)
    if innovation is None:
        raise click.ClickException(f"Inovasi #{innovation_id} tidak ditemukan.")
    with current_app.test_request_context("/"):
        content = BUILDERS[kind](innovation)
    target = output or Path(f"dossier-inovasi-{innovation_id}.{kind}")
    target.write_bytes(content)
    click.echo(f"{target} ({len(content):,} bytes): {innovation.name}.")
