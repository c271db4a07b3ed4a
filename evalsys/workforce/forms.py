"""Forms of the workforce pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..forms import options

STATUS_LABELS = {"aktif": _l("Aktif"), "cuti": _l("Cuti"), "pensiun": _l("Pensiun"),
                 "mutasi": _l("Mutasi keluar")}
KIND_LABELS = {"struktural": _l("Struktural"), "fungsional": _l("Fungsional"),
               "pelaksana": _l("Jabatan pelaksana")}
ROUNDING_LABELS = {
    "nearest": _l("Pembulatan biasa (0,5 ke atas)"),
    "ceiling": _l("Selalu ke atas (ceiling)"),
    "floor": _l("Selalu ke bawah (floor)"),
}
EJ_TABLE_LABELS = {
    "permendagri_2008": _l("Tabel Permendagri 12/2008 (A > 1,00; B 0,90–1,00; C 0,70–0,89)"),
    "kemenkeu_2002": _l("Tabel Kemenkeu 2002 (A > 1; B 0,81–1,00; C 0,66–0,80)"),
}


class StaffForm(FlaskForm):
    """Add or edit a staff member; the NIP is checked by scoring.nip in the operation."""

    nip = StringField(_l("NIP"), validators=[DataRequired(), Length(max=30)],
                      description=_l("18 digit, boleh dengan spasi: 19850312 201001 1 003"))
    name = StringField(_l("Nama lengkap dan gelar"), validators=[DataRequired(), Length(max=120)])
    unit_id = SelectField(_l("Unit"), coerce=int)
    position_id = SelectField(_l("Jabatan"), coerce=int)
    post_since = DateField(_l("TMT jabatan"), validators=[DataRequired()],
                           description=_l("Tanggal mulai menduduki jabatan sekarang"))
    status = SelectField(_l("Status"), choices=options(STATUS_LABELS.items()))
    skills = TextAreaField(_l("Keahlian"), validators=[Optional(), Length(max=1000)],
                           description=_l("Pisahkan dengan titik koma"))
    certificates = TextAreaField(_l("Sertifikat"), validators=[Optional(), Length(max=1000)],
                                 description=_l("Pisahkan dengan titik koma"))
    is_protected = BooleanField(_l("Dilindungi dari rotasi"))
    protected_reason = StringField(_l("Alasan perlindungan"),
                                   validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Simpan"))


class PositionForm(FlaskForm):
    """Add or edit a position (jabatan)."""

    code = StringField(_l("Kode"), validators=[
        DataRequired(), Length(max=40),
        Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Hanya huruf, angka, titik, garis bawah, strip."))])
    name = StringField(_l("Nama jabatan"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Jenis jabatan"), choices=options(KIND_LABELS.items()))
    is_health_cadre = BooleanField(_l("Tenaga kesehatan (SDMK)"))
    wisn_category = StringField(_l("Kategori SDMK/WISN"), validators=[Optional(), Length(max=40)],
                                description=_l("Misalnya perawat, bidan, dokter"))
    description = TextAreaField(_l("Keterangan"), validators=[Optional()])
    submit = SubmitField(_l("Simpan"))


class SettingsForm(FlaskForm):
    """The workload policy: WKE, rounding, EJ table, rotation threshold."""

    effective_minutes = FloatField(
        _l("Waktu kerja efektif (menit per tahun)"),
        validators=[DataRequired(), NumberRange(min=1000, max=200_000)],
        description=_l("PermenPANRB 1/2020: 75.000 menit (1.250 jam). Pedoman lama: "
                       "Perka BKN 19/2011 72.000; Kemenkeu 2002 90.420."))
    rounding = SelectField(_l("Pembulatan kebutuhan pegawai per jabatan"),
                           choices=options(ROUNDING_LABELS.items()),
                           description=_l("Aturan pembulatan belum terverifikasi dari "
                                          "peraturan; nilai tanpa pembulatan selalu disimpan."))
    ej_table = SelectField(_l("Tabel efektivitas dan efisiensi jabatan (EJ)"),
                           choices=options(EJ_TABLE_LABELS.items()),
                           description=_l("Kedua tabel beredar dan saling berbeda; pilih setelah "
                                          "dikonfirmasi pakar."))
    rotation_years = IntegerField(_l("Batas masa dalam satu jabatan (tahun)"),
                                  validators=[DataRequired(), NumberRange(min=1, max=40)],
                                  description=_l("Kebijakan rotasi yang lazim: paling lama "
                                                 "5 tahun (belum terverifikasi)."))
    submit = SubmitField(_l("Simpan pengaturan"))


class ImportForm(FlaskForm):
    """Upload a roster file to preview."""

    file = FileField(_l("Berkas CSV atau XLSX"), validators=[
        FileRequired(_l("Pilih berkas.")),
        FileAllowed(["csv", "xlsx", "txt"], _l("Hanya .csv atau .xlsx."))])
    submit = SubmitField(_l("Periksa berkas"))

