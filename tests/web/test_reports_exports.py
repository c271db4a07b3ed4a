"""Workbook, CSV, API and CLI exports of a run: same values as the database, safe cells."""
# ruff: noqa: F811  (the `dataset` fixture is imported from test_reports and used as argument)

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from models import IndicatorValue, db
from models.scoring import UnitScore
from tests.conftest import login
from tests.web.test_reports import HYPERLINK, dataset, pdf_text  # noqa: F401  (fixture)


def _scores(run) -> dict[str, UnitScore]:
    return {s.unit.code: s for s in db.session.scalars(
        select(UnitScore).where(UnitScore.run_id == run.id))}


def test_workbook_reopens_with_the_database_values(client, make_user, dataset):
    run = dataset["run"]
    login(client, make_user("viewer"))
    response = client.get(f"/reports/runs/{run.id}/ranking.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Skor", "Indikator", "Agregat", "Metodologi"]
    sheet = book["Skor"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]
    scores = _scores(run)
    assert [r["Kode unit"] for r in rows] == ["PKM-A", "PKM-B", "PKM-X"]
    for row in rows:
        stored = scores[row["Kode unit"]]
        assert row["Peringkat"] == stored.rank and row["Skor"] == stored.score
        assert row["Interval peringkat 5%"] == stored.rank_p05
    assert rows[2]["Unit"] == "'" + HYPERLINK  # text, never a formula
    assert rows[0]["Perubahan peringkat"] == 1 and rows[0]["Mutu IKM"] == "A"
    assert sheet["F2"].number_format == "0.00"
    values = book["Indikator"]
    assert values.max_row - 1 == db.session.scalar(
        select(db.func.count(IndicatorValue.id)).where(IndicatorValue.period_id == run.period_id))
    assert {c.value for c in values["H"][1:]} == {"disetujui", "diajukan"}
    aggregates = book["Agregat"]
    assert aggregates["D1"].value.endswith("(ikpp)") is False
    method = [[c.value for c in row] for row in book["Metodologi"].iter_rows()]
    assert ["Perhitungan", f"#{run.id}"] in [r[:2] for r in method]
    assert ["Versi kode", run.code_version] in [r[:2] for r in method]
    assert any(r[0] == "ipp" and r[6] == "PermenPANRB 29/2022 jo. 4/2023" for r in method)


def test_csv_round_trips_and_neutralises_formulas(client, make_user, dataset):
    run = dataset["run"]
    login(client, make_user("viewer"))
    response = client.get(f"/reports/runs/{run.id}/scores.csv")
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    scores = _scores(run)
    for row in rows:
        stored = scores[row["Kode unit"]]
        assert int(row["Peringkat"]) == stored.rank
        assert float(row["Skor"]) == round(stored.score, 6)
    assert rows[2]["Unit"] == "'" + HYPERLINK
    aggregates = client.get(f"/reports/runs/{run.id}/aggregates.csv").data.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(aggregates)))
    assert header[:3] == ["Kode unit", "Unit", "Jenis"] and "(ikpp)" in header[-1]
    indicators = client.get(f"/reports/runs/{run.id}/indicators.csv").data.decode("utf-8-sig")
    assert "PKM-B,Puskesmas Beta,puskesmas,ipp" in indicators
    assert client.get(f"/reports/runs/{run.id}/secrets.csv").status_code == 404


def test_api_downloads(client, make_user, dataset):
    run, beta = dataset["run"], dataset["units"][1]
    login(client, make_user("viewer"))
    assert client.get(f"/api/v1/runs/{run.id}/report.pdf").mimetype == "application/pdf"
    book = client.get(f"/api/v1/runs/{run.id}/report.xlsx")
    assert load_workbook(io.BytesIO(book.data))["Skor"]["C3"].value == "Puskesmas Beta"
    assert client.get(f"/api/v1/runs/{run.id}/scores.csv").data == \
        client.get(f"/reports/runs/{run.id}/scores.csv").data
    missing = client.get(f"/api/v1/runs/{run.id}/nope.csv")
    assert missing.status_code == 404 and missing.is_json
    card = client.get(f"/api/v1/runs/{run.id}/units/{beta.id}/card.pdf")
    assert "Puskesmas Beta" in "".join(pdf_text(card.data))


def test_cli_writes_what_the_route_serves(app, client, runner, make_user, dataset, tmp_path):
    run, beta = dataset["run"], dataset["units"][1]
    login(client, make_user("viewer"))
    target = tmp_path / "skor.csv"
    result = runner.invoke(args=["export", "csv", "--table", "scores", "--period", "2025-S1",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == client.get(f"/reports/runs/{run.id}/scores.csv").data
    book = tmp_path / "p.xlsx"
    assert runner.invoke(args=["export", "excel", "--run", str(run.id), "-o", str(book)]
                         ).exit_code == 0
    from_route = load_workbook(io.BytesIO(client.get(f"/reports/runs/{run.id}/ranking.xlsx").data))
    from_cli = load_workbook(book)
    for name in from_route.sheetnames:
        assert [[c.value for c in r] for r in from_route[name].iter_rows()] == \
            [[c.value for c in r] for r in from_cli[name].iter_rows()]
    pdf = tmp_path / "r.pdf"
    assert runner.invoke(args=["export", "ranking-pdf", "--period", "2025-S1", "-o", str(pdf)]
                         ).exit_code == 0
    route_text = pdf_text(client.get(f"/reports/runs/{run.id}/ranking.pdf").data)
    assert _without_clock(pdf_text(pdf.read_bytes())) == _without_clock(route_text)
    card = tmp_path / "c.pdf"
    assert runner.invoke(args=["export", "unit-card", "--unit", "PKM-B", "--period", "2025-S1",
                               "-o", str(card)]).exit_code == 0
    assert _without_clock(pdf_text(card.read_bytes())) == _without_clock(pdf_text(
        client.get(f"/reports/runs/{run.id}/units/{beta.id}/card.pdf").data))
    bad = runner.invoke(args=["export", "csv", "--period", "1999-S1"])
    assert bad.exit_code != 0 and "tidak ditemukan" in bad.output


def _without_clock(pages: list[str]) -> list[str]:
    """Drop the footer's generation time, the one thing that differs between two renders."""
    import re

    return [re.sub(r"Dibuat .*WIB", "", re.sub(r"Tanggal laporan.*", "", p)) for p in pages]
