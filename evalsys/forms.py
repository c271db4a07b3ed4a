"""Helpers shared by every blueprint's forms."""

from collections.abc import Iterable

from flask_babel import gettext as _
from wtforms import FloatField
from wtforms.fields.choices import SelectChoice


def options(pairs: Iterable[tuple]) -> list[SelectChoice]:
    """Turn (value, label) pairs into select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class CommaFloatField(FloatField):
    """A number field that accepts the Indonesian decimal comma (78,5)."""

    def process_formdata(self, valuelist):
        """Read "78,5" as 78.5 before the usual float parsing."""
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip().replace(",", ".")]
        try:
            super().process_formdata(valuelist)
        except ValueError as err:
            raise ValueError(_("Isi dengan angka, misalnya 82,5.")) from err
