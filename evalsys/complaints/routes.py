"""Views of the complaint register: list, detail with timeline, status change, entry, due list."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Unit, db
from models.complaint import CHANNELS, KINDS, SEVERITIES, Complaint
from scoring.sla import STATUSES

from ..errors import DomainError
from ..forms import options
from ..indicators.entry import editable_unit_ids
from ..units.operations import opd_choices
from . import bp, calendars, evaluation, operations, queries
from .forms import ComplaintForm, StatusForm
from .labels import STATUS_LABELS


@bp.get("/")
def index():
    """List complaints with filters, search and pagination; SLA of the shown rows on read."""
    page = db.paginate(queries.register_query(request.args),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    sla = queries.sla_rows([c.id for c in page.items])
    return render_template(
        "complaints/index.html", page=page, sla=sla, filters=request.args, opds=opd_choices(),
        units=queries.unit_choices(), periods=queries.periods(), statuses=STATUSES,
        channels=CHANNELS, kinds=KINDS, severities=SEVERITIES,
        can_add=current_user.role in ("admin", "evaluator"))


def _status_form(complaint: Complaint) -> StatusForm | None:
    """Return the status form with only the allowed next statuses, or None if none/no right."""
    allowed = operations.allowed_next(complaint.status)
    if not allowed or not current_user.can_edit_unit(complaint.unit_id):
        return None
    form = StatusForm()
    form.status.choices = options((s, STATUS_LABELS[s]) for s in allowed)
    return form


@bp.get("/<int:complaint_id>")
def detail(complaint_id: int):
    """Show a complaint: facts, due dates per step, breaches and the event timeline."""
    complaint = queries.complaint_or_404(complaint_id)
    return _render_detail(complaint, _status_form(complaint))


def _render_detail(complaint: Complaint, form: StatusForm | None, status: int = 200):
    sla = evaluation.complaint_sla(complaint)
    return render_template(
        "complaints/detail.html", complaint=complaint, sla=sla, form=form,
        timeline=evaluation.timeline(complaint, sla),
        statutory=evaluation.statutory_dates(complaint, sla),
        week_days=6 if complaint.unit_id in calendars.inputs().six_day_units else 5,
        show_identity=not complaint.is_confidential or current_user.can_edit_unit(
            complaint.unit_id)), status


@bp.post("/<int:complaint_id>/status")
def change_status(complaint_id: int):
    """Record a status change (admins and the unit's evaluators)."""
    complaint = queries.complaint_or_404(complaint_id)
    if not current_user.can_edit_unit(complaint.unit_id):
        abort(403)
    form = StatusForm()
    form.status.choices = options((s, STATUS_LABELS[s]) for s in STATUSES)
    if not form.validate_on_submit():
        flash(_("Periksa isian perubahan status."), "danger")
        return _render_detail(complaint, form, 400)
    try:
        operations.record_event(complaint, form.status.data, current_user, form.note.data,
                                form.at.data)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
        return redirect(url_for("complaints.detail", complaint_id=complaint_id))
    db.session.commit()
    flash(_("Status diubah menjadi %(s)s.", s=STATUS_LABELS[form.status.data]), "success")
    return redirect(url_for("complaints.detail", complaint_id=complaint_id))


@bp.route("/new", methods=["GET", "POST"])
def create():
    """Register a complaint by hand (admins, and evaluators for their own units)."""
    if current_user.role not in ("admin", "evaluator"):
        abort(403)
    form = ComplaintForm()
    units = queries.unit_choices(editable_unit_ids(current_user))
    form.unit_id.choices = options((u.id, f"{u.code} · {u.name} ({u.timezone})") for u in units)
    if request.method == "GET" and units:
        form.received_at.data = calendars.local_now(units[0].timezone)
    if request.method == "POST" and not current_user.can_edit_unit(
            request.form.get("unit_id", type=int) or 0):
        abort(403)
    if form.validate_on_submit():
        try:
            complaint = operations.create_complaint(
                current_user, db.get_or_404(Unit, form.unit_id.data), form.data)
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Pengaduan %(n)s dicatat.", n=complaint.tracking_number), "success")
            return redirect(url_for("complaints.detail", complaint_id=complaint.id))
    return render_template("complaints/form.html", form=form)


@bp.get("/due")
def due():
    """Open complaints overdue today or due within the next 2 working days of their unit."""
    scope = editable_unit_ids(current_user)
    where = queries.conditions(request.args)
    mine = current_user.role == "evaluator" and request.args.get("all") != "1"
    if mine:
        where.append(Complaint.unit_id.in_(scope or {0}))
    as_of = request.args.get("as_of", type=queries.parse_date)
    complaints, events = evaluation.load(Complaint.status.in_(queries.OPEN_STATUSES), *where)
    rows = evaluation.due(complaints, events, as_of=as_of)
    cards = queries.complaint_cards(rows["complaint_id"].tolist())
    return render_template("complaints/due.html", rows=evaluation.records(rows), cards=cards,
                           filters=request.args, opds=opd_choices(), mine=mine, as_of=as_of)
