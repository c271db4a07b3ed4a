"""generate_for_run on a constructed kabupaten: stored proposals, hold-backs, regeneration,
refusal of unofficial runs, escalation across periods, and staff moves from workload gaps."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from evalsys.errors import InvalidValue
from evalsys.proposals.generate import RunNotEligible, generate_for_run
from evalsys.proposals.rules import save_rule_version
from evalsys.rankings import operations
from models import ServiceType, db
from models.complaint import Complaint
from models.proposal import Proposal, ProposalRule
from models.scoring import UnitScore
from models.standard import Maklumat, ServiceStandard, StandardComponent
from models.workforce import Staff
from tests.web.test_workforce_support import (  # noqa: F401  (fixtures)
    add_staff_fixture,
    add_tasks_fixture,
    make_position_fixture,
)

# unit → (ikm, sla_resolution_pct, ipp): A dominates B dominates … E, so every rank is certain.
VALUES = {"A": (92.0, 96.0, 4.6), "B": (85.0, 88.0, 4.0), "C": (80.0, 80.0, 3.5),
          "D": (70.0, 72.0, 3.0), "E": (60.0, 60.0, 2.5)}


def _documented(unit, maklumat=True, channel=True):
    """Register one service with an adopted standard, and optionally maklumat and channel."""
    service = ServiceType(unit_id=unit.id, code="L01", name="Layanan umum")
    db.session.add(service)
    db.session.flush()
    standard = ServiceStandard(service_type_id=service.id, status="adopted",
                               adopted_on=date(2024, 1, 10))
    db.session.add(standard)
    db.session.flush()
    if channel:
        db.session.add(StandardComponent(standard_id=standard.id, code="pengaduan",
                                         text="Kanal SP4N-LAPOR!", is_done=True))
    if maklumat:
        db.session.add(Maklumat(unit_id=unit.id, signatory_name="Kepala",
                                signed_on=date(2024, 1, 15)))


@pytest.fixture
def kabupaten(make_unit, make_period, make_indicator, make_value, make_user):
    """Five puskesmas: A excellent, B no maklumat nor channel, C a complaint left unanswered,
    D and E weak; E has no service registered (its duties are unknown)."""
    units = {c: make_unit(code=f"PKM-{c}", name=f"Puskesmas {c}") for c in VALUES}
    indicators = [make_indicator(code="ikm", min_value=25, max_value=100),
                  make_indicator(code="sla_resolution_pct"),
                  make_indicator(code="ipp", min_value=0, max_value=5)]
    periods = [make_period(number=1), make_period(number=2)]
    for period in periods:
        for code, values in VALUES.items():
            for indicator, value in zip(indicators, values, strict=True):
                make_value(units[code], period, indicator, value, "approved")
    for code in "ACD":
        _documented(units[code])
    _documented(units["B"], maklumat=False, channel=False)
    db.session.add(Complaint(unit_id=units["C"].id, tracking_number="LPR-1", channel="sp4n_lapor",
                             subject="Antrean", received_at=datetime(2025, 2, 3, 9, 0)))
    db.session.commit()
    return units, periods, make_user("leader")


def _run(period, leader, **kw):
    """Run the default scheme with a small (still seeded) perturbation study, for speed."""
    scheme = operations.ensure_default_scheme()
    spec = {**scheme.spec, "uncertainty": {**scheme.spec["uncertainty"], "n_samples": 60}}
    return operations.run_scheme(scheme, period, leader, spec=spec, **kw)


def _official_run(period, leader):
    run = _run(period, leader)
    operations.mark_official(run)
    db.session.commit()
    return run


def _rows(run, **where):
    query = select(Proposal).where(Proposal.run_id == run.id)
    for key, value in where.items():
        query = query.where(getattr(Proposal, key) == value)
    return list(db.session.scalars(query.order_by(Proposal.id)))


def _by(rows, units):
    names = {u.id: c for c, u in units.items()}
    return sorted((names[p.unit_id], p.kind, p.detail.get("breach") or "") for p in rows)


def test_proposals_are_stored_with_evidence_and_legal_basis(kabupaten):
    units, periods, leader = kabupaten
    run = _official_run(periods[0], leader)
    result = generate_for_run(run, leader)
    db.session.commit()
    proposed = _rows(run, status="proposed")
    assert _by(proposed, units) == [
        ("A", "reward", ""), ("B", "warning", "no_complaint_channel"),
        ("B", "warning", "no_maklumat"), ("C", "warning", "complaint_overdue"),
        ("D", "coaching", ""), ("E", "coaching", "")]
    assert result.created == len(proposed) + result.held_back
    assert result.by_kind["warning"] == 3 and result.moves is None
    reward = next(p for p in proposed if p.kind == "reward")
    assert reward.title == "Penghargaan bagi Puskesmas A"
    assert "Pelayanan Prima" in reward.legal_basis and "[R]" in reward.legal_basis
    evidence = {e["code"]: e for e in reward.evidence}
    assert evidence["ikm_grade"]["value"] == "A"
    assert evidence["group_rank_interval"]["value"] == "1–1"
    assert evidence["score"]["url"] == f"/rankings/runs/{run.id}/units/{units['A'].id}"
    overdue = next(p for p in proposed if p.detail.get("breach") == "complaint_overdue")
    assert "Pasal 44 ayat (3)" in overdue.legal_basis and "Pasal 54 ayat (5)" in \
        overdue.legal_basis
    assert {e["code"]: e["raw"] for e in overdue.evidence}["overdue_statutory"] == 1
    assert overdue.evidence[0]["url"].startswith("/complaints/?unit=")
    assert overdue.detail["step_code"] == "teguran_tertulis"


def test_held_back_proposals_say_why(kabupaten):
    units, periods, leader = kabupaten
    run = _official_run(periods[0], leader)
    generate_for_run(run, leader)
    held = _rows(run, status="held_back")
    # E has no service registered: its standard, maklumat and channel are unknown, not absent.
    assert _by(held, units) == [("E", "warning", "no_complaint_channel"),
                                ("E", "warning", "no_maklumat"),
                                ("E", "warning", "no_service_standard")]
    assert all(p.detail["hold"] == "fact_unknown" for p in held)
    assert all(p.reason.startswith("Ditahan: data kewajiban ini belum tercatat") for p in held)


def test_coverage_below_the_threshold_holds_sanctions_back(kabupaten):
    units, periods, leader = kabupaten
    run = _official_run(periods[0], leader)
    score = db.session.scalar(select(UnitScore).where(UnitScore.run_id == run.id,
                                                      UnitScore.unit_id == units["B"].id))
    score.coverage = 0.6
    generate_for_run(run, leader)
    held = _rows(run, status="held_back", unit_id=units["B"].id)
    assert sorted(p.detail["breach"] for p in held) == ["no_complaint_channel", "no_maklumat"]
    assert all(p.detail["hold"] == "low_coverage" for p in held)
    assert held[0].reason.startswith("Ditahan: kelengkapan data 60% di bawah ambang 80%.")


def test_an_edited_rule_is_a_new_version_and_is_used(kabupaten):
    units, periods, leader = kabupaten
    run = _official_run(periods[0], leader)
    generate_for_run(run, leader)  # creates version 1 of the default rules
    rule = db.session.scalar(select(ProposalRule).where(ProposalRule.code == "warning_maklumat"))
    new = save_rule_version(rule, {"min_coverage": 0.9}, leader)
    assert (new.version, new.is_active, rule.is_active) == (2, True, False)
    assert new.params["breach"] == "no_maklumat" and rule.params["min_coverage"] == 0.8
    with pytest.raises(InvalidValue):
        save_rule_version(new, {"no_such_param": 1}, leader)
    score = db.session.scalar(select(UnitScore).where(UnitScore.run_id == run.id,
                                                      UnitScore.unit_id == units["B"].id))
    score.coverage = 0.85
    generate_for_run(run, leader)
    [maklumat] = [p for p in _rows(run, unit_id=units["B"].id)
                  if p.detail.get("breach") == "no_maklumat"]
    assert (maklumat.status, maklumat.rule_id, maklumat.detail["rule_version"]) == (
        "held_back", new.id, 2)


def test_regeneration_keeps_decisions_and_replaces_the_rest(kabupaten):
    units, periods, leader = kabupaten
    run = _official_run(periods[0], leader)
    first = generate_for_run(run, leader)
    reward = _rows(run, kind="reward")[0]
    reward.status, reward.decided_by_id, reward.decision_note = "approved", leader.id, "Layak"
    db.session.commit()
    again = generate_for_run(run, leader)
    db.session.commit()
    assert (again.kept, again.replaced, again.created) == (1, first.created - 1,
                                                          first.created - 1)
    rewards = _rows(run, kind="reward")
    assert [(p.id, p.status, p.decision_note) for p in rewards] == [
        (reward.id, "approved", "Layak")]
    assert len(_rows(run)) == first.created


def test_a_run_that_is_not_official_is_refused(kabupaten):
    units, periods, leader = kabupaten
    run = _run(periods[0], leader)
    with pytest.raises(RunNotEligible, match="resmi"):
        generate_for_run(run, leader)
    sandbox = _run(periods[0], leader, sandbox=True)
    with pytest.raises(RunNotEligible):
        generate_for_run(sandbox, leader)


def test_an_approved_warning_escalates_when_the_breach_persists(kabupaten):
    units, periods, leader = kabupaten
    first = _official_run(periods[0], leader)
    generate_for_run(first, leader)
    for p in _rows(first, unit_id=units["B"].id, kind="warning"):
        if p.detail["breach"] == "no_maklumat":
            p.status, p.decided_by_id = "approved", leader.id
        else:
            p.status, p.decided_by_id = "rejected", leader.id
    db.session.commit()
    second = _official_run(periods[1], leader)
    generate_for_run(second, leader)
    rows = _rows(second, unit_id=units["B"].id, status="proposed")
    assert sorted((p.kind, p.detail["breach"], p.detail["step_code"]) for p in rows) == [
        ("escalation", "no_maklumat", "pembebasan_dari_jabatan"),
        ("warning", "no_complaint_channel", "teguran_tertulis")]
    escalation = next(p for p in rows if p.kind == "escalation")
    assert escalation.title.startswith("Eskalasi (pembebasan dari jabatan) kepada kepala "
                                       "Puskesmas B")
    assert "berlanjut 6 bulan" in escalation.reason and "Pasal 54 ayat (7)" in escalation.reason
    assert {e["code"]: e["raw"] for e in escalation.evidence}["previous_step"] == \
        "teguran_tertulis"


def test_staff_moves_from_surplus_to_shortage(kabupaten, make_position, add_staff, add_tasks):
    units, periods, leader = kabupaten
    nurse = make_position(code="PRW", name="Perawat")
    one_year = (("Asuhan", "pasien", 7500, 10),)  # 75,000 min = one person
    add_tasks(units["A"], nurse, one_year)
    add_tasks(units["B"], nurse, (("Asuhan", "pasien", 15000, 10),))  # two people
    add_staff(units["A"], nurse, 3)
    add_staff(units["A"], nurse, 1, is_protected=True, protected_reason="STR spesialis")
    add_staff(units["A"], nurse, 1, post_since=date(2026, 1, 5))  # too new to move
    run = _official_run(periods[0], leader)
    result = generate_for_run(run, leader)
    moves = _rows(run, kind="reassignment")
    assert result.moves["shortage_before"] == 2 and result.moves["shortage_after"] == 0
    assert len(moves) == 2 and result.by_kind["reassignment"] == 2
    protected = set(db.session.scalars(select(Staff.id).where(Staff.is_protected.is_(True))))
    for move in moves:
        d = move.detail
        assert (d["from_unit_id"], d["to_unit_id"]) == (units["A"].id, units["B"].id)
        assert d["staff_id"] not in protected and d["total_shortage_after"] == 0
        assert move.unit_id == units["A"].id and move.title.startswith("Mutasi Pegawai")
        assert move.reason and "kekurangan" in move.reason
        assert any(e["value"] == "2 → 0" for e in move.evidence)


def test_the_demo_shows_decisions_and_an_escalation_history(app):
    from evalsys.demo import proposals as demo_proposals
    from evalsys.demo.seed import seed_demo

    ctx = seed_demo()
    demo_proposals.seed(ctx)
    db.session.commit()
    rows = db.session.scalars(select(Proposal)).all()
    statuses = {(p.kind, p.status) for p in rows}
    assert {("warning", "approved"), ("warning", "rejected"), ("escalation", "proposed"),
            ("reward", "approved"), ("reassignment", "proposed")} <= statuses
    latest = max(p.run_id for p in rows)
    assert all(p.run_id == latest for p in rows if p.kind == "reassignment")
    assert all(p.evidence and p.legal_basis and p.title for p in rows)
