"""Forms for units and their service types."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from models.unit import LEVELS, TIMEZONES, UNIT_TYPES

from ..forms import options


class UnitForm(FlaskForm):
    """Create or edit a unit."""

    code = StringField(_l("Kode"), validators=[
        DataRequired(), Length(max=40),
        Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Hanya huruf, angka, titik, garis bawah, strip."))],
        description=_l("Kode unik, misalnya PKM-SUKAMAJU."))
    name = StringField(_l("Nama"), validators=[DataRequired(), Length(max=200)])
    level = SelectField(_l("Tingkat"), choices=options((x, x) for x in LEVELS))
    unit_type = SelectField(_l("Jenis unit"), choices=options((x, x) for x in UNIT_TYPES))
    parent_id = SelectField(_l("Induk"), coerce=int, validators=[Optional()])
    timezone = SelectField(_l("Zona waktu"), choices=options((x, x) for x in TIMEZONES))
    address = StringField(_l("Alamat"), validators=[Optional(), Length(max=300)])
    head_name = StringField(_l("Nama kepala unit"), validators=[Optional(), Length(max=120)])
    submit = SubmitField(_l("Simpan"))


class ServiceTypeForm(FlaskForm):
    """Add a service type (jenis layanan) to a unit."""

    code = StringField(_l("Kode"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Nama layanan"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Tambah layanan"))
