"""IKM in the database: one GROUP BY gives sums and counts per unsur, pandas does the rest.

The database returns, per group (unit × period, optionally × service type), SUM and COUNT of
each unsur column (COUNT skips NULL, i.e. skipped answers) and the number of respondents who
answered anything. NRR = sum ÷ count is then exactly what scoring.skm.compute_ikm computes from
the raw rows (integer sums are exact), and the IKM is formed with the same arithmetic:
25 × Σ wᵢ·NRRᵢ, rounded half-up by scoring.skm.round_half_up, graded on the IKM_BANDS_2017
lower bounds exactly as scoring.skm.grade_ikm (vectorised; a test compares every value).
"""

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from models import db
from models.survey import SurveyResponse
from scoring.skm import IKM_BANDS_2017, NIK_FACTOR, round_half_up

from . import questionnaire as qn

KEYS = ("unit_id", "period_id")


def _column(code: str):
    """Return the SQL expression holding the answers of one unsur code."""
    if code in qn.STANDARD_CODES:
        return getattr(SurveyResponse, code.lower())
    return SurveyResponse.extra[code].as_integer()


def aggregate_query(codes: list[str], keys=KEYS, **filters):
    """Build the set-based query: per group, SUM/COUNT per unsur and respondents answering."""
    columns = [_column(code) for code in codes]
    # COALESCE is NULL only when every answer is: COUNT of it = respondents answering any.
    answered = func.count(func.coalesce(*columns))
    group = [getattr(SurveyResponse, k) for k in keys]
    query = select(*group, answered.label("n"), *(
        agg for code, col in zip(codes, columns, strict=True)
        for agg in (func.sum(col).label(f"s_{code}"), func.count(col).label(f"c_{code}"))))
    for key, value in filters.items():
        if value is None:
            continue
        column = getattr(SurveyResponse, key.removesuffix("_in"))
        query = query.where(column.in_(value) if key.endswith("_in") else column == value)
    # Period first: the covering index (period_id, unit_id, u1..u9) then delivers the rows
    # already grouped, so no sort is needed.
    # ORDER BY too: PostgreSQL hash-aggregates in no particular order, and values must be
    # written in the same order every time (the demo is deterministic down to row ids).
    ordered = sorted(group, key=lambda c: c.key != "period_id")
    return query.group_by(*ordered).order_by(*ordered)


def aggregate(period_ids: list[int], keys=KEYS, unit_ids=None, service_type_id=None,
              extra_codes=()) -> pd.DataFrame:
    """Return sums and counts per group as a DataFrame, from one query."""
    codes = list(qn.STANDARD_CODES) + [c for c in extra_codes if c not in qn.STANDARD_CODES]
    query = aggregate_query(codes, keys, period_id_in=list(period_ids), unit_id_in=unit_ids,
                            service_type_id=service_type_id)
    rows = db.session.execute(query).all()
    columns = list(keys) + ["n"] + [f"{p}_{c}" for c in codes for p in ("s", "c")]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.astype(dict.fromkeys(columns[len(keys) + 1:], float)) if len(frame) else frame


def grade_many(rounded: np.ndarray) -> tuple[list, list]:
    """Grade IKM values already rounded to 2 dp, many at once (NaN → None).

    The same inclusive lower bounds of IKM_BANDS_2017 that scoring.skm.grade_ikm applies to
    one value; tests check both agree on every value 25,00 … 100,00.
    """
    ascending = IKM_BANDS_2017[::-1]
    lowers = np.array([b.lower for b in ascending])
    index = np.searchsorted(lowers, np.nan_to_num(rounded, nan=-1.0), side="right") - 1
    valid = ~np.isnan(rounded) & (index >= 0)
    grades = [ascending[i].grade if ok else None for i, ok in zip(index, valid, strict=True)]
    labels = [ascending[i].label if ok else None for i, ok in zip(index, valid, strict=True)]
    return grades, labels


def _ikm_block(block: pd.DataFrame, scheme: qn.Scheme) -> pd.DataFrame:
    """Compute NRR and IKM for rows that share one scheme (same arithmetic as scoring.skm)."""
    codes = list(scheme.codes)
    sums = np.ascontiguousarray(block[[f"s_{c}" for c in codes]].fillna(0).to_numpy(float))
    counts = np.ascontiguousarray(block[[f"c_{c}" for c in codes]].to_numpy(float))
    if scheme.weights is None:
        vector, divisor = np.ones(len(codes)), float(len(codes))
    else:
        vector, divisor = np.array(scheme.weights, dtype=float), 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        nrr = sums / counts  # 0/0: an unsur nobody answered → NaN → IKM undefined
    unrounded = NIK_FACTOR * (nrr * vector).sum(axis=1) / divisor
    out = pd.DataFrame({f"nrr_{c}": nrr[:, i] for i, c in enumerate(codes)}, index=block.index)
    out["ikm_unrounded"] = unrounded
    out["ikm"] = round_half_up(unrounded)
    out["grade"], out["label"] = grade_many(out["ikm"].to_numpy())
    out["questionnaire_id"], out["version"] = scheme.questionnaire_id, scheme.version
    out["codes"] = [tuple(codes)] * len(out)
    out["weights"] = [scheme.weight_map()] * len(out)
    return out


def ikm_table(frame: pd.DataFrame, found: dict) -> pd.DataFrame:
    """Add NRR per unsur, IKM, grade and the scheme used to an aggregate frame."""
    if frame.empty:
        return frame.assign(ikm=pd.Series(dtype=float), grade=pd.Series(dtype=object))
    schemes = [qn.scheme_of(found, p, u) or qn.standard_scheme()
               for p, u in zip(frame["period_id"], frame["unit_id"], strict=True)]
    labels = pd.Series([id(s) for s in schemes], index=frame.index)
    by_id = {id(s): s for s in schemes}
    parts = [_ikm_block(frame.loc[labels == key], scheme) for key, scheme in by_id.items()]
    return frame.join(pd.concat(parts))


def compute(period_ids: list[int], keys=KEYS, unit_ids=None, service_type_id=None
            ) -> pd.DataFrame:
    """Return the IKM per group for some periods (optionally some units, one service type)."""
    found = qn.schemes(list(period_ids))
    extras = sorted({c for s in found.values() for c in s.codes if c not in qn.STANDARD_CODES})
    frame = aggregate(period_ids, keys, unit_ids, service_type_id, extras)
    return ikm_table(frame, found)
