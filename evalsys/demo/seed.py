"""Load the demo kabupaten: deterministic, so every fresh install shows the same data.

Each feature adds its records through a seeder in SEEDERS; `flask --app evalsys seed-demo`
runs them in order inside one transaction.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from models import Indicator, IndicatorValue, Period, ServiceType, Unit, User, db

from .. import audit
from . import (
    complaints,
    innovations,
    proposals,
    rankings,
    standards,
    surveys,
    targets,
    workforce,
)
from .catalogue import DEFAULT_INDICATORS
from .organisation import KECAMATAN, OPDS, SERVICES

DEMO_PASSWORD = "evalsys-demo"
# username, full name, role; evaluators get units below.
DEMO_USERS = (
    ("admin", "Admin Bagian Organisasi", "admin"),
    ("pimpinan", "Sekretaris Daerah Kabupaten Contoh", "leader"),
    ("evaluator", "Evaluator Bidang Kesehatan", "evaluator"),
    ("evaluator2", "Evaluator Wilayah Kecamatan", "evaluator"),
    ("pembaca", "Kepala Puskesmas Sukamaju", "viewer"),
)
DEMO_PERIODS = (("semester", 2024, 1), ("semester", 2024, 2), ("semester", 2025, 1),
                ("semester", 2025, 2))


@dataclass
class DemoContext:
    """What one seeder hands the next: the random source and the records made so far."""

    rng: random.Random
    units: list[Unit] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    quality: dict[int, float] = field(default_factory=dict)  # latent quality per unit


def seed_organisation(ctx: DemoContext) -> None:
    """Create the regency, its OPDs, kecamatan, service units and their services."""
    root = Unit(code="KAB-CONTOH", name="Pemerintah Kabupaten Contoh", level="pemda",
                unit_type="pemda")
    db.session.add(root)
    for code, name, kind, units in OPDS:
        opd = Unit(code=code, name=name, level="opd", unit_type=kind, parent=root)
        ctx.units += [Unit(code=f"{code}-{suffix}", name=uname, level="unit", unit_type=utype,
                           parent=opd) for suffix, uname, utype in units]
    for kec, villages in KECAMATAN.items():
        opd = Unit(code=f"KEC-{kec.upper()}", name=f"Kecamatan {kec}", level="opd",
                   unit_type="kecamatan", parent=root)
        ctx.units.append(Unit(code=f"KEC-{kec.upper()}-KANTOR", name=f"Kantor Kecamatan {kec}",
                              level="unit", unit_type="kecamatan", parent=opd))
        ctx.units += [Unit(code=f"{kind[:3].upper()}-{vname.upper()}",
                           name=f"{kind.title()} {vname}", level="unit", unit_type=kind,
                           parent=opd) for kind, vname in villages]
    db.session.add_all(ctx.units)
    db.session.flush()
    for unit in ctx.units:
        for i, service in enumerate(SERVICES.get(unit.unit_type, SERVICES["upt"]), start=1):
            db.session.add(ServiceType(unit_id=unit.id, code=f"L{i:02d}", name=service))
        ctx.quality[unit.id] = ctx.rng.gauss(0, 1)


def seed_periods(ctx: DemoContext) -> None:
    """Create 2024-S1 … 2025-S2; the 2024 semesters are locked."""
    for kind, year, number in DEMO_PERIODS:
        period = Period.build(kind, year, number)
        period.is_locked = year < 2025
        ctx.periods.append(period)
    db.session.add_all(ctx.periods)


def seed_catalogue(ctx: DemoContext) -> None:
    """Create the default indicator catalogue."""
    for code, name_id, name_en, direction, uom, source, lo, hi, dec, basis in DEFAULT_INDICATORS:
        ctx.indicators[code] = Indicator(
            code=code, name_id=name_id, name_en=name_en, direction=direction,
            unit_of_measure=uom, source=source, min_value=lo, max_value=hi, decimals=dec,
            legal_basis=basis)
    db.session.add_all(ctx.indicators.values())


def seed_users(ctx: DemoContext) -> None:
    """Create one user per role; evaluators get health units and one kecamatan."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    for username, full_name, role in DEMO_USERS:
        user = User(username=username, full_name=full_name, role=role)
        user.set_password(DEMO_PASSWORD, method)
        ctx.users[username] = user
    ctx.users["evaluator"].units = [u for u in ctx.units if u.code.startswith("DINKES-")]
    ctx.users["evaluator2"].units = [u for u in ctx.units if u.parent.code == "KEC-SUKAMAJU"]
    db.session.add_all(ctx.users.values())
    db.session.flush()


def _manual_value(code: str, quality: float, trend: float, rng: random.Random,
                  unit_type: str) -> float:
    """Draw a plausible value of a manual indicator for a unit of a given quality."""
    q = quality + trend + rng.gauss(0, 0.35)
    if code == "ipp":
        return round(min(5.0, max(0.5, 3.6 + 0.55 * q)), 2)
    if code == "ombudsman_score":
        return round(min(100.0, max(20.0, 74 + 11 * q)), 2)
    if code == "layanan_daring_pct":
        base = 70 if unit_type in ("disdukcapil", "dpmptsp", "mpp", "rsud") else 35
        return round(min(100.0, max(0.0, base + 15 * q)), 1)
    return round(min(240.0, max(5.0, 35 - 12 * q)), 1)  # waktu_tunggu_menit


def seed_manual_values(ctx: DemoContext) -> None:
    """Enter manual indicator values with realistic spread, trends, gaps and statuses."""
    manual = [i for i in ctx.indicators.values() if i.source == "manual"]
    evaluator = ctx.users["evaluator"]
    for p_index, period in enumerate(ctx.periods):
        latest = p_index == len(ctx.periods) - 1
        for unit in ctx.units:
            trend = 0.08 * p_index * (1 if ctx.quality[unit.id] > -0.5 else -1)
            for indicator in manual:
                if ctx.rng.random() < (0.12 if latest else 0.04):
                    continue  # not entered: the data-quality panel has gaps to show
                status = "approved"
                if latest:
                    status = ctx.rng.choice(("draft", "submitted", "submitted", "approved"))
                db.session.add(IndicatorValue(
                    unit_id=unit.id, period_id=period.id, indicator=indicator,
                    value=_manual_value(indicator.code, ctx.quality[unit.id], trend, ctx.rng,
                                        unit.unit_type),
                    status=status, entered_by_id=evaluator.id,
                    provenance={"source": "demo", "form": "isian manual"}))


SEEDERS: list[Callable[[DemoContext], None]] = [
    seed_organisation, seed_periods, seed_catalogue, seed_users, seed_manual_values,
    surveys.seed, complaints.seed, standards.seed, workforce.seed, targets.seed,
    innovations.seed,
    rankings.seed,  # it ranks what the other seeders computed
    proposals.seed,  # proposals and decisions on the official runs
]


def database_is_empty() -> bool:
    """Return True when no unit exists yet."""
    return not db.session.scalar(select(func.count()).select_from(Unit))


def seed_demo(seed: int = 2025) -> DemoContext:
    """Run every seeder in one transaction; the caller commits."""
    ctx = DemoContext(rng=random.Random(seed))
    db.session.info[audit.SKIP_AUDIT] = True
    try:
        for seeder in SEEDERS:
            seeder(ctx)
            db.session.flush()
    finally:
        db.session.info.pop(audit.SKIP_AUDIT, None)
    audit.record("seed_demo", "Database", None, {"units": len(ctx.units)})
    return ctx
