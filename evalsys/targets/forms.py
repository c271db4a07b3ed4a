"""The target (IKU) form: validation messages in Indonesian."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..forms import CommaFloatField, options

YEAR_MIN, YEAR_MAX = 2000, 2100
_YEAR_MESSAGE = _l("Tahun harus antara %(lo)d dan %(hi)d.", lo=YEAR_MIN, hi=YEAR_MAX)


class TargetForm(FlaskForm):
    """Add or edit an indicator's target for a year and scope (admin)."""

    indicator_id = SelectField(_l("Indikator"), coerce=int,
                               validators=[DataRequired(_l("Pilih indikator."))])
    year = IntegerField(_l("Tahun"), validators=[
        InputRequired(_l("Tahun wajib diisi.")),
        NumberRange(YEAR_MIN, YEAR_MAX, message=_YEAR_MESSAGE)])
    unit_type = SelectField(_l("Berlaku untuk jenis unit"), validate_choice=True,
                            description=_l("Kosongkan bila target berlaku untuk seluruh "
                                           "kabupaten atau untuk satu unit."))
    unit_id = SelectField(_l("Berlaku untuk satu unit"), coerce=int,
                          description=_l("Isi jenis unit atau unit, tidak keduanya."))
    target = CommaFloatField(_l("Target"), validators=[
        InputRequired(_l("Target wajib diisi dengan angka."))],
        description=_l("Gunakan koma untuk desimal, misalnya 82,5."))
    baseline = CommaFloatField(_l("Nilai dasar (baseline)"), validators=[Optional()])
    baseline_year = IntegerField(_l("Tahun baseline"), validators=[
        Optional(), NumberRange(YEAR_MIN, YEAR_MAX, message=_YEAR_MESSAGE)])
    source_document = StringField(_l("Dokumen sumber"), validators=[
        DataRequired(_l("Dokumen sumber wajib diisi (RPJMD, Renstra atau Perjanjian Kinerja).")),
        Length(max=300)], description=_l("Misalnya RPJMD Kabupaten Contoh 2021–2026"))
    note = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Simpan"))

    def validate_target(self, field):
        """Refuse a target of zero or below: % achieved would be undefined."""
        if field.data is not None and field.data <= 0:
            raise ValidationError(_("Target harus lebih besar dari 0."))

    def validate_unit_id(self, field):
        """Refuse a scope that names both a unit and a unit type."""
        if field.data and self.unit_type.data:
            raise ValidationError(_("Pilih jenis unit atau satu unit, tidak keduanya."))

    def validate_baseline_year(self, field):
        """Refuse a baseline year after the target year."""
        if field.data and self.year.data and field.data > self.year.data:
            raise ValidationError(_("Tahun baseline tidak boleh sesudah tahun target."))


def fill_choices(form: TargetForm, indicators, units, unit_types) -> None:
    """Set the select choices: indicators, unit types and service units."""
    form.indicator_id.choices = options(
        [(0, "—")] + [(i.id, f"{i.name_id} ({i.code})") for i in indicators])
    form.unit_type.choices = options([("", _l("— (tidak dibatasi)"))]
                                     + [(t, t) for t in unit_types])
    form.unit_id.choices = options([(0, _l("— (tidak dibatasi)"))]
                                   + [(u.id, f"{u.name} ({u.code})") for u in units])
