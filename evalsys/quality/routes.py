"""Data-quality panel view: read-only, open to every signed-in user."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from models import Period, db
from models.unit import UNIT_TYPES
from scoring.quality_checks import DEFAULT_THRESHOLD

from ..home.operations import current_period
from ..units.operations import opd_choices
from . import bp, queries


def _threshold() -> float:
    """Return the outlier threshold asked for, kept between 1 and 10 (default 3.5)."""
    raw = (request.args.get("z") or "").strip().replace(",", ".")
    try:
        return min(10.0, max(1.0, float(raw))) if raw else DEFAULT_THRESHOLD
    except ValueError:
        return DEFAULT_THRESHOLD


@bp.get("/")
def index():
    """Show completeness, approval status, outliers and IKM sample shortfalls of a period."""
    period_id = request.args.get("period", type=int)
    period = db.session.get(Period, period_id) if period_id else current_period()
    if period is None:
        flash(_("Belum ada periode. Admin perlu membuat periode terlebih dahulu."), "warning")
        return redirect(url_for("periods.index"))
    opd_id, unit_type = request.args.get("opd", type=int), request.args.get("type") or None
    threshold = _threshold()
    view = queries.panel(period, opd_id, unit_type, threshold)
    return render_template(
        "quality/index.html", view=view, s=view.summary, threshold=threshold,
        periods=db.session.scalars(select(Period).order_by(Period.end_date.desc())).all(),
        opds=opd_choices(), unit_types=UNIT_TYPES, filters=request.args)
