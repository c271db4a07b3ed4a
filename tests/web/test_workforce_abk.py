"""The ABK worksheet: the §6 example on the page, all-or-nothing saves, scope, edge cases."""

import html
import re

import pytest
from sqlalchemy import select

from evalsys.workforce.worksheet import parse_decimal
from models import db
from models.workforce import WorkloadSetting, WorkloadTask
from tests.conftest import login
from tests.web.test_workforce_support import (  # noqa: F401  (fixtures)
    add_staff_fixture,
    add_tasks_fixture,
    make_position_fixture,
)


@pytest.fixture
def sheet(make_unit, make_user, make_position, add_staff, add_tasks):
    """A unit with the §6 example for one clerk, an evaluator of that unit, and another."""
    unit, other = make_unit(code="KEL-A", name="Kelurahan A", unit_type="kelurahan"), \
        make_unit(code="KEL-B", name="Kelurahan B", unit_type="kelurahan")
    clerk = make_position(code="PU", name="Pengadministrasi Umum")
    tasks = add_tasks(unit, clerk)
    add_staff(unit, clerk, 1)
    return {"unit": unit, "other": other, "clerk": clerk, "tasks": tasks,
            "evaluator": make_user("evaluator", units=[unit]),
            "outsider": make_user("evaluator", units=[other]), "viewer": make_user("viewer")}


