"""Staff roster views: list, add, edit or remove, and the CSV/XLSX import."""

import base64
import binascii
from datetime import date

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Unit, db
from models.workforce import Position, Staff

from ..auth.decorators import role_required
from ..errors import DomainError, NotAllowed
from ..forms import options
from ..indicators.entry import editable_unit_ids
from ..units.operations import opd_choices
from . import bp, exports, imports, roster
from .forms import STATUS_LABELS, ImportForm, StaffForm


def _service_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.level == "unit")
                                   .order_by(Unit.name)))


def _all_positions() -> list[Position]:
    return list(db.session.scalars(select(Position).order_by(Position.name)))


@bp.get("/staff")
def staff_list():
    """List the roster with filters (unit, OPD, position, status, protected, name or NIP)."""
    filters = {"unit": request.args.get("unit", type=int),
               "opd": request.args.get("opd", type=int),
               "position": request.args.get("position", type=int),
               "status": request.args.get("status") or None,
               "protected": request.args.get("protected") == "1",
               "q": request.args.get("q") or None}
    page = db.paginate(roster.staff_query(filters), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("workforce/staff_list.html", page=page, filters=request.args,
                           units=_service_units(), opds=opd_choices(),
                           positions=_all_positions(), status_labels=STATUS_LABELS,
                           editable=editable_unit_ids(current_user),
                           years_between=roster.years_between, today=date.today())


def _choices(form: StaffForm) -> None:
    scope = editable_unit_ids(current_user)
    form.unit_id.choices = options((u.id, f"{u.name} ({u.code})") for u in _service_units()
                                   if scope is None or u.id in scope)
    form.position_id.choices = options((p.id, f"{p.name} ({p.code})")
                                       for p in _all_positions())


def _save(staff: Staff, form: StaffForm):
    _choices(form)
    if staff.id and request.method == "POST" and request.form.get("action") == "delete":
        return _delete(staff)
    if form.validate_on_submit():
        try:
            roster.save_staff(current_user, staff, form.data)
        except NotAllowed:
            abort(403)
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Data pegawai disimpan."), "success")
            return redirect(url_for("workforce.staff_list", unit=staff.unit_id))
    return render_template("workforce/staff_form.html", form=form, staff=staff)


def _delete(staff: Staff):
    unit_id = staff.unit_id
    try:
        roster.delete_staff(current_user, staff)
    except NotAllowed:
        abort(403)
    db.session.commit()
    flash(_("Data pegawai dihapus."), "success")
    return redirect(url_for("workforce.staff_list", unit=unit_id))


@bp.route("/staff/new", methods=["GET", "POST"])
@role_required("evaluator", "admin")
def staff_new():
    """Add a staff member to one of the user's units (evaluator, admin)."""
    form = StaffForm()
    if request.method == "GET" and request.args.get("unit", type=int):
        form.unit_id.data = request.args.get("unit", type=int)
    return _save(Staff(), form)


@bp.route("/staff/<int:staff_id>/edit", methods=["GET", "POST"])
def staff_edit(staff_id: int):
    """Edit or remove a staff member of one of the user's units."""
    staff = db.get_or_404(Staff, staff_id)
    if not current_user.can_edit_unit(staff.unit_id):
        abort(403)
    form = StaffForm(obj=staff)
    if request.method == "GET":
        form.skills.data = "; ".join(staff.skills or [])
        form.certificates.data = "; ".join(staff.certificates or [])
    return _save(staff, form)


def _posted_file() -> tuple[str, bytes] | None:
    """Return the uploaded file, or the one carried by the preview page (base64)."""
    upload = request.files.get("file")
    if upload and upload.filename:
        return upload.filename, upload.read()
    carried = request.form.get("content")
    if carried:
        try:
            return request.form.get("filename", ""), base64.b64decode(carried, validate=True)
        except (binascii.Error, ValueError):
            return None
    return None


@bp.route("/staff/import", methods=["GET", "POST"])
@role_required("evaluator", "admin")
def staff_import():
    """Preview a roster file (nothing stored), then store its valid rows on confirmation."""
    form = ImportForm()
    if request.method == "GET":
        return render_template("workforce/import.html", form=form, preview=None)
    posted = _posted_file()
    if posted is None:
        flash(_("Pilih berkas CSV atau XLSX."), "danger")
        return render_template("workforce/import.html", form=form, preview=None)
    filename, content = posted
    try:
        preview = imports.check(imports.read_table(filename, content), current_user)
    except imports.ImportFileError as err:
        flash(str(err), "danger")
        return render_template("workforce/import.html", form=form, preview=None)
    if request.form.get("action") == "store" and preview.valid:
        stored = imports.store(preview, filename)
        db.session.commit()
        flash(_("%(n)d pegawai disimpan; %(r)d baris ditolak.", n=stored,
                r=len(preview.rejected_rows)), "success")
        return render_template("workforce/import.html", form=form, preview=preview,
                               stored=stored, filename=filename)
    return render_template("workforce/import.html", form=form, preview=preview,
                           filename=filename, stored=None,
                           content=base64.b64encode(content).decode("ascii"))


@bp.get("/staff/import/template")
@role_required("evaluator", "admin")
def import_template():
    """Download the roster template as CSV or XLSX (?format=xlsx)."""
    if request.args.get("format") == "xlsx":
        body = exports.template_xlsx(_service_units(), _all_positions())
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = "templat-pegawai.xlsx"
    else:
        body, mimetype, name = exports.template_csv(), "text/csv", "templat-pegawai.csv"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={name}"})
