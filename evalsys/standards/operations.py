"""Changes to standards, maklumat and evidence; flush, never commit.

Every change that can move a coverage figure recomputes the unit's coverage indicators in the
open periods (coverage.refresh_units), so the indicator grid is never behind the registry.
"""

from datetime import date

from models import ServiceType, Unit, User, db
from models.standard import (
    CHANNELS,
    COMPONENT_CODES,
    COMPONENT_NAMES,
    EVIDENCE_KINDS,
    STATUSES,
    Maklumat,
    ServiceStandard,
    Sop,
    StandardComponent,
    StandardEvidence,
)

from ..errors import DomainError
from . import coverage, queries, uploads

DATE_LABELS = {"consulted_on": "tanggal berita acara", "draft_published_on": "publikasi rancangan",
               "comments_closed_on": "batas tanggapan", "adopted_on": "tanggal penetapan",
               "published_on": "tanggal publikasi", "signed_on": "tanggal tanda tangan",
               "done_on": "tanggal", "approved_on": "tanggal pengesahan",
               "revised_on": "tanggal revisi", "effective_on": "tanggal efektif"}


def check_dates(dates: dict[str, date | None], on: date | None = None) -> None:
    """Refuse dates after today; ``dates`` maps field names to values."""
    today = on or queries.today()
    late = [DATE_LABELS.get(key, key) for key, value in dates.items() if value and value > today]
    if late:
        raise DomainError(f"Tanggal tidak boleh melewati hari ini: {', '.join(late)}.")


def check_order(earlier: date | None, later: date | None, message: str) -> None:
    """Refuse a pair of dates in the wrong order; either may be missing."""
    if earlier and later and later < earlier:
        raise DomainError(message)


def standard_for(service: ServiceType) -> ServiceStandard:
    """Return the service's standard, starting a draft with 14 empty components if none."""
    standard = queries.standard_of(service.id)
    if standard is None:
        standard = ServiceStandard(service_type_id=service.id, status="draft")
        standard.components = [StandardComponent(code=code, is_done=False)
                               for code in COMPONENT_CODES]
        db.session.add(standard)
    return standard


def save_components(service: ServiceType, data: dict[str, tuple[str | None, bool]]
                    ) -> ServiceStandard:
    """Store the 14 components' texts and done flags; a done component needs its text."""
    empty_done = [COMPONENT_NAMES[code] for code in COMPONENT_CODES
                  if data.get(code, (None, False))[1]
                  and not (data[code][0] or "").strip()]
    if empty_done:
        raise DomainError("Komponen ditandai memenuhi tetapi uraiannya kosong: "
                          + ", ".join(empty_done) + ".")
    standard = standard_for(service)
    existing = standard.component_map()
    for code in COMPONENT_CODES:
        text, done = data.get(code, (None, False))
        component = existing.get(code)
        if component is None:
            component = StandardComponent(code=code)
            standard.components.append(component)
        component.text = (text or "").strip() or None
        component.is_done = bool(done)
    db.session.flush()
    coverage.refresh_units([service.unit_id])
    return standard


def _consulted(standard: ServiceStandard, data: dict) -> None:
    check_order(data["consulted_on"], data.get("draft_published_on"),
                "Rancangan tidak dapat dipublikasikan sebelum berita acara ditandatangani.")
    check_order(data.get("draft_published_on"), data.get("comments_closed_on"),
                "Batas tanggapan tidak boleh sebelum rancangan dipublikasikan.")
    standard.consulted_on = data["consulted_on"]
    standard.consultation_ref = data["consultation_ref"].strip()
    standard.consultation_participants = data["consultation_participants"].strip()
    standard.draft_published_on = data.get("draft_published_on")
    standard.comments_closed_on = data.get("comments_closed_on")


def _adopted(standard: ServiceStandard, data: dict) -> None:
    standard.sk_number = data["sk_number"].strip()
    standard.adopted_on = data["adopted_on"]


def _published(standard: ServiceStandard, data: dict) -> None:
    if standard.adopted_on is None:
        raise DomainError("Standar harus ditetapkan (SK) sebelum dipublikasikan.")
    check_order(standard.adopted_on, data["published_on"],
                "Tanggal publikasi tidak boleh sebelum tanggal penetapan.")
    channels = [c for c in data.get("channels") or [] if c in CHANNELS]
    if not channels:
        raise DomainError("Pilih sekurang-kurangnya satu media publikasi.")
    standard.published_on = data["published_on"]
    standard.channels = channels


