"""Ranking report PDF, unit card PDF and the ZIP job, on a small hand-computed dataset.

Three puskesmas-type units, two indicators (IKM 90/80/70 and IPP 4,5/4,0/1,5), min-max 0–100:
A scores 100,0; B (0,25·50 + 0,20·83,33…)/0,45 = 64,8; the third 0,0. A previous period has B
ahead of A, so A rose one place and B fell one. The first page of each PDF is rendered to
test-output/reports/ for a person to look at.
"""

import io
import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from evalsys.i18n import number
from evalsys.rankings import explain, operations
from evalsys.reports import cards
from models import Unit, db
from models.proposal import Proposal
from models.target import IndicatorTarget
from tests.conftest import csrf_token_from, login

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "reports"
HYPERLINK = '=HYPERLINK("http://contoh.invalid","klik")'


@pytest.fixture
def dataset(make_unit, make_period, make_indicator, make_value):
    """Build the region, three units, two periods with runs, and an IKM target."""
    region = make_unit(code="KAB-UJI", name="Pemerintah Kabupaten Uji", level="pemda",
                       unit_type="pemda")
    units = [make_unit(code=c, name=n, unit_type="puskesmas")
             for c, n in (("PKM-A", "Puskesmas Alpha"), ("PKM-B", "Puskesmas Beta"),
                          ("PKM-X", HYPERLINK))]
    ikm = make_indicator(code="ikm", min_value=25, max_value=100,
                         legal_basis="PermenPANRB 14/2017 tentang Pedoman Penyusunan SKM")
    ipp = make_indicator(code="ipp", min_value=0, max_value=5,
                         legal_basis="PermenPANRB 29/2022 jo. 4/2023")
    before, period = make_period(year=2024, number=2), make_period(year=2025, number=1)
    for unit, values in zip(units, ((80, 4.0, 90, 4.5), (90, 4.5, 80, 4.0), (70, 1.5, 70, 1.5)),
                            strict=True):
        make_value(unit, before, ikm, values[0], "approved")
        make_value(unit, before, ipp, values[1], "approved")
        make_value(unit, period, ikm, values[2], "approved")
        make_value(unit, period, ipp, values[3], "submitted")
    scheme = operations.ensure_default_scheme()
    old = operations.run_scheme(scheme, before, None)
    run = operations.run_scheme(scheme, period, None)
    old.is_official = run.is_official = True
    db.session.add(IndicatorTarget(indicator_id=ikm.id, year=2025, target=85.0,
                                   source_document="RPJMD 2021–2026"))
    db.session.commit()
    return {"run": run, "units": units, "period": period, "region": region}


def pdf_text(content: bytes) -> list[str]:
    """Return the text of each page."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def save_first_page(content: bytes, name: str) -> Path:
    """Render page 1 to PNG under test-output/reports/ and return the path."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / name
    pdfium.PdfDocument(content)[0].render(scale=1.5).to_pil().save(path)
    return path


