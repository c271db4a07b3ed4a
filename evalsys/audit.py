"""Write an AuditEvent for every insert, update and delete of an audited model.

One listener on the session sees every change, whichever route, command or API call made it,
so no feature can forget to audit. The events are inserted in the same transaction as the
change: a rolled-back change leaves no audit row, a committed one always has its row.
"""

from datetime import date, datetime
from typing import Any

from flask import Flask, has_request_context, request
from flask_login import current_user
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from models import AuditEvent, db
from models.base import utcnow

# Set on a session's info to skip auditing, e.g. while bulk-loading the demo kabupaten.
SKIP_AUDIT = "skip_audit"


def init_app(app: Flask) -> None:
    """Listen to flushes of the app's session (idempotent across app instances)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        _track_old_values()


def _remember(target: Any, value: Any, oldvalue: Any, initiator: Any) -> Any:
    return value


def _track_old_values() -> None:
    """Make every audited column load its old value before a change.

    After a commit attributes are expired; without active history a change would be recorded
    with an unknown "before". Loading costs one SELECT per edited row, only on edits.
    """
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.class_, "__audited__", False):
            for attr in mapper.column_attrs:
                event.listen(getattr(mapper.class_, attr.key), "set", _remember,
                             active_history=True, retval=True)


def _jsonable(value: Any) -> Any:
    """Return a JSON-safe form of a column value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(obj: Any) -> list[str]:
    exclude = set(getattr(obj, "__audit_exclude__", ()))
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in exclude]


def _changes(obj: Any) -> tuple[dict, dict]:
    """Return the changed columns' values before and after this flush."""
    before, after = {}, {}
    state = inspect(obj)
    for key in _columns(obj):
        hist = state.attrs[key].history
        if hist.has_changes():
            before[key] = _jsonable(hist.deleted[0]) if hist.deleted else None
            after[key] = _jsonable(hist.added[0]) if hist.added else None
    return before, after


def _snapshot(obj: Any) -> dict:
    return {key: _jsonable(getattr(obj, key)) for key in _columns(obj)}


def _actor() -> tuple[int | None, str | None]:
    if not has_request_context():
        return None, None
    user_id = current_user.get_id() if current_user else None
    return (int(user_id) if user_id else None), request.remote_addr


def _after_flush(session: Session, flush_context: Any) -> None:
    if session.info.get(SKIP_AUDIT):
        return
    rows = []
    for action, objects in (("create", session.new), ("update", session.dirty),
                            ("delete", session.deleted)):
        for obj in objects:
            if not getattr(obj, "__audited__", False):
                continue
            if action == "create":
                before, after = None, _snapshot(obj)
            elif action == "delete":
                before, after = _snapshot(obj), None
            else:
                before, after = _changes(obj)
                if not after:
                    continue
            rows.append({"action": action, "entity_type": type(obj).__name__,
                         "entity_id": getattr(obj, "id", None),
                         "before": before, "after": after})
    if rows:
        user_id, addr = _actor()
        now = utcnow()
        session.connection().execute(
            insert(AuditEvent),
            [dict(r, user_id=user_id, remote_addr=addr, at=now) for r in rows],
        )


def record(action: str, entity_type: str, entity_id: int | None = None,
           details: dict | None = None) -> None:
    """Add a security or workflow event (login, logout, approval) to the current session."""
    user_id, addr = _actor()
    db.session.add(AuditEvent(action=action, entity_type=entity_type, entity_id=entity_id,
                              after=details, user_id=user_id, remote_addr=addr))
