"""Letter drafts: one PDF per approved proposal, per kind, and a ZIP of a period's letters.

The ZIP is a background job (evalsys.exports, shared with the unit-card ZIP); the last tests
cover that module: the thread, progress, one build at a time, failures and stale jobs.

Page 1 of each letter is rendered to test-output/letters/<kind>.png for a person to look at.
"""

import io
import json
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from evalsys import exports
from models import AuditEvent, db
from models.workforce import Position, Staff
from tests.web.test_proposals_workflow import _proposal, build_world

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "letters"
TITLES = {"reward": ("SURAT PENGHARGAAN", "PIAGAM PENGHARGAAN"),
          "coaching": ("SURAT PEMBINAAN",), "warning": ("SURAT TEGURAN TERTULIS",),
          "escalation": ("SURAT ESKALASI SANKSI",), "reassignment": ("NOTA DINAS",)}
EVIDENCE = [{"label": "Indeks kepuasan masyarakat (IKM)", "value": 91.25, "url": None},
            {"label": "Pengaduan tidak ditanggapi > 14 hari", "value": 7, "url": None}]
BASIS = "UU 25/2009 Pasal 36 ayat (1) dan (4): penyelenggara wajib menyediakan sarana pengaduan"


@pytest.fixture
def proposal_world(make_unit, make_user, make_period):
    """The workflow tests' kabupaten: two puskesmas, an official run, users per role."""
    return build_world(make_unit, make_user, make_period)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _png(pdf: bytes, name: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=1.3).to_pil()
        path = OUTPUT / f"{name}.png"
        image.save(path)
    finally:
        document.close()
    return path


def _move_detail(world):
    position = Position(code="PRW", name="Perawat Terampil", kind="fungsional")
    db.session.add(position)
    db.session.flush()
    staff = Staff(nip="198503122010011003", name="Budi Santoso", position_id=position.id,
                  unit_id=world.good.id, post_since=date(2015, 1, 1),
                  birth_date=date(1985, 3, 12), appointed_on=date(2010, 1, 1), gender="L")
    db.session.add(staff)
    db.session.commit()
    return {"staff_id": staff.id, "from_unit_id": world.good.id, "to_unit_id": world.weak.id}


@pytest.mark.parametrize("kind", list(TITLES))
def test_letter_of_each_kind(client, login_as, proposal_world, kind):
    w = proposal_world
    detail = _move_detail(w) if kind == "reassignment" else {
        "breach": "no_complaint_channel", "step_code": "pembebasan_dari_jabatan"}
    proposal = _proposal(w, w.good, kind, status="approved", evidence=EVIDENCE,
                         legal_basis=BASIS, detail=detail, title=f"Usulan {kind}")
    login_as(w.leader)
    response = client.get(f"/proposals/{proposal.id}/letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _text(response.data)
    for title in TITLES[kind]:
        assert title in text
    assert "Puskesmas Sukamaju" in text and "PEMERINTAH KABUPATEN CONTOH" in text
    assert "91,25" in text and "Pasal 36 ayat (1) dan (4)" in text and "…/…/…" in text
    if kind in ("warning", "escalation"):
        assert "sarana pengaduan belum tersedia" in text
    if kind == "escalation":
        assert "sanksi lanjutan: pembebasan dari jabatan" in text
    if kind == "reassignment":
        assert "Budi Santoso" in text and "198503122010011003" in text
        assert "Perawat Terampil" in text and "Puskesmas Cibeber" in text
    assert _png(response.data, kind).stat().st_size > 10_000
    db.session.refresh(proposal)
    assert proposal.follow_up == "letter_drafted"
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_type == "Proposal", AuditEvent.entity_id == proposal.id,
        AuditEvent.action == "update"))
    assert event.after == {"follow_up": "letter_drafted"} and event.user_id == w.leader.id


