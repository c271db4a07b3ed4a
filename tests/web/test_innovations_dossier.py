"""The innovation dossier: PDF text, DOCX headings, ZIP contents, and a PNG of page one."""

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pypdf
import pytest

from evalsys.innovations import dossier, uploads
from evalsys.innovations.labels import SECTION_LABELS
from models import db
from models.innovation import SECTIONS, Innovation, InnovationEvidence, InnovationIndicator
from tests.conftest import login

OUT = Path(__file__).resolve().parents[2] / "test-output" / "dossier"
PDF = b"%PDF-1.4\n% lampiran\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


@pytest.fixture
def replication(app, tmp_path, make_unit):
    """A Replikasi innovation with every section, two indicators and three evidence items."""
    app.config["INNOVATION_UPLOAD_DIR"] = str(tmp_path / "inov")
    unit = make_unit(name="Mal Pelayanan Publik Kabupaten Contoh")
    texts = {code: f"Isi bagian {code} dengan uraian yang cukup panjang untuk dicetak."
             for code in SECTIONS["replikasi"]}
    item = Innovation(unit_id=unit.id, name="Meja Layanan Satu Pintu", category="tata_kelola",
                      group="replikasi", stage="penerapan", started_on=date(2022, 1, 3),
                      implemented_on=date(2022, 7, 1), sections=texts,
                      replicated_from="Gerai Terpadu, Kota Sumberjaya")
    item.indicators = [
        InnovationIndicator(label="Waktu tunggu", unit_of_measure="menit", direction=-1,
                            before_value=47.5, after_value=18.25, before_on=date(2022, 6, 30),
                            after_on=date(2024, 6, 30)),
        InnovationIndicator(label="Indeks Kepuasan Masyarakat", unit_of_measure="poin",
                            before_value=76.61, after_value=88.31)]
    pdf_file = uploads.save(io.BytesIO(PDF), "SK Bupati 2022.pdf")
    jpg_file = uploads.save(io.BytesIO(JPG), "foto loket.jpg")
    item.evidence = [_evidence("sk", "SK Bupati", pdf_file),
                     _evidence("foto", "Foto meja layanan", jpg_file),
                     InnovationEvidence(kind="video", title="Video profil",
                                        url="https://youtu.be/contoh")]
    db.session.add(item)
    db.session.commit()
    return item


def _evidence(kind, title, stored):
    return InnovationEvidence(kind=kind, title=title, stored_name=stored.stored_name,
                              original_name=stored.original_name,
                              content_type=stored.content_type, size_bytes=stored.size_bytes)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_pdf_has_every_heading_and_the_before_after_numbers(app, replication):
    data = dossier.dossier_pdf(replication)
    text = " ".join(_pdf_text(data).split())
    for number, code in enumerate(SECTIONS["replikasi"], start=1):
        assert f"{number}. {SECTION_LABELS[code]}" in text
    for figure in ("47,50", "18,25", "76,61", "88,31", "Meja Layanan Satu Pintu",
                   "Mal Pelayanan Publik Kabupaten Contoh", "Halaman 1 /"):
        assert figure in text, figure
    assert "-29,25 (-61,6 %) · membaik" in text  # waiting time fell: better
    assert "<svg" not in text and "SK Bupati" in text


def test_first_page_renders_to_png(app, replication):
    import pypdfium2

    OUT.mkdir(parents=True, exist_ok=True)
    pdf = pypdfium2.PdfDocument(dossier.dossier_pdf(replication))
    for index in (0, len(pdf) - 1):  # the cover, and the page with the chart and evidence
        image = pdf[index].render(scale=1.3).to_pil()
        image.save(OUT / ("dossier_page1.png" if index == 0 else "dossier_last.png"))
        assert image.size[0] > 700
    pdf.close()
    assert (OUT / "dossier_page1.png").stat().st_size > 5000


def test_docx_has_every_proposal_section(app, replication):
    document = docx.Document(io.BytesIO(dossier.dossier_docx(replication)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    expected = [f"{n}. {SECTION_LABELS[c]}" for n, c in enumerate(SECTIONS["replikasi"], 1)]
    assert [h for h in headings if h[0].isdigit()] == expected
    assert "Indikator Sebelum dan Sesudah Inovasi" in headings
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "47,50 (30 Juni 2022)" in cells and "Gerai Terpadu, Kota Sumberjaya" in cells
    assert len(document.inline_shapes) == 1  # the before/after chart


def test_zip_holds_pdf_docx_and_attachments_under_safe_names(app, replication):
    archive = zipfile.ZipFile(io.BytesIO(dossier.dossier_zip(replication)))
    names = archive.namelist()
    assert names == ["Meja_Layanan_Satu_Pintu.pdf", "Meja_Layanan_Satu_Pintu.docx",
                     "lampiran/DAFTAR_LAMPIRAN.txt", "lampiran/01_SK_Bupati_2022.pdf",
                     "lampiran/02_foto_loket.jpg"]
    assert all(".." not in n and not n.startswith("/") and "\\" not in n for n in names)
    assert archive.read("lampiran/01_SK_Bupati_2022.pdf") == PDF
    listing = archive.read("lampiran/DAFTAR_LAMPIRAN.txt").decode()
    assert "https://youtu.be/contoh" in listing and "lampiran/02_foto_loket.jpg" in listing


def test_zip_skips_a_stored_name_that_is_not_ours(app, replication):
    replication.evidence[0].stored_name = "../../etc/passwd"
    db.session.commit()
    names = zipfile.ZipFile(io.BytesIO(dossier.dossier_zip(replication))).namelist()
    assert "lampiran/01_SK_Bupati_2022.pdf" not in names and "lampiran/02_foto_loket.jpg" in names


def test_downloads_from_the_page(client, replication, make_user):
    login(client, make_user("viewer"))
    for kind, mimetype in (("pdf", "application/pdf"), ("zip", "application/zip")):
        response = client.get(f"/innovations/{replication.id}/dossier.{kind}")
        assert response.status_code == 200 and response.mimetype == mimetype
        assert f'filename="dossier_Meja_Layanan_Satu_Pintu.{kind}"' in \
            response.headers["Content-Disposition"]


def test_api_and_cli_serve_the_same_dossier_as_the_page(client, runner, replication, make_user,
                                                        tmp_path):
    login(client, make_user("viewer"))
    page = client.get(f"/innovations/{replication.id}/dossier.docx")
    api = client.get(f"/api/v1/innovations/{replication.id}/dossier.docx")
    assert api.status_code == 200 and api.mimetype == page.mimetype
    headings = {p.text for p in docx.Document(io.BytesIO(api.data)).paragraphs}
    assert any("Meja Layanan Satu Pintu" in h for h in headings)
    assert client.get(f"/api/v1/innovations/{replication.id}/dossier.exe").status_code == 404
    target = tmp_path / "dossier.zip"
    result = runner.invoke(args=["export", "dossier", "--innovation", str(replication.id),
                                 "--format", "zip", "-o", str(target)])
    assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(target).namelist()
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".docx") for n in names)
    missing = runner.invoke(args=["export", "dossier", "--innovation", "999999"])
    assert missing.exit_code != 0 and "tidak ditemukan" in missing.output
