"""The questionnaire of a period (admin edits wording) and a unit's own unsur and weights."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from models import Period, Unit, db

from ..auth.decorators import role_required
from ..errors import DomainError
from . import bp, questionnaire
from .views_entry import scoped_unit
from .views_results import all_periods, selected_period

TEXT_LIMITS = {"name": 200, "question": 2000, "label1": 120, "label2": 120, "label3": 120,
               "label4": 120}
FIELD_NAMES = {"name": "nama unsur", "question": "pertanyaan", "label1": "jawaban 1",
               "label2": "jawaban 2", "label3": "jawaban 3", "label4": "jawaban 4"}


def _number(raw: str) -> float | None:
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise DomainError(f"Bobot '{raw}' bukan angka.") from None


def _item(prefix: str, code: str) -> dict:
    values = {k: (request.form.get(f"{prefix}{k}") or "").strip() for k in TEXT_LIMITS}
    for key, limit in TEXT_LIMITS.items():
        if not values[key] or len(values[key]) > limit:
            raise DomainError(f"{code}: {FIELD_NAMES[key]} wajib diisi, paling panjang "
                              f"{limit} karakter.")
    return {"code": code, "name": values["name"], "question": values["question"],
            "labels": (values["label1"], values["label2"], values["label3"], values["label4"]),
            "weight": _number(request.form.get(f"{prefix}weight", ""))}


def posted_items(allow_extra: bool) -> list[dict]:
    """Read the edited items from the form; extra unsur only for a unit's questionnaire."""
    codes = request.form.getlist("code")
    items = [_item(f"{code}-", code) for code in codes
             if allow_extra or code in questionnaire.STANDARD_CODES]
    items = [i for i in items if i["code"] in questionnaire.STANDARD_CODES
             or request.form.get(f"{i['code']}-remove") != "1"]
    if allow_extra and (request.form.get("new-name") or "").strip():
        items.append(_item("new-", questionnaire.next_extra_code(items)))
    return items


def _page(period: Period, unit: Unit | None, can_edit: bool):
    items = questionnaire.display_items(period, unit.id if unit else None)
    current = questionnaire.latest(period.id, unit.id if unit else None)
    return render_template("surveys/questionnaire.html", period=period, unit=unit, items=items,
                           current=current, periods=all_periods(), form=FlaskForm(),
                           can_edit=can_edit and not period.is_locked)


def _save(period: Period, unit: Unit | None):
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        saved = questionnaire.save_items(period, unit.id if unit else None,
                                         posted_items(allow_extra=unit is not None))
        db.session.commit()
        flash(_("Kuesioner disimpan (versi %(v)d).", v=saved.version), "success")
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
    if unit is None:
        return redirect(url_for("surveys.questionnaire_view", period=period.id))
    return redirect(url_for("surveys.unit_questionnaire", unit_id=unit.id, period=period.id))


@bp.get("/surveys/questionnaire")
def questionnaire_view():
    """Show the regional questionnaire of a period: unsur, questions, answers, weights."""
    period = selected_period()
    if period is None:
        abort(404)
    return _page(period, None, current_user.role == "admin")


@bp.post("/surveys/questionnaire/<int:period_id>")
@role_required("admin")
def questionnaire_save(period_id: int):
    """Save the regional questionnaire's wording and weights (admin)."""
    return _save(db.get_or_404(Period, period_id), None)


@bp.get("/surveys/<int:unit_id>/questionnaire")
def unit_questionnaire(unit_id: int):
    """Show the questionnaire a unit's respondents answer, with its additional unsur."""
    unit = db.get_or_404(Unit, unit_id)
    period = selected_period()
    if period is None:
        abort(404)
    return _page(period, unit, current_user.can_edit_unit(unit.id))


@bp.post("/surveys/<int:unit_id>/questionnaire")
def unit_questionnaire_save(unit_id: int):
    """Save a unit's own questionnaire: additional unsur and weights summing to 1."""
    unit = scoped_unit(unit_id)
    period = db.get_or_404(Period, request.form.get("period", type=int) or 0)
    return _save(period, unit)
