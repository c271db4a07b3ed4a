"""Forms for signing in and changing one's own password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Nama pengguna"), validators=[DataRequired(), Length(max=60)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired()])
    submit = SubmitField(_l("Masuk"))


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Kata sandi sekarang"), validators=[DataRequired()])
    new = PasswordField(_l("Kata sandi baru"), validators=[DataRequired(), Length(min=10)],
                        description=_l("Minimal 10 karakter."))
    confirm = PasswordField(_l("Ulangi kata sandi baru"),
                            validators=[DataRequired(), EqualTo("new", _l("Tidak sama."))])
    submit = SubmitField(_l("Simpan"))
