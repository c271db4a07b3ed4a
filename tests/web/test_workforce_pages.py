"""The overview with its charts, and the WISN worksheet of a facility."""

import html
import re

import pytest
from sqlalchemy import select

from models import db
from models.workforce import WisnInput
from tests.conftest import login
from tests.web.test_workforce_support import (  # noqa: F401  (fixtures)
    add_staff_fixture,
    add_tasks_fixture,
    make_position_fixture,
)

WISN_FORM = {"working_days": "260", "public_holidays": "14", "annual_leave": "12",
             "sick_leave": "6", "other_leave": "8", "hours_per_day": "8",
             "a0-name": "ANC", "a0-workload": "10.560", "a0-unit_minutes": "20",
             "a1-name": "Persalinan", "a1-workload": "264", "a1-unit_minutes": "240",
             "a2-name": "", "a2-workload": "", "a2-unit_minutes": "",
             "s0-name": "Rapat", "s0-percent": "10", "s0-hours": "",
             "s1-name": "Laporan", "s1-percent": "", "s1-hours": "176",
             "i0-name": "Supervisi", "i0-hours": "88", "i0-staff": "1",
             "i1-name": "Pelatihan", "i1-hours": "44", "i1-staff": "2"}


@pytest.fixture
def clinic(make_unit, make_user, make_position, add_staff, add_tasks):
    pkm = make_unit(code="PKM-A", name="Puskesmas A", unit_type="puskesmas")
    village = make_unit(code="KEL-A", name="Kelurahan A", unit_type="kelurahan")
    midwife = make_position(code="BDN", name="Bidan", kind="fungsional", health=True,
                            category="bidan")
    clerk = make_position(code="PU", name="Pengadministrasi Umum")
    add_tasks(pkm, midwife, [("ANC", "kunjungan", 7500, 20)])
    add_tasks(village, clerk)
    add_staff(pkm, midwife, 3)
    return {"pkm": pkm, "village": village, "midwife": midwife, "clerk": clerk,
            "evaluator": make_user("evaluator", units=[pkm]), "viewer": make_user("viewer")}


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _text(response) -> str:
    """Return the page's visible text with single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", _page(response)).split())


def test_overview_shows_units_charts_and_loads_plotly_in_the_head(client, clinic):
    login(client, clinic["viewer"])
    page = _page(client.get("/workforce/"))
    head = page[:page.index("</head>")]
    assert "plotly.min.js" in head  # the embedded charts call Plotly at once
    assert page.count("Plotly.newPlot") == 2  # bars per position and the heatmap
    start = page.index(">Puskesmas A<")
    row = page[start:page.index("</tr>", start)]
    # 7,500 × 20 = 150,000 min → 2 midwives needed, 3 held: surplus 1, ratio 1,50.
    assert ">3<" in row and ">2<" in row and "1,50" in row and "100,0%" in row
    only = _page(client.get("/workforce/?type=kelurahan"))
    assert ">Kelurahan A<" in only and ">Puskesmas A<" not in only
    bar = _page(client.get(f"/workforce/?unit={clinic['pkm'].id}"))
    assert "Kebutuhan dan pegawai yang ada per jabatan · Puskesmas A" in bar


def test_wisn_sheet_is_saved_and_computed_like_the_hand_worked_case(client, clinic):
    login(client, clinic["evaluator"])
    url = f"/workforce/wisn/{clinic['pkm'].id}"
    assert "Tambah jenis tenaga kesehatan" in _page(client.get(url))
    added = _page(client.get(f"{url}?add={clinic['midwife'].id}"))
    assert 'value="ANC"' in added  # activities copied from the ABK tasks
    response = client.post(url, data={**WISN_FORM, "position_id": clinic["midwife"].id,
                                      "action": "save"})
    assert response.status_code == 302
    page = _text(client.get(url))
    # AWT 1,760 h; required 3.35 (tests/scoring hand case); 3 held → ratio 0,90, pressure high.
    assert "1.760,0 jam per tahun" in page
    assert "Butuh: 3,35" in page and "Selisih: -0,35" in page and "0,90" in page
    assert "Tekanan tinggi" in page and "1,250" in page and "0,100" in page


def test_bad_wisn_input_is_refused_and_shown_as_typed(client, clinic):
    login(client, clinic["evaluator"])
    url = f"/workforce/wisn/{clinic['pkm'].id}"
    response = client.post(url, data={**WISN_FORM, "position_id": clinic["midwife"].id,
                                      "s0-percent": "95", "a1-unit_minutes": "0"})
    page = _page(response)
    assert response.status_code == 200
    assert "Waktu per kegiatan: harus lebih dari 0" in page
    assert 'value="95"' in page
    assert db.session.scalar(select(WisnInput.id)) is None
    cas = _page(client.post(url, data={**WISN_FORM, "position_id": clinic["midwife"].id,
                                       "s0-percent": "95"}))
    assert "harus di bawah 100% waktu kerja" in cas


def test_wisn_is_only_for_facilities_and_only_editable_in_scope(app, client, clinic):
    login(client, clinic["evaluator"])
    assert "hanya untuk fasilitas pelayanan kesehatan" in _page(
        client.get(f"/workforce/wisn/{clinic['village'].id}"))
    client.post(f"/workforce/wisn/{clinic['pkm'].id}",
                data={**WISN_FORM, "position_id": clinic["midwife"].id})
    viewer = app.test_client()
    login(viewer, clinic["viewer"])
    page = _text(viewer.get(f"/workforce/wisn/{clinic['pkm'].id}"))
    assert "Butuh: 3,35" in page
    assert 'name="working_days"' not in _page(viewer.get(f"/workforce/wisn/{clinic['pkm'].id}"))
    assert viewer.post(f"/workforce/wisn/{clinic['pkm'].id}", data={
        "position_id": clinic["midwife"].id, "action": "delete"}).status_code == 403
    assert client.post(f"/workforce/wisn/{clinic['pkm'].id}", data={
        "position_id": clinic["midwife"].id, "action": "delete"}).status_code == 302
    assert db.session.scalar(select(WisnInput.id)) is None


def test_every_workforce_form_carries_a_csrf_token(database_url):
    from models import Unit, User
    from tests.conftest import PASSWORD, csrf_token_from, fresh_app

    with fresh_app(database_url, WTF_CSRF_ENABLED=True) as app:
        unit = Unit(code="PKM-X", name="Puskesmas X", level="unit", unit_type="puskesmas")
        admin = User(username="root", full_name="Root", role="admin")
        admin.set_password(PASSWORD, "pbkdf2:sha256:1000")
        db.session.add_all([unit, admin])
        db.session.commit()
        client = app.test_client()
        token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
        client.post("/auth/login", data={"username": "root", "password": PASSWORD,
                                         "csrf_token": token})
        for url in (f"/workforce/abk/{unit.id}", "/workforce/staff/new",
                    "/workforce/staff/import", "/workforce/settings", "/workforce/",
                    "/workforce/positions/new"):
            page = client.get(url).get_data(as_text=True)
            forms = page.count('method="post"')
            assert forms and page.count('name="csrf_token"') >= forms, url
        assert client.post(f"/workforce/abk/{unit.id}", data={}).status_code == 400
        token = csrf_token_from(client.get(f"/workforce/abk/{unit.id}").get_data(as_text=True))
        assert client.post(f"/workforce/abk/{unit.id}",
                           data={"csrf_token": token}).status_code == 302
