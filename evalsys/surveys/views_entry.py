"""Writes that name a unit: paper entry, sample target, RTL, publications and links.

Each checks the unit's scope (admins, or the unit's own evaluators) before anything else.
"""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Period, Unit, db
from models.survey import FollowUpAction, SurveyPublication

from ..errors import DomainError
from . import bp, operations, questionnaire, responses
from .choices import PROFILE_FIELDS
from .forms import FollowUpForm, PublicationForm, TargetForm, paper_form
from .views_results import all_periods, selected_period


def scoped_unit(unit_id: int) -> Unit:
    """Return the unit when the user may write its survey data; 403 otherwise."""
    unit = db.get_or_404(Unit, unit_id)
    if not current_user.can_edit_unit(unit.id):
        abort(403)
    return unit


def _period_from_form() -> Period:
    period = db.session.get(Period, request.form.get("period", type=int) or 0)
    if period is None:
        abort(400, description=_("Periode tidak dikenal."))
    return period


def _back(unit: Unit, period: Period, anchor: str = ""):
    return redirect(url_for("surveys.results_view", unit_id=unit.id, period=period.id)
                    + anchor)


def _default_day(period: Period, unit: Unit) -> date:
    today = responses.local_now(unit).date()
    return min(max(today, period.start_date), period.end_date)


@bp.route("/surveys/<int:unit_id>/entry", methods=["GET", "POST"])
def paper_entry(unit_id: int):
    """Type in paper questionnaires one after another; each save returns an empty form."""
    unit = scoped_unit(unit_id)
    period = selected_period()
    if period is None:
        abort(404)
    items = questionnaire.display_items(period, unit.id)
    services = [(s.id, s.name) for s in unit.service_types if s.is_active]
    form = paper_form(items, services)(
        day=request.args.get("day", type=date.fromisoformat) or _default_day(period, unit),
        service=request.args.get("service", ""))
    if form.validate_on_submit():
        try:
            operations.record_response(
                unit, period,
                answers={i.code: int(form[i.code].data) if form[i.code].data else None
                         for i in items},
                profile={f: form[f].data for f, _h, _l in PROFILE_FIELDS}
                | {"suggestion": form.suggestion.data}, channel="paper",
                submitted_at=responses.at_noon(unit, form.day.data),
                service_type_id=int(form.service.data) if form.service.data else None,
                entered_by_id=current_user.id)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            flash(_("Kuesioner tersimpan."), "success")
            return redirect(url_for("surveys.paper_entry", unit_id=unit.id, period=period.id,
                                    day=form.day.data.isoformat(), service=form.service.data))
    return render_template("surveys/paper_entry.html", unit=unit, period=period, form=form,
                           items=items, periods=all_periods(),
                           count=responses.count_for(unit.id, period.id, "paper"),
                           total=responses.count_for(unit.id, period.id))


def _flash_form_errors(form) -> None:
    for field in form:
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "danger")


@bp.post("/surveys/<int:unit_id>/target")
def set_target(unit_id: int):
    """Record the number of service users in the period (sets the K&M sample target)."""
    unit, period = scoped_unit(unit_id), _period_from_form()
    form = TargetForm()
    if form.validate_on_submit():
        try:
            operations.set_target(unit.id, period, form.population.data)
            db.session.commit()
            flash(_("Jumlah pengguna layanan disimpan."), "success")
        except DomainError as err:
            flash(str(err), "danger")
    else:
        _flash_form_errors(form)
    return _back(unit, period, "#sampel")


def _follow_up_choices(form: FollowUpForm, unit: Unit, period: Period) -> None:
    items = questionnaire.display_items(period, unit.id)
    form.unsur_code.choices = [(i.code, f"{i.code} {i.name}") for i in items]


def _save_follow_up(unit: Unit, period: Period, action: FollowUpAction):
    form = FollowUpForm()
    _follow_up_choices(form, unit, period)
    if form.validate_on_submit():
        try:
            operations.save_follow_up(action, period, form.data)
            db.session.commit()
            flash(_("Rencana tindak lanjut disimpan."), "success")
        except DomainError as err:
            flash(str(err), "danger")
    else:
        _flash_form_errors(form)
    return _back(unit, period, "#rtl")


@bp.post("/surveys/<int:unit_id>/followups")
def add_follow_up(unit_id: int):
    """Add an RTL item for a weak unsur."""
    unit, period = scoped_unit(unit_id), _period_from_form()
    return _save_follow_up(unit, period, FollowUpAction(unit_id=unit.id))


def _owned(model, record_id: int, unit: Unit):
    record = db.get_or_404(model, record_id)
    if record.unit_id != unit.id:
        abort(404)
    return record


@bp.post("/surveys/<int:unit_id>/followups/<int:action_id>")
def edit_follow_up(unit_id: int, action_id: int):
    """Update an RTL item (e.g. mark it done)."""
    unit = scoped_unit(unit_id)
    action = _owned(FollowUpAction, action_id, unit)
    return _save_follow_up(unit, db.session.get(Period, action.period_id), action)


# Named remove_… so the access walk (alphabetical) edits the item before it deletes it.
@bp.post("/surveys/<int:unit_id>/followups/<int:action_id>/delete")
def remove_follow_up(unit_id: int, action_id: int):
    """Remove an RTL item."""
    unit = scoped_unit(unit_id)
    action = _owned(FollowUpAction, action_id, unit)
    period = db.session.get(Period, action.period_id)
    try:
        operations.delete_follow_up(action, period)
        db.session.commit()
        flash(_("Rencana tindak lanjut dihapus."), "success")
    except DomainError as err:
        flash(str(err), "danger")
    return _back(unit, period, "#rtl")


@bp.post("/surveys/<int:unit_id>/publications")
def add_publication(unit_id: int):
    """Record where and when the unit published its SKM result."""
    unit, period = scoped_unit(unit_id), _period_from_form()
    form = PublicationForm()
    if form.validate_on_submit():
        try:
            operations.add_publication(unit.id, period, form.data)
            db.session.commit()
            flash(_("Bukti publikasi disimpan."), "success")
        except DomainError as err:
            flash(str(err), "danger")
    else:
        _flash_form_errors(form)
    return _back(unit, period, "#publikasi")


@bp.post("/surveys/<int:unit_id>/publications/<int:publication_id>/delete")
def delete_publication(unit_id: int, publication_id: int):
    """Remove a publication record."""
    unit = scoped_unit(unit_id)
    publication = _owned(SurveyPublication, publication_id, unit)
    period = db.session.get(Period, publication.period_id)
    try:
        operations.delete_publication(publication, period)
        db.session.commit()
        flash(_("Bukti publikasi dihapus."), "success")
    except DomainError as err:
        flash(str(err), "danger")
    return _back(unit, period, "#publikasi")


@bp.post("/surveys/<int:unit_id>/links")
def make_links(unit_id: int):
    """Create the unit's missing survey links, or replace all of them (rotate=1)."""
    unit = scoped_unit(unit_id)
    rotate = request.form.get("rotate") == "1"
    made = responses.ensure_links(unit, rotate=rotate)
    db.session.commit()
    flash(_("Tautan survei diganti; cetak ulang poster QR.") if rotate
          else _("%(n)d tautan survei dibuat.", n=made), "success")
    return redirect(url_for("surveys.poster", unit_id=unit.id))

