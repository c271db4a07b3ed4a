"""Access expectations for the complaints feature's routes (merged by test_access_control.py).

EXPECT maps (endpoint, method) to public / login / leader / admin / evaluator / scoped
(see test_access_control.py for what each means).
make_args creates this feature's records on the target unit and returns the URL arguments
its routes need; BODIES gives form or JSON bodies per endpoint.
"""

from datetime import date, datetime

from models import db
from models.complaint import Complaint, ComplaintEvent, HolidayAdjustment

EXPECT: dict[tuple[str, str], str] = {
    ("complaints.index", "GET"): "login",
    ("complaints.detail", "GET"): "login",
    ("complaints.change_status", "POST"): "scoped",
    ("complaints.create", "GET"): "evaluator",
    ("complaints.create", "POST"): "scoped",
    ("complaints.due", "GET"): "login",
    ("complaints.sla", "GET"): "login",
    ("complaints.sla_unit", "GET"): "login",
    ("complaints.recompute", "POST"): "leader",
    ("complaints.policy", "GET"): "login",
    ("complaints.policy", "POST"): "admin",
    ("complaints.calendar", "GET"): "login",
    ("complaints.add_adjustment", "POST"): "admin",
    ("complaints.delete_adjustment", "POST"): "admin",
    ("complaints.work_week", "POST"): "admin",
    ("complaints.import_file", "GET"): "evaluator",
    ("complaints.import_file", "POST"): "evaluator",
    ("complaints.import_template", "GET"): "login",
}

_POLICY = {"verify_working_days": 3, "follow_up_working_days": 5, "ringan": 2, "normatif": 5,
           "tidak_berkadar_pengawasan": 14, "berkadar_pengawasan": 60,
           "pause_statuses": ["perlu_kelengkapan"], "statutory_response_days": 14,
           "statutory_decision_days": 60, "statutory_delivery_days": 14,
           "office_close": "16:00", "note": "uji akses"}
BODIES: dict[str, dict] = {
    "complaints.change_status": {"data": {"status": "diverifikasi", "note": "uji"}},
    "complaints.create": {"data": {}},  # filled in by make_args with the target unit
    "complaints.recompute": {"data": {}},
    "complaints.policy": {"data": _POLICY},
    "complaints.add_adjustment": {"data": {"day": "2025-06-20", "name": "Hari Jadi",
                                           "kind": "add"}},
    "complaints.work_week": {"data": {"unit_id": "0", "six_day": "1"}},
    "complaints.import_file": {"data": {"action": "preview", "token": "0" * 32}},
}


def make_args(target_unit, period, users) -> dict:
    """Create a complaint (with its receipt event) and a calendar adjustment on the target."""
    received = datetime(2025, 3, 3, 9, 0)
    complaint = Complaint(unit_id=target_unit.id, tracking_number="ACCESS-1", channel="whatsapp",
                          kind="pengaduan", severity="normatif", received_at=received,
                          subject="Uji akses", status="diterima")
    complaint.events.append(ComplaintEvent(status="diterima", at=received))
    adjustment = HolidayAdjustment(day=date(2025, 5, 2), name="Uji", kind="add")
    db.session.add_all([complaint, adjustment])
    db.session.commit()
    BODIES["complaints.create"]["data"] = {
        "unit_id": str(target_unit.id), "received_at": "2025-03-04T10:00", "channel": "email",
        "kind": "aspirasi", "severity": "ringan", "subject": "Uji akses baru"}
    BODIES["complaints.recompute"]["data"] = {"period": str(period.id)}
    BODIES["complaints.work_week"]["data"]["unit_id"] = str(target_unit.id)
    return {"complaint_id": complaint.id, "adjustment_id": adjustment.id}
