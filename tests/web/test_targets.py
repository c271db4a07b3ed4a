"""Targets (IKU): most-specific resolution, realisation on the list, admin forms and audit."""

import pytest
from sqlalchemy import select

from evalsys.targets.queries import load_targets
from models import AuditEvent, db
from models.target import IndicatorTarget
from tests.conftest import login

RPJMD = "RPJMD Kabupaten Contoh 2021–2026"


def _target(indicator, value, year=2025, **scope):
    row = IndicatorTarget(indicator_id=indicator.id, year=year, target=value,
                          source_document=RPJMD, **scope)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def ikm(make_indicator):
    return make_indicator(code="ikm", min_value=25, max_value=100)


def test_the_most_specific_target_applies(ikm, make_unit):
    mpp, pkm = make_unit(unit_type="mpp"), make_unit(unit_type="puskesmas")
    _target(ikm, 84.0)
    _target(ikm, 85.0, unit_type="puskesmas")
    _target(ikm, 88.0, unit_id=mpp.id)
    _target(ikm, 70.0, year=2024)
    book = load_targets(2025)
    assert book.lookup(ikm.id, mpp.id, "mpp").target == 88.0
    assert book.lookup(ikm.id, pkm.id, "puskesmas").target == 85.0
    assert book.lookup(ikm.id, None, "desa").target == 84.0
    assert book.lookup(ikm.id).target == 84.0
    assert load_targets(2025, indicator_ids=[ikm.id + 1]).lookup(ikm.id) is None


def test_list_shows_realisation_and_percent_achieved(client, ikm, make_unit, make_period,
                                                      make_value, make_user):
    s1, s2 = make_period(year=2025, number=1), make_period(year=2025, number=2)
    a, b = make_unit(unit_type="puskesmas"), make_unit(unit_type="desa")
    make_value(a, s1, ikm, 80.0, "approved")
    make_value(a, s2, ikm, 84.0, "submitted")
    make_value(b, s1, ikm, 79.0, "approved")
    make_value(b, s2, ikm, 10.0, "draft")  # drafts are not counted
    _target(ikm, 80.0)  # realised (82 + 79) / 2 = 80,5 → 100,6 %
    _target(ikm, 90.0, unit_type="puskesmas")  # realised 82 → 91,1 %
    login(client, make_user("viewer"))
    page = client.get("/targets/?year=2025").get_data(as_text=True)
    assert "80,50" in page and "100,6%" in page and "tercapai" in page
    assert "82,00" in page and "91,1%" in page and "belum tercapai" in page
    assert RPJMD in page and "Tambah target" not in page  # readers cannot add


def _form(indicator, **changes):
    data = {"indicator_id": str(indicator.id), "year": "2025", "target": "84",
            "baseline": "78,5", "baseline_year": "2021", "unit_type": "", "unit_id": "0",
            "source_document": RPJMD, "note": ""}
    return {**data, **changes}


def test_admin_creates_a_target_with_a_decimal_comma(client, ikm, make_user):
    login(client, make_user("admin"))
    response = client.post("/targets/new", data=_form(ikm, target="84,5"))
    assert response.status_code == 302
    row = db.session.scalar(select(IndicatorTarget))
    assert (row.target, row.baseline, row.unit_id, row.unit_type) == (84.5, 78.5, None, None)


@pytest.mark.parametrize("changes, message", [
    ({"year": "1999"}, "Tahun harus antara 2000 dan 2100."),
    ({"target": "0"}, "Target harus lebih besar dari 0."),
    ({"target": "-3"}, "Target harus lebih besar dari 0."),
    ({"target": "banyak"}, "Isi dengan angka, misalnya 82,5."),
    ({"target": ""}, "Target wajib diisi dengan angka."),
    ({"source_document": " "}, "Dokumen sumber wajib diisi"),
    ({"unit_type": "puskesmas", "unit_id": "UNIT"}, "Pilih jenis unit atau satu unit"),
    ({"baseline_year": "2026"}, "Tahun baseline tidak boleh sesudah tahun target."),
    ({"target": "120"}, "Target 120 di luar rentang indikator ikm (25–100)."),
])
def test_the_form_refuses_bad_targets_with_a_message(client, ikm, make_unit, make_user,
                                                     changes, message):
    unit = make_unit()
    changes = {k: str(unit.id) if v == "UNIT" else v for k, v in changes.items()}
    login(client, make_user("admin"))
    response = client.post("/targets/new", data=_form(ikm, **changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(IndicatorTarget)) is None


def test_a_second_target_for_the_same_scope_is_refused(client, ikm, make_user):
    _target(ikm, 84.0, unit_type="puskesmas")
    login(client, make_user("admin"))
    page = client.post("/targets/new", data=_form(ikm, unit_type="puskesmas")
                       ).get_data(as_text=True)
    assert "sudah ada" in page
    assert len(db.session.scalars(select(IndicatorTarget)).all()) == 1


def test_an_edit_is_audited_and_a_delete_removes(client, ikm, make_user):
    row = _target(ikm, 82.0)
    admin = make_user("admin")
    login(client, admin)
    assert client.get(f"/targets/{row.id}/edit").status_code == 200
    client.post(f"/targets/{row.id}/edit", data=_form(ikm, target="83"))
    db.session.refresh(row)
    assert row.target == 83.0
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_type == "IndicatorTarget", AuditEvent.entity_id == row.id,
        AuditEvent.action == "update"))
    assert event.before["target"] == 82.0 and event.after["target"] == 83.0
    assert event.user_id == admin.id
    client.post(f"/targets/{row.id}/remove")
    assert db.session.scalar(select(IndicatorTarget.id)) is None


def test_readers_cannot_change_targets(client, ikm, make_user):
    row = _target(ikm, 82.0)
    login(client, make_user("leader"))
    assert client.post(f"/targets/{row.id}/edit", data=_form(ikm, target="99")
                       ).status_code == 403
    db.session.refresh(row)
    assert row.target == 82.0
