"""Indonesian wording of the engine's codes: titles, reasons, hold reasons, evidence labels.

``scoring.proposals`` returns codes and parameters; these builders turn them into the
sentences stored on a Proposal. The generator calls them under ``force_locale("id")`` so the
stored text is always Indonesian; the codes stay in ``Proposal.detail`` for other languages.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from scoring.proposals import Candidate, UnitFacts

from ..i18n import number

BREACH_LABELS = {
    "no_service_standard": _l("standar pelayanan belum ditetapkan untuk semua jenis layanan"),
    "no_maklumat": _l("maklumat pelayanan belum ditetapkan"),
    "complaint_overdue": _l("pengaduan tidak ditanggapi dalam 14 hari (UU 25/2009 Pasal 44 "
                            "ayat (3))"),
    "no_complaint_channel": _l("sarana pengaduan belum tersedia"),
}
STEP_LABELS = {
    "teguran_tertulis": _l("teguran tertulis"),
    "pembebasan_dari_jabatan": _l("pembebasan dari jabatan"),
    "penurunan_gaji": _l("penurunan gaji"),
    "pemberhentian_dengan_hormat": _l("pemberhentian dengan hormat tidak atas permintaan "
                                      "sendiri"),
}
EVIDENCE_LABELS = {
    "score": _l("Skor indeks"), "rank": _l("Peringkat keseluruhan"),
    "group_rank": _l("Peringkat dalam kelompok sejenis"),
    "group_size": _l("Jumlah unit dalam kelompok"),
    "group_rank_interval": _l("Rentang peringkat dalam kelompok (90%)"),
    "coverage": _l("Kelengkapan data"), "ikm": _l("IKM"), "ikm_grade": _l("Mutu pelayanan IKM"),
    "sla_resolution_pct": _l("Pengaduan selesai tepat waktu"),
    "overdue_statutory": _l("Pengaduan tidak ditanggapi > 14 hari"),
    "standard_share": _l("Jenis layanan dengan standar ditetapkan"),
    "has_maklumat": _l("Maklumat pelayanan"), "has_complaint_channel": _l("Sarana pengaduan"),
    "previous_step": _l("Langkah yang telah disetujui"),
    "months_since": _l("Bulan sejak langkah sebelumnya"),
}
TRIGGER_LABELS = {
    "bottom_quartile": _l("berada di kuartil terbawah kelompok sejenis"),
    "ikm_grade": _l("mutu pelayanan IKM %(grade)s"),
    "sla_low": _l("pengaduan selesai tepat waktu %(sla)s%% (di bawah %(min)s%%)"),
}


def _yes_no(value: bool | None) -> str:
    return _("belum tercatat") if value is None else (_("ada") if value else _("tidak ada"))


def format_value(label: str, value: Any) -> str:
    """Return an evidence value as text in the current locale."""
    if value is None:
        return _("belum tercatat")
    if label == "group_rank_interval":
        return f"{value[0]}–{value[1]}"
    if label in ("coverage", "standard_share"):
        return f"{number(100 * value, 0)}%"
    if label == "sla_resolution_pct":
        return f"{number(value, 1)}%"
    if label in ("has_maklumat", "has_complaint_channel"):
        return _yes_no(value)
    if label == "previous_step":
        return str(STEP_LABELS.get(value, value))
    if isinstance(value, float):
        return number(value, 2)
    return str(value)


def title(c: Candidate, unit_name: str) -> str:
    """Return the proposal's title."""
    if c.kind == "reward":
        return _("Penghargaan bagi %(unit)s", unit=unit_name)
    if c.kind == "coaching":
        return _("Pembinaan bagi %(unit)s", unit=unit_name)
    breach = BREACH_LABELS.get(c.breach, c.breach)
    if c.kind == "warning":
        return _("Teguran tertulis kepada kepala %(unit)s: %(breach)s", unit=unit_name,
                 breach=breach)
    return _("Eskalasi (%(step)s) kepada kepala %(unit)s: %(breach)s",
             step=STEP_LABELS.get(c.step_code, c.step_code), unit=unit_name, breach=breach)


def _triggers(c: Candidate, f: UnitFacts) -> str:
    parts = [TRIGGER_LABELS[t] % {"grade": f.ikm_grade, "min": number(c.params["min_sla_pct"], 0),
                                  "sla": number(f.sla_resolution_pct or 0, 1)}
             for t in c.params["triggers"]]
    return "; ".join(str(p) for p in parts)


def reason(c: Candidate, f: UnitFacts) -> str:
    """Return why the rule proposes this (without the hold, see :func:`hold_reason`)."""
    if c.kind == "reward":
        return _("Seluruh rentang peringkat (%(best)s–%(worst)s) berada di %(cut)s besar "
                 "kelompok %(group)s (%(n)s unit); IKM mutu %(grade)s, pengaduan selesai tepat "
                 "waktu %(sla)s%%, tidak ada pengaduan yang melewati batas 14 hari.",
                 best=f.group_rank_best, worst=f.group_rank_worst, cut=c.params["top_cut"],
                 group=f.peer_group, n=f.group_size, grade=f.ikm_grade,
                 sla=number(f.sla_resolution_pct or 0, 1))
    if c.kind == "coaching":
        return _("Perlu pembinaan: %(why)s.", why=_triggers(c, f))
    if c.kind == "warning":
        return _("Kewajiban menurut undang-undang belum dipenuhi: %(breach)s.",
                 breach=BREACH_LABELS.get(c.breach, c.breach))
    p = c.params
    return _("Pelanggaran (%(breach)s) berlanjut %(months)s bulan setelah %(prev)s disetujui "
             "untuk periode yang berakhir %(end)s; langkah berikutnya: %(step)s (%(article)s).",
             breach=BREACH_LABELS.get(c.breach, c.breach), months=p["months"],
             prev=STEP_LABELS.get(p["previous_step"], p["previous_step"]),
             end=p["previous_period_end"], step=STEP_LABELS.get(c.step_code, c.step_code),
             article=p.get("article") or "UU 25/2009 Pasal 54")


def hold_reason(c: Candidate, f: UnitFacts, params: dict) -> str:
    """Return why fairness held the candidate back."""
    hold, cut = c.hold, c.params.get("safe_cut", c.params.get("top_cut"))
    texts = {
        "low_coverage": _("kelengkapan data %(cov)s di bawah ambang %(min)s",
                          cov=format_value("coverage", f.coverage or 0.0),
                          min=format_value("coverage", params.get("min_coverage", 0.8))),
        "group_too_small": _("kelompok sejenis hanya %(n)s unit (minimal %(min)s)",
                             n=f.group_size, min=params.get("min_group_size", 4)),
        "no_rank_interval": _("perhitungan tidak memiliki rentang ketidakpastian peringkat"),
        "interval_overlaps_safe_zone": _(
            "rentang peringkat dalam kelompok (%(best)s–%(worst)s) menjangkau zona aman "
            "(peringkat %(cut)s ke atas)", best=f.group_rank_best, worst=f.group_rank_worst,
            cut=cut),
        "interval_leaves_top": _(
            "rentang peringkat dalam kelompok (%(best)s–%(worst)s) keluar dari %(cut)s besar",
            best=f.group_rank_best, worst=f.group_rank_worst, cut=cut),
        "fact_unknown": _("data kewajiban ini belum tercatat untuk unit ini"),
        "remedy_period_running": _(
            "masa perbaikan belum berakhir: %(m)s dari %(need)s bulan sejak langkah sebelumnya",
            m=c.params.get("months"), need=c.params.get("after_months")),
    }
    return _("Ditahan: %(why)s.", why=texts.get(hold, hold))
