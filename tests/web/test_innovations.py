"""Innovation registry: create/edit with scope, verdicts, indicators from evalsys, uploads."""

import html
import io
from datetime import date

import pytest
from sqlalchemy import select

from models import db
from models.innovation import Innovation, InnovationEvidence, InnovationIndicator
from tests.conftest import login

PDF = b"%PDF-1.4\n% test\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def profile(unit, **kw):
    data = {"unit_id": str(unit.id), "name": "Antrean WA", "category": "kesehatan",
            "group": "umum", "stage": "penerapan", "started_on": "2021-01-04",
            "implemented_on": "2021-07-01", "s_ringkasan": "Antrean daring lewat WhatsApp.",
            "s_dampak": "Bagian Khusus diisi juga."}
    data.update(kw)
    return data


@pytest.fixture
def world(app, tmp_path, make_unit, make_user):
    app.config["INNOVATION_UPLOAD_DIR"] = str(tmp_path / "inov")
    own, other = make_unit(name="Puskesmas Sukamaju"), make_unit(name="Puskesmas Lain")
    evaluator = make_user("evaluator", units=[own])
    return own, other, evaluator


def make_innovation(unit, **kw):
    values = {"unit_id": unit.id, "name": "Jemput Bola KTP-el", "category": "tata_kelola",
              "group": "umum", "stage": "penerapan", "started_on": date(2020, 1, 6),
              "implemented_on": date(2020, 6, 1), "sections": {"ringkasan": "Ringkas."}}
    values.update(kw)
    innovation = Innovation(**values)
    db.session.add(innovation)
    db.session.commit()
    return innovation


def test_evaluator_registers_an_innovation_of_their_unit(client, world):
    own, _other, evaluator = world
    login(client, evaluator)
    response = client.post("/innovations/new", data=profile(own))
    assert response.status_code == 302
    innovation = db.session.scalar(select(Innovation))
    assert innovation.unit_id == own.id and innovation.created_by_id == evaluator.id
    # Texts of every group are kept, so switching group does not lose a section.
    assert innovation.sections == {"ringkasan": "Antrean daring lewat WhatsApp.",
                                   "dampak": "Bagian Khusus diisi juga."}
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Antrean WA" in page and "Latar Belakang dan Tujuan" in page
    assert "Bagian \"Latar Belakang dan Tujuan\" belum diisi." in page


def test_evaluator_cannot_register_or_edit_for_another_unit(client, world):
    own, other, evaluator = world
    login(client, evaluator)
    response = client.post("/innovations/new", data=profile(other))
    assert response.status_code == 422  # the other unit is not among the choices
    assert db.session.scalar(select(Innovation)) is None
    foreign = make_innovation(other)
    assert client.get(f"/innovations/{foreign.id}/edit").status_code == 403
    assert client.post(f"/innovations/{foreign.id}/edit", data=profile(own)).status_code == 403
    assert client.post(f"/innovations/{foreign.id}/evidence",
                       data={"kind": "video", "title": "x", "url": "https://x.id"}
                       ).status_code == 403
    assert db.session.get(Innovation, foreign.id).unit_id == other.id


def test_penerapan_needs_its_date_and_dates_are_ordered(client, world):
    own, _other, evaluator = world
    login(client, evaluator)
    response = client.post("/innovations/new", data=profile(own, implemented_on=""))
    assert response.status_code == 422
    assert "memerlukan tanggal mulai penerapan" in response.get_data(as_text=True)
    response = client.post("/innovations/new", data=profile(own, implemented_on="2020-01-01"))
    assert "tidak boleh sebelum" in response.get_data(as_text=True)


def test_registry_filters_by_group_stage_and_eligibility(client, world, make_user):
    own, other, _evaluator = world
    make_innovation(own, name="Lama dan lengkap")
    make_innovation(other, name="Masih uji coba", stage="uji_coba", implemented_on=None)
    make_innovation(other, name="Replikasi tanpa asal", group="replikasi")
    login(client, make_user("viewer"))

    def names(query):
        page = client.get(f"/innovations/?{query}").get_data(as_text=True)
        return [n for n in ("Lama dan lengkap", "Masih uji coba", "Replikasi tanpa asal")
                if n in page]

    assert names("stage=uji_coba") == ["Masih uji coba"]
    assert names("group=replikasi") == ["Replikasi tanpa asal"]
    assert names(f"unit={own.id}") == ["Lama dan lengkap"]
    # Sections are incomplete everywhere, so nothing is eligible yet.
    assert names("eligible=1") == []
    assert len(names("eligible=0")) == 3


