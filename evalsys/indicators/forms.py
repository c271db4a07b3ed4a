"""Form for the indicator catalogue."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from ..forms import options


class IndicatorForm(FlaskForm):
    """Create or edit an indicator."""

    code = StringField(_l("Kode"), validators=[
        DataRequired(), Length(max=40),
        Regexp(r"^[a-z0-9_]+$", message=_l("Huruf kecil, angka dan garis bawah."))])
    name_id = StringField(_l("Nama (Indonesia)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Nama (Inggris)"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Definisi"), validators=[Optional()])
    direction = SelectField(_l("Arah"), coerce=int, choices=options([
        (1, _l("Makin tinggi makin baik")), (-1, _l("Makin rendah makin baik"))]))
    unit_of_measure = StringField(_l("Satuan"), validators=[DataRequired(), Length(max=40)])
    source = SelectField(_l("Sumber"), choices=options([
        ("manual", _l("Diisi manual")), ("computed", _l("Dihitung sistem"))]))
    min_value = FloatField(_l("Nilai minimum"), validators=[Optional()])
    max_value = FloatField(_l("Nilai maksimum"), validators=[Optional()])
    decimals = IntegerField(_l("Jumlah desimal"), default=2, validators=[NumberRange(0, 6)])
    legal_basis = TextAreaField(_l("Dasar hukum"), validators=[Optional()])
    submit = SubmitField(_l("Simpan"))

    def validate_max_value(self, field):
        if field.data is not None and self.min_value.data is not None \
                and field.data < self.min_value.data:
            raise ValueError(_l("Maksimum harus ≥ minimum."))
