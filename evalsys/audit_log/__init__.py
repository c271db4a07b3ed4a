"""The audit log page (admin): every change, filterable by entity, action and user."""

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select

from models import AuditEvent, User, db

from ..auth.decorators import role_required

bp = Blueprint("audit_log", __name__, url_prefix="/audit")


@bp.get("/")
@role_required("admin")
def index():
    """List audit events, newest first, with filters."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    entity = request.args.get("entity") or None
    action = request.args.get("action") or None
    user_id = request.args.get("user", type=int)
    entity_id = request.args.get("entity_id", type=int)
    if entity:
        query = query.where(AuditEvent.entity_type == entity)
    if action:
        query = query.where(AuditEvent.action == action)
    if user_id:
        query = query.where(AuditEvent.user_id == user_id)
    if entity_id:
        query = query.where(AuditEvent.entity_id == entity_id)
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    entities = db.session.scalars(select(AuditEvent.entity_type).distinct()
                                  .order_by(AuditEvent.entity_type)).all()
    users = db.session.scalars(select(User).order_by(User.username)).all()
    return render_template("audit_log/index.html", page=page, entities=entities, users=users,
                           filters=request.args)
