"""The leader's approval workflow: list by kind, decide, reopen, follow up, audit, rules."""

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from evalsys.proposals.rules import ensure_default_rules
from models import AuditEvent, Unit, db
from models.proposal import Proposal, ProposalRule
from models.scoring import ScoreRun

HOLD_REASON = "Rentang peringkat dalam kelompok (3–9) bersinggungan dengan zona aman."


def _proposal(world, unit, kind, status="proposed", **kw) -> Proposal:
    row = Proposal(run_id=world.run.id, period_id=world.period.id, unit_id=unit.id,
                   rule_id=world.rule.id, kind=kind, status=status,
                   title=kw.pop("title", f"{kind} {unit.name}"),
                   evidence=kw.pop("evidence", [{"label": "Skor indeks", "value": 91.25,
                                                 "url": "/rankings/"}]),
                   legal_basis=kw.pop("legal_basis", "UU 25/2009 Pasal 54 ayat (2)"),
                   detail=kw.pop("detail", {}), **kw)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def proposal_world(make_unit, make_user, make_period):
    """A kabupaten with two service units, an official run and one rule."""
    return build_world(make_unit, make_user, make_period)


def build_world(make_unit, make_user, make_period) -> SimpleNamespace:
    """Create the kabupaten, its official run, a rule and one user per role."""
    root = Unit(code="KAB", name="Pemerintah Kabupaten Contoh", level="pemda",
                unit_type="pemda", address="Jl. Merdeka No. 1, Contoh")
    opd = Unit(code="DINKES", name="Dinas Kesehatan", level="opd", unit_type="dinas",
               parent=root)
    db.session.add_all([root, opd])
    good = make_unit(code="PKM-A", name="Puskesmas Sukamaju", parent=opd,
                     head_name="dr. Sari Dewi")
    weak = make_unit(code="PKM-B", name="Puskesmas Cibeber", parent=opd)
    period = make_period(year=2025, number=2)
    run = ScoreRun(period_id=period.id, spec={}, inputs={}, code_version="test",
                   status="done", is_official=True)
    rule = ProposalRule(code="warning_maklumat", version=1, kind="warning",
                        name="Teguran tertulis: maklumat", legal_basis="UU 25/2009 Pasal 22",
                        params={"min_coverage": 0.8, "breach": "no_maklumat"})
    db.session.add_all([run, rule])
    db.session.commit()
    return SimpleNamespace(root=root, opd=opd, good=good, weak=weak, period=period, run=run,
                           rule=rule, leader=make_user("leader"), admin=make_user("admin"),
                           viewer=make_user("viewer"), evaluator=make_user("evaluator",
                                                                           units=[weak]))


def _post(client, proposal, **data):
    return client.post(f"/proposals/{proposal.id}", data=data, follow_redirects=True)


def test_list_groups_by_kind_with_held_back_reasons(client, login_as, proposal_world):
    w = proposal_world
    _proposal(w, w.good, "reward", title="Penghargaan bagi Puskesmas Sukamaju")
    _proposal(w, w.weak, "warning", title="Teguran tertulis: maklumat belum ada")
    _proposal(w, w.weak, "coaching", status="held_back", reason=HOLD_REASON)
    _proposal(w, w.good, "reassignment", title="Mutasi Budi", detail={
        "staff_name": "Budi Santoso", "nip": "198503122010011003", "from_unit_id": w.good.id,
        "to_unit_id": w.weak.id, "position_name": "Perawat", "to_shortage_before": 3,
        "to_shortage_after": 1, "total_shortage_before": 12, "total_shortage_after": 7})
    login_as(w.viewer)
    html = client.get(f"/proposals/?period={w.period.id}").get_data(as_text=True)
    order = [html.index(f'id="kind-{k}"') for k in ("reward", "warning", "reassignment")]
    assert order == sorted(order) and 'id="kind-coaching"' not in html
    held = html[html.index('id="table-held"'):]
    assert "Puskesmas Cibeber" in held and "zona aman" in held
    assert "Budi Santoso" in html and "3 → 1" in html and "12 → 7" in html
    assert "91,25" in html and "UU 25/2009 Pasal 54 ayat (2)" in html
    assert "Buat usulan" not in html  # viewers read only
    only = client.get(f"/proposals/?period={w.period.id}&kind=warning").get_data(as_text=True)
    assert "Teguran tertulis: maklumat" in only and "Penghargaan bagi" not in only


