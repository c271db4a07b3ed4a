"""API endpoints: read units, periods, indicators, values; evaluators write values in scope."""

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import select

from models import Indicator, IndicatorValue, Period, Unit, db

from ..converters import INTEGER_MAX
from ..errors import DomainError
from ..indicators import entry
from ..units.operations import filtered_units
from . import bp
from .openapi import OPENAPI
from .serializers import indicator_dict, period_dict, unit_dict, value_dict


def _page(query, serializer) -> dict:
    page = db.paginate(query, per_page=min(request.args.get("per_page", 100, type=int), 1000),
                       error_out=False, max_per_page=1000)
    return {"items": [serializer(x) for x in page.items], "page": page.page,
            "pages": page.pages, "total": page.total}


@bp.get("/units")
def units():
    """List units; filters: opd, type, q, inactive=1."""
    query = filtered_units(request.args.get("opd", type=int), request.args.get("type"),
                           request.args.get("q"), request.args.get("inactive") != "1")
    return _page(query, unit_dict)


@bp.get("/units/<int:unit_id>")
def unit(unit_id: int):
    """Return one unit."""
    return unit_dict(db.get_or_404(Unit, unit_id))


@bp.get("/periods")
def periods():
    """List periods, newest first."""
    return _page(select(Period).order_by(Period.end_date.desc()), period_dict)


@bp.get("/indicators")
def indicators():
    """List the indicator catalogue."""
    return _page(select(Indicator).order_by(Indicator.code), indicator_dict)


@bp.get("/values")
def values():
    """List indicator values; filters: period, unit, indicator (code or id), status."""
    query = select(IndicatorValue).order_by(IndicatorValue.id)
    for arg, column in (("period", IndicatorValue.period_id), ("unit", IndicatorValue.unit_id)):
        if request.args.get(arg, type=int):
            query = query.where(column == request.args.get(arg, type=int))
    indicator = request.args.get("indicator")
    if indicator:
        query = query.join(Indicator).where(
            Indicator.id == int(indicator) if indicator.isascii() and indicator.isdigit()
            else Indicator.code == indicator)
    if request.args.get("status"):
        query = query.where(IndicatorValue.status == request.args["status"])
    return _page(query, value_dict)


def _require(body: dict, key: str, kind: type):
    value = body.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        abort(422, description=f"Field '{key}' wajib diisi dan bertipe {kind.__name__}.")
    if kind is int and abs(value) > INTEGER_MAX:  # the database could not even look it up
        abort(422, description=f"Field '{key}' di luar rentang bilangan bulat.")
    if kind is str and "\x00" in value:
        abort(422, description=f"Field '{key}' memuat karakter NUL.")
    return value


@bp.post("/values")
def put_value():
    """Create or change one value: {unit_id, period_id, indicator (code), value, submit}."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, description="Badan permintaan harus objek JSON.")
    period = db.session.get(Period, _require(body, "period_id", int)) or abort(
        404, description="Periode tidak ditemukan.")
    unit_row = db.session.get(Unit, _require(body, "unit_id", int)) or abort(
        404, description="Unit tidak ditemukan.")
    indicator = db.session.scalar(select(Indicator).where(
        Indicator.code == _require(body, "indicator", str))) or abort(
        404, description="Indikator tidak ditemukan.")
    raw = body.get("value")
    if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | float | str)):
        abort(422, description="Field 'value' harus angka atau null.")
    version = body.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)
                                or abs(version) > INTEGER_MAX):
        abort(422, description="Field 'version' harus bilangan bulat.")
    if not current_user.can_edit_unit(unit_row.id):
        abort(403, description=f"Anda tidak berwenang mengisi {unit_row.code}.")
    cell = (unit_row.id, indicator.id)
    try:
        result = entry.save_cells(current_user, period, {cell: (
            "" if raw is None else str(raw), version)}, bool(body.get("submit")))
    except DomainError as err:
        abort(409, description=str(err))
    if result.errors:
        db.session.rollback()
        # A version someone else moved on is a conflict (reload, then retry), not bad input.
        stale = result.errors[cell] == entry.CONFLICT
        abort(409 if stale else 422, description=result.errors[cell])
    db.session.commit()
    stored = entry.values_for(period, [unit_row.id]).get(cell)
    return (value_dict(stored) if stored else {"value": None}), 200


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3.1 description of this API."""
    spec = dict(OPENAPI)
    spec["servers"] = [{"url": request.host_url.rstrip("/") + "/api/v1"}]
    spec["info"] = dict(spec["info"], version=current_app.config.get("VERSION", "0.1.0"))
    return spec
