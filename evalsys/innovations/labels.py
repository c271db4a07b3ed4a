"""Indonesian labels of the innovation registry, and the wording of eligibility reasons."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models.innovation import ALL_SECTIONS, GROUPS, SECTIONS
from scoring.innovation import Reason

from ..i18n import long_date

STAGE_LABELS = {"uji_coba": _l("Uji coba"), "penerapan": _l("Penerapan")}
GROUP_LABELS = {"umum": _l("Umum"), "replikasi": _l("Replikasi"), "khusus": _l("Khusus")}
CATEGORY_LABELS = {
    "pengentasan_kemiskinan": _l("Pengentasan kemiskinan"),
    "pendidikan": _l("Pendidikan"),
    "kesehatan": _l("Kesehatan"),
    "ketahanan_pangan": _l("Ketahanan pangan"),
    "pertumbuhan_ekonomi": _l("Pertumbuhan ekonomi dan kesempatan kerja"),
    "pemberdayaan_masyarakat": _l("Pemberdayaan masyarakat"),
    "responsif_gender": _l("Pelayanan publik responsif gender"),
    "lingkungan_hidup": _l("Lingkungan hidup"),
    "tata_kelola": _l("Tata kelola pemerintahan"),
    "penegakan_hukum": _l("Penegakan hukum"),
}
SECTION_LABELS = {
    "ringkasan": _l("Ringkasan"),
    "latar_belakang": _l("Latar Belakang dan Tujuan"),
    "kebaruan": _l("Kebaruan/Nilai Tambah"),
    "implementasi": _l("Implementasi Inovasi"),
    "signifikansi": _l("Signifikansi"),
    "adaptabilitas": _l("Adaptabilitas"),
    "sumber_daya": _l("Sumber Daya"),
    "keberlanjutan": _l("Strategi Keberlanjutan"),
    "inspirasi": _l("Inspirasi"),
    "proses_replikasi": _l("Proses Replikasi"),
    "faktor_pembeda": _l("Faktor Pembeda"),
    "deskripsi_awal": _l("Deskripsi Inovasi Awal"),
    "pembaruan": _l("Pembaruan/Peningkatan Inovasi"),
    "dampak": _l("Dampak"),
    "penguatan_sumber_daya": _l("Penguatan Sumber Daya"),
    "penguatan_keberlanjutan": _l("Strategi Penguatan Keberlanjutan"),
}
SECTION_HELP = {
    "ringkasan": _l("Gambaran singkat inovasi: masalah, solusi, dan hasil utama."),
    "latar_belakang": _l("Masalah yang dihadapi dan tujuan inovasi."),
    "kebaruan": _l("Apa yang baru dibanding cara sebelumnya atau inovasi lain."),
    "implementasi": _l("Tahapan pelaksanaan, pihak yang terlibat, dan kendala."),
    "signifikansi": _l("Hasil nyata yang terukur: data sebelum dan sesudah."),
    "adaptabilitas": _l("Apakah sudah atau dapat ditiru unit/daerah lain."),
    "sumber_daya": _l("SDM, anggaran, sarana yang digunakan."),
    "keberlanjutan": _l("Dasar hukum, kelembagaan, dan dukungan agar inovasi berlanjut."),
}
SECTION_GROUPS = {code: [g for g in GROUPS if code in SECTIONS[g]] for code in ALL_SECTIONS}
EVIDENCE_LABELS = {"sk": _l("SK / dasar hukum"), "foto": _l("Foto"),
                   "video": _l("Tautan video"), "dokumen": _l("Dokumen")}


def sections_for(group: str) -> list[tuple[str, str]]:
    """Return (code, label) of the proposal sections of a group, in form order."""
    return [(code, str(SECTION_LABELS[code])) for code in SECTIONS.get(group, SECTIONS["umum"])]


def describe(reason: Reason) -> str:
    """Return a reason of the eligibility or completeness check as an Indonesian sentence."""
    p = reason.params
    messages = {
        "unknown_group": lambda: _("Kelompok %(g)s tidak dikenal.", g=p.get("group")),
        "not_implemented": lambda: _("Inovasi masih tahap uji coba; yang dapat diikutkan "
                                     "hanya inovasi yang sudah diterapkan."),
        "no_implementation_date": lambda: _("Tanggal mulai penerapan belum diisi."),
        "too_young": lambda: _(
            "Baru %(y)d tahun diterapkan; kelompok %(g)s mensyaratkan minimal %(m)d tahun "
            "(memenuhi mulai %(d)s).", y=p["years"], m=p["min_years"],
            g=GROUP_LABELS.get(p["group"], p["group"]), d=long_date(p["eligible_from"])),
        "umum_prior_top": lambda: _("Sudah pernah meraih Top Inovasi KIPP: ikutkan pada "
                                    "kelompok Khusus, bukan Umum."),
        "khusus_needs_prior_top": lambda: _("Kelompok Khusus hanya untuk inovasi yang pernah "
                                            "meraih Top Inovasi KIPP."),
        "replikasi_needs_origin": lambda: _("Kelompok Replikasi: sebutkan inovasi yang "
                                            "direplikasi dan instansi asalnya."),
        "section_missing": lambda: _("Bagian \"%(s)s\" belum diisi.",
                                     s=SECTION_LABELS.get(p.get("section"), p.get("section"))),
        "section_too_long": lambda: _(
            "Bagian \"%(s)s\" %(w)d kata; batasnya %(n)d kata.", w=p["words"], n=p["limit"],
            s=SECTION_LABELS.get(p["section"], p["section"])),
    }
    make = messages.get(reason.code)
    return make() if make else reason.code