def _text(page: str) -> str:
    """Return the page's visible text with single spaces and entities decoded."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize(("rounding", "rounded"), [("nearest", "1"), ("ceiling", "2"),
                                                   ("floor", "1")])
def test_worked_example_totals_in_indonesian_format(client, sheet, rounding, rounded):
    db.session.add(WorkloadSetting(effective_minutes=75_000, rounding=rounding,
                                   ej_table="permendagri_2008", rotation_years=5))
    db.session.commit()
    login(client, sheet["viewer"])
    page = client.get(f"/workforce/abk/{sheet['unit'].id}").get_data(as_text=True)
    text = _text(page)
    for per_task in ("60.000", "30.000", "7.200", "0,800", "0,400", "0,096"):
        assert per_task in text
    assert re.search(r'class="num tot-min">97\.200<', page)
    assert re.search(r'class="num tot-need">1,296<', page)
    assert re.search(rf'class="num tot-rounded">{rounded}<', page)
    # EJ = 1.296 ÷ 1 clerk → "A · Sangat Baik" by the default table.
    assert "1,30 (A · Sangat Baik)" in text
    assert "inputmode" not in page  # a viewer gets no inputs


def test_evaluator_edits_adds_and_deletes_rows_in_one_save(client, sheet):
    agenda, distribusi, laporan = sheet["tasks"]
    clerk = sheet["clerk"]
    login(client, sheet["evaluator"])
    response = client.post(f"/workforce/abk/{sheet['unit'].id}", data={
        **_row(f"t{agenda.id}", "Agenda surat masuk", "surat", "6.500", "10"),
        **_row(f"t{distribusi.id}", "Distribusi surat", "surat", "6000", "5"),
        f"t{distribusi.id}-delete": "1",
        **_row(f"t{laporan.id}", "Laporan bulanan", "laporan", "12", "600"),
        **_row(f"n{clerk.id}_0", "Arsip surat keluar", "berkas", "1.200", "7,5"),
        **_row(f"n{clerk.id}_1", "", "", "", "")})
    assert response.status_code == 302
    db.session.expire_all()
    rows = {t.description: (t.volume_per_year, t.norm_minutes) for t in db.session.scalars(
        select(WorkloadTask).where(WorkloadTask.unit_id == sheet["unit"].id))}
    assert rows == {"Agenda surat masuk": (6500, 10), "Laporan bulanan": (12, 600),
                    "Arsip surat keluar": (1200, 7.5)}


def test_one_bad_row_stores_nothing_and_names_each_cell(client, sheet):
    agenda = sheet["tasks"][0]
    login(client, sheet["evaluator"])
    response = client.post(f"/workforce/abk/{sheet['unit'].id}", data={
        **_row(f"t{agenda.id}", "Agenda surat masuk", "surat", "9000", "10"),
        **_row(f"n{sheet['clerk'].id}_0", "Tugas baru", "", "banyak", "0")})
    page = _text(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "tidak ada yang disimpan" in page
    assert "Satuan hasil wajib diisi." in page
    assert "Beban kerja: 'banyak' bukan angka." in page
    assert "Norma waktu: harus lebih dari 0." in page
    assert 'value="9000"' in response.get_data(as_text=True)  # typed values are kept
    db.session.expire_all()
    assert db.session.get(WorkloadTask, agenda.id).volume_per_year == 6000


def test_evaluator_cannot_edit_another_units_tasks(app, client, sheet, add_tasks):
    agenda = sheet["tasks"][0]
    login(client, sheet["outsider"])
    response = client.post(f"/workforce/abk/{sheet['unit'].id}", data=_row(
        f"t{agenda.id}", "Diubah", "surat", "1", "1"))
    assert response.status_code == 403
    assert "inputmode" not in client.get(f"/workforce/abk/{sheet['unit'].id}").get_data(
        as_text=True)
    # Another unit's task id posted to the evaluator's own sheet is refused, not edited.
    foreign = add_tasks(sheet["other"], sheet["clerk"], [("Tugas unit lain", "surat", 5, 5)])
    client = app.test_client()
    login(client, sheet["evaluator"])
    response = client.post(f"/workforce/abk/{sheet['unit'].id}", data=_row(
        f"t{foreign[0].id}", "Diubah", "surat", "1", "1"))
    assert response.status_code == 200
    assert "bukan tugas unit ini" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(WorkloadTask, foreign[0].id).description == "Tugas unit lain"
    assert db.session.get(WorkloadTask, agenda.id).description == "Agenda surat masuk"


def test_zero_existing_staff_and_zero_workload_read_sensibly(client, sheet, make_position,
                                                            add_tasks, add_staff):
    midwife = make_position(code="BDN", name="Bidan", kind="fungsional", health=True)
    add_tasks(sheet["unit"], midwife, [("Pelayanan KB", "akseptor", 7500, 10)])
    analyst = make_position(code="AK", name="Analis Kebijakan", kind="fungsional")
    add_staff(sheet["unit"], analyst, 2)
    login(client, sheet["viewer"])
    page = _text(client.get(f"/workforce/abk/{sheet['unit'].id}").get_data(as_text=True))
    bidan = page[page.index("Jabatan: Bidan"):page.index("Jabatan: Pengadministrasi")]
    assert "Pegawai yang ada: 0" in bidan and "Kebutuhan: 1,000 → 1" in bidan
    assert "tidak ada pegawai" in bidan and "-1" in bidan
    analis = page[page.index("Jabatan: Analis"):page.index("Jabatan: Bidan")]
    assert "Pegawai yang ada: 2" in analis and "Kebutuhan: 0,000 → 0" in analis
    overview = _text(client.get("/workforce/").get_data(as_text=True))
    assert "Kelurahan A" in overview and "nan" not in overview.lower().split()


def test_worksheet_of_a_unit_without_anything_invites_to_start(client, sheet):
    login(client, sheet["evaluator"])
    page = _text(client.get(f"/workforce/abk/{sheet['other'].id}").get_data(as_text=True))
    assert "Belum ada tugas maupun pegawai" in page


def test_adding_a_position_shows_blank_rows(client, sheet, make_position):
    nurse = make_position(code="PRW", name="Perawat")
    login(client, sheet["evaluator"])
    page = client.get(f"/workforce/abk/{sheet['unit'].id}?add={nurse.id}").get_data(
        as_text=True)
    assert "Jabatan: Perawat" in page
    assert f'name="n{nurse.id}_2-description"' in page


def test_refused_rows_of_a_newly_added_position_are_shown_again(client, sheet,
                                                                make_position):
    nurse = make_position(code="PRW", name="Perawat")
    login(client, sheet["evaluator"])
    response = client.post(f"/workforce/abk/{sheet['unit'].id}", data={
        **_row(f"n{nurse.id}_0", "Imunisasi", "suntikan", "900", "10"),
        **_row(f"n{nurse.id}_3", "Kunjungan rumah", "kunjungan", "50", "")})
    page = response.get_data(as_text=True)
    assert "Jabatan: Perawat" in page
    assert f'name="n{nurse.id}_3-description" value="Kunjungan rumah"' in page
    assert "Norma waktu: wajib diisi." in _text(page)
    assert db.session.scalar(select(WorkloadTask.id).where(
        WorkloadTask.position_id == nurse.id)) is None


@pytest.mark.parametrize(("raw", "value"), [("6000", 6000), ("6.000", 6000), ("7,5", 7.5),
                                            ("7.5", 7.5), ("1.234,5", 1234.5), (" 12 ", 12)])
def test_numbers_are_read_as_an_indonesian_sheet_writes_them(raw, value):
    assert parse_decimal(raw) == value


@pytest.mark.parametrize("raw", ["", "-1", "abc", "nan", "inf"])
def test_bad_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        parse_decimal(raw)


def _row(key, description, output, volume, norm):
    return {f"{key}-description": description, f"{key}-output_unit": output,
            f"{key}-volume": volume, f"{key}-norm": norm, f"{key}-source": ""}
