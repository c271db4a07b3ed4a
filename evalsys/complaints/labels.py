"""Indonesian labels of the complaint code lists, shared by forms, templates and imports."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from . import bp

STATUS_LABELS = {
    "diterima": _l("Diterima"),
    "diverifikasi": _l("Diverifikasi"),
    "didisposisikan": _l("Didisposisikan"),
    "ditindaklanjuti": _l("Ditindaklanjuti"),
    "perlu_kelengkapan": _l("Perlu kelengkapan"),
    "selesai": _l("Selesai"),
    "ditutup": _l("Ditutup"),
    "bukan_wewenang": _l("Bukan wewenang"),
    "diarsipkan": _l("Diarsipkan"),
}
CHANNEL_LABELS = {
    "sp4n_lapor": "SP4N-LAPOR!",
    "whatsapp": "WhatsApp",
    "telepon": _l("Telepon"),
    "kotak_saran": _l("Kotak saran"),
    "langsung": _l("Langsung"),
    "media_sosial": _l("Media sosial"),
    "email": _l("Email"),
}
KIND_LABELS = {
    "pengaduan": _l("Pengaduan"),
    "aspirasi": _l("Aspirasi"),
    "permintaan_informasi": _l("Permintaan informasi"),
}
SEVERITY_LABELS = {
    "ringan": _l("Ringan"),
    "normatif": _l("Normatif"),
    "tidak_berkadar_pengawasan": _l("Tidak berkadar pengawasan"),
    "berkadar_pengawasan": _l("Berkadar pengawasan"),
}
STEP_LABELS = {
    "verifikasi": _l("Verifikasi"),
    "tindak_lanjut": _l("Tindak lanjut pertama"),
    "penyelesaian": _l("Penyelesaian"),
}
HOLIDAY_KIND_LABELS = {
    "public": _l("Libur nasional"),
    "cuti_bersama": _l("Cuti bersama"),
    "local": _l("Libur daerah"),
    "removed": _l("Dijadikan hari kerja"),
}


@bp.context_processor
def _labels() -> dict:
    """Give the feature's templates the label dictionaries."""
    return {"status_labels": STATUS_LABELS, "channel_labels": CHANNEL_LABELS,
            "kind_labels": KIND_LABELS, "severity_labels": SEVERITY_LABELS,
            "step_labels": STEP_LABELS, "holiday_kind_labels": HOLIDAY_KIND_LABELS}


@bp.app_template_filter("local_dt")
def local_dt(value, short: bool = False) -> str:
    """Format a naive local time as 27 Maret 2025 10:00, without any time-zone shift.

    Babel's datetime formatting takes naive values for UTC and converts them; complaint times
    are already the unit's wall-clock time, so only the date part goes through Babel.
    """
    if value is None:
        return "–"
    return f"{format_date(value.date(), 'd MMM y' if short else 'd MMMM y')} {value:%H:%M}"


@bp.app_template_filter("short_date")
def short_date(value) -> str:
    """Format a date as 27 Mar 2025 (tables where a long month name would wrap)."""
    if value is None:
        return "–"
    return format_date(getattr(value, "date", lambda: value)(), "d MMM y")