def test_ranking_report_pdf_has_the_numbers(client, make_user, dataset):
    run = dataset["run"]
    login(client, make_user("viewer"))
    response = client.get(f"/reports/runs/{run.id}/ranking.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pages = pdf_text(response.data)
    text = "\n".join(pages)
    for n, page in enumerate(pages, start=1):
        assert f"Perhitungan #{run.id}" in page
        assert f"Halaman {n} / {len(pages)}" in page
    assert "Pemerintah Kabupaten Uji" in text and "2025-S1" in text
    assert "Resmi" in text and "Indeks Kinerja Pelayanan Publik v1" in text
    assert re.search(r"1\s*Puskesmas Alpha\s*puskesmas\s*100,0\s*A\s*▲ 1", text)
    assert re.search(r"2\s*Puskesmas Beta\s*puskesmas\s*64,8\s*B\s*▼ 1", text)
    assert "80,00 (B)" in text  # average IKM (90 + 80 + 70) / 3 with its grade
    assert "Belum ada usulan" in text
    assert "PermenPANRB 29/2022 jo. 4/2023" in text  # legal basis in the appendix
    assert "perhitungan #" in text.lower() and run.code_version in text
    assert save_first_page(response.data, "ranking_report.png").stat().st_size > 10_000


def test_ranking_report_counts_proposals(client, make_user, dataset):
    run, unit = dataset["run"], dataset["units"][0]
    for kind, status in (("reward", "proposed"), ("reward", "approved"),
                         ("coaching", "held_back")):
        db.session.add(Proposal(run_id=run.id, period_id=run.period_id, unit_id=unit.id,
                                kind=kind, status=status, title="Usulan", evidence=[],
                                legal_basis="UU 25/2009", detail={}))
    db.session.commit()
    login(client, make_user("viewer"))
    text = "\n".join(pdf_text(client.get(f"/reports/runs/{run.id}/ranking.pdf").data))
    assert "Belum ada usulan" not in text
    assert re.search(r"Penghargaan\s*1\s*1\s*0\s*2", text)
    assert re.search(r"Pembinaan\s*0\s*0\s*1\s*1", text)


def test_unit_card_has_the_units_numbers(client, make_user, dataset):
    run, alpha = dataset["run"], dataset["units"][0]
    login(client, make_user("viewer"))
    response = client.get(f"/reports/runs/{run.id}/units/{alpha.id}/card.pdf")
    assert response.status_code == 200
    pages = pdf_text(response.data)
    assert 1 <= len(pages) <= 2
    text = "\n".join(pages)
    assert "Puskesmas Alpha" in text and "100,0" in text and "1 / 3" in text
    assert "90,00" in text and "85,00" in text  # IKM value and its target
    assert "106%" in text  # 90 / 85 achieved
    assert "80,00" in text  # peer median of IKM
    assert "berada di peringkat 1 dari 3 unit" in text
    assert "naik 1 peringkat" in text
    assert f"Perhitungan #{run.id}" in pages[0]
    save_first_page(response.data, "unit_card.png")


def test_unit_not_in_run_and_unfinished_run_give_404(client, make_user, make_unit, dataset):
    run = dataset["run"]
    login(client, make_user("viewer"))
    stranger = make_unit(code="NEW")
    assert client.get(f"/reports/runs/{run.id}/units/{stranger.id}/card.pdf").status_code == 404
    run.status = "running"
    db.session.commit()
    assert client.get(f"/reports/runs/{run.id}/ranking.pdf").status_code == 404


def test_batch_explanations_say_what_the_rank_page_says(app, dataset):
    run = dataset["run"]
    batch = cards.CardBatch.load(run)
    with app.test_request_context():
        for unit in batch.units():
            assert explain.narrative(cards.explanation(batch, unit), number) == \
                explain.narrative(explain.explain(run, unit), number)


def test_cards_zip_job(app, client, make_user, dataset, tmp_path):
    app.config["EXPORT_DIR"] = str(tmp_path)
    run = dataset["run"]
    login(client, make_user("viewer"))
    assert client.get(f"/reports/runs/{run.id}/cards.zip").status_code == 302  # not built yet
    page = client.get("/reports/")
    assert page.status_code == 200 and "Puskesmas Beta" in page.get_data(as_text=True)
    token = csrf_token_from(page.get_data(as_text=True))
    started = client.post(f"/reports/runs/{run.id}/cards", data={"csrf_token": token})
    assert started.status_code == 302
    assert "Selesai: 3 rapor unit" in client.get(f"/reports/runs/{run.id}/cards").get_data(
        as_text=True)
    response = client.get(f"/reports/runs/{run.id}/cards.zip")
    content = response.data
    response.close()  # the ZIP is sent from a file
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert sorted(archive.namelist()) == ["rapor-2025-S1-PKM-A.pdf", "rapor-2025-S1-PKM-B.pdf",
                                          "rapor-2025-S1-PKM-X.pdf"]
    text = "\n".join(pdf_text(archive.read("rapor-2025-S1-PKM-B.pdf")))
    assert "Puskesmas Beta" in text and "64,8" in text


def test_reports_page_without_runs(client, make_user, make_period):
    make_period()
    login(client, make_user("viewer"))
    body = client.get("/reports/").get_data(as_text=True)
    assert "Belum ada perhitungan" in body
    assert Unit is not None


def test_a_large_run_prints_the_ends_and_points_to_the_workbook(client, make_user, dataset,
                                                                monkeypatch):
    # Three units stand in for a province: lists longer than 2 rows print 1 unit of each end.
    from evalsys.reports import context

    monkeypatch.setattr(context, "PRINT_LIMIT", 2)
    monkeypatch.setattr(context, "PRINT_EDGE", 1)
    assert context.ends([1, 2, 3, 4, 5], 2) == [1, 2, 4, 5]
    assert context.ends([1, 2, 3], 2) == [1, 2, 3]
    login(client, make_user("viewer"))
    text = "\n".join(pdf_text(client.get(f"/reports/runs/{dataset['run'].id}/ranking.pdf").data))
    league = " ".join(text[text.index("Tabel peringkat"):].split())
    assert "tabel lengkap ada di buku kerja Excel" in league
    assert re.search(r"1\s*Puskesmas Alpha", league)
    assert not re.search(r"2\s*Puskesmas Beta\s*puskesmas", league)
