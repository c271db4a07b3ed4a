"""Read pages: IKM per unit for a period, a unit's results, its poster and QR codes."""

from datetime import date

from flask import Response, abort, current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Period, Unit, db
from models.survey import SurveyTarget
from scoring.skm import sample_size

from ..home.operations import current_period
from ..units.operations import filtered_units, opd_choices
from . import bp, charts, qr, questionnaire, responses, results
from .choices import GRADE_COLOURS, PUBLICATION_LABELS, STATUS_LABELS
from .forms import FollowUpForm, PublicationForm, TargetForm


def selected_period() -> Period | None:
    """Return the period named in the request, else the current one."""
    period_id = request.values.get("period", type=int)
    return db.session.get(Period, period_id) if period_id else current_period()


def all_periods() -> list[Period]:
    """Return every period, newest first (for period pickers)."""
    return list(db.session.scalars(select(Period).order_by(Period.end_date.desc())))


@bp.get("/surveys/")
def index():
    """List the IKM of every service unit for a period, with sample targets."""
    period = selected_period()
    opd_id = request.args.get("opd", type=int)
    page = db.paginate(filtered_units(opd_id, level="unit"),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    rows = results.overview(period, list(page.items)) if period else []
    return render_template("surveys/index.html", period=period, periods=all_periods(),
                           rows=rows, page=page, opds=opd_choices(), filters=request.args,
                           colours=GRADE_COLOURS)


def _result(unit: Unit, period: Period, service_id: int | None) -> dict:
    table = results.aggregate.compute([period.id], unit_ids=[unit.id],
                                      service_type_id=service_id)
    if table.empty:
        return {"row": None}
    row = table.iloc[0]
    nrr = results.nrr_rows(row, int(row["questionnaire_id"]))
    weakest = results.weakest(nrr)
    by_code = nrr.set_index("code")
    priorities = [(c, by_code.at[c, "name"], by_code.at[c, "nrr"]) for c in weakest]
    return {"row": row, "nrr": nrr, "weakest": weakest, "priorities": priorities,
            "chart": charts.to_html(charts.nrr_chart(nrr, set(weakest)), "nrr-chart")}


@bp.get("/surveys/<int:unit_id>/")
def results_view(unit_id: int):
    """Show a unit's IKM, grade, NRR, priorities, profile, target, trend, RTL and publication."""
    unit = db.get_or_404(Unit, unit_id)
    period = selected_period()
    if period is None:
        abort(404)
    service_id = request.args.get("service", type=int)
    trend = results.trend(unit)
    target = db.session.scalar(select(SurveyTarget).where(
        SurveyTarget.unit_id == unit.id, SurveyTarget.period_id == period.id))
    follow_form = FollowUpForm()
    follow_form.unsur_code.choices = [(i.code, f"{i.code} {i.name}") for i in
                                      questionnaire.display_items(period, unit.id)]
    return render_template(
        "surveys/results.html", unit=unit, period=period, periods=all_periods(),
        service_id=service_id, result=_result(unit, period, service_id),
        services=results.by_service(unit, period), profile=results.profile(
            unit.id, period.id, service_id),
        target=target, target_n=sample_size(target.population) if target else None,
        target_form=TargetForm(obj=target), follow_form=follow_form,
        publication_form=PublicationForm(), trend=trend,
        trend_chart=charts.to_html(charts.trend_chart(trend), "trend-chart")
        if len(trend) > 1 else None,
        stored=results.stored_value(unit.id, period.id),
        follow_ups=results.follow_ups(unit.id, period.id),
        publications=results.publications(unit.id, period.id),
        suggestions=results.suggestions(unit.id, period.id),
        can_edit=current_user.can_edit_unit(unit.id) and not period.is_locked,
        colours=GRADE_COLOURS, status_labels=STATUS_LABELS, today=date.today(),
        publication_labels=PUBLICATION_LABELS)


@bp.get("/surveys/<int:unit_id>/poster")
def poster(unit_id: int):
    """Show a printable poster: one QR code for the unit and one per service type."""
    unit = db.get_or_404(Unit, unit_id)
    links = responses.links_for(unit.id)
    cards = [(None, links.get(None))] + [(s, links.get(s.id)) for s in unit.service_types
                                         if s.is_active]
    return render_template("surveys/poster.html", unit=unit, cards=cards,
                           can_edit=current_user.can_edit_unit(unit.id))


def _qr(unit_id: int, kind: str, mimetype: str) -> Response:
    db.get_or_404(Unit, unit_id)
    link = responses.links_for(unit_id).get(request.args.get("service", type=int))
    if link is None:
        abort(404, description="Unit ini belum punya tautan survei; buat dari halaman poster.")
    url = url_for("surveys.public_form_view", token=link.token, _external=True)
    response = Response(qr.qr_bytes(url, kind), mimetype=mimetype)
    response.headers["Cache-Control"] = "private, max-age=300"
    if request.args.get("download"):
        response.headers["Content-Disposition"] = (
            f'attachment; filename="qr-survei-{unit_id}-{link.service_type_id or "unit"}.{kind}"')
    return response


@bp.get("/surveys/<int:unit_id>/qr.png")
def qr_png(unit_id: int):
    """Return the QR code of the unit's (or a service's) public survey address as PNG."""
    return _qr(unit_id, "png", "image/png")


@bp.get("/surveys/<int:unit_id>/qr.svg")
def qr_svg(unit_id: int):
    """Return the QR code of the unit's (or a service's) public survey address as SVG."""
    return _qr(unit_id, "svg", "image/svg+xml")
