"""IKM from the database equals scoring.skm.compute_ikm on the same raw answers, and lands in
IndicatorValue with its provenance (PermenPANRB 14/2017, METHODOLOGY §1.4)."""

import random
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import insert, select

from evalsys.errors import DomainError, PeriodLocked
from evalsys.surveys import aggregate, operations, questionnaire
from models import IndicatorValue, ServiceType, db
from models.survey import SurveyResponse
from scoring.skm import compute_ikm, compute_ikm_grouped, grade_ikm, round_half_up

CODES = [f"U{i}" for i in range(1, 10)]


@pytest.fixture
def world(make_unit, make_period, make_indicator):
    units = [make_unit(code=f"PKM-{i}") for i in range(4)]
    period = make_period()
    make_indicator(code="ikm", source="computed", min_value=25, max_value=100)
    return units, period


def store(unit, period, rows, service_type_id=None, extra=None):
    """Insert raw answers (lists of 9, None for a skip); return them as a DataFrame."""
    regional = questionnaire.ensure_regional(period)
    db.session.execute(insert(SurveyResponse.__table__), [
        {"unit_id": unit.id, "period_id": period.id, "questionnaire_id": regional.id,
         "service_type_id": service_type_id, "channel": "paper",
         "submitted_at": datetime(2025, 3, 1, 5, tzinfo=UTC), "extra": extra,
         **{c.lower(): v for c, v in zip(CODES, row, strict=True)}} for row in rows])
    db.session.commit()
    return pd.DataFrame(rows, columns=CODES, dtype=float)


def random_rows(rng, n, skip=0.05, mean=3.0):
    return [[None if rng.random() < skip else min(4, max(1, round(rng.gauss(mean, 0.8))))
             for _ in CODES] for _ in range(n)]


def test_database_aggregation_equals_compute_ikm_per_unit(world):
    units, period = world
    rng = random.Random(7)
    raw = {u.id: store(u, period, random_rows(rng, rng.randint(20, 90), mean=2.2 + 0.5 * i))
           for i, u in enumerate(units)}
    table = aggregate.compute([period.id]).set_index("unit_id")
    for unit_id, frame in raw.items():
        expected = compute_ikm(frame)
        row = table.loc[unit_id]
        assert row["ikm"] == expected.ikm  # exact, after half-up rounding
        assert row["ikm_unrounded"] == pytest.approx(expected.ikm_unrounded, abs=1e-12)
        assert row["grade"] == expected.grade and row["label"] == expected.label
        assert int(row["n"]) == expected.n
        for code in CODES:
            assert row[f"nrr_{code}"] == expected.nrr[code]
            assert int(row[f"c_{code}"]) == expected.n_per_unsur[code]
    assert len({table.loc[u.id, "grade"] for u in units}) >= 3  # a spread of grades


def test_grouped_by_service_equals_the_grouped_calculator(world):
    units, period = world
    unit = units[0]
    services = [ServiceType(unit_id=unit.id, code=f"L0{i}", name=f"Layanan {i}")
                for i in range(3)]
    db.session.add_all(services)
    db.session.commit()
    rng = random.Random(3)
    frames = []
    for service in services:
        frame = store(unit, period, random_rows(rng, 30), service_type_id=service.id)
        frames.append(frame.assign(service_type_id=service.id))
    expected = compute_ikm_grouped(pd.concat(frames), "service_type_id")
    table = aggregate.compute([period.id], keys=("unit_id", "period_id", "service_type_id"),
                              unit_ids=[unit.id]).set_index("service_type_id")
    for service in services:
        assert table.loc[service.id, "ikm"] == expected.loc[service.id, "ikm"]
    # The unit's IKM comes from all respondents, not from averaging the per-service IKMs.
    unit_ikm = aggregate.compute([period.id], unit_ids=[unit.id]).iloc[0]["ikm"]
    assert unit_ikm == compute_ikm(pd.concat(frames)[CODES]).ikm


def test_methodology_examples_all_fours_and_skips(world):
    units, period = world
    store(units[0], period, [[4] * 9])
    store(units[1], period, [[4] * 9, [3] * 9, [2] * 9])
    store(units[1], period, [[4, None, 4, 4, 4, 4, 4, 4, 4]])
    table = aggregate.compute([period.id]).set_index("unit_id")
    assert (table.loc[units[0].id, "ikm"], table.loc[units[0].id, "grade"]) == (100.0, "A")
    # U2 was skipped by one respondent: its NRR divides by the three who answered it.
    assert table.loc[units[1].id, "nrr_U2"] == 3.0
    assert table.loc[units[1].id, "nrr_U1"] == 3.25


def test_unsur_nobody_answered_gives_no_ikm(world):
    units, period = world
    store(units[0], period, [[4, 4, 4, 4, 4, 4, 4, 4, None]])
    row = aggregate.compute([period.id]).iloc[0]
    assert np.isnan(row["ikm"]) and row["grade"] is None


