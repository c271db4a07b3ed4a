"""Access expectations for the surveys feature's routes (merged by test_access_control.py).

EXPECT maps (endpoint, method) to public / login / leader / admin / evaluator / scoped
(see test_access_control.py for what each means).
make_args creates this feature's records on the target unit and returns the URL arguments
its routes need; BODIES gives form or JSON bodies per endpoint.
"""

import io
from datetime import date

from models import ServiceType, db
from models.survey import FollowUpAction, SurveyImport, SurveyLink, SurveyPublication
from scoring.skm import ANSWER_LABELS, QUESTIONS, UNSUR_2017

EXPECT: dict[tuple[str, str], str] = {
    ("surveys.public_form_view", "GET"): "public",
    ("surveys.public_form_view", "POST"): "public",
    ("surveys.thanks", "GET"): "public",
    ("surveys.index", "GET"): "login",
    ("surveys.results_view", "GET"): "login",
    ("surveys.poster", "GET"): "login",
    ("surveys.qr_png", "GET"): "login",
    ("surveys.qr_svg", "GET"): "login",
    ("surveys.questionnaire_view", "GET"): "login",
    ("surveys.unit_questionnaire", "GET"): "login",
    ("surveys.import_template", "GET"): "login",
    ("surveys.import_list", "GET"): "login",
    ("surveys.import_detail", "GET"): "login",
    ("surveys.import_errors_csv", "GET"): "login",
    ("surveys.import_upload", "GET"): "evaluator",
    ("surveys.import_upload", "POST"): "evaluator",
    ("surveys.import_confirm", "POST"): "evaluator",
    ("surveys.import_cancel", "POST"): "evaluator",
    ("surveys.recompute", "POST"): "evaluator",
    ("surveys.questionnaire_save", "POST"): "admin",
    ("surveys.paper_entry", "GET"): "scoped",
    ("surveys.paper_entry", "POST"): "scoped",
    ("surveys.set_target", "POST"): "scoped",
    ("surveys.add_follow_up", "POST"): "scoped",
    ("surveys.edit_follow_up", "POST"): "scoped",
    ("surveys.remove_follow_up", "POST"): "scoped",
    ("surveys.add_publication", "POST"): "scoped",
    ("surveys.delete_publication", "POST"): "scoped",
    ("surveys.make_links", "POST"): "scoped",
    ("surveys.unit_questionnaire_save", "POST"): "scoped",
}
BODIES: dict[str, dict] = {}


class RewindingFile(io.BytesIO):
    """An upload the walk can send twice (GET and POST): closing it rewinds it instead."""

    def close(self):
        self.seek(0)


def questionnaire_body(period_id: int) -> dict:
    """Return a valid post of the nine standard unsur, as the questionnaire page sends it."""
    data = {"period": period_id, "code": [u.code for u in UNSUR_2017]}
    for u in UNSUR_2017:
        data |= {f"{u.code}-name": u.name_id, f"{u.code}-question": QUESTIONS[u.code],
                 f"{u.code}-weight": ""}
        data |= {f"{u.code}-label{k}": label
                 for k, label in enumerate(ANSWER_LABELS[u.code], start=1)}
    return data


def _bodies(period) -> None:
    """Fill BODIES with valid posts, so an allowed role really changes something."""
    answers = {f"U{i}": str(1 + i % 4) for i in range(1, 10)}
    follow_up = {"unsur_code": "U9", "action": "Sediakan kotak saran", "owner": "Kepala unit",
                 "due_date": "2025-09-30", "status": "rencana"}
    csv = (b"tanggal,kode_unit,U1,U2,U3,U4,U5,U6,U7,U8,U9\n"
           b"2025-03-01,TARGET,4,4,3,3,4,4,3,3,2\n")
    BODIES.update({
        "surveys.public_form_view": {"data": dict(answers, gender="P", age_band="30-39",
                                                  education="SMA", occupation="SWASTA",
                                                  consent="y")},
        "surveys.paper_entry": {"data": dict(answers, period=period.id, day="2025-03-01")},
        "surveys.set_target": {"data": {"period": period.id, "population": 500}},
        "surveys.add_follow_up": {"data": dict(follow_up, period=period.id)},
        "surveys.edit_follow_up": {"data": dict(follow_up, status="selesai")},
        "surveys.add_publication": {"data": {"period": period.id, "channel": "website",
                                             "published_on": "2025-07-01",
                                             "link": "https://contohkab.go.id/skm"}},
        "surveys.import_upload": {"data": {"period": period.id,
                                           "file": (RewindingFile(csv), "skm.csv")}},
        "surveys.import_confirm": {"data": {"key": "tidak-ada-pratinjau-seperti-ini"}},
        "surveys.recompute": {"data": {"period": period.id}},
        "surveys.questionnaire_save": {"data": questionnaire_body(period.id)},
        "surveys.unit_questionnaire_save": {"data": questionnaire_body(period.id)},
    })


def make_args(target_unit, period, users) -> dict:
    """Create records the feature's URLs point at; return their URL arguments."""
    service = ServiceType(unit_id=target_unit.id, code="L01", name="Layanan uji")
    db.session.add(service)
    db.session.flush()
    link = SurveyLink(unit_id=target_unit.id, token="token-uji-akses-0123456789")
    action = FollowUpAction(unit_id=target_unit.id, period_id=period.id, unsur_code="U3",
                            action="Tambah loket", owner="Kepala unit",
                            due_date=date(2025, 9, 30), status="rencana")
    publication = SurveyPublication(unit_id=target_unit.id, period_id=period.id,
                                    channel="website", published_on=date(2025, 7, 1))
    batch = SurveyImport(period_id=period.id, filename="lama.csv", rows_total=1,
                         rows_stored=0, rows_rejected=1,
                         errors=[{"row": 2, "column": "U1", "value": "5", "message": "x"}])
    db.session.add_all([link, action, publication, batch])
    db.session.commit()
    _bodies(period)
    return {"token": link.token, "action_id": action.id, "publication_id": publication.id,
            "import_id": batch.id, "fmt": "csv"}
