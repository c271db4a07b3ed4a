"""The public information page of a unit (SIPP, UU 25/2009 Pasal 23): no login needed."""

from flask import abort, render_template
from sqlalchemy import or_, select

from models import Unit, db
from scoring.skm import grade_ikm

from ..auth import public
from . import bp, queries


def _grade(value: float) -> tuple[str, str] | None:
    try:
        return grade_ikm(value)
    except ValueError:  # outside 25–100: shown without a grade rather than failing the page
        return None


@bp.get("/informasi/<unit_code>")
@public
def public_info(unit_code: str):
    """Profile, published standards (6 public components), maklumat, complaints and IKM."""
    unit = db.session.scalar(select(Unit).where(
        or_(Unit.code == unit_code, Unit.code == unit_code.upper()), Unit.is_active.is_(True)))
    if unit is None:
        abort(404)
    ikm = queries.latest_ikm(unit.id)
    maklumat = queries.maklumat_of(unit.id)
    return render_template("standards/public.html", unit=unit, maklumat=maklumat,
                           services=queries.published_standards(unit.id),
                           ikm=ikm, grade=_grade(ikm[0]) if ikm else None)
