"""An import killed halfway (SIGKILL while its rows are written) leaves the database as before.

Each import is one transaction: the child process has written thousands of rows (flushed,
not committed) when it is killed; afterwards every table holds exactly what it held before,
and the same file imports completely on a second try.
"""

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import AuditEvent, IndicatorValue, Period, ServiceType, Unit, User, db
from models.complaint import Complaint, ComplaintEvent
from models.survey import SurveyImport, SurveyResponse
from tests.conftest import login
from tests.faults.conftest import add_user, stall_and_kill

ROWS = 3000
SURVEY_HEADER = "tanggal,kode_unit,kode_layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9"
LAPOR_HEADER = ("Nomor Tracking,Tanggal Laporan,Instansi Tujuan,Judul Laporan,Status,"
                "Tanggal Verifikasi,Tanggal Disposisi,Tanggal Tindak Lanjut,Tanggal Selesai")


def counts(*models) -> dict:
    """Return the row count of each model's table, and the audit events of anything but sign-in.

    The child signs in first (committed, audited on User); everything after that must vanish.
    """
    found = {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}
    found["audit"] = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.entity_type != "User"))
    return found


@pytest.fixture
def unit_and_period(durable_app, tmp_path):
    durable_app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    unit = Unit(code="PKM-A", name="Puskesmas A", level="unit", unit_type="puskesmas")
    period = Period.build("semester", 2025, 1)
    db.session.add_all([unit, period])
    db.session.flush()
    db.session.add(ServiceType(unit_id=unit.id, code="L01", name="Rawat jalan"))
    db.session.commit()
    add_user("evaluator", "evaluator", units=[unit])
    return unit, period


def _survey_csv() -> str:
    rows = [f"2025-03-{1 + i % 28:02d},PKM-A,L01,{1 + i % 4},3,3,4,3,4,4,3,2" for i in range(ROWS)]
    return "\n".join([SURVEY_HEADER, *rows]) + "\n"


def _lapor_csv() -> str:
    rows = [f"LPR-{i},{d:02d}/03/2025 10:00,PKM-A,Laporan {i},Selesai,{d:02d}/03/2025 14:00,"
            f"{d:02d}/03/2025 16:00,{d:02d}/04/2025 09:00,{d:02d}/04/2025 15:00"
            for i, d in ((i, 1 + i % 28) for i in range(ROWS // 6))]
    return "\n".join([LAPOR_HEADER, *rows]) + "\n"


def _journal_left(durable_url: str) -> bool:
    """On SQLite, a killed writer leaves a hot journal that the next reader rolls back."""
    path = durable_url.removeprefix("sqlite:///")
    return Path(path + "-journal").exists() or Path(path + "-wal").exists()


def test_killed_survey_import_stores_nothing_and_can_be_repeated(
        durable_app, durable_url, unit_and_period, tmp_path):
    period_id = unit_and_period[1].id
    csv_file = tmp_path / "skm.csv"
    csv_file.write_text(_survey_csv())
    tables = (SurveyResponse, SurveyImport, IndicatorValue)
    before = counts(*tables)
    db.session.remove()
    stall_and_kill("survey", durable_url, tmp_path / "marker", csv_file, period_id)
    if durable_url.startswith("sqlite"):
        assert _journal_left(durable_url), "the child was not killed mid-transaction"
    assert counts(*tables) == before
    client = durable_app.test_client()
    login(client, db.session.scalar(select(User).where(User.username == "evaluator")))
    page = client.post("/surveys/import", data={
        "period": period_id, "file": (io.BytesIO(csv_file.read_bytes()), "skm.csv")})
    key = re.search(r'name="key" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    client.post("/surveys/import/confirm", data={"key": key})
    after = counts(SurveyResponse, SurveyImport)
    assert (after["SurveyResponse"], after["SurveyImport"]) == (ROWS, 1)


def test_killed_complaints_import_stores_nothing(durable_app, durable_url, unit_and_period,
                                                 tmp_path):
    csv_file = tmp_path / "lapor.csv"
    csv_file.write_text(_lapor_csv())
    tables = (Complaint, ComplaintEvent, IndicatorValue)
    before = counts(*tables)
    db.session.remove()
    stall_and_kill("complaints", durable_url, tmp_path / "marker", csv_file)
    if durable_url.startswith("sqlite"):
        assert _journal_left(durable_url), "the child was not killed mid-transaction"
    assert counts(*tables) == before