def test_recompute_writes_ikm_with_provenance(world):
    units, period = world
    rng = random.Random(11)
    frames = {u.id: store(u, period, random_rows(rng, 40)) for u in units[:3]}
    outcome = operations.recompute_ikm(period)
    db.session.commit()
    assert outcome["units"] == 3 and outcome["written"] == 3
    regional = questionnaire.latest(period.id)
    for unit_id, frame in frames.items():
        value = db.session.scalar(select(IndicatorValue).where(
            IndicatorValue.unit_id == unit_id, IndicatorValue.period_id == period.id))
        expected = compute_ikm(frame)
        assert value.value == expected.ikm
        assert value.provenance["responses"] == expected.n
        assert value.provenance["questionnaire"] == regional.version
        assert value.provenance["questionnaire_id"] == regional.id
        assert value.provenance["method"] == "PermenPANRB 14/2017"
        assert value.provenance["weights"] == "1/k"
    # Nothing changed: a second run writes nothing.
    assert operations.recompute_ikm(period)["written"] == 0


def test_removed_responses_clear_the_stored_ikm(world):
    units, period = world
    store(units[0], period, [[3] * 9])
    operations.recompute_ikm(period)
    db.session.commit()
    db.session.execute(SurveyResponse.__table__.delete())
    operations.recompute_ikm(period)
    db.session.commit()
    value = db.session.scalar(select(IndicatorValue).where(IndicatorValue.unit_id == units[0].id))
    assert value.value is None and value.provenance["responses"] == 0


def test_locked_period_refuses_recompute(world, make_period):
    units, _ = world
    locked = make_period(year=2024, locked=True)
    with pytest.raises(PeriodLocked):
        operations.recompute_ikm(locked)


def test_custom_weights_and_extra_unsur_follow_the_unit_questionnaire(world):
    units, period = world
    unit = units[0]
    items = questionnaire.standard_items() + [{
        "code": "X1", "name": "Kebersihan", "question": "Bagaimana kebersihan?",
        "labels": ("a", "b", "c", "d"), "weight": None}]
    weights = [0.09] * 9 + [0.19]
    own = questionnaire.save_items(period, unit.id, [dict(i, weight=w)
                                                     for i, w in zip(items, weights,
                                                                     strict=True)])
    db.session.commit()
    rows = [[4, 3, 3, 4, 3, 4, 4, 3, 2], [3, 3, 2, 4, 3, 3, 4, 3, 2], [4, 4, 4, 4, 4, 4, 4, 4, 4]]
    extras = [1, 2, None]
    for row, x in zip(rows, extras, strict=True):
        db.session.execute(insert(SurveyResponse.__table__), [{
            "unit_id": unit.id, "period_id": period.id, "questionnaire_id": own.id,
            "channel": "paper", "submitted_at": datetime(2025, 2, 1, tzinfo=UTC),
            "extra": {"X1": x} if x else None,
            **{c.lower(): v for c, v in zip(CODES, row, strict=True)}}])
    db.session.commit()
    frame = pd.DataFrame(rows, columns=CODES, dtype=float).assign(X1=[1.0, 2.0, np.nan])
    expected = compute_ikm(frame, dict(zip(CODES + ["X1"], weights, strict=True)))
    row = aggregate.compute([period.id], unit_ids=[unit.id]).iloc[0]
    assert row["ikm"] == expected.ikm
    assert row["nrr_X1"] == 1.5
    operations.recompute_ikm(period, [unit.id])
    value = db.session.scalar(select(IndicatorValue).where(IndicatorValue.unit_id == unit.id))
    assert value.value == expected.ikm
    assert value.provenance["weights"]["X1"] == pytest.approx(0.19)
    assert value.provenance["unsur"] == CODES + ["X1"]


@pytest.mark.parametrize(("raw", "message"), [
    ([0.2] * 9, "Jumlah bobot harus 1"),
    ([None] * 8 + [0.5], "Isi bobot semua unsur"),
    ([-0.1] + [0.1375] * 8, "tidak boleh negatif"),
])
def test_weights_must_sum_to_one(raw, message):
    with pytest.raises(DomainError, match=message):
        questionnaire.clean_weights(raw)


def test_weights_entered_as_0_111_are_normalised_exactly():
    weights = questionnaire.clean_weights([0.111] * 9)
    assert sum(weights) == pytest.approx(1.0, abs=1e-12)
    assert weights[0] == pytest.approx(1 / 9)


def test_editing_an_answered_questionnaire_makes_a_new_version(world):
    units, period = world
    store(units[0], period, [[3] * 9])
    first = questionnaire.latest(period.id)
    items = questionnaire.standard_items()
    items[0]["question"] = "Apakah persyaratan mudah dipenuhi?"
    second = questionnaire.save_items(period, None, items)
    db.session.commit()
    assert second.version == first.version + 1
    assert second.items[0].question == "Apakah persyaratan mudah dipenuhi?"
    # The stored response still points at the version it answered.
    assert db.session.scalar(select(SurveyResponse.questionnaire_id)) == first.id


def test_vectorised_grading_agrees_with_grade_ikm_on_every_value():
    values = round_half_up(np.arange(2500, 10001) / 100)
    grades, labels = aggregate.grade_many(values)
    assert [(g, lab) for g, lab in zip(grades, labels, strict=True)] == [
        grade_ikm(v) for v in values]
    assert aggregate.grade_many(np.array([np.nan])) == ([None], [None])
