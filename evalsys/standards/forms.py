"""Forms of the standards feature: components, stages, checks, maklumat, evidence, SOPs."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import DateField, FieldList, FormField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from models.standard import COMPONENT_CODES, MAKLUMAT_TEXT

from ..forms import options
from .labels import (
    CHANNEL_LABELS,
    CHECK_LABELS,
    COMPONENT_LABELS,
    EVIDENCE_LABELS,
    SOP_KIND_LABELS,
)


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _channels(label):
    return MultiCheckboxField(label, choices=options(CHANNEL_LABELS.items()),
                              validators=[Optional()])


class ComponentsForm(FlaskForm):
    """The 14 components of a standard: text and a done flag each (fields added below)."""

    submit = SubmitField(_l("Simpan komponen"))


for _code in COMPONENT_CODES:
    setattr(ComponentsForm, f"text_{_code}", TextAreaField(
        COMPONENT_LABELS[_code], validators=[Optional(), Length(max=4000)]))
    setattr(ComponentsForm, f"done_{_code}", BooleanField(_l("Sudah memenuhi")))


class ConsultationForm(FlaskForm):
    """Public consultation of the draft (PP 96/2012 Pasal 26–27)."""

    stage = HiddenField(default="consulted")
    consulted_on = DateField(_l("Tanggal berita acara"), validators=[DataRequired()])
    consultation_ref = StringField(_l("Nomor berita acara"),
                                   validators=[DataRequired(), Length(max=120)])
    consultation_participants = TextAreaField(
        _l("Peserta (unsur masyarakat dan pihak terkait)"),
        validators=[DataRequired(), Length(max=2000)])
    draft_published_on = DateField(_l("Rancangan dipublikasikan"), validators=[Optional()],
                                   description=_l("Paling lama 5 hari kerja setelah berita "
                                                  "acara."))
    comments_closed_on = DateField(_l("Batas tanggapan masyarakat"), validators=[Optional()],
                                   description=_l("Sekurang-kurangnya 7 hari kerja setelah "
                                                  "publikasi rancangan."))
    submit = SubmitField(_l("Catat konsultasi"))


class AdoptionForm(FlaskForm):
    """Adoption (penetapan) of the standard by SK."""

    stage = HiddenField(default="adopted")
    sk_number = StringField(_l("Nomor SK penetapan"), validators=[DataRequired(), Length(max=120)])
    adopted_on = DateField(_l("Tanggal penetapan"), validators=[DataRequired()])
    submit = SubmitField(_l("Catat penetapan"))


class PublicationForm(FlaskForm):
    """Publication of the standard's six service-delivery components."""

    stage = HiddenField(default="published")
    published_on = DateField(_l("Tanggal publikasi"), validators=[DataRequired()])
    channels = _channels(_l("Media publikasi"))
    submit = SubmitField(_l("Catat publikasi"))

    def validate_channels(self, field):
        if not field.data:
            raise ValidationError(_l("Pilih sekurang-kurangnya satu media publikasi."))


STAGE_FORMS = {"consulted": ConsultationForm, "adopted": AdoptionForm,
               "published": PublicationForm}


class CheckForm(FlaskForm):
    """An evaluation (yearly) or review (every 3 years) of an adopted standard."""

    kind = SelectField(_l("Jenis"), choices=options(CHECK_LABELS.items()))
    done_on = DateField(_l("Tanggal"), validators=[DataRequired()])
    submit = SubmitField(_l("Catat"))


class MaklumatForm(FlaskForm):
    """The unit's maklumat pelayanan."""

    text = TextAreaField(_l("Isi maklumat"), default=MAKLUMAT_TEXT,
                         validators=[DataRequired(), Length(max=4000)])
    signatory_name = StringField(_l("Penanda tangan"), validators=[DataRequired(),
                                                                   Length(max=120)])
    signatory_position = StringField(_l("Jabatan"), validators=[Optional(), Length(max=160)])
    signed_on = DateField(_l("Tanggal ditandatangani"), validators=[DataRequired()])
    published_on = DateField(_l("Tanggal publikasi"), validators=[Optional()])
    channels = _channels(_l("Media publikasi"))
    submit = SubmitField(_l("Simpan maklumat"))


class EvidenceForm(FlaskForm):
    """Upload an evidence file; it may belong to a service's standard or to an SOP."""

    kind = SelectField(_l("Jenis bukti"), choices=options(EVIDENCE_LABELS.items()))
    service = SelectField(_l("Layanan"), coerce=int, default=0, validators=[Optional()])
    sop = SelectField(_l("SOP"), coerce=int, default=0, validators=[Optional()])
    file = FileField(_l("Berkas (PDF, JPG atau PNG, maks. 10 MB)"),
                     validators=[FileRequired(_l("Pilih berkas."))])
    submit = SubmitField(_l("Unggah"))


class StepForm(Form):
    """One procedure row of an SOP; a row with neither activity nor actor is ignored."""

    activity = TextAreaField(_l("Kegiatan"), validators=[Optional(), Length(max=500)])
    actor = StringField(_l("Pelaksana"), validators=[Optional(), Length(max=80)])
    is_decision = BooleanField(_l("Keputusan"))
    no_goto = IntegerField(_l("Jika tidak, ke langkah"), validators=[Optional(),
                                                                       NumberRange(1, 99)])
    requirements = StringField(_l("Kelengkapan"), validators=[Optional(), Length(max=500)])
    duration = StringField(_l("Waktu"), validators=[Optional(), Length(max=60)])
    output = StringField(_l("Output"), validators=[Optional(), Length(max=200)])
    note = StringField(_l("Keterangan"), validators=[Optional(), Length(max=500)])

    def validate_actor(self, field):
        if bool((self.activity.data or "").strip()) != bool((field.data or "").strip()):
            raise ValidationError(_l("Kegiatan dan pelaksana diisi keduanya."))


class SopForm(FlaskForm):
    """An SOP: the identity sheet, the services it covers and its procedure rows."""

    number = StringField(_l("Nomor SOP"), validators=[DataRequired(), Length(max=80)])
    title = StringField(_l("Nama SOP"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Jenis SOP"), choices=options(SOP_KIND_LABELS.items()))
    approved_on = DateField(_l("Tanggal pengesahan"), validators=[Optional()])
    revised_on = DateField(_l("Tanggal revisi"), validators=[Optional()])
    effective_on = DateField(_l("Tanggal efektif"), validators=[Optional()])
    approved_by = StringField(_l("Disahkan oleh"), validators=[Optional(), Length(max=160)])
    legal_basis = TextAreaField(_l("Dasar hukum"), validators=[Optional(), Length(max=2000)])
    qualifications = TextAreaField(_l("Kualifikasi pelaksana"),
                                   validators=[Optional(), Length(max=2000)])
    related_sops = TextAreaField(_l("Keterkaitan"), validators=[Optional(), Length(max=2000)])
    equipment = TextAreaField(_l("Peralatan/perlengkapan"),
                              validators=[Optional(), Length(max=2000)])
    warning = TextAreaField(_l("Peringatan"), validators=[Optional(), Length(max=2000)])
    records = TextAreaField(_l("Pencatatan dan pendataan"),
                            validators=[Optional(), Length(max=2000)])
    services = MultiCheckboxField(_l("Jenis layanan yang dicakup"), coerce=int,
                                  validators=[Optional()])
    steps = FieldList(FormField(StepForm), min_entries=1, max_entries=40)
    submit = SubmitField(_l("Simpan SOP"))