def test_no_letter_before_approval(client, login_as, proposal_world):
    w = proposal_world
    proposal = _proposal(w, w.weak, "warning")
    login_as(w.leader)
    response = client.get(f"/proposals/{proposal.id}/letter.pdf", follow_redirects=True)
    assert "hanya dapat dibuat untuk usulan yang disetujui" in response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.follow_up == "none"


def test_letter_keeps_a_later_follow_up(client, login_as, proposal_world):
    w = proposal_world
    proposal = _proposal(w, w.weak, "coaching", status="approved", follow_up="done")
    login_as(w.admin)
    assert client.get(f"/proposals/{proposal.id}/letter.pdf").status_code == 200
    db.session.refresh(proposal)
    assert proposal.follow_up == "done"


def _zip(client, url):
    response = client.get(url)
    content, mimetype, status = response.data, response.mimetype, response.status_code
    response.close()  # the ZIP is sent from a file
    assert status == 200 and mimetype == "application/zip"
    return sorted(zipfile.ZipFile(io.BytesIO(content)).namelist())


def _follow_ups(proposals):
    for proposal in proposals:
        db.session.refresh(proposal)
    return [p.follow_up for p in proposals]


def test_zip_job_bundles_the_approved_letters(app, client, login_as, proposal_world, tmp_path):
    app.config["EXPORT_DIR"] = str(tmp_path)
    w = proposal_world
    approved = [_proposal(w, w.good, "reward", status="approved"),
                _proposal(w, w.weak, "warning", status="approved")]
    pending = _proposal(w, w.weak, "coaching")
    login_as(w.leader)
    job_page = f"/proposals/letters?period={w.period.id}"
    assert "belum dibuat" in client.get(job_page).get_data(as_text=True)
    listing = client.get(f"/proposals/?period={w.period.id}").get_data(as_text=True)
    assert 'action="/proposals/letters"' in listing
    started = client.post("/proposals/letters", data={"period": w.period.id})
    assert started.status_code == 302 and started.location.endswith(job_page)
    html = client.get(job_page).get_data(as_text=True)
    assert "Selesai: 2 draf surat" in html and "/proposals/letters.zip" in html
    assert _follow_ups(approved) == ["none", "none"]  # building alone drafts nothing
    names = _zip(client, f"/proposals/letters.zip?period={w.period.id}")
    assert names == [f"surat_penghargaan_PKM-A_{approved[0].id}.pdf",
                     f"surat_teguran_PKM-B_{approved[1].id}.pdf"]
    assert _follow_ups(approved) == ["letter_drafted", "letter_drafted"]
    assert _follow_ups([pending]) == ["none"]
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_type == "Proposal", AuditEvent.entity_id == approved[1].id,
        AuditEvent.action == "update"))
    assert event.after == {"follow_up": "letter_drafted"} and event.user_id == w.leader.id
    # Marking them drafted does not change the letters: the ZIP stays ready, no rebuild.
    assert "Selesai: 2 draf surat" in client.get(job_page).get_data(as_text=True)
    assert _zip(client, f"/proposals/letters.zip?period={w.period.id}") == names
    assert len(list(tmp_path.glob("*.zip"))) == 1


def test_a_new_decision_asks_for_a_new_zip(app, client, login_as, proposal_world, tmp_path):
    app.config["EXPORT_DIR"] = str(tmp_path)
    w = proposal_world
    _proposal(w, w.good, "reward", status="approved")
    later = _proposal(w, w.weak, "warning")
    login_as(w.admin)
    client.post("/proposals/letters", data={"period": w.period.id})
    later.status = "approved"
    db.session.commit()
    job_page = f"/proposals/letters?period={w.period.id}"
    assert "belum dibuat" in client.get(job_page).get_data(as_text=True)
    html = client.get(f"/proposals/letters.zip?period={w.period.id}",
                      follow_redirects=True).get_data(as_text=True)
    assert "ZIP draf surat belum tersedia" in html
    client.post("/proposals/letters", data={"period": w.period.id})
    assert "Selesai: 2 draf surat" in client.get(job_page).get_data(as_text=True)
    assert len(list(tmp_path.glob("*.zip"))) == 1  # the outdated ZIP was removed


