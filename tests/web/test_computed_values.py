"""Computed indicator values land the same way for every feature."""

import pytest
from sqlalchemy import select

from evalsys.errors import PeriodLocked
from evalsys.indicators.computed import store_computed
from models import IndicatorValue, db


def _value(unit, period, indicator):
    return db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.unit_id == unit.id, IndicatorValue.period_id == period.id,
        IndicatorValue.indicator_id == indicator.id))


def test_upsert_keeps_provenance_and_skips_approved(make_unit, make_period, make_indicator,
                                                    make_value):
    a, b, c = make_unit(), make_unit(), make_unit()
    period = make_period()
    ikm = make_indicator(code="ikm", source="computed", min_value=25)
    make_value(c, period, ikm, 70.0, "approved")
    written = store_computed(period, "ikm", {a.id: (88.31, {"responses": 120}),
                                             b.id: (float("nan"), {"responses": 0}),
                                             c.id: (90.0, {"responses": 50})})
    db.session.commit()
    assert written == 2
    assert _value(a, period, ikm).value == 88.31
    assert _value(a, period, ikm).provenance == {"responses": 120}
    assert _value(b, period, ikm).value is None
    assert _value(c, period, ikm).value == 70.0  # approved stays as approved
    assert store_computed(period, "ikm", {a.id: (88.31, {"responses": 120})}) == 0


def test_locked_period_refuses(make_unit, make_period, make_indicator):
    unit, period = make_unit(), make_period(locked=True)
    make_indicator(code="ikm", source="computed")
    with pytest.raises(PeriodLocked):
        store_computed(period, "ikm", {unit.id: (80.0, {})})
