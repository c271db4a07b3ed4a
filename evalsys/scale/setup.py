"""Small tables of the scale data: periods, the catalogue, users, questionnaires, targets,
six-day work weeks and the manual indicator values every period needs for a scoring run.
"""

import numpy as np
import pandas as pd
from flask import current_app

from models import Indicator, IndicatorValue, Period, User, db
from models.complaint import UnitWorkWeek
from models.survey import SurveyTarget

from ..demo.catalogue import DEFAULT_INDICATORS
from ..surveys import questionnaire as qn
from .bulk import BulkWriter
from .organisation import Organisation

LAST_PERIOD = (2025, 2)  # the newest semester; older ones are locked like a real history
USERS = (("admin", "Admin Skala", "admin"), ("pimpinan", "Pimpinan Provinsi Skala", "leader"))
# Service users per semester (the Krejcie–Morgan population) by unit type.
POPULATION = {"rsud": 3000, "disdukcapil": 4000, "mpp": 3500, "dpmptsp": 1500,
              "puskesmas": 1500, "kecamatan": 800, "kelurahan": 350, "desa": 180, "upt": 300,
              "samsat": 2500}
MANUAL_STATUS = (("draft", 0.1), ("submitted", 0.5), ("approved", 0.4))


def periods(n: int) -> list[Period]:
    """Create n semesters ending with LAST_PERIOD; all but the newest are locked."""
    year, number = LAST_PERIOD
    found = []
    for _ in range(n):
        found.append(Period.build("semester", year, number))
        year, number = (year, 1) if number == 2 else (year - 1, 2)
    found.reverse()
    for period in found[:-1]:
        period.is_locked = True
    db.session.add_all(found)
    db.session.flush()
    return found


def catalogue() -> dict[str, Indicator]:
    """Create the default indicator catalogue of the demo."""
    rows = {code: Indicator(code=code, name_id=name_id, name_en=name_en, direction=direction,
                            unit_of_measure=uom, source=source, min_value=lo, max_value=hi,
                            decimals=dec, legal_basis=basis)
            for code, name_id, name_en, direction, uom, source, lo, hi, dec, basis
            in DEFAULT_INDICATORS}
    db.session.add_all(rows.values())
    db.session.flush()
    return rows


def users(password: str) -> dict[str, User]:
    """Create an admin and the leader who reads the dashboard."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    found = {}
    for username, full_name, role in USERS:
        found[username] = User(username=username, full_name=full_name, role=role)
        found[username].set_password(password, method)
    db.session.add_all(found.values())
    db.session.flush()
    return found


def questionnaires(all_periods: list[Period]) -> dict[int, int]:
    """Create each period's regional questionnaire; return {period id: questionnaire id}."""
    return {p.id: qn.ensure_regional(p).id for p in all_periods}


def targets(writer: BulkWriter, rng, org: Organisation, all_periods: list[Period]
            ) -> np.ndarray:
    """Write service users per unit and period; return them as a (periods, units) array."""
    base = np.array([POPULATION.get(t, 400) for t in org.types], dtype=float)
    population = np.rint(base * rng.uniform(0.6, 1.4, (len(all_periods), len(base))))
    first = writer.next_id(SurveyTarget.__table__)
    writer.write(SurveyTarget.__table__, pd.DataFrame({
        "id": np.arange(first, first + population.size),
        "unit_id": np.tile(org.ids, len(all_periods)),
        "period_id": np.repeat([p.id for p in all_periods], len(org.ids)),
        "population": population.ravel().astype(np.int64)}))
    six = org.ids[org.types == "puskesmas"]
    first = writer.next_id(UnitWorkWeek.__table__)
    writer.write(UnitWorkWeek.__table__, pd.DataFrame({
        "id": np.arange(first, first + len(six)), "unit_id": six, "six_day": True}))
    return population


def _manual(code: str, q: np.ndarray, online_base: np.ndarray) -> np.ndarray:
    """Return plausible values of one manual indicator for units of latent quality q."""
    if code == "ipp":
        return np.round(np.clip(3.6 + 0.55 * q, 0.5, 5.0), 2)
    if code == "ombudsman_score":
        return np.round(np.clip(74 + 11 * q, 20.0, 100.0), 2)
    if code == "layanan_daring_pct":
        return np.round(np.clip(online_base + 15 * q, 0.0, 100.0), 1)
    return np.round(np.clip(35 - 12 * q, 5.0, 240.0), 1)  # waktu_tunggu_menit


def manual_values(writer: BulkWriter, rng, org: Organisation, all_periods: list[Period],
                  indicators: dict[str, Indicator], entered_by: User) -> None:
    """Write the manual indicators of every unit and period (a few left out, as in life)."""
    online = np.where(np.isin(org.types, ["disdukcapil", "dpmptsp", "mpp", "rsud"]), 70, 35)
    first, frames = writer.next_id(IndicatorValue.__table__), []
    for p_index, period in enumerate(all_periods):
        latest = p_index == len(all_periods) - 1
        trend = 0.08 * p_index * np.where(org.quality > -0.5, 1, -1)
        for indicator in (i for i in indicators.values() if i.source == "manual"):
            q = org.quality + trend + rng.normal(0, 0.35, len(org.ids))
            keep = rng.random(len(org.ids)) >= (0.12 if latest else 0.04)
            status = (rng.choice([s for s, _ in MANUAL_STATUS], size=keep.sum(),
                                 p=[w for _, w in MANUAL_STATUS]) if latest else "approved")
            frames.append(pd.DataFrame({
                "unit_id": org.ids[keep], "period_id": period.id,
                "indicator_id": indicator.id,
                "value": _manual(indicator.code, q, online)[keep], "status": status,
                "entered_by_id": entered_by.id}))
    frame = pd.concat(frames, ignore_index=True)
    frame.insert(0, "id", np.arange(first, first + len(frame)))
    frame["provenance"] = [{"source": "scale", "form": "isian manual"}] * len(frame)
    writer.write(IndicatorValue.__table__, frame)