def test_zip_job_of_one_kind(app, client, login_as, proposal_world, tmp_path):
    app.config["EXPORT_DIR"] = str(tmp_path)
    w = proposal_world
    _proposal(w, w.good, "reward", status="approved")
    warning = _proposal(w, w.weak, "warning", status="approved")
    login_as(w.leader)
    started = client.post("/proposals/letters", data={"period": w.period.id, "kind": "warning"})
    assert "kind=warning" in started.location
    response = client.get(f"/proposals/letters.zip?period={w.period.id}&kind=warning")
    assert 'filename=draf_surat_2025-S2_warning.zip' in response.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    response.close()
    assert names == [f"surat_teguran_PKM-B_{warning.id}.pdf"]
    # An unknown kind means every kind (and never reaches a file name).
    client.post("/proposals/letters", data={"period": w.period.id, "kind": "../x"})
    assert len(list(tmp_path.glob("*-semua-*.zip"))) == 1


def test_zip_without_approved_proposals_says_so(client, login_as, proposal_world):
    login_as(proposal_world.leader)
    period = proposal_world.period.id
    for ask in (lambda: client.post("/proposals/letters", data={"period": period}),
                lambda: client.get(f"/proposals/letters?period={period}"),
                lambda: client.get(f"/proposals/letters.zip?period={period}")):
        response = ask()
        assert response.status_code == 302
        html = client.get(response.location).get_data(as_text=True)
        assert "Belum ada usulan yang disetujui" in html


def test_letters_job_is_for_deciders(client, login_as, proposal_world):
    w = proposal_world
    _proposal(w, w.good, "reward", status="approved")
    login_as(w.viewer)
    assert client.post("/proposals/letters", data={"period": w.period.id}).status_code == 403
    assert client.get(f"/proposals/letters?period={w.period.id}").status_code == 403


def _wait_for(app, key, check):
    deadline = time.monotonic() + 20
    while not check(exports.state(app, key) or {}):
        assert time.monotonic() < deadline, exports.state(app, key)
        time.sleep(0.02)


def test_export_job_runs_in_a_thread_and_reports_progress(app, tmp_path):
    app.config.update(EXPORT_DIR=str(tmp_path), RUNS_IN_BACKGROUND=True)
    gate = threading.Event()

    def builder(progress):
        progress(1, 2)
        gate.wait(20)
        progress(2, 2)
        return b"archive"

    with app.test_request_context():
        assert exports.start("test-job", builder, "Gagal", name="test-job")
        _wait_for(app, "test-job", lambda job: job.get("done") == 1)
        assert exports.state(app, "test-job")["status"] == "running"
        assert not exports.start("test-job", builder, "Gagal")  # one build at a time
        gate.set()
        _wait_for(app, "test-job", lambda job: job.get("status") == "done")
    assert exports.state(app, "test-job")["total"] == 2 and exports.finished(app, "test-job")
    assert exports.zip_path(app, "test-job").read_bytes() == b"archive"


def test_export_job_failure_and_stale_job(app, tmp_path):
    app.config["EXPORT_DIR"] = str(tmp_path)

    def broken(progress):
        raise RuntimeError("pango hilang")

    with app.test_request_context():
        assert exports.start("test-broken", broken, "Pembuatan gagal")
        job = exports.state(app, "test-broken")
        assert job["status"] == "failed" and job["message"] == "Pembuatan gagal: pango hilang"
        assert not exports.finished(app, "test-broken")
        # A job that stopped reporting long ago (server restarted) may be started again.
        (tmp_path / "test-stale.json").write_text(
            json.dumps({"status": "running", "done": 3, "total": 9, "updated": 0}))
        assert exports.state(app, "test-stale")["status"] == "failed"
        assert exports.start("test-stale", lambda progress: b"ok", "Gagal")
        assert exports.finished(app, "test-stale")
