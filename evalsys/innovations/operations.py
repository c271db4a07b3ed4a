"""Changes to innovations, their linked indicators and evidence; flush, never commit."""

from datetime import date
from urllib.parse import urlparse

from models import Indicator, Period, User, db
from models.innovation import (
    ALL_SECTIONS,
    CATEGORIES,
    EVIDENCE_KINDS,
    GROUPS,
    STAGES,
    Innovation,
    InnovationEvidence,
    InnovationIndicator,
)

from ..errors import DomainError, NotAllowed
from . import queries, uploads

PROFILE_FIELDS = ("unit_id", "name", "category", "group", "stage", "started_on",
                  "implemented_on", "initiator", "replicated_from", "prior_top", "prior_award")


def _check_profile(data: dict, today: date) -> None:
    """Refuse unknown codes and impossible dates."""
    if data["group"] not in GROUPS or data["stage"] not in STAGES \
            or data["category"] not in CATEGORIES:
        raise DomainError("Kelompok, tahap atau kategori tidak dikenal.")
    started, implemented = data["started_on"], data.get("implemented_on")
    if started > today or (implemented and implemented > today):
        raise DomainError("Tanggal mulai tidak boleh melewati hari ini.")
    if implemented and implemented < started:
        raise DomainError("Tanggal mulai penerapan tidak boleh sebelum tanggal mulai inovasi.")
    if data["stage"] == "penerapan" and not implemented:
        raise DomainError("Inovasi tahap penerapan memerlukan tanggal mulai penerapan.")


def save_innovation(innovation: Innovation | None, data: dict, user: User,
                    today: date | None = None) -> Innovation:
    """Create or update an innovation from form data (profile fields and ``sections``)."""
    _check_profile(data, today or date.today())
    if not user.can_edit_unit(data["unit_id"]):
        raise NotAllowed("Anda tidak berwenang mengisi inovasi unit ini.")
    if innovation is None:
        innovation = Innovation(created_by_id=user.id)
        db.session.add(innovation)
    for name in PROFILE_FIELDS:
        value = data.get(name)
        setattr(innovation, name, value.strip() or None if isinstance(value, str) else value)
    innovation.name = data["name"].strip()
    texts = data.get("sections") or {}
    innovation.sections = {code: texts[code].strip() for code in ALL_SECTIONS
                           if (texts.get(code) or "").strip()}
    db.session.flush()
    return innovation


def _fill_from_periods(row: InnovationIndicator, unit_id: int) -> None:
    """Fill empty before/after values from the unit's stored values of the chosen periods."""
    wanted = [p for p in (row.before_period_id, row.after_period_id) if p]
    if not wanted or row.indicator_id is None:
        if wanted:
            raise DomainError("Pilih indikator katalog untuk mengambil nilai dari data evalsys.")
        return
    stored = queries.stored_values(unit_id, row.indicator_id, wanted)
    for side in ("before", "after"):
        period_id = getattr(row, f"{side}_period_id")
        if not period_id or getattr(row, f"{side}_value") is not None:
            continue
        value = stored.get(period_id)
        if value is None or value.value is None:
            period = db.session.get(Period, period_id)
            raise DomainError(f"Unit ini tidak punya nilai indikator pada periode "
                              f"{period.code if period else period_id}.")
        setattr(row, f"{side}_value", value.value)
        setattr(row, f"{side}_on", getattr(row, f"{side}_on") or value.period.end_date)
    row.source = row.source or "Data evalsys (nilai indikator unit per periode)"


def add_indicator(innovation: Innovation, data: dict) -> InnovationIndicator:
    """Link an indicator with its values before and after; fill them from evalsys if asked."""
    indicator = db.session.get(Indicator, data["indicator_id"]) if data.get("indicator_id") \
        else None
    label = (data.get("label") or "").strip() or None
    if indicator is None and label is None:
        raise DomainError("Pilih indikator dari katalog atau tulis nama indikatornya.")
    row = InnovationIndicator(
        innovation_id=innovation.id, indicator_id=indicator.id if indicator else None,
        label=label,
        unit_of_measure=(data.get("unit_of_measure") or "").strip()
        or (indicator.unit_of_measure if indicator else None),
        direction=indicator.direction if indicator and not data.get("direction")
        else int(data.get("direction") or 1),
        before_value=data.get("before_value"), before_on=data.get("before_on"),
        before_period_id=data.get("before_period_id") or None,
        after_value=data.get("after_value"), after_on=data.get("after_on"),
        after_period_id=data.get("after_period_id") or None,
        source=(data.get("source") or "").strip() or None)
    _fill_from_periods(row, innovation.unit_id)
    if row.before_value is None or row.after_value is None:
        raise DomainError("Isi nilai sebelum dan sesudah, atau pilih periodenya untuk "
                          "mengambil dari data evalsys.")
    if row.before_on and row.after_on and row.after_on < row.before_on:
        raise DomainError("Tanggal nilai sesudah tidak boleh sebelum tanggal nilai sebelum.")
    db.session.add(row)
    db.session.flush()
    return row


def remove_indicator(row: InnovationIndicator) -> None:
    """Unlink an indicator from its innovation."""
    db.session.delete(row)
    db.session.flush()


def add_evidence(innovation: Innovation, user: User, kind: str, title: str,
                 file=None, url: str | None = None) -> InnovationEvidence:
    """Store an evidence file or link; a video is a link, the other kinds a file or a link."""
    if kind not in EVIDENCE_KINDS:
        raise DomainError("Jenis bukti tidak dikenal.")
    url = (url or "").strip() or None
    has_file = bool(file and getattr(file, "filename", ""))
    if has_file == bool(url):
        raise DomainError("Unggah satu berkas atau isi satu tautan (bukan keduanya).")
    if url and urlparse(url).scheme not in ("http", "https"):
        raise DomainError("Tautan harus diawali http:// atau https://.")
    if kind == "video" and has_file:
        raise DomainError("Video diberikan sebagai tautan (mis. YouTube), bukan berkas.")
    record = InnovationEvidence(innovation=innovation, kind=kind, title=title.strip(), url=url,
                                uploaded_by_id=user.id)
    if has_file:
        stored = uploads.save(file.stream, file.filename)
        record.stored_name, record.original_name = stored.stored_name, stored.original_name
        record.content_type, record.size_bytes = stored.content_type, stored.size_bytes
    db.session.add(record)
    db.session.flush()
    return record


def remove_evidence(record: InnovationEvidence) -> None:
    """Delete an evidence record and its stored file."""
    stored = record.stored_name
    db.session.delete(record)
    db.session.flush()
    uploads.remove(stored)
