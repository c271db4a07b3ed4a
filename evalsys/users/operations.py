"""User administration; flush, never commit."""

import secrets

from sqlalchemy import func, select

from models import Unit, User, db
from models.user import hash_token

from ..errors import DomainError


def save_user(user: User, data: dict, hash_method: str) -> User:
    """Apply form data to a user; a new user needs a password."""
    username = data["username"].strip().lower()
    clash = db.session.scalar(select(User.id).where(func.lower(User.username) == username))
    if clash is not None and clash != user.id:
        raise DomainError(f"Nama pengguna {username} sudah dipakai.")
    if user.id is None and not data.get("password"):
        raise DomainError("Pengguna baru wajib diberi kata sandi awal.")
    user.username = username
    user.full_name = data["full_name"].strip()
    user.email = data.get("email") or None
    user.role = data["role"]
    user.is_active = bool(data.get("is_active"))
    unit_ids = data.get("unit_ids") or []
    user.units = list(db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))) \
        if user.role == "evaluator" else []
    if data.get("password"):
        user.set_password(data["password"], hash_method)
    db.session.add(user)
    db.session.flush()
    return user


def issue_api_token(user: User) -> str:
    """Create a new API token for the user, replacing the old one; return it once."""
    token = secrets.token_urlsafe(32)
    user.api_token_hash = hash_token(token)
    db.session.flush()
    return token
