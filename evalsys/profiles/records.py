"""The raw records behind one indicator value of one unit and period (one query per list).

Each reader reuses its feature's own queries and calculations, so the records shown are exactly
those the indicator was computed from: complaints received in the period with their service
levels (``complaints.evaluation``), survey responses, standards per service, staff and tasks.
"""

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Indicator, IndicatorValue, Period, Unit, db
from models.audit import AuditEvent
from models.complaint import Complaint
from models.survey import SurveyResponse
from models.unit import ServiceType
from models.workforce import COUNTED_STATUSES, Position, Staff, WorkloadTask

from ..complaints import evaluation
from ..complaints.queries import complaint_cards, received_between
from ..standards.pages import unit_page_rows
from ..standards.queries import as_of_for
from ..workforce import staffing

# In the order the "complaints behind this score" link prefers.
COMPLAINT_CODES = ("sla_resolution_pct", "sla_response_pct", "resolution_wd_median")
STANDARD_CODES = ("sp_coverage_pct", "sop_coverage_pct", "sp_published_pct", "sp_evaluated_pct",
                  "sp_reviewed_pct", "maklumat_present", "pekppp_sp_available",
                  "pekppp_sp_review")
STAFFING_CODES = ("staffing_ratio", "staffing_fulfilment_pct", "staff_shortage",
                  "staff_surplus")


def kind_of(indicator: Indicator) -> str:
    """Say which raw records stand behind an indicator: surveys, complaints, ..., manual."""
    if indicator.code == "ikm":
        return "surveys"
    for kind, codes in (("complaints", COMPLAINT_CODES), ("standards", STANDARD_CODES),
                        ("staffing", STAFFING_CODES)):
        if indicator.code in codes:
            return kind
    return "manual" if indicator.source == "manual" else "computed"


def stored_value(unit: Unit, period: Period, indicator: Indicator) -> IndicatorValue | None:
    """Return the stored value with who entered and approved it (one query), or None."""
    return db.session.scalar(
        select(IndicatorValue).where(IndicatorValue.unit_id == unit.id,
                                     IndicatorValue.period_id == period.id,
                                     IndicatorValue.indicator_id == indicator.id)
        .options(joinedload(IndicatorValue.entered_by), joinedload(IndicatorValue.approved_by)))


def history(value: IndicatorValue | None) -> list[AuditEvent]:
    """Return the value's audit trail, oldest first, with the users (one query)."""
    if value is None:
        return []
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "IndicatorValue",
                                 AuditEvent.entity_id == value.id)
        .options(joinedload(AuditEvent.user)).order_by(AuditEvent.at, AuditEvent.id)))


def _outcome(done, breach, is_open: bool) -> str:
    """Return ok / late / open / none (closed without the step, e.g. not our authority)."""
    if bool(breach):
        return "late"
    if done is not None and not pd.isna(done):
        return "ok"
    return "open" if is_open else "none"


def complaint_rows(unit: Unit, period: Period) -> list[dict]:
    """Return the unit's complaints received in the period, each with its service levels.

    Evaluated as the SLA indicators are (as of the period's end, or today while it runs):
    three queries whatever the number of complaints.
    """
    where = [Complaint.unit_id == unit.id, *received_between(period.start_date,
                                                             period.end_date)]
    complaints, events = evaluation.load(*where)
    evaluated = evaluation.evaluate(complaints, events, cap=period.end_date)
    cards = complaint_cards([int(i) for i in evaluated["complaint_id"]])
    steps = {cid: list(zip(group["status"], group["at"], strict=True))
             for cid, group in events.sort_values(["complaint_id", "at"]).groupby("complaint_id")}
    rows = []
    for r in evaluation.records(evaluated):
        days = r.get("resolution_working_days")
        rows.append({
            "complaint": cards[r["complaint_id"]], "timeline": steps.get(r["complaint_id"], []),
            "response": _outcome(r.get("first_follow_up_date"), r.get("response_breach"),
                                 bool(r.get("is_open"))),
            "resolution": _outcome(r.get("resolved_date"), r.get("resolution_breach"),
                                   bool(r.get("is_open"))),
            "resolution_days": None if days is None or pd.isna(days) else float(days),
            "resolution_due": r.get("resolution_due"), "is_open": bool(r.get("is_open"))})
    return sorted(rows, key=lambda row: (row["complaint"].received_at, row["complaint"].id))


def survey_query(unit: Unit, period: Period):
    """Return the query of the unit's survey responses in the period, newest first."""
    return (select(SurveyResponse).where(SurveyResponse.unit_id == unit.id,
                                         SurveyResponse.period_id == period.id)
            .order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id.desc()))


def service_names(unit: Unit) -> dict[int, str]:
    """Return the unit's service type names by id (one query)."""
    return dict(db.session.execute(select(ServiceType.id, ServiceType.name).where(
        ServiceType.unit_id == unit.id)).all())


def standard_rows(unit: Unit, period: Period) -> list[dict]:
    """Return the unit's services with their standard, SOP and components as of the period."""
    return unit_page_rows(unit.id, as_of_for(period))


def staffing_view(unit: Unit, period: Period) -> dict:
    """Return the ABK need per position, the tasks and the staff counted in post (as of the
    period's end) behind the staffing indicators: four queries."""
    result = staffing.compute(as_of=period.end_date, unit_ids=[unit.id])
    positions = dict(db.session.execute(select(Position.id, Position.name)).all())
    by_position = result.positions_of(unit.id).reset_index()
    by_position["position"] = by_position["position_id"].map(positions)
    tasks = db.session.scalars(select(WorkloadTask).where(WorkloadTask.unit_id == unit.id)
                               .options(joinedload(WorkloadTask.position))
                               .order_by(WorkloadTask.position_id, WorkloadTask.id)).all()
    staff = db.session.scalars(select(Staff).where(Staff.unit_id == unit.id,
                                                   Staff.status.in_(COUNTED_STATUSES),
                                                   Staff.post_since <= period.end_date)
                               .options(joinedload(Staff.position))
                               .order_by(Staff.position_id, Staff.name)).all()
    totals = (result.by_unit.loc[unit.id].to_dict() if unit.id in result.by_unit.index
              else None)
    return {"positions": by_position.to_dict("records"), "tasks": tasks, "staff": staff,
            "totals": totals}
