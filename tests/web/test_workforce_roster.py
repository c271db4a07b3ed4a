"""Staff form (NIP rules, scope), roster filters, rotation list and protected staff."""

import html
from datetime import date

import pytest
from sqlalchemy import select

from evalsys.workforce.roster import years_ago
from models import db
from models.workforce import Position, Staff, WorkloadSetting
from tests.conftest import login
from tests.web.test_workforce_support import (  # noqa: F401  (fixtures)
    add_staff_fixture,
    make_position_fixture,
)


@pytest.fixture
def office(make_unit, make_user, make_position):
    own, other = make_unit(code="KEC-A", name="Kecamatan A"), make_unit(code="KEC-B",
                                                                         name="Kecamatan B")
    return {"own": own, "other": other, "clerk": make_position(code="PU", name="Pengadministrasi"),
            "evaluator": make_user("evaluator", units=[own]), "viewer": make_user("viewer")}


def _form(office, **changes):
    data = {"nip": "19850312 201001 1 003", "name": "Budi Santoso", "unit_id": office["own"].id,
            "position_id": office["clerk"].id, "post_since": "2019-05-01", "status": "aktif",
            "skills": "SIAK; Arsip", "certificates": ""}
    return {**data, **changes}


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(("nip", "message"), [
    ("1985031220100110", "NIP harus 18 digit, bukan 16 digit."),
    ("19850230 201001 1 003", "Tanggal lahir (digit 1–8, TTTTBBHH) tidak valid: 19850230."),
    ("19850312 198001 1 003", "TMT CPNS (digit 9–14) harus sesudah bulan lahir: 198001."),
    ("19850312 201001 3 003", "Kode jenis kelamin (digit 15) harus 1 (laki-laki) atau 2"),
])
def test_the_staff_form_checks_the_nip_with_scoring_nip(client, office, nip, message):
    login(client, office["evaluator"])
    page = _page(client.post("/workforce/staff/new", data=_form(office, nip=nip)))
    assert message in page
    assert db.session.scalar(select(Staff.id)) is None


def test_a_valid_staff_member_is_stored_with_what_the_nip_encodes(client, office):
    login(client, office["evaluator"])
    assert client.post("/workforce/staff/new", data=_form(office)).status_code == 302
    staff = db.session.scalar(select(Staff))
    assert staff.nip == "198503122010011003"
    assert (staff.birth_date, staff.appointed_on, staff.gender) == (date(1985, 3, 12),
                                                                   date(2010, 1, 1), "L")
    assert staff.skills == ["SIAK", "Arsip"]
    again = _page(client.post("/workforce/staff/new", data=_form(office, name="Lain")))
    assert "NIP 198503122010011003 sudah terdaftar" in again
    early = _page(client.post("/workforce/staff/new", data=_form(
        office, nip="199001152015032001", post_since="2014-12-31")))
    assert "sebelum TMT CPNS pada NIP (03-2015)" in early
    protected = _page(client.post("/workforce/staff/new", data=_form(
        office, nip="199001152015032001", is_protected="y")))
    assert "Alasan perlindungan dari rotasi wajib diisi." in protected


def test_evaluators_change_only_their_own_units_staff(app, client, office, add_staff):
    mine = add_staff(office["own"], office["clerk"])[0]
    theirs = add_staff(office["other"], office["clerk"])[0]
    login(client, office["evaluator"])
    assert client.get(f"/workforce/staff/{theirs.id}/edit").status_code == 403
    assert client.post(f"/workforce/staff/{theirs.id}/edit",
                       data={"action": "delete"}).status_code == 403
    moved = client.post(f"/workforce/staff/{mine.id}/edit", data=_form(
        office, nip=mine.nip, unit_id=office["other"].id))
    assert "Not a valid choice" in _page(moved) or "Pilihan tidak valid" in _page(moved)
    outside = client.post("/workforce/staff/new", data=_form(office, unit_id=office["other"].id))
    assert outside.status_code == 200 and db.session.scalar(
        select(Staff.id).where(Staff.nip == "198503122010011003")) is None
    assert client.post(f"/workforce/staff/{mine.id}/edit",
                       data={"action": "delete"}).status_code == 302
    db.session.expire_all()
    assert {s.id for s in db.session.scalars(select(Staff))} == {theirs.id}


def test_roster_filters_by_name_position_and_protection(client, office, add_staff,
                                                       make_position):
    analyst = make_position(code="AK", name="Analis Kebijakan")
    add_staff(office["own"], office["clerk"], 3)
    flagged = add_staff(office["other"], analyst, 1, is_protected=True,
                        protected_reason="Satu-satunya analis bersertifikat")[0]
    login(client, office["viewer"])
    everyone = _page(client.get("/workforce/staff"))
    assert everyone.count('href="/workforce/abk/') == 4
    assert "Ubah" not in everyone  # a viewer edits nobody
    by_position = _page(client.get(f"/workforce/staff?position={analyst.id}"))
    assert flagged.name in by_position and by_position.count('href="/workforce/abk/') == 1
    assert _page(client.get("/workforce/staff?protected=1")).count('href="/workforce/abk/') == 1
    assert flagged.name in _page(client.get(f"/workforce/staff?q={flagged.nip[-6:]}"))


def test_rotation_lists_staff_over_the_threshold_and_the_protected(client, office, add_staff):
    clerk = office["clerk"]
    for years, name in ((3, "Tiga"), (6, "Enam"), (12, "Duabelas")):
        add_staff(office["own"], clerk, 1, post_since=years_ago(years) if years < 12
                  else date(2010, 2, 1))[0].name = name
    add_staff(office["own"], clerk, 1, post_since=date(2010, 2, 1), status="pensiun")[0].name \
        = "Pensiunan"
    add_staff(office["own"], clerk, 1, post_since=years_ago(8), is_protected=True,
              protected_reason="Pengelola tunggal server")[0].name = "Terlindung"
    db.session.commit()
    login(client, office["viewer"])

    def listed(query=""):
        page = _page(client.get(f"/workforce/rotation{query}"))
        table = page[page.index('id="rotation-table"'):page.index('id="protected-table"')]
        return {n for n in ("Tiga", "Enam", "Duabelas", "Pensiunan", "Terlindung")
                if f">{n}<" in table}, page

    names, page = listed()
    assert names == {"Enam", "Duabelas", "Terlindung"}
    assert "Pengelola tunggal server" in page[page.index('id="protected-table"'):]
    assert listed("?years=10")[0] == {"Duabelas"}
    db.session.add(WorkloadSetting(effective_minutes=75_000, rounding="nearest",
                                   ej_table="permendagri_2008", rotation_years=2))
    db.session.commit()
    assert listed()[0] == {"Tiga", "Enam", "Duabelas", "Terlindung"}


def test_admin_manages_positions(client, make_user, office):
    login(client, make_user("admin"))
    response = client.post("/workforce/positions/new", data={
        "code": "BDN", "name": "Bidan", "kind": "fungsional", "is_health_cadre": "y",
        "wisn_category": "Bidan"})
    assert response.status_code == 302
    midwife = db.session.scalar(select(Position).where(Position.code == "BDN"))
    assert midwife.is_health_cadre and midwife.wisn_category == "bidan"
    clash = _page(client.post("/workforce/positions/new", data={
        "code": "BDN", "name": "Bidan lagi", "kind": "fungsional"}))
    assert "Kode jabatan BDN sudah dipakai." in clash
    assert "Bidan" in _page(client.get("/workforce/positions"))
