"""Forms for user administration."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from ..forms import options

ROLE_LABELS = {"admin": _l("Admin"), "evaluator": _l("Evaluator"), "leader": _l("Pimpinan"),
               "viewer": _l("Pembaca")}


class UserForm(FlaskForm):
    """Create or edit a user."""

    username = StringField(_l("Nama pengguna"), validators=[
        DataRequired(), Length(min=3, max=60),
        Regexp(r"^[a-z0-9._-]+$", message=_l("Huruf kecil, angka, titik, garis bawah, strip."))])
    full_name = StringField(_l("Nama lengkap"), validators=[DataRequired(), Length(max=120)])
    email = StringField(_l("Surel"), validators=[Optional(), Email(check_deliverability=False),
                                                 Length(max=200)])
    role = SelectField(_l("Peran"), choices=options(ROLE_LABELS.items()))
    unit_ids = SelectMultipleField(_l("Unit yang boleh diisi (evaluator)"), coerce=int,
                                   validators=[Optional()])
    is_active = BooleanField(_l("Aktif"), default=True)
    password = PasswordField(_l("Kata sandi awal"), validators=[Optional(), Length(min=10)],
                             description=_l("Wajib untuk pengguna baru; minimal 10 karakter."))
    submit = SubmitField(_l("Simpan"))


class ResetPasswordForm(FlaskForm):
    """Set a new password for a user."""

    password = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(min=10)])
    submit = SubmitField(_l("Atur ulang kata sandi"))
