"""Letter drafts of approved proposals: one PDF per proposal, or a ZIP of a period's letters.

Each kind has its template (templates/pdf/letter_<kind>.html, on the shared letter layout
`letter_base.html`): surat + piagam penghargaan, surat pembinaan, surat teguran tertulis,
surat eskalasi (Pasal 54) and nota dinas mutasi. Number, date and signatory's name stay blank
("…/…/…") for the secretariat to fill in. The builders here read only what they are given
plus one query for the issuer and one for the staff of the moves.

A period's ZIP is built as a background job (evalsys.exports, about 0.3–0.5 s per letter):
`job_key` names it by period, kind and the approved proposals with their last change, so a
new decision or edit asks for a new ZIP; `start_job` starts it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Period, Unit, db
from models.proposal import Proposal
from models.workforce import Staff

from .. import exports
from ..pdf import render_pdf
from . import queries, texts

TEMPLATES = {kind: f"pdf/letter_{kind}.html" for kind in
             ("reward", "coaching", "warning", "escalation", "reassignment")}


@dataclass
class Issuer:
    """Who issues the letters: the regional government and where it sits."""

    government: str = "Pemerintah Kabupaten …"
    region: str = "Kabupaten …"
    place: str = "…"
    address: str | None = None

    @classmethod
    def of(cls, pemda: Unit | None) -> Issuer:
        """Derive the names from the root unit ("Pemerintah Kabupaten Contoh")."""
        if pemda is None:
            return cls()
        region = re.sub(r"^Pemerintah\s+", "", pemda.name, flags=re.IGNORECASE)
        place = re.sub(r"^(Kabupaten|Kota)\s+", "", region, flags=re.IGNORECASE)
        return cls(government=pemda.name, region=region, place=place, address=pemda.address)


@dataclass
class Letter:
    """Everything one letter template needs."""

    proposal: Proposal
    issuer: Issuer
    names: dict[int, str] = field(default_factory=dict)
    staff: Staff | None = None

    @property
    def unit(self) -> Unit:
        """The unit the letter is about (for a move: the staff member's current unit)."""
        return self.proposal.unit

    @property
    def opd(self) -> Unit | None:
        """The perangkat daerah above the unit (None for an OPD itself)."""
        parent = self.unit.parent
        return parent if parent is not None and parent.level == "opd" else None

    @property
    def sanction(self) -> str:
        """The escalation step proposed (e.g. "pembebasan dari jabatan"), if known."""
        code = self.proposal.detail.get("step_code")
        return str(texts.STEP_LABELS.get(code, code or ""))

    @property
    def breach(self) -> str:
        """The unmet statutory duty of a warning or escalation, if known."""
        code = self.proposal.detail.get("breach")
        return str(texts.BREACH_LABELS.get(code, code or ""))

    def unit_name(self, key: str) -> str:
        """Name of the unit a move's detail refers to (from/to)."""
        detail = self.proposal.detail
        unit_id = detail.get(key)
        return detail.get(key.replace("_id", "_name")) or self.names.get(unit_id, "…")


def _staff_of(proposals: list[Proposal]) -> dict[int, Staff]:
    ids = {p.detail.get("staff_id") for p in proposals if p.kind == "reassignment"}
    ids.discard(None)
    if not ids:
        return {}
    rows = db.session.scalars(select(Staff).options(joinedload(Staff.position))
                              .where(Staff.id.in_(ids)))
    return {s.id: s for s in rows}


def build(proposals: list[Proposal]) -> list[Letter]:
    """Prepare the letters of approved proposals (three queries whatever their number)."""
    issuer = Issuer.of(queries.pemda())
    names = queries.unit_names(proposals)
    staff = _staff_of(proposals)
    return [Letter(p, issuer, names, staff.get(p.detail.get("staff_id"))) for p in proposals]


def render(letter: Letter) -> bytes:
    """Render one letter to PDF bytes."""
    proposal = letter.proposal
    return render_pdf(TEMPLATES[proposal.kind], footer=f"Draf surat · usulan #{proposal.id}",
                      letter=letter, p=proposal, d=proposal.detail or {},
                      issuer=letter.issuer)


def filename(proposal: Proposal) -> str:
    """Return a safe file name such as surat_teguran_PKM-01_12.pdf."""
    stem = {"reward": "penghargaan", "coaching": "pembinaan", "warning": "teguran",
            "escalation": "eskalasi", "reassignment": "nota_dinas_mutasi"}[proposal.kind]
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", proposal.unit.code)
    return f"surat_{stem}_{code}_{proposal.id}.pdf"


def bundle(letters: list[Letter], progress: Callable[[int, int], None] | None = None) -> bytes:
    """Render every letter and return them as one ZIP; `progress(done, total)` after each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, letter in enumerate(letters, start=1):
            archive.writestr(filename(letter.proposal), render(letter))
            if progress is not None:
                progress(done, len(letters))
    return buffer.getvalue()


def _stamp(moment: datetime) -> str:
    """The same text for a time however the database returns it (naive UTC or aware)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def job_key(period: Period, kind: str | None, approved: list[Proposal]) -> str:
    """Name the ZIP job of the period's approved letters (of one kind, or all)."""
    app = current_app
    stem = f"{exports.key(app, 'surat')}-p{period.id}-{kind or 'semua'}"
    marks = sorted(f"{p.id}@{_stamp(p.updated_at)}" for p in approved)
    return exports.key(app, stem, period.id, kind or "", *marks)


def job_stem(job_key: str) -> str:
    """The part of a job key shared by every build of the same period and kind."""
    return job_key.rsplit("-", 1)[0]


def start_job(job_key: str, approved: list[Proposal]) -> bool:
    """Start building the ZIP of these approved letters unless it is running; say if started."""
    ids = [p.id for p in approved]

    def build_zip(progress: exports.Progress) -> bytes:
        order = {pid: i for i, pid in enumerate(ids)}
        rows = db.session.scalars(select(Proposal).options(
            joinedload(Proposal.unit).joinedload(Unit.parent)).where(Proposal.id.in_(ids)))
        proposals = sorted(rows.unique(), key=lambda p: order[p.id])
        content = bundle(build(proposals), progress)
        exports.prune(current_app, job_stem(job_key), keep=job_key)
        return content

    return exports.start(job_key, build_zip, "Pembuatan draf surat gagal",
                         name=f"letters-{job_key}")
