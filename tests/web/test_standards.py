"""The standards registry through the web: scope, stages, maklumat, SOPs and coverage values."""

import io
from datetime import date

import pytest
from sqlalchemy import select

from evalsys.standards.coverage import ensure_indicators
from models import AuditEvent, Indicator, IndicatorValue, ServiceType, db
from models.standard import COMPONENT_CODES, Maklumat, ServiceStandard, Sop, StandardEvidence
from tests.conftest import login


@pytest.fixture
def world(app, tmp_path, make_unit, make_user, make_period):
    """Two units with one service each; the evaluator may edit only the first."""
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    own, other = make_unit(code="OWN"), make_unit(code="OTHER")
    services = {}
    for unit in (own, other):
        services[unit.code] = ServiceType(unit_id=unit.id, code="L01", name=f"Layanan {unit.code}")
        db.session.add(services[unit.code])
    ensure_indicators()
    db.session.commit()
    period = make_period(year=2025, number=2)
    locked = make_period(year=2024, number=2, locked=True)
    users = {"evaluator": make_user("evaluator", units=[own]), "viewer": make_user("viewer"),
             "leader": make_user("leader")}
    return {"own": own, "other": other, "services": services, "period": period,
            "locked": locked, "users": users}


def _components(done=True) -> dict:
    data = {f"text_{c}": f"Uraian {c}" for c in COMPONENT_CODES}
    data |= {f"done_{c}": "y" for c in COMPONENT_CODES} if done else {}
    return data


def _value(unit, period, code):
    return db.session.scalar(select(IndicatorValue).join(Indicator).where(
        IndicatorValue.unit_id == unit.id, IndicatorValue.period_id == period.id,
        Indicator.code == code))


def test_evaluator_builds_a_standard_and_coverage_reaches_the_grid(client, world):
    own, period = world["own"], world["period"]
    service = world["services"]["OWN"]
    login(client, world["users"]["evaluator"])
    base = f"/standards/service/{service.id}"
    assert client.post(f"{base}/components", data=_components()).status_code == 302
    assert client.post(f"{base}/stage", data={
        "stage": "consulted", "consulted_on": "2025-02-03", "consultation_ref": "BA/1/2025",
        "consultation_participants": "Tokoh masyarakat"}).status_code == 302
    assert client.post(f"{base}/stage", data={
        "stage": "adopted", "sk_number": "SK 12/2025", "adopted_on": "2025-03-03"}
    ).status_code == 302
    coverage = _value(own, period, "sp_coverage_pct")
    assert coverage.value == 100.0
    assert coverage.provenance["as_of"] == "2025-12-31"
    assert coverage.provenance["service_types"] == 1 and coverage.provenance["lacking"] == []
    assert _value(own, period, "sp_published_pct").provenance["lacking"] == ["L01"]
    assert _value(own, period, "sop_coverage_pct").value == 0.0
    assert _value(own, period, "pekppp_sp_available").value == 4.0  # not yet evaluated
    assert _value(own, world["locked"], "sp_coverage_pct") is None  # history stays
    grid = client.get(f"/indicators/entry?period={period.id}").get_data(as_text=True)
    assert "Cakupan standar pelayanan" in grid and "100,0" in grid
    page = client.get(f"/standards/unit/{own.id}").get_data(as_text=True)
    assert "Ditetapkan" in page and "tanpa SOP" in page


