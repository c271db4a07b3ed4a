"""The organisation: units in a tree, and the services each unit delivers."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Audited, Base, TimestampMixin

# Levels of the tree: the regional government, its OPDs, and the service units under them.
LEVELS = ("pemda", "opd", "unit")

# Kinds of unit; used for peer groups so a puskesmas is compared with puskesmas.
UNIT_TYPES = (
    "pemda", "sekretariat", "dinas", "badan", "kecamatan", "kelurahan", "desa",
    "puskesmas", "rsud", "disdukcapil", "dpmptsp", "mpp", "upt", "samsat", "lainnya",
)

# Indonesian time zones and the IANA names used for working-day arithmetic.
TIMEZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


class Unit(Audited, TimestampMixin, Base):
    """A node of the organisation tree: pemerintah daerah, perangkat daerah or service unit."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))
    unit_type: Mapped[str] = mapped_column(String(30), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    timezone: Mapped[str] = mapped_column(String(4), default="WIB")
    address: Mapped[str | None] = mapped_column(String(300))
    head_name: Mapped[str | None] = mapped_column(String(120))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.code")
    service_types: Mapped[list[ServiceType]] = relationship(
        back_populates="unit", order_by="ServiceType.code"
    )

    @property
    def opd(self) -> Unit | None:
        """Return the perangkat daerah this unit belongs to (itself for an OPD)."""
        node: Unit | None = self
        while node is not None and node.level != "opd":
            node = node.parent
        return node

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name!r}>"


class ServiceType(Audited, TimestampMixin, Base):
    """A kind of service (jenis layanan) a unit delivers, e.g. "Penerbitan KTP-el"."""

    __tablename__ = "service_type"
    __table_args__ = (UniqueConstraint("unit_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit] = relationship(back_populates="service_types")

    def __repr__(self) -> str:
        return f"<ServiceType {self.code} of unit {self.unit_id}>"
