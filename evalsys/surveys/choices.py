"""Interface labels of the survey codes stored in models.survey (Bahasa Indonesia first)."""

from flask_babel import lazy_gettext as _l

from models.survey import (
    AGE_BANDS,
    EDUCATIONS,
    FOLLOW_UP_STATUSES,
    GENDERS,
    OCCUPATIONS,
    PUBLICATION_CHANNELS,
)

GENDER_LABELS = dict(zip(GENDERS, (_l("Laki-laki"), _l("Perempuan")), strict=True))
AGE_LABELS = dict(zip(AGE_BANDS, (
    _l("Di bawah 20 tahun"), _l("20–29 tahun"), _l("30–39 tahun"), _l("40–49 tahun"),
    _l("50–59 tahun"), _l("60 tahun ke atas")), strict=True))
EDUCATION_LABELS = dict(zip(EDUCATIONS, (
    _l("SD atau di bawahnya"), _l("SMP"), _l("SMA/SMK"), _l("D1–D3"), _l("D4/S1"), _l("S2"),
    _l("S3")), strict=True))
OCCUPATION_LABELS = dict(zip(OCCUPATIONS, (
    _l("PNS/ASN"), _l("TNI/Polri"), _l("Pegawai swasta"), _l("Wirausaha"),
    _l("Pelajar/mahasiswa"), _l("Lainnya")), strict=True))
CHANNEL_LABELS = {"online": _l("Daring (QR)"), "paper": _l("Kertas"), "import": _l("Impor")}
STATUS_LABELS = dict(zip(FOLLOW_UP_STATUSES, (_l("Rencana"), _l("Sedang dikerjakan"),
                                              _l("Selesai")), strict=True))
PUBLICATION_LABELS = dict(zip(PUBLICATION_CHANNELS, (
    _l("Situs web"), _l("Media sosial"), _l("Papan pengumuman"), _l("Media cetak"),
    _l("Forum konsultasi publik"), _l("Lainnya")), strict=True))

# Profile breakdowns on the results page: (model column, heading, labels).
PROFILE_FIELDS = (
    ("gender", _l("Jenis kelamin"), GENDER_LABELS),
    ("age_band", _l("Usia"), AGE_LABELS),
    ("education", _l("Pendidikan"), EDUCATION_LABELS),
    ("occupation", _l("Pekerjaan"), OCCUPATION_LABELS),
)
# Colours of the mutu pelayanan grades (also used by the chart bands).
GRADE_COLOURS = {"A": "#1a7f37", "B": "#2f7ebc", "C": "#b7791f", "D": "#b42318"}