def test_evaluator_cannot_edit_another_units_standards(client, world):
    other, service = world["other"], world["services"]["OTHER"]
    sop = Sop(unit_id=other.id, number="SOP-9", title="SOP lain", kind="ap")
    db.session.add(sop)
    db.session.commit()
    posts = {
        f"/standards/service/{service.id}/components": _components(),
        f"/standards/service/{service.id}/stage": {"stage": "adopted", "sk_number": "X",
                                                    "adopted_on": "2025-03-03"},
        f"/standards/service/{service.id}/check": {"kind": "evaluasi", "done_on": "2025-03-03"},
        f"/standards/unit/{other.id}/maklumat": {"text": "x", "signatory_name": "x",
                                                 "signed_on": "2025-01-06"},
        f"/standards/unit/{other.id}/sops/new": {"number": "SOP-X", "title": "x", "kind": "ap"},
        f"/standards/sop/{sop.id}/edit": {"number": "SOP-9", "title": "diubah", "kind": "ap"},
    }
    for role in ("evaluator", "viewer", "leader"):
        login(client, world["users"][role])
        for url, data in posts.items():
            assert client.post(url, data=data).status_code == 403, (role, url)
        assert client.get(f"/standards/sop/{sop.id}/edit").status_code == 403
        client.post("/auth/logout")
    assert db.session.scalar(select(ServiceStandard)) is None
    assert db.session.scalar(select(Maklumat)) is None
    assert db.session.scalars(select(Sop.title)).all() == ["SOP lain"]
    # The page is readable, but offers no editing form to this evaluator.
    login(client, world["users"]["evaluator"])
    page = client.get(f"/standards/service/{service.id}").get_data(as_text=True)
    assert "Simpan komponen" not in page and "Catat penetapan" not in page


def test_a_done_component_needs_its_text(client, world):
    service = world["services"]["OWN"]
    login(client, world["users"]["evaluator"])
    data = _components() | {"text_biaya": "  "}
    response = client.post(f"/standards/service/{service.id}/components", data=data)
    assert response.status_code == 422
    assert "Biaya/tarif" in response.get_data(as_text=True)
    assert db.session.scalar(select(ServiceStandard)) is None
    assert 'Uraian persyaratan' in response.get_data(as_text=True)  # the typing is kept


def test_stage_rules(client, world):
    service = world["services"]["OWN"]
    login(client, world["users"]["evaluator"])
    url = f"/standards/service/{service.id}/stage"
    publish = {"stage": "published", "published_on": "2025-04-01", "channels": ["sippn"]}
    response = client.post(url, data=publish)
    assert response.status_code == 422 and "ditetapkan (SK)" in response.get_data(as_text=True)
    future = client.post(url, data={"stage": "adopted", "sk_number": "SK 1",
                                    "adopted_on": "2099-01-05"})
    assert future.status_code == 422 and "melewati hari ini" in future.get_data(as_text=True)
    assert client.post(url, data={"stage": "adopted", "sk_number": "SK 1",
                                  "adopted_on": "2025-03-03"}).status_code == 302
    no_channel = client.post(url, data={"stage": "published", "published_on": "2025-04-01"})
    assert no_channel.status_code == 422
    assert client.post(url, data=publish).status_code == 302
    # Recording a consultation afterwards keeps the furthest stage reached.
    assert client.post(url, data={"stage": "consulted", "consulted_on": "2025-05-05",
                                  "consultation_ref": "BA", "consultation_participants": "x"}
                       ).status_code == 302
    standard = db.session.scalar(select(ServiceStandard))
    assert standard.status == "published" and standard.channels == ["sippn"]
    page = client.get(f"/standards/service/{service.id}").get_data(as_text=True)
    assert "Ditetapkan tanpa konsultasi publik" in page  # consulted after the SK


def test_checks_need_an_adopted_standard(client, world):
    service = world["services"]["OWN"]
    login(client, world["users"]["evaluator"])
    url = f"/standards/service/{service.id}/check"
    assert client.post(url, data={"kind": "evaluasi", "done_on": "2025-06-02"}).status_code == 422
    client.post(f"/standards/service/{service.id}/stage",
                data={"stage": "adopted", "sk_number": "SK 1", "adopted_on": "2025-03-03"})
    assert client.post(url, data={"kind": "evaluasi", "done_on": "2025-06-02"}).status_code == 302
    assert client.post(url, data={"kind": "reviu", "done_on": "2025-06-03"}).status_code == 302
    standard = db.session.scalar(select(ServiceStandard))
    assert (standard.last_evaluated_on, standard.last_reviewed_on) == (date(2025, 6, 2),
                                                                       date(2025, 6, 3))
    assert _value(world["own"], world["period"], "sp_evaluated_pct").value == 100.0


