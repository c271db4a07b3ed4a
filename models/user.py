"""People who sign in, their role, and the units an evaluator may edit."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .base import Audited, Base, TimestampMixin
from .unit import Unit

ROLES = ("admin", "evaluator", "leader", "viewer")

user_unit = Table(
    "user_unit",
    Base.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True),
)


def hash_token(token: str) -> str:
    """Return the stored form of an API token (tokens are random, so one SHA-256 suffices)."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(Audited, UserMixin, TimestampMixin, Base):
    """A person with a role; evaluators edit only the units assigned to them."""

    __tablename__ = "user"
    __audit_exclude__ = ("password_hash", "api_token_hash")

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    password_hash: Mapped[str] = mapped_column(String(255))
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    units: Mapped[list[Unit]] = relationship(secondary=user_unit, order_by="Unit.code")

    def set_password(self, password: str, method: str = "scrypt") -> None:
        """Store a salted hash of the password, never the password itself."""
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Return True when the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: str) -> bool:
        """Return True when the user holds one of the roles."""
        return self.role in roles

    def can_edit_unit(self, unit_id: int) -> bool:
        """Return True when the user may enter data for the unit (admins may edit all)."""
        if self.role == "admin":
            return True
        return self.role == "evaluator" and any(u.id == unit_id for u in self.units)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
