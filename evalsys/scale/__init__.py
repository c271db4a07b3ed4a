"""Province/national-scale synthetic data: tens of thousands of units, millions of records.

``generate(Size(...))`` fills an empty database in one transaction (the caller commits):
the organisation, periods, the indicator catalogue, a leader, questionnaires, survey
responses, complaints with their events, standards, ABK tasks and staff, and the manual
indicator values. Raw data only: computed indicators and score runs are left to the app's own
operations (``bench/scale_bench.py`` times them). Deterministic for a seed: numpy's PCG64
draws everything, chunk by chunk, in a fixed order.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import text

from models import Base, db

from .. import audit
from ..demo.seed import database_is_empty
from . import complaints, organisation, setup, standards, surveys, workforce
from .bulk import BulkWriter


class NotEmpty(Exception):
    """The target database already has units."""


@dataclass(frozen=True)
class Size:
    """How much to generate."""

    units: int = 25_000
    responses: int = 10_000_000
    complaints: int = 2_000_000
    staff: int = 300_000
    periods: int = 4
    seed: int = 1
    password: str = "evalsys-scale"


def _clock(echo: Callable[[str], None]) -> Callable[[str], None]:
    """Return an echo that prefixes the seconds since generation started."""
    start = time.perf_counter()
    return lambda message: echo(f"[{time.perf_counter() - start:7.1f} s] {message}")


def _fast_load(writer: BulkWriter) -> None:
    """On PostgreSQL, skip FK triggers for this transaction when allowed (superuser only).

    The generator writes consistent ids, so per-row FK checks would only cost time.
    """
    if not writer.postgres:
        return
    try:
        with db.session.begin_nested():
            db.session.execute(text("SET LOCAL session_replication_role = replica"))
    except Exception:  # noqa: BLE001 - not a superuser: keep the checks, just slower
        return


def generate(size: Size, echo: Callable[[str], None] = print) -> dict[str, int]:
    """Fill an empty database with synthetic data of the given size; return row counts.

    Raises NotEmpty when the database already has units. Flushes, never commits.
    """
    if not database_is_empty():
        raise NotEmpty("The database already has units; generate into an empty database.")
    echo = _clock(echo)
    rng = np.random.default_rng(size.seed)
    db.session.info[audit.SKIP_AUDIT] = True
    try:
        writer = BulkWriter()
        _fast_load(writer)
        _generate(writer, rng, size, echo)
        writer.finish(list(Base.metadata.sorted_tables))
    finally:
        db.session.info.pop(audit.SKIP_AUDIT, None)
    audit.record("generate_scale", "Database", None,
                 {"units": size.units, "responses": size.responses,
                  "complaints": size.complaints, "staff": size.staff, "seed": size.seed})
    db.session.flush()
    echo("done")
    return writer.rows


def _generate(writer: BulkWriter, rng, size: Size, echo) -> None:
    """Run every part in its fixed order."""
    org = organisation.build(writer, rng, size.units)
    echo(f"units {len(org.ids):,} service units; {writer.rows['service_type']:,} services")
    periods = setup.periods(size.periods)
    indicators = setup.catalogue()
    people = setup.users(size.password)
    questionnaire = setup.questionnaires(periods)
    population = setup.targets(writer, rng, org, periods)
    setup.manual_values(writer, rng, org, periods, indicators, people["admin"])
    echo(f"periods {len(periods)}, catalogue {len(indicators)}, manual values "
         f"{writer.rows.get('indicator_value', 0):,}")
    surveys.write(writer, rng, org, periods, questionnaire, population, size.responses, echo)
    complaints.write(writer, rng, org, periods, size.complaints, echo)
    standards.write(writer, rng, org, echo)
    workforce.write(writer, rng, org, workforce.positions(), size.staff, echo)