@pytest.mark.parametrize("role", ["viewer", "evaluator"])
def test_only_leaders_and_admins_decide(client, login_as, proposal_world, role):
    w = proposal_world
    proposal = _proposal(w, w.weak, "warning")
    login_as(getattr(w, role))
    assert client.get(f"/proposals/{proposal.id}").status_code == 200
    assert client.post(f"/proposals/{proposal.id}", data={"action": "approve"}
                       ).status_code == 403
    assert client.post("/proposals/generate", data={"period": w.period.id}).status_code == 403
    assert client.get(f"/proposals/{proposal.id}/letter.pdf").status_code == 403
    db.session.refresh(proposal)
    assert proposal.status == "proposed"


def test_reject_requires_a_note(client, login_as, proposal_world):
    w = proposal_world
    proposal = _proposal(w, w.weak, "warning")
    login_as(w.leader)
    html = _post(client, proposal, action="reject", **{"decide-note": " "}).get_data(
        as_text=True)
    assert "wajib diisi saat menolak" in html
    db.session.refresh(proposal)
    assert proposal.status == "proposed"
    _post(client, proposal, action="reject", **{"decide-note": "Maklumat sudah dipasang."})
    db.session.refresh(proposal)
    assert (proposal.status, proposal.decision_note) == ("rejected", "Maklumat sudah dipasang.")
    assert proposal.decided_by_id == w.leader.id and proposal.decided_at is not None


def test_decisions_are_audited_and_shown(client, login_as, proposal_world):
    w = proposal_world
    proposal = _proposal(w, w.weak, "warning")
    login_as(w.leader)
    _post(client, proposal, action="approve", **{"decide-note": "Setuju."})
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "Proposal", AuditEvent.entity_id == proposal.id,
        AuditEvent.action == "update")).all()
    assert [(e.before["status"], e.after["status"], e.user_id) for e in events] == [
        ("proposed", "approved", w.leader.id)]
    html = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    history = html[html.index('id="history"'):]
    assert "Status: Diusulkan → Disetujui" in history and "Setuju." in history


def test_decided_proposal_needs_reopen(client, login_as, proposal_world):
    w = proposal_world
    proposal = _proposal(w, w.weak, "warning")
    login_as(w.leader)
    _post(client, proposal, action="approve")
    html = _post(client, proposal, action="reject", **{"decide-note": "Berubah pikiran"}
                 ).get_data(as_text=True)
    assert "sudah diputuskan" in html
    db.session.refresh(proposal)
    assert proposal.status == "approved"
    _post(client, proposal, action="reopen", **{"reopen-note": ""})
    db.session.refresh(proposal)
    assert proposal.status == "approved"  # reopening needs a reason
    _post(client, proposal, action="reopen", **{"reopen-note": "Data maklumat dikoreksi."})
    db.session.refresh(proposal)
    assert (proposal.status, proposal.decided_by_id) == ("proposed", None)
    reopen = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_id == proposal.id, AuditEvent.action == "reopen"))
    assert reopen.after["catatan"] == "Data maklumat dikoreksi."
    _post(client, proposal, action="reject", **{"decide-note": "Sudah diperbaiki."})
    db.session.refresh(proposal)
    assert proposal.status == "rejected"


def test_held_back_proposal_cannot_be_approved(client, login_as, proposal_world):
    w = proposal_world
    proposal = _proposal(w, w.weak, "coaching", status="held_back", reason=HOLD_REASON)
    login_as(w.admin)
    assert "ditahan" in _post(client, proposal, action="approve").get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.status == "held_back"


