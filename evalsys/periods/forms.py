"""Form to create a period."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SubmitField
from wtforms.validators import DataRequired, NumberRange, ValidationError

from models.period import PERIOD_MONTHS

from ..forms import options

KIND_LABELS = {"year": _l("Tahun"), "semester": _l("Semester"), "quarter": _l("Triwulan"),
               "month": _l("Bulan")}


class PeriodForm(FlaskForm):
    """Kind, year and number of a new period."""

    kind = SelectField(_l("Jenis periode"), choices=options(KIND_LABELS.items()),
                       default="semester")
    year = IntegerField(_l("Tahun"), validators=[DataRequired(), NumberRange(2000, 2100)])
    number = IntegerField(_l("Nomor"), default=1, validators=[NumberRange(1, 12)],
                          description=_l("Semester 1–2, triwulan 1–4, bulan 1–12; "
                                         "1 untuk tahun."))
    submit = SubmitField(_l("Buat periode"))

    def validate_number(self, field):
        blocks = 12 // PERIOD_MONTHS[self.kind.data]
        if not 1 <= (field.data or 0) <= blocks:
            raise ValidationError(_l("Nomor harus 1 sampai %(n)d.", n=blocks))
