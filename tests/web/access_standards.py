"""Access expectations for the standards feature's routes (merged by test_access_control.py).

EXPECT maps (endpoint, method) to public / login / leader / admin / evaluator / scoped
(see test_access_control.py for what each means).
make_args creates this feature's records on the target unit and returns the URL arguments
its routes need; BODIES gives form or JSON bodies per endpoint.

Every write is "scoped": only admins and the unit's own evaluators; reading is open to any
signed-in user; the public information page needs no login. The walk sorts endpoints by name,
so removing the evidence file ("remove_evidence") comes after serving it ("evidence").
"""

import atexit
import io
import shutil
import tempfile
from datetime import date

from flask import current_app

from evalsys.standards import uploads
from models import ServiceType, db
from models.standard import (
    COMPONENT_CODES,
    ServiceStandard,
    Sop,
    SopStep,
    StandardComponent,
    StandardEvidence,
)

EXPECT: dict[tuple[str, str], str] = {
    ("standards.coverage_dashboard", "GET"): "login",
    ("standards.compute", "POST"): "leader",
    ("standards.unit", "GET"): "login",
    ("standards.service", "GET"): "login",
    ("standards.save_components", "POST"): "scoped",
    ("standards.record_stage", "POST"): "scoped",
    ("standards.record_check", "POST"): "scoped",
    ("standards.print_standard", "GET"): "login",
    ("standards.save_maklumat", "POST"): "scoped",
    ("standards.upload_evidence", "POST"): "scoped",
    ("standards.evidence", "GET"): "login",
    ("standards.remove_evidence", "POST"): "scoped",
    ("standards.new_sop", "GET"): "scoped",
    ("standards.new_sop", "POST"): "scoped",
    ("standards.sop", "GET"): "login",
    ("standards.edit_sop", "GET"): "scoped",
    ("standards.edit_sop", "POST"): "scoped",
    ("standards.public_info", "GET"): "public",
}
PDF = b"%PDF-1.4\n% evalsys test\n%%EOF\n"
BODIES: dict[str, dict] = {}


def _bodies(period, service_id: int) -> dict[str, dict]:
    """Return valid bodies, so an allowed user's write succeeds (a fresh upload stream each)."""
    steps = {"steps-0-activity": "Mengajukan permohonan", "steps-0-actor": "Pemohon",
             "steps-1-activity": "Menyerahkan dokumen", "steps-1-actor": "Petugas loket"}
    return {
        "standards.compute": {"data": {"period": period.id}},
        "standards.save_components": {"data": {"text_persyaratan": "KTP-el",
                                               "done_persyaratan": "y"}},
        "standards.record_stage": {"data": {"stage": "adopted", "sk_number": "SK 1/2025",
                                            "adopted_on": "2025-02-03"}},
        "standards.record_check": {"data": {"kind": "evaluasi", "done_on": "2025-03-03"}},
        "standards.save_maklumat": {"data": {
            "text": "Kami sanggup.", "signatory_name": "Kepala", "signed_on": "2025-02-05"}},
        "standards.upload_evidence": {"data": {
            "kind": "sk_penetapan", "service": str(service_id), "sop": "0",
            "file": (io.BytesIO(PDF), "sk.pdf")}, "content_type": "multipart/form-data"},
        "standards.new_sop": {"data": {"number": "SOP-NEW", "title": "SOP baru", "kind": "ap",
                                       **steps}},
        "standards.edit_sop": {"data": {"number": "SOP-1", "title": "SOP diubah", "kind": "ap",
                                        "services": str(service_id), **steps}},
    }


def make_args(target_unit, period, users) -> dict:
    """Create a service type with a standard, an SOP and an evidence file on the target unit."""
    folder = tempfile.mkdtemp(prefix="evalsys-std-access-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    current_app.config["UPLOAD_DIR"] = folder
    service = ServiceType(unit_id=target_unit.id, code="STD-L01", name="Layanan uji")
    db.session.add(service)
    db.session.flush()
    standard = ServiceStandard(service_type_id=service.id, status="adopted", sk_number="SK 1",
                               adopted_on=date(2025, 1, 6))
    standard.components = [StandardComponent(code=c, is_done=False) for c in COMPONENT_CODES]
    sop = Sop(unit_id=target_unit.id, number="SOP-1", title="SOP uji", kind="ap",
              approved_on=date(2025, 1, 10))
    sop.steps = [SopStep(position=1, activity="Mulai", actor="Petugas")]
    db.session.add_all([standard, sop])
    db.session.flush()
    stored = uploads.save(io.BytesIO(PDF), "bukti.pdf")
    evidence = StandardEvidence(
        unit_id=target_unit.id, service_type_id=service.id, kind="sk_penetapan",
        original_name=stored.original_name, stored_name=stored.stored_name,
        content_type=stored.content_type, size_bytes=stored.size_bytes)
    db.session.add(evidence)
    db.session.commit()
    BODIES.clear()
    BODIES.update(_bodies(period, service.id))
    return {"std_service_id": service.id, "sop_id": sop.id, "std_evidence_id": evidence.id,
            "unit_code": target_unit.code}
