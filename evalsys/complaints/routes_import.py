"""Import views: upload a LAPOR! export, map its columns, dry run, then store or cancel."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import db
from models.complaint import SEVERITIES

from ..errors import DomainError
from . import bp, import_rows, imports
from .forms import UploadForm

_ZONES = ("local", "WIB", "WITA", "WIT")


def _options() -> dict:
    severity = request.form.get("severity")
    zone = request.form.get("timezone")
    return {"severity": severity if severity in SEVERITIES else "normatif",
            "timezone": zone if zone in _ZONES else "local"}


def _mapping(headers: list[str]) -> dict:
    chosen = {name: request.form.get(f"map-{name}") for name in imports.FIELDS}
    return {name: (value if value in headers else None) for name, value in chosen.items()}


def _preview(token: str, fresh: bool):
    """Validate the kept upload with the posted (or default) mapping; nothing is written."""
    frame = imports.read_table(imports.upload_path(token, current_user.id))
    headers = list(frame.columns)
    mapping = imports.default_mapping(headers) if fresh else _mapping(headers)
    return import_rows.validate(frame, mapping, _options(), current_user)


@bp.route("/import", methods=["GET", "POST"])
def import_file():
    """Upload (dry run with row-level errors), re-map, store valid rows or cancel."""
    if current_user.role not in ("admin", "evaluator"):
        abort(403)
    form = UploadForm()
    action = request.form.get("action", "upload")
    token = request.form.get("token", "")
    filename = request.form.get("filename", "")
    try:
        if request.method == "POST" and action == "cancel":
            imports.discard(token, current_user.id)
            flash(_("Impor dibatalkan; tidak ada data yang disimpan."), "info")
            return redirect(url_for("complaints.import_file"))
        if request.method == "POST" and action == "store":
            return _store(token, filename)
        if request.method == "POST" and action == "preview":
            return _render(form, _preview(token, False), token, filename)
        if form.validate_on_submit():
            upload = form.file.data
            token = imports.save_upload(upload, current_user.id)
            return _render(form, _preview(token, True), token, upload.filename)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
    return render_template("complaints/import.html", form=form, preview=None)


def _render(form, preview, token: str, filename: str):
    return render_template("complaints/import.html", form=form, preview=preview, token=token,
                           filename=filename, fields=imports.FIELDS, options=_options(),
                           zones=_ZONES, severities=SEVERITIES)


def _store(token: str, filename: str):
    preview = _preview(token, False)
    stored, events = import_rows.store(preview, current_user, token[:12], filename)
    db.session.commit()
    imports.discard(token, current_user.id)
    flash(_("%(c)d pengaduan dan %(e)d riwayat status disimpan dari %(f)s; %(r)d baris ditolak "
            "dan tidak disimpan.", c=stored, e=events, f=filename or "-",
            r=preview.rejected_rows), "success" if stored else "warning")
    return redirect(url_for("complaints.index", batch=token[:12]))


@bp.get("/import/template")
def import_template():
    """Download a CSV template with the SP4N-LAPOR! export headers."""
    return Response(imports.template_csv(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=templat-impor-lapor.csv"})
