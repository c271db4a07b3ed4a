"""Positions, ABK tasks and a roster of exactly the requested number of staff.

Tasks are the demo's per unit type (evalsys.demo.workforce.TASKS), their yearly volumes scaled
so the whole roster's ABK need is close to the requested staff count; each unit × position then
holds a number of staff around its need (wider for poor units), rounded so the total is exact.
NIPs are consistent with the birth date, TMT CPNS and gender they encode (scoring.nip).
"""

from datetime import date

import numpy as np
import pandas as pd

from models import db
from models.workforce import Position, Staff, WorkloadTask

from ..demo.workforce import BIAS, FIRST, LAST, POSITIONS, SKILLS, SOURCES, TASKS, TITLES
from .bulk import BulkWriter, allocate, pick, without_indexes
from .organisation import Organisation

REFERENCE = date(2025, 12, 31)
STATUSES = (("aktif", 0.93), ("cuti", 0.04), ("mutasi", 0.015), ("pensiun", 0.015))


def positions() -> dict[str, Position]:
    """Create the demo's positions; return them by code."""
    found = {code: Position(code=code, name=name, kind=kind,
                            is_health_cadre=category is not None, wisn_category=category)
             for code, name, kind, category in POSITIONS}
    db.session.add_all(found.values())
    db.session.flush()
    return found


def _tasks(rng, org: Organisation, by_code: dict[str, Position], n_staff: int) -> pd.DataFrame:
    """Return every ABK task row, volumes scaled so the total need is about n_staff."""
    rows = [(i, *task) for i, kind in enumerate(org.types) for task in TASKS.get(kind, ())]
    if not rows:
        return pd.DataFrame(columns=["unit", "position_id", "volume_per_year", "norm_minutes"])
    frame = pd.DataFrame(rows, columns=["unit", "code", "description", "output_unit",
                                        "volume", "norm_minutes"])
    size = rng.uniform(0.7, 1.4, len(org.ids))[frame["unit"]]
    volume = frame["volume"] * size * rng.uniform(0.85, 1.15, len(frame))
    natural = float((volume * frame["norm_minutes"]).sum()) / 75_000
    volume = volume * (0.97 * n_staff / natural if natural else 1.0)
    frame["volume_per_year"] = np.where(volume >= 200, np.round(volume, -1),
                                        np.maximum(1, np.round(volume)))
    frame["norm_minutes"] = frame["norm_minutes"].astype(float)
    frame["position_id"] = frame["code"].map({c: p.id for c, p in by_code.items()})
    frame["unit_id"] = org.ids[frame["unit"]]
    frame["source"] = pick(rng, SOURCES, [1] * len(SOURCES), len(frame))
    return frame


def write(writer: BulkWriter, rng, org: Organisation, by_code: dict[str, Position],
          n_staff: int, echo) -> None:
    """Write the ABK tasks and exactly n_staff staff rows."""
    tasks = _tasks(rng, org, by_code, n_staff)
    first = writer.next_id(WorkloadTask.__table__)
    writer.write(WorkloadTask.__table__, tasks[[
        "unit_id", "position_id", "description", "output_unit", "volume_per_year",
        "norm_minutes", "source"]].assign(id=np.arange(first, first + len(tasks))))
    echo(f"ABK tasks {len(tasks):,}")
    need = (tasks.assign(need=tasks["volume_per_year"] * tasks["norm_minutes"] / 75_000)
            .groupby(["unit", "code"], sort=True)["need"].sum().reset_index())
    lean = np.array([BIAS.get(t, 0.0) for t in org.types])[need["unit"]]
    spread = 0.1 + 0.2 * np.maximum(0.0, 0.6 - org.quality[need["unit"]])
    counts = allocate(need["need"] * np.exp(rng.normal(lean, spread)), n_staff)
    table = Staff.__table__
    rebuild = without_indexes(writer, table)
    writer.write(table, _staff(rng, org, need, counts, by_code, writer.next_id(table)))
    rebuild()
    echo(f"staff {n_staff:,}")


def _nips(rng, n: int, codes: np.ndarray) -> pd.DataFrame:
    """Draw birth dates, TMT CPNS and gender; number NIPs that share a prefix 001, 002, …"""
    female = np.where(codes == "BDN", True,
                      rng.random(n) < np.where(codes == "PRW", 0.7, 0.5))
    birth = np.datetime64("1966-01-01") + rng.integers(0, 35 * 365, n).astype("timedelta64[D]")
    year = np.minimum(2024, birth.astype("datetime64[Y]").astype(int) + 1970
                      + rng.integers(22, 34, n))
    month = np.array([1, 2, 3, 4, 12])[rng.integers(0, 5, n)]
    frame = pd.DataFrame({"birth": pd.to_datetime(birth), "year": year, "month": month,
                          "female": female})
    prefix = (frame["birth"].dt.strftime("%Y%m%d") + frame["year"].astype(str)
              + frame["month"].map("{:02d}".format) + np.where(female, "2", "1"))
    serial = prefix.groupby(prefix).cumcount() + 1
    frame["nip"] = prefix + serial.map("{:03d}".format)
    frame["appointed"] = pd.to_datetime({"year": year, "month": month, "day": 1})
    return frame


def _staff(rng, org, need: pd.DataFrame, counts: np.ndarray, by_code, first: int
           ) -> pd.DataFrame:
    """Return the staff rows: counts[i] holders of position need.code[i] in unit need.unit[i]."""
    units = np.repeat(need["unit"].to_numpy(), counts)
    codes = np.repeat(need["code"].to_numpy(), counts)
    n = len(units)
    people = _nips(rng, n, codes)
    years = np.array([1, 3.5, 7, 12])[rng.choice(4, n, p=[.35, .40, .19, .06])] \
        * rng.uniform(0.3, 1.4, n)
    since = np.datetime64(REFERENCE) - (years * 365).astype("timedelta64[D]")
    since = np.maximum(since, people["appointed"].to_numpy().astype("datetime64[D]"))
    return pd.DataFrame({
        "id": np.arange(first, first + n), "nip": people["nip"],
        "name": _names(rng, codes, people["female"].to_numpy()),
        "position_id": [by_code[c].id for c in codes], "unit_id": org.ids[units],
        "post_since": since.astype(object), "birth_date": people["birth"].dt.date,
        "appointed_on": people["appointed"].dt.date,
        "gender": np.where(people["female"], "P", "L"),
        "skills": [SKILLS.get(c, ["Pelayanan prima"])[:2] for c in codes],
        "certificates": [[] for _ in range(n)],
        "status": pick(rng, [s for s, _ in STATUSES], [w for _, w in STATUSES], n)})


def _names(rng, codes: np.ndarray, female: np.ndarray) -> list[str]:
    """Return full names with the academic titles of each position."""
    out = []
    draws = rng.random((len(codes), 2))
    for code, is_female, (a, b) in zip(codes, female, draws, strict=True):
        gender = "P" if is_female else "L"
        pre, post = TITLES.get(code, ("", ""))
        first, last = FIRST[gender], LAST[gender]
        out.append(f"{pre}{first[int(a * len(first))]} {last[int(b * len(last))]}{post}")
    return out
