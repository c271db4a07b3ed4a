"""Shared fixtures of the workforce tests (no tests here; other modules import from it).

Fixtures are registered under their short names (make_position, add_staff, add_tasks); the
Python names end in _fixture so importing them does not shadow the test arguments.
"""

import itertools
from datetime import date, timedelta

import pytest

from models import db
from models.workforce import Position, Staff, WorkloadTask

_serial = itertools.count(1)

# METHODOLOGY §6.1 worked example: 6,000 × 10 + 6,000 × 5 + 12 × 600 = 97,200 minutes.
EXAMPLE_TASKS = (("Agenda surat masuk", "surat", 6000, 10),
                 ("Distribusi surat", "surat", 6000, 5),
                 ("Laporan bulanan", "laporan", 12, 600))


def nip(n: int | None = None, birth: date = date(1985, 3, 12), appointed: str = "201001",
        gender: str = "1") -> str:
    """Return a valid, unique NIP (the serial and the birth day move with n)."""
    n = next(_serial) if n is None else n
    born = birth + timedelta(days=n // 999)
    return f"{born:%Y%m%d}{appointed}{gender}{n % 999 + 1:03d}"


@pytest.fixture(name="make_position")
def make_position_fixture(app):
    """Return a factory of positions."""

    def make(code=None, name=None, kind="pelaksana", health=False, category=None):
        n = next(_serial)
        position = Position(code=code or f"POS{n}", name=name or f"Jabatan {n}", kind=kind,
                            is_health_cadre=health, wisn_category=category)
        db.session.add(position)
        db.session.commit()
        return position

    return make


@pytest.fixture(name="add_staff")
def add_staff_fixture(app):
    """Return a factory adding n staff members of a position to a unit."""

    def add(unit, position, n=1, post_since=date(2020, 1, 6), status="aktif", **kw):
        people = []
        for _ in range(n):
            number = nip()
            people.append(Staff(nip=number, name=f"Pegawai {number[-3:]}", unit_id=unit.id,
                                position_id=position.id, post_since=post_since,
                                birth_date=date(int(number[:4]), int(number[4:6]),
                                                int(number[6:8])),
                                appointed_on=date(2010, 1, 1), gender="L", skills=[],
                                certificates=[], status=status, **kw))
        db.session.add_all(people)
        db.session.commit()
        return people

    return add


@pytest.fixture(name="add_tasks")
def add_tasks_fixture(app):
    """Return a factory adding (description, output, volume, norm) tasks to a unit."""

    def add(unit, position, rows=EXAMPLE_TASKS):
        tasks = [WorkloadTask(unit_id=unit.id, position_id=position.id, description=d,
                              output_unit=o, volume_per_year=v, norm_minutes=m)
                 for d, o, v, m in rows]
        db.session.add_all(tasks)
        db.session.commit()
        return tasks

    return add
