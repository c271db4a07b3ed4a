"""Letter drafts: one PDF per approved proposal, per kind, and a ZIP of a period's letters.

Page 1 of each letter is rendered to test-output/letters/<kind>.png for a person to look at.
"""

import io
import zipfile
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from sqlalchemy import select

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


def test_zip_bundles_the_approved_letters(client, login_as, proposal_world):
    w = proposal_world
    approved = [_proposal(w, w.good, "reward", status="approved"),
                _proposal(w, w.weak, "warning", status="approved")]
    pending = _proposal(w, w.weak, "coaching")
    login_as(w.leader)
    response = client.get(f"/proposals/letters.zip?period={w.period.id}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert sorted(names) == [f"surat_penghargaan_PKM-A_{approved[0].id}.pdf",
                             f"surat_teguran_PKM-B_{approved[1].id}.pdf"]
    for proposal in approved:
        db.session.refresh(proposal)
        assert proposal.follow_up == "letter_drafted"
    db.session.refresh(pending)
    assert pending.follow_up == "none"


def test_zip_without_approved_proposals_says_so(client, login_as, proposal_world):
    login_as(proposal_world.leader)
    html = client.get(f"/proposals/letters.zip?period={proposal_world.period.id}",
                      follow_redirects=True).get_data(as_text=True)
    assert "Belum ada usulan yang disetujui" in html