def test_indicator_values_are_taken_from_evalsys(client, world, make_period, make_indicator,
                                                 make_value):
    own, _other, evaluator = world
    before, after = make_period(year=2024, number=1), make_period(year=2025, number=1)
    ikm = make_indicator(code="ikm")
    make_value(own, before, ikm, 78.25, "approved")
    make_value(own, after, ikm, 86.5, "approved")
    innovation = make_innovation(own)
    login(client, evaluator)
    client.post(f"/innovations/{innovation.id}/indicators", data={
        "indicator_id": str(ikm.id), "before_period_id": str(before.id),
        "after_period_id": str(after.id)})
    row = db.session.scalar(select(InnovationIndicator))
    assert (row.before_value, row.after_value) == (78.25, 86.5)
    assert row.before_on == before.end_date and row.after_on == after.end_date
    assert row.unit_of_measure == "%" and row.source.startswith("Data evalsys")
    page = client.get(f"/innovations/{innovation.id}").get_data(as_text=True)
    assert "78,25" in page and "86,50" in page and "inov-chart" in page


def test_missing_evalsys_value_is_refused_with_the_period(client, world, make_period,
                                                          make_indicator):
    own, _other, evaluator = world
    period = make_period(year=2024, number=2)
    ikm = make_indicator(code="ikm")
    innovation = make_innovation(own)
    login(client, evaluator)
    response = client.post(f"/innovations/{innovation.id}/indicators", data={
        "indicator_id": str(ikm.id), "before_period_id": str(period.id), "after_value": "90"},
        follow_redirects=True)
    assert f"tidak punya nilai indikator pada periode {period.code}" in \
        response.get_data(as_text=True)
    assert db.session.scalar(select(InnovationIndicator)) is None


def test_typed_values_accept_a_decimal_comma(client, world):
    own, _other, evaluator = world
    innovation = make_innovation(own)
    login(client, evaluator)
    client.post(f"/innovations/{innovation.id}/indicators", data={
        "label": "Waktu tunggu", "unit_of_measure": "menit", "direction": "-1",
        "before_value": "45,5", "after_value": "12", "before_on": "2023-01-31",
        "after_on": "2024-01-31"})
    row = db.session.scalar(select(InnovationIndicator))
    assert (row.title, row.before_value, row.after_value, row.direction) == \
        ("Waktu tunggu", 45.5, 12.0, -1)


def test_evidence_upload_stores_and_serves_a_pdf(client, world, tmp_path):
    own, _other, evaluator = world
    innovation = make_innovation(own)
    login(client, evaluator)
    response = client.post(f"/innovations/{innovation.id}/evidence", data={
        "kind": "sk", "title": "SK Bupati", "file": (io.BytesIO(PDF), "SK Inovasi 2024.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    record = db.session.scalar(select(InnovationEvidence))
    assert record.original_name == "SK_Inovasi_2024.pdf"
    assert (tmp_path / "inov" / record.stored_name).read_bytes() == PDF
    served = client.get(f"/innovations/evidence/{record.id}")
    assert served.data == PDF and served.mimetype == "application/pdf"
    served.close()
    client.post(f"/innovations/evidence/{record.id}/remove")
    assert not (tmp_path / "inov" / record.stored_name).exists()


@pytest.mark.parametrize("name, data, message", [
    ("foto.gif", b"GIF89a" + b"\x00" * 20,
     "Jenis berkas tidak diizinkan; unggah PDF, JPG atau PNG."),
    ("foto.png", PDF, "Isi berkas bukan PNG yang sah (ekstensi tidak sesuai isi)."),
    ("../../etc/x.pdf", PDF, "Nama berkas tidak boleh memuat folder atau jalur"),
])
def test_wrong_uploads_are_refused_with_a_clear_message(client, world, name, data, message):
    own, _other, evaluator = world
    innovation = make_innovation(own)
    login(client, evaluator)
    response = client.post(f"/innovations/{innovation.id}/evidence", data={
        "kind": "foto", "title": "Foto loket", "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data", follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(InnovationEvidence)) is None


def test_a_video_is_a_link_and_links_must_be_http(client, world):
    own, _other, evaluator = world
    innovation = make_innovation(own)
    login(client, evaluator)
    page = client.post(f"/innovations/{innovation.id}/evidence", data={
        "kind": "video", "title": "Video", "file": (io.BytesIO(PNG), "video.png")},
        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "Video diberikan sebagai tautan" in page
    page = client.post(f"/innovations/{innovation.id}/evidence", data={
        "kind": "video", "title": "Video", "url": "javascript:alert(1)"},
        follow_redirects=True).get_data(as_text=True)
    assert "Tautan harus diawali http:// atau https://." in page
    client.post(f"/innovations/{innovation.id}/evidence", data={
        "kind": "video", "title": "Video", "url": "https://youtu.be/abc"})
    assert db.session.scalar(select(InnovationEvidence.url)) == "https://youtu.be/abc"