STAGES = {"consulted": _consulted, "adopted": _adopted, "published": _published}


def record_stage(service: ServiceType, stage: str, data: dict,
                 on: date | None = None) -> ServiceStandard:
    """Record (or correct) a stage; the status becomes the furthest stage reached.

    Publication needs an adopted standard; adoption without a consultation is allowed, as it
    happens, and shows up as the "not consulted" flag.
    """
    if stage not in STAGES:
        raise DomainError("Tahap tidak dikenal.")
    check_dates({k: v for k, v in data.items() if k.endswith("_on")}, on)
    standard = standard_for(service)
    STAGES[stage](standard, data)
    if STATUSES.index(stage) > STATUSES.index(standard.status):
        standard.status = stage
    db.session.flush()
    coverage.refresh_units([service.unit_id])
    return standard


def record_check(service: ServiceType, kind: str, done_on: date,
                 on: date | None = None) -> ServiceStandard:
    """Record an evaluation (yearly) or review (every 3 years) of an adopted standard."""
    standard = queries.standard_of(service.id)
    if standard is None or standard.adopted_on is None:
        raise DomainError("Evaluasi dan peninjauan ulang hanya untuk standar yang sudah "
                          "ditetapkan.")
    check_dates({"done_on": done_on}, on)
    if kind == "evaluasi":
        standard.last_evaluated_on = done_on
    elif kind == "reviu":
        standard.last_reviewed_on = done_on
    else:
        raise DomainError("Jenis pemeriksaan tidak dikenal.")
    db.session.flush()
    coverage.refresh_units([service.unit_id])
    return standard


def save_maklumat(unit: Unit, data: dict, on: date | None = None) -> Maklumat:
    """Create or update the unit's maklumat pelayanan."""
    check_dates({"signed_on": data["signed_on"], "published_on": data.get("published_on")}, on)
    check_order(data["signed_on"], data.get("published_on"),
                "Maklumat tidak dapat dipublikasikan sebelum ditandatangani.")
    maklumat = queries.maklumat_of(unit.id) or Maklumat(unit_id=unit.id)
    maklumat.text = data["text"].strip()
    maklumat.signatory_name = data["signatory_name"].strip()
    maklumat.signatory_position = (data.get("signatory_position") or "").strip() or None
    maklumat.signed_on = data["signed_on"]
    maklumat.published_on = data.get("published_on")
    maklumat.channels = [c for c in data.get("channels") or [] if c in CHANNELS]
    db.session.add(maklumat)
    db.session.flush()
    coverage.refresh_units([unit.id])
    return maklumat


def add_evidence(unit: Unit, user: User, kind: str, file, service_type_id: int | None = None,
                 sop_id: int | None = None) -> StandardEvidence:
    """Check and store an uploaded file as evidence of one of the unit's records."""
    if kind not in EVIDENCE_KINDS:
        raise DomainError("Jenis bukti tidak dikenal.")
    if service_type_id:
        service = db.session.get(ServiceType, service_type_id)
        if service is None or service.unit_id != unit.id:
            raise DomainError("Layanan itu bukan milik unit ini.")
    if sop_id:
        sop = db.session.get(Sop, sop_id)
        if sop is None or sop.unit_id != unit.id:
            raise DomainError("SOP itu bukan milik unit ini.")
    stored = uploads.save(file.stream, file.filename)
    evidence = StandardEvidence(
        unit_id=unit.id, service_type_id=service_type_id or None, sop_id=sop_id or None,
        kind=kind, original_name=stored.original_name, stored_name=stored.stored_name,
        content_type=stored.content_type, size_bytes=stored.size_bytes, uploaded_by_id=user.id)
    db.session.add(evidence)
    db.session.flush()
    return evidence


def remove_evidence(evidence: StandardEvidence) -> None:
    """Delete an evidence record and its file."""
    stored = evidence.stored_name
    db.session.delete(evidence)
    db.session.flush()
    uploads.remove(stored)
