"""Interface labels of the standards feature (Indonesian source text, translated by Babel)."""

from flask_babel import lazy_gettext as _l

COMPONENT_LABELS = {
    "dasar_hukum": _l("Dasar hukum"),
    "persyaratan": _l("Persyaratan"),
    "prosedur": _l("Sistem, mekanisme, dan prosedur"),
    "waktu": _l("Jangka waktu penyelesaian"),
    "biaya": _l("Biaya/tarif"),
    "produk": _l("Produk pelayanan"),
    "sarana": _l("Sarana, prasarana, dan/atau fasilitas"),
    "kompetensi": _l("Kompetensi pelaksana"),
    "pengawasan": _l("Pengawasan internal"),
    "pengaduan": _l("Penanganan pengaduan, saran, dan masukan"),
    "jumlah_pelaksana": _l("Jumlah pelaksana"),
    "jaminan_pelayanan": _l("Jaminan pelayanan"),
    "jaminan_keamanan": _l("Jaminan keamanan dan keselamatan pelayanan"),
    "evaluasi_kinerja": _l("Evaluasi kinerja pelaksana"),
}
# Short column heads for the checklist matrix and the heatmap.
COMPONENT_SHORT = {
    "dasar_hukum": _l("Dasar hukum"), "persyaratan": _l("Persyaratan"),
    "prosedur": _l("Prosedur"), "waktu": _l("Waktu"), "biaya": _l("Biaya"),
    "produk": _l("Produk"), "sarana": _l("Sarana"), "kompetensi": _l("Kompetensi"),
    "pengawasan": _l("Pengawasan"), "pengaduan": _l("Pengaduan"),
    "jumlah_pelaksana": _l("Jml. pelaksana"), "jaminan_pelayanan": _l("Jaminan"),
    "jaminan_keamanan": _l("Keamanan"), "evaluasi_kinerja": _l("Evaluasi kinerja"),
}
GROUP_LABELS = {
    "penyampaian": _l("Komponen penyampaian pelayanan (service delivery)"),
    "pengelolaan": _l("Komponen pengelolaan pelayanan di internal organisasi (manufacturing)"),
}
STATUS_LABELS = {
    "none": _l("Belum ada"), "draft": _l("Rancangan"), "consulted": _l("Konsultasi publik"),
    "adopted": _l("Ditetapkan"), "published": _l("Dipublikasikan"),
}
CHANNEL_LABELS = {
    "sippn": _l("SIPP Nasional (SIPPN)"), "website": _l("Situs web"),
    "papan_informasi": _l("Papan informasi"), "media_sosial": _l("Media sosial"),
    "brosur": _l("Brosur/leaflet"), "aplikasi": _l("Aplikasi"), "media_cetak": _l("Media cetak"),
}
SOP_KIND_LABELS = {"ap": _l("SOP Administrasi Pemerintahan"), "teknis": _l("SOP Teknis")}
EVIDENCE_LABELS = {
    "berita_acara": _l("Berita acara konsultasi"), "daftar_hadir": _l("Daftar hadir"),
    "sk_penetapan": _l("SK penetapan"), "publikasi": _l("Bukti publikasi"),
    "evaluasi": _l("Laporan evaluasi"), "reviu": _l("Laporan reviu"),
    "maklumat": _l("Maklumat pelayanan"), "sop": _l("Dokumen SOP"), "lainnya": _l("Lainnya"),
}
CHECK_LABELS = {"evaluasi": _l("Evaluasi penerapan (tahunan, PP 96/2012 Pasal 32)"),
                "reviu": _l("Peninjauan ulang (3 tahunan, PP 96/2012 Pasal 33)")}
# Timeline flags of scoring.coverage.timeline_flags, with the rule they come from.
FLAG_LABELS = {
    "not_consulted": _l("Ditetapkan tanpa konsultasi publik (PP 96/2012 Pasal 22(2), 26)"),
    "draft_late": _l("Rancangan dipublikasikan > 5 hari kerja setelah berita acara "
                     "(Pasal 27(1))"),
    "comments_short": _l("Masa tanggapan masyarakat < 7 hari kerja (Pasal 27(2))"),
    "maklumat_late": _l("Maklumat dipublikasikan > 7 hari kerja setelah penetapan (Pasal 30(4))"),
    "evaluation_overdue": _l("Evaluasi tahunan terlambat (Pasal 32)"),
    "review_overdue": _l("Peninjauan ulang 3 tahunan terlambat (Pasal 33)"),
}
# Gaps in the ranked list on the coverage page.
GAP_LABELS = {
    "complete_adopted": _l("tanpa standar lengkap yang ditetapkan"),
    "published": _l("standar belum dipublikasikan"),
    "sop": _l("tanpa SOP"),
    "evaluated": _l("belum dievaluasi 12 bulan terakhir"),
}
# Complaint channels every unit offers (SP4N-LAPOR!, PermenPANRB 62/2018), plus its own desk.
COMPLAINT_CHANNELS = (
    (_l("SP4N-LAPOR!"), _l("www.lapor.go.id · SMS 1708 · aplikasi LAPOR!")),
    (_l("Loket pengaduan"), _l("Disampaikan langsung kepada petugas pengaduan di unit layanan")),
    (_l("Kotak saran"), _l("Tersedia di ruang tunggu pelayanan")),
    (_l("Ombudsman Republik Indonesia"), _l("Telepon 137 · www.ombudsman.go.id")),
)
