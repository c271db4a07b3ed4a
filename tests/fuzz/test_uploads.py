"""Uploads: wrong types, oversized bodies, zip bombs and path tricks are refused, nothing stored.

The request limit is lowered in the test (no huge data is written); the bombs are real files a
few KB big that would unpack to billions of cells or hundreds of MB.
"""

import io

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from evalsys import xlsx_reader
from evalsys.complaints import imports as complaint_imports
from evalsys.standards import uploads
from evalsys.surveys import imports as survey_imports
from evalsys.workforce import imports as staff_imports
from models import db
from models.complaint import Complaint
from models.survey import SurveyResponse
from models.workforce import Staff
from tests.conftest import login

from . import xlsx
from .strategies import FAST

PATH_TRICKS = ["../../etc/passwd", "/etc/passwd", "..\\..\\boot.ini", "C:\\x.pdf", "a\x00.pdf",
               "sub/dir.pdf", ".htaccess", "..", "", "   ", "a\n.pdf"]


@FAST
@given(name=st.one_of(st.sampled_from(PATH_TRICKS), st.text(max_size=30)),
       head=st.binary(max_size=16), size=st.integers(0, 30 * 1024 * 1024))
@example(name="../../etc/passwd.pdf", head=b"%PDF-1.4", size=100)
@example(name="laporan.pdf", head=b"MZ\x90\x00", size=100)
@example(name="laporan.pdf", head=b"%PDF-1.4", size=uploads.MAX_FILE_BYTES + 1)
def test_evidence_names_types_and_sizes_are_checked(name, head, size):
    try:
        clean, ext, content_type = uploads.check(name, head, size)
    except uploads.UploadRejected as err:
        assert str(err)
        return
    assert "/" not in clean and "\\" not in clean and "\x00" not in clean
    assert not clean.startswith(".")
    assert ext in ("pdf", "jpg", "png") and 0 < size <= uploads.MAX_FILE_BYTES
    assert head.startswith(uploads.ALLOWED[ext][1])


@pytest.fixture
def small_limits(monkeypatch):
    """Row and size limits small enough that a bomb is refused in milliseconds."""
    monkeypatch.setattr(survey_imports, "MAX_ROWS", 500)
    monkeypatch.setattr(staff_imports, "MAX_ROWS", 500)
    monkeypatch.setattr(complaint_imports, "MAX_XLSX_ROWS", 500)
    monkeypatch.setattr(xlsx_reader, "BLANK_SLACK", 100)
    monkeypatch.setattr(xlsx_reader, "MAX_UNCOMPRESSED_BYTES", 4 * 1024 * 1024)


BOMBS = {"far_columns": xlsx.far_column_bomb, "many_rows": lambda h: xlsx.many_rows_bomb(h, 2000),
         "inflating": lambda h: xlsx.inflating_bomb(8)}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_readers_refuse_xlsx_bombs(small_limits, bomb, tmp_path):
    with pytest.raises(survey_imports.FileRejected, match="Paling banyak|terlalu besar"):
        survey_imports.read_table(BOMBS[bomb](survey_imports.TEMPLATE_COLUMNS), "skm.xlsx")
    with pytest.raises(staff_imports.ImportFileError, match="Paling banyak|terlalu besar"):
        staff_imports.read_table("pegawai.xlsx", BOMBS[bomb](list(staff_imports.COLUMNS)))
    path = tmp_path / "lapor.xlsx"
    path.write_bytes(BOMBS[bomb](list(complaint_imports.TEMPLATE_HEADERS)))
    with pytest.raises(complaint_imports.DomainError, match="Paling banyak|terlalu besar"):
        complaint_imports.read_table(path)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def evaluator(app, make_user, make_unit, make_period, tmp_path):
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    unit = make_unit(code="PKM-A")
    make_period()
    return make_user("admin", units=[unit])


UPLOADS = {
    "surveys": ("/surveys/import", lambda p: {"period": p}),
    "staff": ("/workforce/staff/import", lambda p: {"action": "preview"}),
    "complaints": ("/complaints/import", lambda p: {}),
}
STORED = {"surveys": SurveyResponse, "staff": Staff, "complaints": Complaint}


@pytest.mark.parametrize("feature", sorted(UPLOADS))
@pytest.mark.parametrize("name,body", [
    ("virus.exe", b"MZ\x90\x00"), ("data.pdf", b"%PDF-1.4"), ("../../etc/passwd", b"root:x:0"),
    ("..\\..\\win.csv", b"a,b\n1,2\n"), ("a\x00.csv", b"a,b\n"), ("/etc/cron.d/x.xlsx", b"PK\x03"),
    ("kosong.csv", b""), ("sheet.xlsx", b"not a zip"),
])
def test_bad_uploads_are_refused_and_store_nothing(client, evaluator, feature, name, body,
                                                   tmp_path):
    login(client, evaluator)
    url, extra = UPLOADS[feature]
    response = client.post(url, data={**extra(1), "file": (io.BytesIO(body), name)},
                           content_type="multipart/form-data")
    assert response.status_code in (200, 302, 400), response.status_code
    assert _count(STORED[feature]) == 0
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and "uploads" not in p.parts]
    assert not outside, outside


@pytest.mark.parametrize("feature", sorted(UPLOADS))
def test_bombs_through_the_routes_store_nothing(client, evaluator, small_limits, feature):
    login(client, evaluator)
    url, extra = UPLOADS[feature]
    header = {"surveys": survey_imports.TEMPLATE_COLUMNS, "staff": list(staff_imports.COLUMNS),
              "complaints": list(complaint_imports.TEMPLATE_HEADERS)}[feature]
    response = client.post(url, data={**extra(1), "file": (
        io.BytesIO(xlsx.far_column_bomb(header)), "bom.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Paling banyak" in response.get_data(as_text=True)
    assert _count(STORED[feature]) == 0


@pytest.mark.parametrize("feature", sorted(UPLOADS))
def test_a_body_over_the_request_limit_is_refused(app, client, evaluator, feature):
    login(client, evaluator)
    app.config["MAX_CONTENT_LENGTH"] = 2048  # lowered: the real limit is 20 MB
    url, extra = UPLOADS[feature]
    response = client.post(url, data={**extra(1), "file": (io.BytesIO(b"a," * 4096), "x.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert _count(STORED[feature]) == 0
