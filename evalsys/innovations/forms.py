"""Forms of the innovation registry and of local competitions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from models.innovation import ALL_SECTIONS

from ..forms import CommaFloatField, options
from .labels import CATEGORY_LABELS, EVIDENCE_LABELS, GROUP_LABELS, SECTION_LABELS, STAGE_LABELS

SECTION_MAX_CHARS = 20000


class InnovationForm(FlaskForm):
    """Profile of an innovation; one textarea per proposal section is added below."""

    unit_id = SelectField(_l("Unit pelayanan"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("Nama inovasi"), validators=[DataRequired(), Length(max=200)])
    category = SelectField(_l("Kategori"), choices=options(CATEGORY_LABELS.items()))
    group = SelectField(_l("Kelompok kompetisi"), choices=options(GROUP_LABELS.items()))
    stage = SelectField(_l("Tahap"), choices=options(STAGE_LABELS.items()))
    started_on = DateField(_l("Tanggal mulai (uji coba)"), validators=[DataRequired()])
    implemented_on = DateField(_l("Tanggal mulai penerapan"), validators=[Optional()])
    initiator = StringField(_l("Penggagas"), validators=[Optional(), Length(max=200)])
    replicated_from = StringField(
        _l("Inovasi yang direplikasi (nama dan instansi asal)"),
        validators=[Optional(), Length(max=300)], description=_l("Wajib untuk kelompok Replikasi."))
    prior_top = BooleanField(_l("Pernah meraih Top Inovasi KIPP"))
    prior_award = StringField(_l("Penghargaan sebelumnya"),
                              validators=[Optional(), Length(max=200)])

    def section_fields(self):
        """Yield (code, field) of every proposal section."""
        for code in ALL_SECTIONS:
            yield code, self[f"s_{code}"]

    def section_data(self) -> dict[str, str]:
        """Return the section texts keyed by code."""
        return {code: field.data or "" for code, field in self.section_fields()}


for _code in ALL_SECTIONS:
    setattr(InnovationForm, f"s_{_code}", TextAreaField(
        SECTION_LABELS[_code], validators=[Optional(), Length(max=SECTION_MAX_CHARS)]))


class IndicatorForm(FlaskForm):
    """An indicator with its value before and after; periods fetch stored values."""

    indicator_id = SelectField(_l("Indikator katalog"), coerce=int, validators=[Optional()])
    label = StringField(_l("atau nama indikator lain"), validators=[Optional(), Length(max=200)])
    unit_of_measure = StringField(_l("Satuan"), validators=[Optional(), Length(max=40)])
    direction = SelectField(_l("Arah"), choices=options([
        ("", _l("ikuti katalog")), ("1", _l("makin tinggi makin baik")),
        ("-1", _l("makin rendah makin baik"))]), validators=[Optional()])
    before_period_id = SelectField(_l("Periode sebelum (ambil dari data evalsys)"), coerce=int,
                                   validators=[Optional()])
    before_value = CommaFloatField(_l("Nilai sebelum"), validators=[Optional()])
    before_on = DateField(_l("Tanggal nilai sebelum"), validators=[Optional()])
    after_period_id = SelectField(_l("Periode sesudah (ambil dari data evalsys)"), coerce=int,
                                  validators=[Optional()])
    after_value = CommaFloatField(_l("Nilai sesudah"), validators=[Optional()])
    after_on = DateField(_l("Tanggal nilai sesudah"), validators=[Optional()])
    source = StringField(_l("Sumber data"), validators=[Optional(), Length(max=200)])

    def values(self) -> dict:
        """Return the data without the CSRF token."""
        return {k: v for k, v in self.data.items() if k != "csrf_token"}


class EvidenceForm(FlaskForm):
    """An evidence file (PDF/JPG/PNG) or link."""

    kind = SelectField(_l("Jenis bukti"), choices=options(EVIDENCE_LABELS.items()))
    title = StringField(_l("Judul"), validators=[DataRequired(), Length(max=200)])
    file = FileField(_l("Berkas (PDF, JPG, PNG; maks. 10 MB)"))
    url = StringField(_l("atau tautan (video, dokumen daring)"),
                      validators=[Optional(), Length(max=500)])


class CompetitionForm(FlaskForm):
    """A local competition: criteria with weights, eligibility rule, judges."""

    name = StringField(_l("Nama kompetisi"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Tahun"), validators=[DataRequired(), NumberRange(2000, 2100)])
    reference_date = DateField(_l("Tanggal acuan umur inovasi"), validators=[Optional()],
                               description=_l("Kosong: 31 Desember tahun kompetisi."))
    criteria = TextAreaField(_l("Kriteria dan bobot (satu per baris: Nama; bobot)"),
                             validators=[Optional(), Length(max=4000)],
                             description=_l("Kosong: lima kriteria PermenPANRB 91/2021, "
                                            "bobot sama."))
    min_umum = IntegerField(_l("Minimal tahun penerapan — Umum"), default=2,
                            validators=[NumberRange(0, 10)])
    min_replikasi = IntegerField(_l("Minimal tahun penerapan — Replikasi"), default=1,
                                 validators=[NumberRange(0, 10)])
    min_khusus = IntegerField(_l("Minimal tahun penerapan — Khusus"), default=2,
                              validators=[NumberRange(0, 10)])
    word_limit = IntegerField(_l("Batas kata per bagian proposal"),
                              validators=[Optional(), NumberRange(50, 10000)])
    judge_ids = SelectMultipleField(_l("Juri"), coerce=int, validators=[Optional()])
    is_open = BooleanField(_l("Dibuka (juri dapat menilai)"), default=True)


class EntryForm(FlaskForm):
    """Enter an innovation in a competition."""

    innovation_id = SelectField(_l("Inovasi"), coerce=int, validators=[DataRequired()])
