"""Units, periods and users as an admin manages them, and what other roles see."""

from sqlalchemy import select

from models import AuditEvent, Period, Unit, User, db
from tests.conftest import login


def test_units_list_filters_by_opd_type_and_search(client, make_unit, make_user):
    opd = make_unit(code="DINKES", name="Dinas Kesehatan", level="opd", unit_type="dinas")
    make_unit(code="PKM-1", name="Puskesmas Satu", parent=opd)
    make_unit(code="RSUD-1", name="RSUD Satu", unit_type="rsud", parent=opd)
    make_unit(code="KEL-1", name="Kelurahan Satu", unit_type="kelurahan")
    login(client, make_user("viewer"))
    by_opd = client.get(f"/units/?opd={opd.id}").get_data(as_text=True)
    assert "Puskesmas Satu" in by_opd and "Kelurahan Satu" not in by_opd
    by_type = client.get("/units/?type=rsud").get_data(as_text=True)
    assert "RSUD Satu" in by_type and "Puskesmas Satu" not in by_type
    by_level = client.get("/units/?level=opd").get_data(as_text=True)
    assert "Dinas Kesehatan" in by_level and "Puskesmas Satu" not in by_level
    by_search = client.get("/units/?q=kelurahan").get_data(as_text=True)
    assert "Kelurahan Satu" in by_search and "RSUD Satu" not in by_search


def test_tree_shows_children_under_parents(client, make_unit, make_user):
    root = make_unit(code="KAB", name="Pemkab", level="pemda", unit_type="pemda")
    opd = make_unit(code="DINKES", name="Dinkes", level="opd", unit_type="dinas", parent=root)
    make_unit(code="PKM", name="Puskesmas Tengah", parent=opd)
    login(client, make_user("leader"))
    page = client.get("/units/tree").get_data(as_text=True)
    assert page.index("Pemkab") < page.index("Dinkes") < page.index("Puskesmas Tengah")
    assert "--depth: 2" in page


def test_admin_creates_edits_and_deactivates_a_unit(client, make_unit, make_user):
    opd = make_unit(code="DINSOS", name="Dinas Sosial", level="opd", unit_type="dinas")
    login(client, make_user("admin"))
    response = client.post("/units/new", data={
        "code": "DINSOS-PANTI", "name": "UPT Panti", "level": "unit", "unit_type": "upt",
        "parent_id": opd.id, "timezone": "WITA"})
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.code == "DINSOS-PANTI"))
    assert unit.parent_id == opd.id and unit.timezone == "WITA"
    client.post(f"/units/{unit.id}/edit", data={
        "code": "DINSOS-PANTI", "name": "UPT Panti Sosial", "level": "unit",
        "unit_type": "upt", "parent_id": opd.id, "timezone": "WITA"})
    client.post(f"/units/{unit.id}/active")
    db.session.refresh(unit)
    assert unit.name == "UPT Panti Sosial" and not unit.is_active
    changes = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "Unit", AuditEvent.entity_id == unit.id,
        AuditEvent.action == "update")).all()
    assert {"name": "UPT Panti"} in [c.before for c in changes]


def test_duplicate_unit_code_is_refused_with_a_message(client, make_unit, make_user):
    make_unit(code="SAMA")
    login(client, make_user("admin"))
    page = client.post("/units/new", data={"code": "SAMA", "name": "Lain", "level": "unit",
                                           "unit_type": "upt", "parent_id": 0,
                                           "timezone": "WIB"}).get_data(as_text=True)
    assert "Kode SAMA sudah dipakai unit lain." in page


def test_unit_cannot_become_its_own_descendant(client, make_unit, make_user):
    root = make_unit(code="KAB-X", level="pemda", unit_type="pemda")
    child = make_unit(code="OPD-X", level="opd", unit_type="dinas", parent=root)
    login(client, make_user("admin"))
    page = client.post(f"/units/{root.id}/edit", data={
        "code": "KAB-X", "name": "Kab X", "level": "pemda", "unit_type": "pemda",
        "parent_id": child.id, "timezone": "WIB"}).get_data(as_text=True)
    assert "Induk tidak boleh" in page


def test_periods_are_created_and_locked(client, make_user):
    login(client, make_user("admin"))
    client.post("/periods/", data={"kind": "quarter", "year": 2026, "number": 3})
    period = db.session.scalar(select(Period).where(Period.code == "2026-Q3"))
    assert (period.start_date.isoformat(), period.end_date.isoformat()) == (
        "2026-07-01", "2026-09-30")
    response = client.post("/periods/", data={"kind": "quarter", "year": 2026, "number": 3},
                           follow_redirects=True)
    assert "sudah ada" in response.get_data(as_text=True)
    bad = client.post("/periods/", data={"kind": "semester", "year": 2026, "number": 3},
                      follow_redirects=True)
    assert "Nomor harus 1 sampai 2" in bad.get_data(as_text=True)
    client.post(f"/periods/{period.id}/lock")
    db.session.refresh(period)
    assert period.is_locked


def test_admin_creates_evaluator_with_units_and_resets_password(client, make_unit, make_user):
    unit = make_unit(code="PKM-Z")
    login(client, make_user("admin"))
    client.post("/users/new", data={"username": "eva", "full_name": "Eva", "role": "evaluator",
                                    "unit_ids": [unit.id], "is_active": "y",
                                    "password": "awal-rahasia-1"})
    eva = db.session.scalar(select(User).where(User.username == "eva"))
    assert [u.code for u in eva.units] == ["PKM-Z"]
    client.post(f"/users/{eva.id}/password", data={"password": "baru-rahasia-2"})
    db.session.refresh(eva)
    assert eva.check_password("baru-rahasia-2")
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "User",
                                                        AuditEvent.entity_id == eva.id)).all()
    assert "password_reset" in [a.action for a in audit]
    assert all("password_hash" not in (a.after or {}) for a in audit)


def test_audit_log_page_filters_by_entity(client, make_unit, make_user):
    make_unit(code="AUDITED")
    login(client, make_user("admin"))
    page = client.get("/audit/?entity=Unit").get_data(as_text=True)
    assert "AUDITED" in page and "login" not in page.split("<tbody>")[1]


def test_api_token_is_shown_once_and_stored_hashed(client, make_user):
    user = make_user("viewer")
    login(client, user)
    page = client.post("/users/me/token").get_data(as_text=True)
    token = page.split('<pre class="token">')[1].split("</pre>")[0]
    db.session.refresh(user)
    assert token not in (user.api_token_hash or "") and len(user.api_token_hash) == 64
    assert client.get("/api/v1/units", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 200