def test_maklumat_is_saved_audited_and_counted(client, world):
    own = world["own"]
    login(client, world["users"]["evaluator"])
    response = client.post(f"/standards/unit/{own.id}/maklumat", data={
        "text": "Dengan ini kami sanggup.", "signatory_name": "dr. Ratna",
        "signatory_position": "Kepala Puskesmas", "signed_on": "2025-01-06",
        "published_on": "2025-01-08", "channels": ["papan_informasi", "website"]})
    assert response.status_code == 302
    maklumat = db.session.scalar(select(Maklumat))
    assert maklumat.channels == ["papan_informasi", "website"]
    assert _value(own, world["period"], "maklumat_present").value == 1.0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "Maklumat"))
    bad = client.post(f"/standards/unit/{own.id}/maklumat", data={
        "text": "x", "signatory_name": "x", "signed_on": "2025-02-03",
        "published_on": "2025-01-08"})
    assert bad.status_code == 302
    assert db.session.scalar(select(Maklumat.signed_on)) == date(2025, 1, 6)  # unchanged


def test_sop_with_steps_links_services_and_counts(client, world):
    own, service = world["own"], world["services"]["OWN"]
    login(client, world["users"]["evaluator"])
    assert "steps-0-activity" in client.get(f"/standards/unit/{own.id}/sops/new").get_data(
        as_text=True)
    data = {"number": "SOP/01", "title": "Pelayanan L01", "kind": "ap",
            "approved_on": "2025-02-03", "services": [str(service.id)],
            "steps-0-activity": "Mengajukan permohonan", "steps-0-actor": "Pemohon",
            "steps-1-activity": "Memeriksa berkas", "steps-1-actor": "Petugas",
            "steps-1-is_decision": "y", "steps-1-no_goto": "1",
            "steps-2-activity": "", "steps-2-actor": "",
            "steps-3-activity": "Menyerahkan dokumen", "steps-3-actor": "Petugas"}
    response = client.post(f"/standards/unit/{own.id}/sops/new", data=data)
    assert response.status_code == 302
    sop = db.session.scalar(select(Sop))
    assert [s.position for s in sop.steps] == [1, 2, 3] and sop.steps[1].no_goto == 1
    assert [link.service_type_id for link in sop.links] == [service.id]
    assert _value(own, world["period"], "sop_coverage_pct").value == 100.0
    page = client.get(f"/standards/sop/{sop.id}").get_data(as_text=True)
    assert page.count('class="shape ') == 3 and "lane-head" in page
    broken = dict(data, number="SOP/02", **{"steps-1-no_goto": "9"})
    response = client.post(f"/standards/unit/{own.id}/sops/new", data=broken)
    assert response.status_code == 422 and "tidak ada" in response.get_data(as_text=True)
    duplicate = client.post(f"/standards/unit/{own.id}/sops/new", data=data)
    assert duplicate.status_code == 422 and "sudah dipakai" in duplicate.get_data(as_text=True)


def test_leader_recomputes_a_period_and_locked_ones_are_refused(client, world):
    login(client, world["users"]["leader"])
    response = client.post("/standards/coverage/compute", data={"period": world["period"].id})
    assert response.status_code == 302
    assert _value(world["own"], world["period"], "sp_coverage_pct").value == 0.0
    locked = client.post("/standards/coverage/compute", data={"period": world["locked"].id},
                         follow_redirects=True)
    assert "terkunci" in locked.get_data(as_text=True)
    assert _value(world["own"], world["locked"], "sp_coverage_pct") is None


def test_evidence_is_audited(client, world):
    own = world["own"]
    login(client, world["users"]["evaluator"])
    client.post(f"/standards/unit/{own.id}/evidence", data={
        "kind": "maklumat", "service": "0", "sop": "0",
        "file": (io.BytesIO(b"%PDF-1.4 x"), "maklumat.pdf")},
        content_type="multipart/form-data")
    evidence = db.session.scalar(select(StandardEvidence))
    assert evidence is not None
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_type == "StandardEvidence", AuditEvent.action == "create"))