def test_edit_a_move_with_a_note(client, login_as, proposal_world, make_unit):
    w = proposal_world
    other = make_unit(code="PKM-C", name="Puskesmas Cikoneng", parent=w.opd)
    move = _proposal(w, w.good, "reassignment", detail={
        "staff_name": "Budi", "from_unit_id": w.good.id, "to_unit_id": w.weak.id,
        "to_unit_name": w.weak.name, "to_shortage_before": 2, "to_shortage_after": 1})
    login_as(w.leader)
    data = {"action": "edit", "edit-title": "Mutasi Budi ke Cikoneng",
            "edit-to_unit_id": other.id, "edit-note": ""}
    _post(client, move, **data)
    db.session.refresh(move)
    assert move.detail["to_unit_id"] == w.weak.id  # the note is required
    _post(client, move, **dict(data, **{"edit-note": "Cikoneng lebih kekurangan."}))
    db.session.refresh(move)
    assert move.title == "Mutasi Budi ke Cikoneng"
    assert (move.detail["to_unit_id"], move.detail["to_unit_name"]) == (other.id, other.name)
    assert "to_shortage_before" not in move.detail and move.status == "proposed"


def test_follow_up_only_after_approval(client, login_as, proposal_world):
    w = proposal_world
    proposal = _proposal(w, w.weak, "coaching")
    login_as(w.leader)
    follow = {"action": "follow_up", "follow-follow_up": "in_progress",
              "follow-follow_up_note": "Pendampingan dijadwalkan"}
    assert "hanya dicatat" in _post(client, proposal, **follow).get_data(as_text=True)
    _post(client, proposal, action="approve")
    html = _post(client, proposal, **follow).get_data(as_text=True)
    db.session.refresh(proposal)
    assert (proposal.follow_up, proposal.follow_up_note) == ("in_progress",
                                                             "Pendampingan dijadwalkan")
    assert "Sedang ditindaklanjuti" in html


def test_generate_needs_an_official_run(client, login_as, proposal_world):
    w = proposal_world
    w.run.is_official = False
    db.session.commit()
    login_as(w.leader)
    html = client.post("/proposals/generate", data={"period": w.period.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "belum memiliki peringkat resmi" in html


def test_generate_on_the_official_run(client, login_as, proposal_world):
    login_as(proposal_world.leader)
    html = client.post("/proposals/generate", data={"period": proposal_world.period.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Usulan dibuat" in html


def test_rule_edit_saves_version_2_and_keeps_version_1(client, login_as, proposal_world):
    ensure_default_rules()
    db.session.commit()
    rule = db.session.scalar(select(ProposalRule).where(ProposalRule.code == "reward_top_group"))
    login_as(proposal_world.viewer)
    assert client.get(f"/proposals/rules/{rule.id}/edit").status_code == 403
    assert "Penghargaan" in client.get("/proposals/rules").get_data(as_text=True)
    client.post("/auth/logout")
    login_as(proposal_world.admin)
    form = client.get(f"/proposals/rules/{rule.id}/edit").get_data(as_text=True)
    assert "name=\"p_top_share\"" in form and "0,1" in form
    data = {"name": rule.name, "legal_basis": rule.legal_basis + " Diperbarui.",
            "p_min_coverage": "0,8", "p_top_share": "sepuluh", "p_top_count": "3",
            "p_min_group_size": "4", "p_ikm_grades": "A, B", "p_min_sla_pct": "90"}
    html = client.post(f"/proposals/rules/{rule.id}/edit", data=data).get_data(as_text=True)
    assert "Bagian teratas kelompok sejenis (0–1): harus berupa angka." in html
    client.post(f"/proposals/rules/{rule.id}/edit", data=dict(data, p_top_share="0,2"))
    db.session.expire_all()
    versions = db.session.scalars(select(ProposalRule).where(
        ProposalRule.code == "reward_top_group").order_by(ProposalRule.version)).all()
    assert [(v.version, v.is_active) for v in versions] == [(1, False), (2, True)]
    assert versions[0].params["top_share"] == 0.1 and versions[1].params["top_share"] == 0.2
    assert versions[1].params["ikm_grades"] == ["A", "B"]
    assert versions[1].legal_basis.endswith("Diperbarui.")
    listing = client.get("/proposals/rules").get_data(as_text=True)
    assert "reward_top_group v2" in listing and "Riwayat versi" in listing
