"""Every change of an audited model writes who, when, what, before and after."""

from sqlalchemy import select

from models import AuditEvent, db


def _events(entity_type, entity_id):
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.id)).all()


def test_create_update_delete_are_audited(make_unit, make_period, make_indicator, make_value):
    unit, period, indicator = make_unit(code="AUD"), make_period(), make_indicator()
    value = make_value(unit, period, indicator, 10.0)
    value.value = 12.5
    db.session.commit()
    value_id = value.id
    db.session.delete(value)
    db.session.commit()
    events = _events("IndicatorValue", value_id)
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[0].after["value"] == 10.0
    assert events[1].before["value"] == 10.0
    assert events[1].after["value"] == 12.5
    assert "unit_id" not in events[1].after  # only what changed
    assert events[2].before["value"] == 12.5


def test_a_rolled_back_change_leaves_no_audit_row(make_unit):
    unit = make_unit(code="RB")
    unit.name = "Tidak jadi"
    db.session.flush()
    db.session.rollback()
    assert [e.action for e in _events("Unit", unit.id)] == ["create"]


def test_secrets_never_reach_the_audit_log(make_user):
    user = make_user("viewer")
    user.set_password("another-password-1", "pbkdf2:sha256:1000")
    db.session.commit()
    for event in _events("User", user.id):
        assert "password_hash" not in (event.before or {})
        assert "password_hash" not in (event.after or {})
