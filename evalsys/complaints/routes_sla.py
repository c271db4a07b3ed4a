"""SLA views: all-units dashboard, one unit's drill-down, indicator refresh, SLA policy."""

from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Period, Unit, db
from models.complaint import SEVERITIES, SlaPolicyVersion

from ..auth.decorators import role_required
from ..errors import DomainError
from ..home.operations import current_period
from ..units.operations import opd_choices
from . import bp, charts, computed, dashboards, evaluation, operations, queries
from .forms import PolicyForm


def _period() -> Period | None:
    period_id = request.values.get("period", type=int)
    return db.session.get(Period, period_id) if period_id else current_period()


def _texts() -> dict:
    """Chart texts in the interface language."""
    return {"response": _("Tanggapan tepat waktu"), "resolution": _("Selesai tepat waktu"),
            "days": _("hari kerja sampai selesai (di luar jeda)"), "count": _("pengaduan"),
            "working_days": _("hari kerja")}


@bp.get("/sla")
def sla():
    """Every unit's service levels in a period, as a sorted bar chart and a table."""
    period = _period()
    if period is None:
        flash(_("Belum ada periode."), "warning")
        return redirect(url_for("complaints.index"))
    as_of = request.args.get("as_of", type=queries.parse_date)
    data = dashboards.all_units(period, request.args.get("opd", type=int), as_of)
    return render_template("complaints/sla.html", period=period, periods=queries.periods(),
                           opds=opd_choices(), filters=request.args, as_of=as_of,
                           figure=charts.as_dict(charts.sla_by_unit(data["table"], _texts())),
                           **data)


@bp.get("/sla/<int:unit_id>")
def sla_unit(unit_id: int):
    """One unit's service levels: trend over periods, resolution times, late complaints."""
    unit = db.get_or_404(Unit, unit_id)
    period = _period()
    if period is None:
        abort(404)
    data = dashboards.one_unit(unit, period)
    return render_template(
        "complaints/sla_unit.html", unit=unit, period=period, periods=queries.periods(),
        trend_figure=charts.as_dict(charts.trend(data["trend"], _texts())),
        histogram=charts.as_dict(charts.resolution_histogram(data["days"], _texts())), **data)


@bp.post("/sla/recompute")
@role_required("leader", "admin")
def recompute():
    """Write the period's SLA indicator values now (leaders and admins)."""
    period = _period()
    if period is None:
        abort(404)
    try:
        written = computed.recompute_indicators(period)
    except DomainError as err:
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_("%(n)d nilai indikator SLA diperbarui untuk %(p)s.", n=written, p=period.code),
              "success")
    return redirect(url_for("complaints.sla", period=period.id))


def _policy_form(policy) -> PolicyForm:
    form = PolicyForm()
    if request.method == "GET":
        for name in ("verify_working_days", "follow_up_working_days", "statutory_response_days",
                     "statutory_decision_days", "statutory_delivery_days", "office_close"):
            getattr(form, name).data = getattr(policy, name)
        for severity in SEVERITIES:
            getattr(form, severity).data = policy.resolution_working_days[severity]
        form.pause_statuses.data = sorted(policy.pause_statuses)
    return form


@bp.route("/policy", methods=["GET", "POST"])
def policy():
    """Show the active SLA policy and its versions; admins save a new version."""
    active, version = evaluation.active_policy()
    form = _policy_form(active) if current_user.role == "admin" else None
    if request.method == "POST":
        if form is None:
            abort(403)
        if form.validate_on_submit():
            try:
                operations.save_policy(current_user, dashboards.policy_from_form(form),
                                       form.note.data)
            except (DomainError, ValueError) as err:
                db.session.rollback()
                flash(str(err), "danger")
            else:
                db.session.commit()
                flash(_("Kebijakan SLA disimpan sebagai versi baru."), "success")
                return redirect(url_for("complaints.policy"))
    versions = db.session.scalars(select(SlaPolicyVersion)
                                  .order_by(SlaPolicyVersion.version.desc())).all()
    return render_template("complaints/policy.html", policy=active, version=version,
                           versions=versions, form=form, default_close=time(16, 0))
