"""Forms of the survey feature; the questionnaire-dependent ones are built per questionnaire."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import Regexp as RegexpValidator

from models.survey import FOLLOW_UP_STATUSES

from ..forms import options
from .choices import (
    AGE_LABELS,
    EDUCATION_LABELS,
    GENDER_LABELS,
    OCCUPATION_LABELS,
    PUBLICATION_LABELS,
    STATUS_LABELS,
)

CHOOSE = _l("— pilih —")
PROFILE_SELECTS = (("age_band", _l("Usia"), AGE_LABELS),
                   ("education", _l("Pendidikan terakhir"), EDUCATION_LABELS),
                   ("occupation", _l("Pekerjaan utama"), OCCUPATION_LABELS))


def _choices(labels: dict, blank=CHOOSE) -> list:
    return options([("", blank)] + list(labels.items()))


def public_form(items, services: list[tuple[int, str]] | None):
    """Build the citizen's form: service (when asked), every unsur, profile and consent."""

    class PublicSurveyForm(FlaskForm):
        gender = RadioField(_l("Jenis kelamin"), choices=options(GENDER_LABELS.items()),
                            validators=[InputRequired(_l("Pilih jenis kelamin."))])
        suggestion = TextAreaField(_l("Saran dan masukan (boleh dikosongkan)"),
                                   validators=[Optional(), Length(max=2000)])
        consent = BooleanField(validators=[DataRequired(
            _l("Centang persetujuan agar jawaban dapat dikirim."))])
        submit = SubmitField(_l("Kirim jawaban"))

    for name, label, labels in PROFILE_SELECTS:
        setattr(PublicSurveyForm, name, SelectField(label, choices=_choices(labels), validators=[
            DataRequired(_l("Pilih salah satu."))]))
    if services:
        PublicSurveyForm.service = SelectField(
            _l("Layanan yang Anda terima"),
            choices=options([("", _l("— pilih layanan —"))] + [(str(i), n) for i, n in services]),
            validators=[DataRequired(_l("Pilih layanan yang Anda terima."))])
    for item in items:
        setattr(PublicSurveyForm, item.code, RadioField(
            item.question, choices=options((i, label) for i, label in
                                           enumerate(item.labels, start=1)),
            coerce=int, validators=[InputRequired(_l("Pilih salah satu jawaban."))]))
    return PublicSurveyForm


def paper_form(items, services: list[tuple[int, str]]):
    """Build the paper-form entry: date, service, one 1–4 box per unsur, optional profile."""

    class PaperEntryForm(FlaskForm):
        day = DateField(_l("Tanggal survei"), validators=[InputRequired(_l("Isi tanggal."))])
        gender = SelectField(_l("Jenis kelamin"), choices=_choices(GENDER_LABELS, "—"),
                             validators=[Optional()])
        suggestion = TextAreaField(_l("Saran"), validators=[Optional(), Length(max=2000)])
        submit = SubmitField(_l("Simpan dan isi berikutnya"))

    for name, label, labels in PROFILE_SELECTS:
        setattr(PaperEntryForm, name, SelectField(label, choices=_choices(labels, "—"),
                                                  validators=[Optional()]))
    PaperEntryForm.service = SelectField(
        _l("Jenis layanan"), choices=options([("", "—")] + [(str(i), n) for i, n in services]),
        validators=[Optional()])
    for item in items:
        setattr(PaperEntryForm, item.code, StringField(item.code, validators=[
            Optional(), RegexpValidator(r"^[1-4]$", message=_l("Isi 1–4 atau kosongkan."))]))
    return PaperEntryForm


class TargetForm(FlaskForm):
    """The number of service users in the period (the Krejcie–Morgan population)."""

    population = IntegerField(_l("Jumlah pengguna layanan dalam periode"), validators=[
        InputRequired(_l("Isi jumlah pengguna layanan.")), NumberRange(0, 100_000_000)])
    submit = SubmitField(_l("Simpan"))


class FollowUpForm(FlaskForm):
    """A rencana tindak lanjut (RTL) item."""

    unsur_code = SelectField(_l("Unsur"), validators=[DataRequired()])
    action = TextAreaField(_l("Tindakan perbaikan"), validators=[
        DataRequired(_l("Tuliskan tindakannya.")), Length(max=2000)])
    owner = StringField(_l("Penanggung jawab"), validators=[
        DataRequired(_l("Isi penanggung jawab.")), Length(max=120)])
    due_date = DateField(_l("Target selesai"), validators=[InputRequired(_l("Isi tanggal."))])
    status = SelectField(_l("Status"), choices=options(
        (s, STATUS_LABELS[s]) for s in FOLLOW_UP_STATUSES), default="rencana")
    completed_on = DateField(_l("Tanggal selesai"), validators=[Optional()])
    submit = SubmitField(_l("Simpan"))


class PublicationForm(FlaskForm):
    """Where and when the SKM result was published."""

    channel = SelectField(_l("Media publikasi"), choices=options(PUBLICATION_LABELS.items()))
    published_on = DateField(_l("Tanggal terbit"), validators=[InputRequired(_l("Isi tanggal."))])
    link = StringField(_l("Tautan"), validators=[
        Optional(), Length(max=500), URL(message=_l("Tautan tidak sah."))])
    note = StringField(_l("Keterangan"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Tambah"))


class ImportForm(FlaskForm):
    """Upload of a CSV or XLSX file of responses for one period."""

    period = SelectField(_l("Periode"), coerce=int)
    file = FileField(_l("Berkas CSV atau XLSX"), validators=[
        FileRequired(_l("Pilih berkas.")),
        FileAllowed(["csv", "xlsx"], _l("Hanya berkas .csv atau .xlsx."))])
    submit = SubmitField(_l("Periksa (pratinjau)"))
