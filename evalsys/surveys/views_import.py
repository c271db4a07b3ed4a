"""Import of paper surveys (CSV/XLSX): upload → preview of every bad cell → store or cancel."""

import time
from datetime import date

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Period, ServiceType, Unit, db
from models.survey import SurveyImport

from ..auth.decorators import role_required
from ..errors import DomainError
from ..indicators.entry import editable_unit_ids
from . import bp, exports, import_store, imports, operations
from .forms import ImportForm
from .views_results import all_periods, selected_period

SESSION_KEY = "survey_import"
PREVIEW_ERRORS = 1000  # the page lists this many bad cells; the CSV download has them all


def _validate(data: bytes, filename: str, period: Period, create: bool = False):
    frame = imports.read_table(data, filename)
    context = import_store.build_context(period, current_user, create=create)
    return imports.validate(frame, context)


@bp.route("/surveys/import", methods=["GET", "POST"])
@role_required("evaluator", "admin")
def import_upload():
    """Upload a file and see every rejected row and cell before anything is stored."""
    form = ImportForm()
    form.period.choices = [(p.id, p.code) for p in all_periods() if not p.is_locked]
    if request.method == "GET" and (period := selected_period()) and not period.is_locked:
        form.period.data = period.id
    if not form.validate_on_submit():
        return render_template("surveys/import.html", form=form)
    period = db.get_or_404(Period, form.period.data)
    upload = form.file.data
    data, filename = upload.read(), upload.filename or "berkas"
    started = time.perf_counter()
    try:
        result = _validate(data, filename, period)
    except imports.FileRejected as err:
        flash(str(err), "danger")
        return render_template("surveys/import.html", form=form)
    key = import_store.keep_upload(current_app.instance_path, data, {
        "filename": filename, "period_id": period.id, "user_id": current_user.id})
    session[SESSION_KEY] = key
    return render_template("surveys/import_preview.html", period=period, filename=filename,
                           result=result,
                           errors=result.errors.head(PREVIEW_ERRORS).to_dict("records"),
                           seconds=time.perf_counter() - started, key=key)


@bp.post("/surveys/import/confirm")
@role_required("evaluator", "admin")
def import_confirm():
    """Store the valid rows of the previewed file in one transaction; list the rejected."""
    key = request.form.get("key")
    kept = import_store.load_upload(current_app.instance_path, key) \
        if key and key == session.get(SESSION_KEY) else None
    if kept is None or kept[1].get("user_id") != current_user.id:
        flash(_("Pratinjau impor tidak ditemukan atau sudah kedaluwarsa; unggah ulang."),
              "warning")
        return redirect(url_for("surveys.import_upload"))
    data, meta = kept
    period = db.get_or_404(Period, meta["period_id"])
    try:
        result = _validate(data, meta["filename"], period, create=True)
        batch = import_store.store(result, period, current_user, meta["filename"])
        if operations.ikm_indicator_exists():
            operations.recompute_ikm(period, sorted(set(result.valid["unit_id"].tolist())))
        db.session.commit()
    except (DomainError, imports.FileRejected) as err:
        db.session.rollback()
        flash(str(err), "danger")
        return redirect(url_for("surveys.import_upload"))
    import_store.discard_upload(current_app.instance_path, key)
    session.pop(SESSION_KEY, None)
    flash(_("%(n)d baris disimpan, %(r)d baris ditolak.", n=batch.rows_stored,
            r=batch.rows_rejected), "success" if not batch.rows_rejected else "warning")
    return redirect(url_for("surveys.import_detail", import_id=batch.id))


@bp.post("/surveys/import/cancel")
@role_required("evaluator", "admin")
def import_cancel():
    """Forget the previewed file; nothing is stored."""
    import_store.discard_upload(current_app.instance_path, session.pop(SESSION_KEY, None))
    flash(_("Impor dibatalkan; tidak ada data yang disimpan."), "info")
    return redirect(url_for("surveys.import_upload"))


def _example() -> tuple[list, list[tuple[str, str, str]]]:
    """Return an example row and the unit/service codes the user may import for."""
    scope = editable_unit_ids(current_user)
    query = (select(Unit.code, ServiceType.code, ServiceType.name).join(ServiceType)
             .where(Unit.is_active.is_(True), ServiceType.is_active.is_(True))
             .order_by(Unit.code, ServiceType.code))
    if scope is not None:
        query = query.where(Unit.id.in_(scope or {0}))
    codes = [tuple(r) for r in db.session.execute(query.limit(5000))]
    period = selected_period()
    day = (period.start_date if period else date.today()).isoformat()
    unit_code, service_code = (codes[0][0], codes[0][1]) if codes else ("KODE-UNIT", "L01")
    return exports.example_row(unit_code, service_code, day), codes


@bp.get("/surveys/import/template.<fmt>")
def import_template(fmt: str):
    """Download the import template (CSV or XLSX) with the exact columns."""
    example, codes = _example()
    if fmt == "csv":
        body, mimetype = exports.template_csv(example), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exports.template_xlsx(example, codes)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        abort(404)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="templat-impor-skm.{fmt}"'})


@bp.get("/surveys/imports")
def import_list():
    """List past imports: file, period, rows stored and rejected."""
    page = db.paginate(select(SurveyImport).order_by(SurveyImport.id.desc()),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("surveys/import_list.html", page=page)


@bp.get("/surveys/imports/<int:import_id>")
def import_detail(import_id: int):
    """Show one import's result: counts and every rejected cell."""
    batch = db.get_or_404(SurveyImport, import_id)
    return render_template("surveys/import_detail.html", batch=batch,
                           errors=(batch.errors or [])[:PREVIEW_ERRORS])


@bp.get("/surveys/imports/<int:import_id>/errors.csv")
def import_errors_csv(import_id: int):
    """Download the rejected cells of an import as CSV, to correct and import again."""
    batch = db.get_or_404(SurveyImport, import_id)
    return Response(exports.errors_csv(batch.errors or []), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="impor-skm-{batch.id}-ditolak.csv"'})


@bp.post("/surveys/recompute")
@role_required("evaluator", "admin")
def recompute():
    """Recompute the IKM of a period: every unit (admin) or the evaluator's own units."""
    period = db.session.get(Period, request.form.get("period", type=int) or 0)
    if period is None:
        abort(400, description=_("Periode tidak dikenal."))
    scope = editable_unit_ids(current_user)
    started = time.perf_counter()
    try:
        outcome = operations.recompute_ikm(period, sorted(scope) if scope is not None else None)
        db.session.commit()
    except DomainError as err:
        flash(str(err), "danger")
    else:
        flash(_("IKM %(p)s dihitung ulang: %(u)d unit, %(r)d jawaban, %(w)d nilai berubah "
                "(%(s)s detik).", p=period.code, u=outcome["units"], r=outcome["responses"],
                w=outcome["written"], s=f"{time.perf_counter() - started:.2f}"), "success")
    return redirect(url_for("surveys.index", period=period.id))
