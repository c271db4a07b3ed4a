"""Evidence uploads: type, magic bytes, size, path tricks; stored outside the web root."""

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config import Config
from evalsys.standards import uploads
from evalsys.standards.uploads import UploadRejected
from models import ServiceType, db
from models.standard import StandardEvidence
from tests.conftest import login

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 24


@pytest.mark.parametrize("name", [
    "../evil.pdf", "../../etc/passwd.pdf", "..\\evil.pdf", "/etc/evil.pdf", "C:\\evil.pdf",
    "c:evil.pdf", "sub/dir.pdf", "a\x00b.pdf", "line\nbreak.pdf", ".hidden.pdf", "", "   ",
])
def test_names_with_paths_or_control_characters_are_refused(name):
    with pytest.raises(UploadRejected):
        uploads.clean_name(name)


def test_a_plain_name_is_sanitised_for_display():
    assert uploads.clean_name("SK Penetapan SP 2025 (final).pdf") == \
        "SK_Penetapan_SP_2025_final.pdf"


@pytest.mark.parametrize("name, data, kind", [
    ("sk.pdf", PDF, "application/pdf"), ("foto.PNG", PNG, "image/png"),
    ("papan.jpeg", JPG, "image/jpeg"), ("papan.jpg", JPG, "image/jpeg"),
])
def test_allowed_types_pass(name, data, kind):
    assert uploads.check(name, data[:16], len(data))[2] == kind


@pytest.mark.parametrize("name, data, message", [
    ("program.exe", b"MZ\x90\x00", "tidak diizinkan"),
    ("catatan.txt", b"%PDF-1.4", "tidak diizinkan"),
    ("page.html", b"<html>", "tidak diizinkan"),
    ("sk.pdf", PNG, "bukan PDF"),           # extension says PDF, content is a PNG
    ("foto.png", PDF, "bukan PNG"),
    ("foto.jpg", b"<svg onload=alert(1)>", "bukan JPG"),
    ("kosong.pdf", b"", "kosong"),
])
def test_wrong_type_or_content_is_refused(name, data, message):
    with pytest.raises(UploadRejected, match=message):
        uploads.check(name, data[:16], len(data))


def test_size_limit(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 64)
    assert uploads.check("ok.pdf", PDF[:16], 64)
    with pytest.raises(UploadRejected, match="terlalu besar"):
        uploads.check("big.pdf", PDF[:16], 65)


def test_default_upload_folder_is_outside_the_web_root(app):
    static = Path(app.static_folder).resolve()
    assert static not in Path(Config.UPLOAD_DIR).resolve().parents
    assert uploads.MAX_FILE_BYTES == 10 * 1024 * 1024 < app.config["MAX_CONTENT_LENGTH"]


@pytest.fixture
def unit_world(app, tmp_path, make_unit, make_user):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    unit = make_unit(code="UNIT")
    service = ServiceType(unit_id=unit.id, code="L01", name="Layanan")
    db.session.add(service)
    db.session.commit()
    return unit, service, make_user("evaluator", units=[unit]), tmp_path / "uploads" / "standards"


def _upload(client, unit, name, data, service_id=0):
    return client.post(f"/standards/unit/{unit.id}/evidence", data={
        "kind": "sk_penetapan", "service": str(service_id), "sop": "0",
        "file": (io.BytesIO(data), name)}, content_type="multipart/form-data",
        follow_redirects=True)


def test_upload_is_stored_under_a_random_name_and_served_to_signed_in_users(
        client, unit_world, make_user):
    unit, service, evaluator, folder = unit_world
    login(client, evaluator)
    response = _upload(client, unit, "SK Penetapan.pdf", PDF, service.id)
    assert "Berkas bukti diunggah" in response.get_data(as_text=True)
    record = db.session.scalar(select(StandardEvidence))
    assert record.original_name == "SK_Penetapan.pdf" and record.service_type_id == service.id
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", record.stored_name)
    assert [p.name for p in folder.iterdir()] == [record.stored_name]
    assert (folder / record.stored_name).read_bytes() == PDF
    client.post("/auth/logout")
    anonymous = client.get(f"/standards/evidence/{record.id}")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    login(client, make_user("viewer"))
    served = client.get(f"/standards/evidence/{record.id}")
    assert served.status_code == 200 and served.data == PDF
    assert served.mimetype == "application/pdf"
    assert "SK_Penetapan.pdf" in served.headers["Content-Disposition"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    served.close()
    listed = client.get(f"/standards/service/{service.id}").get_data(as_text=True)
    assert "SK_Penetapan.pdf" in listed


@pytest.mark.parametrize("name, data", [
    ("../../evil.pdf", PDF), ("..\\evil.pdf", PDF), ("/tmp/evil.pdf", PDF),
    ("evil.exe", b"MZ\x90\x00"), ("evil.pdf", b"<script>alert(1)</script>"),
])
def test_refused_uploads_store_nothing(client, unit_world, name, data):
    unit, _, evaluator, folder = unit_world
    login(client, evaluator)
    page = _upload(client, unit, name, data).get_data(as_text=True)
    assert "flash-danger" in page
    assert db.session.scalar(select(func.count()).select_from(StandardEvidence)) == 0
    assert not folder.exists() or not any(folder.iterdir())


def test_too_large_upload_is_refused(client, unit_world, monkeypatch):
    unit, _, evaluator, folder = unit_world
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 100)
    login(client, evaluator)
    page = _upload(client, unit, "besar.pdf", PDF + b"x" * 100).get_data(as_text=True)
    assert "terlalu besar" in page
    assert db.session.scalar(select(func.count()).select_from(StandardEvidence)) == 0


def test_evidence_of_another_units_service_is_refused(client, unit_world, make_unit):
    unit, _, evaluator, _ = unit_world
    stranger = ServiceType(unit_id=make_unit(code="ELSE").id, code="L09", name="Lain")
    db.session.add(stranger)
    db.session.commit()
    login(client, evaluator)
    _upload(client, unit, "sk.pdf", PDF, stranger.id)
    assert db.session.scalar(select(func.count()).select_from(StandardEvidence)) == 0


def test_removal_deletes_the_file_and_a_tampered_name_is_not_served(client, unit_world):
    unit, _, evaluator, folder = unit_world
    login(client, evaluator)
    _upload(client, unit, "sk.pdf", PDF)
    record = db.session.scalar(select(StandardEvidence))
    record.stored_name = "../../config.py"  # as if the database were tampered with
    db.session.commit()
    assert client.get(f"/standards/evidence/{record.id}").status_code == 404
    assert client.post(f"/standards/evidence/{record.id}/remove").status_code == 302
    assert (Path(__file__).resolve().parents[2] / "config.py").exists()  # nothing outside
    _upload(client, unit, "sk2.pdf", PDF)
    db.session.expire_all()  # the row id may be reused after the deletion
    second = db.session.scalar(select(StandardEvidence).where(
        StandardEvidence.original_name == "sk2.pdf"))
    stored = folder / second.stored_name
    assert stored.exists()
    assert client.post(f"/standards/evidence/{second.id}/remove").status_code == 302
    assert not stored.exists()
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(StandardEvidence)) == 0
