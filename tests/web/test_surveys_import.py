"""Importing paper surveys: every bad row and cell reported before anything is stored."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from models import AuditEvent, IndicatorValue, ServiceType, db
from models.survey import SurveyImport, SurveyResponse
from tests.conftest import login

HEADER = "tanggal,kode_unit,kode_layanan,U1,U2,U3,U4,U5,U6,U7,U8,U9,jenis_kelamin,usia," \
         "pendidikan,pekerjaan,saran"
GOOD = "2025-03-14,PKM-A,L01,4,3,3,4,3,4,4,3,2,P,30-39,SMA,SWASTA,Bagus"


@pytest.fixture
def setup(make_unit, make_user, make_period, make_indicator):
    mine, other = make_unit(code="PKM-A"), make_unit(code="PKM-B")
    db.session.add_all([ServiceType(unit_id=mine.id, code="L01", name="Rawat jalan"),
                        ServiceType(unit_id=other.id, code="L01", name="Rawat jalan")])
    period = make_period()  # 2025-S1: 1 January – 30 June 2025
    make_indicator(code="ikm", source="computed", min_value=25, max_value=100)
    evaluator = make_user("evaluator", units=[mine])
    db.session.commit()
    return mine, other, period, evaluator


def count(model=SurveyResponse):
    return db.session.scalar(select(func.count()).select_from(model))


def upload(client, period, text, name="skm.csv"):
    body = text.encode() if isinstance(text, str) else text
    return client.post("/surveys/import", data={"period": period.id,
                                                "file": (io.BytesIO(body), name)})


def errors_of(html: str) -> list[tuple[int, str]]:
    """Return (row, column) of every error listed on the page."""
    import re

    table = html.split('id="import-errors"', 1)[1].split("</table>", 1)[0]
    return [(int(r), c) for r, c in re.findall(
        r'<td class="num">(\d+)</td><td><code>([^<]+)</code>', table)]


def test_preview_lists_every_bad_cell_with_sheet_row_numbers(client, setup):
    mine, other, period, evaluator = setup
    login(client, evaluator)
    rows = [HEADER, GOOD,
            "2025-03-15,PKM-A,L01,5,3,3,4,3,4,4,3,2,,,,,",          # row 3: U1 out of range
            "15/03/2025,PKM-X,,4,3,3,4,3,4,4,3,2,,,,,",             # row 4: unknown unit
            "2025-13-40,PKM-A,L09,4,3,3,4,3,4,4,3,2,,,,,",          # row 5: bad date, service
            "2025-08-01,PKM-A,,4,3,3,4,3,4,4,3,2,,,,,",             # row 6: outside period
            "2025-03-15,PKM-B,,4,3,3,4,3,4,4,3,2,,,,,",             # row 7: not my unit
            "",                                                     # row 8: blank, skipped
            "2025-03-16,PKM-A,,,,,,,,,,,X,200,SD,PETANI,",          # row 9: several problems
            "14/03/2025,pkm-a,l01,1,2,,4,3,2,1,2,3,L,45,S1,ASN,"]   # row 10: valid
    response = upload(client, period, "\n".join(rows) + "\n")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert errors_of(html) == [
        (3, "U1"), (4, "kode_unit"), (5, "tanggal"), (5, "kode_layanan"), (6, "tanggal"),
        (7, "kode_unit"), (9, "U1–U9"), (9, "jenis_kelamin"), (9, "usia"), (9, "pekerjaan")]
    for message in ("Jawaban &#39;5&#39; tidak sah", "Kode unit &#39;PKM-X&#39; tidak dikenal",
                    "tidak dapat dibaca", "Kode layanan &#39;L09&#39; tidak ada pada unit PKM-A",
                    "di luar periode 2025-S1", "tidak berwenang mengimpor data unit PKM-B",
                    "Tidak ada jawaban unsur sama sekali", "Nilai &#39;PETANI&#39; tidak dikenal"):
        assert message in html, message
    assert 'id="valid-count">2<' in html and 'id="rejected-count">6<' in html
    assert "Belum ada yang disimpan" in html
    assert count() == 0 and count(SurveyImport) == 0  # nothing stored at preview


def test_confirm_stores_valid_rows_lists_rejected_and_recomputes(client, setup):
    mine, other, period, evaluator = setup
    login(client, evaluator)
    text = "\n".join([HEADER, GOOD, "2025-03-15,PKM-A,L01,9,3,3,4,3,4,4,3,2,,,,,",
                      "20/04/2025,PKM-A,,1,2,,4,3,2,1,2,3,L,45,S1,ASN,"]) + "\n"
    html = upload(client, period, text).get_data(as_text=True)
    key = html.split('name="key" value="', 1)[1].split('"', 1)[0]
    response = client.post("/surveys/import/confirm", data={"key": key})
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="stored-count">2<' in detail and 'id="rejected-count">1<' in detail
    assert errors_of(detail) == [(3, "U1")]
    stored = db.session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
    assert [r.channel for r in stored] == ["import", "import"]
    assert stored[0].service_type_id is not None and stored[0].suggestion == "Bagus"
    assert (stored[1].u3, stored[1].age_band, stored[1].education, stored[1].occupation) == (
        None, "40-49", "D4-S1", "PNS")
    assert stored[1].submitted_at.hour in (5, 12)  # noon WIB, stored in UTC (or naive)
    assert all(r.import_id for r in stored)
    assert db.session.scalar(select(IndicatorValue.provenance))["responses"] == 2
    assert db.session.scalar(select(AuditEvent.after).where(AuditEvent.action == "import")) \
        == {"file": "skm.csv", "period": "2025-S1", "stored": 2, "rejected": 1}
    # The same preview cannot be stored twice.
    assert client.post("/surveys/import/confirm", data={"key": key}).status_code == 302
    assert count() == 2


def test_cancel_stores_nothing(client, setup):
    *_, period, evaluator = setup
    login(client, evaluator)
    upload(client, period, HEADER + "\n" + GOOD + "\n")
    assert client.post("/surveys/import/cancel").status_code == 302
    assert count() == 0


def test_another_users_preview_cannot_be_confirmed(app, client, setup, make_user):
    *_, period, evaluator = setup
    login(client, evaluator)
    html = upload(client, period, HEADER + "\n" + GOOD + "\n").get_data(as_text=True)
    key = html.split('name="key" value="', 1)[1].split('"', 1)[0]
    intruder = app.test_client()
    login(intruder, make_user("admin"))
    intruder.post("/surveys/import/confirm", data={"key": key})
    assert count() == 0


def test_xlsx_with_real_dates_and_numbers(client, setup):
    *_, period, evaluator = setup
    login(client, evaluator)
    from datetime import date

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([date(2025, 2, 3), "PKM-A", "L01", 4, 4, 4, 4, 4, 4, 4, 4, 4.0, "L", 25,
                  "S2", "PNS", None])
    sheet.append([])
    sheet.append([date(2025, 2, 4), "PKM-A", None, 4, 4, 4, 4, 4, 4, 4, 4, 0, None, None,
                  None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    html = upload(client, period, buffer.getvalue(), "kertas.xlsx").get_data(as_text=True)
    assert errors_of(html) == [(4, "U9")]
    assert 'id="valid-count">1<' in html


def test_missing_columns_and_wrong_format_are_refused_as_a_whole(client, setup):
    *_, period, evaluator = setup
    login(client, evaluator)
    html = upload(client, period, "tanggal,kode_unit,U1\n2025-03-01,PKM-A,4\n") \
        .get_data(as_text=True)
    assert "Kolom wajib tidak ada: U2, U3" in html
    html = upload(client, period, b"%PDF-1.4", "skm.pdf").get_data(as_text=True)
    assert "Hanya berkas .csv atau .xlsx" in html
    assert count() == 0


def test_semicolon_csv_and_extra_columns_are_accepted(client, setup):
    *_, period, evaluator = setup
    login(client, evaluator)
    text = HEADER.replace(",", ";") + "\n" + GOOD.replace(",", ";") + "\n"
    html = upload(client, period, text).get_data(as_text=True)
    assert 'id="valid-count">1<' in html


def test_viewer_and_leader_cannot_import(client, setup, make_user):
    *_, period, _ = setup
    for role in ("viewer", "leader"):
        client.post("/auth/logout")
        login(client, make_user(role))
        assert upload(client, period, HEADER + "\n" + GOOD + "\n").status_code == 403


def test_locked_period_is_not_offered_and_refused(client, setup, make_period):
    *_, evaluator = setup
    locked = make_period(year=2024, locked=True)
    login(client, evaluator)
    page = client.get("/surveys/import").get_data(as_text=True)
    assert locked.code not in page
    assert upload(client, locked, HEADER + "\n" + GOOD + "\n").status_code == 200
    assert count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_have_the_exact_columns(client, setup, fmt):
    *_, evaluator = setup
    login(client, evaluator)
    response = client.get(f"/surveys/import/template.{fmt}")
    assert response.status_code == 200
    if fmt == "csv":
        lines = response.get_data().decode("utf-8-sig").splitlines()
        header, example = lines[0].split(","), lines[1].split(",")
    else:
        book = load_workbook(io.BytesIO(response.get_data()))
        header = [c.value for c in book["Data"][1]]
        example = [c.value for c in book["Data"][2]]
        assert "Petunjuk" in book.sheetnames
    assert header == HEADER.split(",")
    assert example[1] == "PKM-A"  # a code from the evaluator's own units


def test_exported_errors_are_formula_safe(client, setup):
    *_, period, evaluator = setup
    login(client, evaluator)
    text = HEADER + "\n" + GOOD + "\n" + \
        "2025-03-01,=HYPERLINK(\"x\"),,4,4,4,4,4,4,4,4,@SUM(1),,,,,\n"
    html = upload(client, period, text).get_data(as_text=True)
    key = html.split('name="key" value="', 1)[1].split('"', 1)[0]
    client.post("/surveys/import/confirm", data={"key": key})
    batch = db.session.scalar(select(SurveyImport))
    csv = client.get(f"/surveys/imports/{batch.id}/errors.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'@SUM(1)" in csv
    assert "\n=" not in csv and ",=" not in csv and ",@" not in csv


def test_additional_unsur_column_follows_each_units_questionnaire(client, setup):
    mine, other, period, evaluator = setup
    from evalsys.surveys import questionnaire

    items = questionnaire.standard_items() + [{
        "code": "X1", "name": "Kebersihan", "question": "Bagaimana kebersihan?",
        "labels": ("a", "b", "c", "d"), "weight": None}]
    questionnaire.save_items(period, mine.id, items)
    db.session.commit()
    login(client, evaluator)
    text = HEADER + ",X1\n" + GOOD + ",3\n" + GOOD + ",\n" + \
        GOOD.replace("PKM-A,L01", "PKM-A,") + ",6\n"
    html = upload(client, period, text).get_data(as_text=True)
    assert errors_of(html) == [(4, "X1")]
    key = html.split('name="key" value="', 1)[1].split('"', 1)[0]
    client.post("/surveys/import/confirm", data={"key": key})
    extras = db.session.scalars(select(SurveyResponse.extra).order_by(SurveyResponse.id)).all()
    assert extras == [{"X1": 3}, None]
    value = db.session.scalar(select(IndicatorValue))
    assert value.provenance["unsur"][-1] == "X1" and value.provenance["responses"] == 2
