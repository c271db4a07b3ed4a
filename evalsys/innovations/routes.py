"""Views of the innovation registry: list with filters, create/edit form, detail page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Indicator, db
from models.innovation import SECTIONS, Innovation

from ..auth.decorators import role_required
from ..errors import DomainError
from ..indicators.entry import editable_unit_ids
from . import bp, charts, labels, operations, queries
from .forms import EvidenceForm, IndicatorForm, InnovationForm


@bp.context_processor
def _labels() -> dict:
    """Give this blueprint's templates the labels and the section lists."""
    return {"L": labels, "SECTIONS": SECTIONS}


def require_edit(unit_id: int) -> None:
    """Refuse (403) unless the signed-in user may edit the unit's records."""
    if not current_user.can_edit_unit(unit_id):
        abort(403)


def form_errors(form) -> str:
    """Return a form's errors as one line."""
    return "; ".join(f"{form[name].label.text}: {' '.join(map(str, errors))}"
                     for name, errors in form.errors.items())


@bp.get("/")
def index():
    """The registry: every innovation with its KIPP 2021 verdict, filterable."""
    filters = {"unit": request.args.get("unit", type=int),
               "group": request.args.get("group") or None,
               "stage": request.args.get("stage") or None,
               "eligible": request.args.get("eligible") or None}
    return render_template("innovations/index.html", rows=queries.registry(filters),
                           filters=request.args, units=queries.units_with_innovations(),
                           editable=editable_unit_ids(current_user))


def _innovation_form(innovation: Innovation | None = None) -> InnovationForm:
    """Return the form with the units the user may edit (and the innovation's own unit)."""
    if innovation is not None and request.method == "GET":
        data = {f"s_{code}": text for code, text in (innovation.sections or {}).items()}
        form = InnovationForm(obj=innovation, data=data)
    else:
        form = InnovationForm(unit_id=request.args.get("unit", type=int))
    form.unit_id.choices = [(u.id, u.name)
                            for u in queries.service_units(editable_unit_ids(current_user))]
    return form


def _save(innovation: Innovation | None):
    """Validate the form, save, commit, redirect; or show the form again with messages."""
    form = _innovation_form(innovation)
    if form.validate_on_submit():
        data = {k: v for k, v in form.data.items() if not k.startswith("s_")}
        data["sections"] = form.section_data()
        try:
            saved = operations.save_innovation(innovation, data, current_user)
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Inovasi disimpan."), "success")
            return redirect(url_for("innovations.detail", innovation_id=saved.id))
    status = 422 if request.method == "POST" else 200
    return render_template("innovations/form.html", form=form, innovation=innovation), status


@bp.route("/new", methods=["GET", "POST"])
@role_required("evaluator", "admin")
def create():
    """Register a new innovation for one of the user's units (evaluators, admins)."""
    return _save(None)


@bp.route("/<int:innovation_id>/edit", methods=["GET", "POST"])
def edit(innovation_id: int):
    """Edit an innovation's profile and proposal sections (the unit's evaluators, admins)."""
    innovation = db.get_or_404(Innovation, innovation_id)
    require_edit(innovation.unit_id)
    return _save(innovation)


def indicator_form() -> IndicatorForm:
    """Return the add-indicator form with the catalogue and the periods as choices."""
    form = IndicatorForm(formdata=None)
    fill_indicator_choices(form)
    return form


def fill_indicator_choices(form: IndicatorForm) -> None:
    """Set the catalogue and period choices of an indicator form."""
    indicators = db.session.scalars(db.select(Indicator).where(Indicator.is_active.is_(True))
                                    .order_by(Indicator.name_id))
    form.indicator_id.choices = [(0, "—")] + [(i.id, i.name_id) for i in indicators]
    periods = [(p.id, p.code) for p in queries.periods()]
    form.before_period_id.choices = [(0, "—")] + periods
    form.after_period_id.choices = [(0, "—")] + periods


@bp.get("/<int:innovation_id>")
def detail(innovation_id: int):
    """One innovation: profile, verdicts, sections, indicators with chart, evidence."""
    innovation = db.get_or_404(Innovation, innovation_id)
    entries = queries.entries_of(innovation)
    verdicts = [queries.verdict(innovation)] + [queries.verdict(innovation, e.competition)
                                                for e in entries]
    pairs = [charts.Pair(r.title, r.unit_of_measure or "", r.before_value, r.after_value)
             for r in innovation.indicators
             if r.before_value is not None and r.after_value is not None]
    chart = charts.to_html(charts.plotly_figure(pairs, _("Sebelum"), _("Sesudah")),
                           "inov-chart") if pairs else ""
    return render_template("innovations/detail.html", innovation=innovation, entries=entries,
                           verdicts=verdicts, chart=chart,
                           can_edit=current_user.can_edit_unit(innovation.unit_id),
                           indicator_form=indicator_form(), evidence_form=EvidenceForm(),
                           sections=labels.sections_for(innovation.group))
