"""Forms of the complaints feature (Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from models.complaint import CHANNELS, KINDS, SEVERITIES
from scoring.sla import STATUSES

from ..forms import options
from .labels import CHANNEL_LABELS, KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _choices(codes, labels):
    return options((c, labels[c]) for c in codes)


class ComplaintForm(FlaskForm):
    """Register a complaint by hand (times are the unit's local time)."""

    unit_id = SelectField(_l("Unit tujuan"), coerce=int, validators=[DataRequired()])
    received_at = DateTimeLocalField(
        _l("Diterima pada"), format=LOCAL_FORMAT, validators=[DataRequired()],
        description=_l("Waktu setempat unit (WIB/WITA/WIT). Setelah pukul 16.00 atau pada hari "
                       "libur, hitungan dimulai hari kerja berikutnya."))
    tracking_number = StringField(_l("Nomor tracking"), validators=[Optional(), Length(max=60)],
                                  description=_l("Kosongkan untuk dibuat otomatis."))
    channel = SelectField(_l("Kanal"), choices=_choices(CHANNELS, CHANNEL_LABELS))
    kind = SelectField(_l("Klasifikasi"), choices=_choices(KINDS, KIND_LABELS))
    severity = SelectField(_l("Kelas penanganan"), default="normatif",
                           choices=_choices(SEVERITIES, SEVERITY_LABELS))
    category = StringField(_l("Kategori (topik)"), validators=[Optional(), Length(max=120)])
    subject = StringField(_l("Judul"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Isi pengaduan"), validators=[Optional()])
    complainant_name = StringField(_l("Nama pelapor"), validators=[Optional(), Length(max=120)])
    complainant_contact = StringField(_l("Kontak pelapor"),
                                      validators=[Optional(), Length(max=200)])
    is_confidential = BooleanField(_l("Identitas pelapor dirahasiakan (UU 25/2009 Pasal 42)"))
    submit = SubmitField(_l("Simpan pengaduan"))


class StatusForm(FlaskForm):
    """Move a complaint to its next status; choices are set from the life cycle."""

    status = SelectField(_l("Status baru"), validators=[DataRequired()],
                         choices=_choices(STATUSES, STATUS_LABELS))
    at = DateTimeLocalField(_l("Waktu"), format=LOCAL_FORMAT, validators=[Optional()],
                            description=_l("Waktu setempat unit; kosong = sekarang."))
    note = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Ubah status"))


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _days(label, top=365):
    return IntegerField(label, validators=[DataRequired(), NumberRange(1, top)])


class PolicyForm(FlaskForm):
    """Edit the SLA policy; saving creates a new active version."""

    verify_working_days = _days(_l("Verifikasi (hari kerja)"), 60)
    follow_up_working_days = _days(_l("Tindak lanjut pertama (hari kerja)"), 60)
    ringan = _days(_l("Penyelesaian: ringan (hari kerja)"))
    normatif = _days(_l("Penyelesaian: normatif (hari kerja)"))
    tidak_berkadar_pengawasan = _days(_l("Penyelesaian: tidak berkadar pengawasan (hari kerja)"))
    berkadar_pengawasan = _days(_l("Penyelesaian: berkadar pengawasan (hari kerja)"))
    pause_statuses = MultiCheckboxField(
        _l("Status yang menghentikan jam SLA"),
        choices=_choices(STATUSES[1:5], STATUS_LABELS))
    statutory_response_days = _days(_l("UU 25/2009: tanggapan (hari kalender)"))
    statutory_decision_days = _days(_l("UU 25/2009: keputusan (hari kalender)"))
    statutory_delivery_days = _days(_l("UU 25/2009: penyampaian keputusan (hari kalender)"))
    office_close = TimeField(_l("Jam tutup layanan pengaduan"), validators=[DataRequired()])
    note = StringField(_l("Alasan perubahan"), validators=[DataRequired(), Length(max=300)])
    submit = SubmitField(_l("Simpan sebagai versi baru"))


class AdjustmentForm(FlaskForm):
    """Add a local holiday, or turn a national holiday into a working day."""

    day = DateField(_l("Tanggal"), validators=[DataRequired()])
    name = StringField(_l("Nama / alasan"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Jenis"), choices=options([
        ("add", _l("Tambah libur daerah")), ("remove", _l("Jadikan hari kerja"))]))
    note = StringField(_l("Dasar (mis. Perbup, SKB baru)"), validators=[Optional()])
    submit = SubmitField(_l("Simpan penyesuaian"))


class WorkWeekForm(FlaskForm):
    """Set a unit's working week."""

    unit_id = SelectField(_l("Unit"), coerce=int, validators=[DataRequired()])
    six_day = SelectField(_l("Hari kerja"), coerce=int, choices=options([
        (0, _l("5 hari (Senin–Jumat)")), (1, _l("6 hari (Senin–Sabtu)"))]))
    submit = SubmitField(_l("Simpan"))


class UploadForm(FlaskForm):
    """Upload a LAPOR! export for a dry run."""

    file = FileField(_l("Berkas ekspor SP4N-LAPOR! (CSV atau XLSX)"), validators=[
        FileRequired(_l("Pilih berkas.")),
        FileAllowed(["csv", "xlsx"], _l("Hanya CSV atau XLSX."))])
    severity = SelectField(_l("Kelas penanganan bila kosong"), default="normatif",
                           choices=_choices(SEVERITIES, SEVERITY_LABELS))
    timezone = SelectField(_l("Zona waktu di berkas"), default="local", choices=options([
        ("local", _l("Waktu setempat tiap unit")), ("WIB", "WIB"), ("WITA", "WITA"),
        ("WIT", "WIT")]))
    submit = SubmitField(_l("Periksa (uji coba)"))
