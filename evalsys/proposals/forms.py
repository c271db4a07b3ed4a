"""Forms of the proposal pages: decide, edit, reopen, follow up, and edit a rule's parameters."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms import options
from .queries import FOLLOW_UP_LABELS

# Labels of parameters the default rules use; any other key is shown as it is written.
PARAM_LABELS = {
    "min_coverage": _l("Kelengkapan data minimal (0–1)"),
    "top_share": _l("Bagian teratas kelompok sejenis (0–1)"),
    "top_count": _l("Jumlah unit teratas paling banyak"),
    "bottom_share": _l("Bagian terbawah kelompok sejenis (0–1)"),
    "min_group_size": _l("Ukuran kelompok sejenis minimal"),
    "ikm_grades": _l("Mutu IKM"),
    "min_sla_pct": _l("Kepatuhan waktu penyelesaian pengaduan (%)"),
    "breach": _l("Jenis pelanggaran"),
    "min_share": _l("Bagian layanan minimal (0–1)"),
    "min_count": _l("Jumlah kejadian minimal"),
    "steps": _l("Tahapan eskalasi per pelanggaran"),
    "default_steps": _l("Tahapan eskalasi bawaan"),
    "min_months_in_post": _l("Masa minimal dalam jabatan (bulan)"),
    "max_moves": _l("Jumlah mutasi paling banyak"),
    "cross_opd_allowed": _l("Mutasi antar-OPD diperbolehkan"),
    "cross_opd_cost": _l("Biaya pindah antar-OPD"),
    "compatible": _l("Jabatan yang setara (JSON)"),
}


class DecideForm(FlaskForm):
    """Approve or reject; the note is required when rejecting (checked by the operation)."""

    note = TextAreaField(_l("Catatan keputusan"), validators=[Optional(), Length(max=2000)],
                         description=_l("Wajib diisi bila usulan ditolak."))


class EditForm(FlaskForm):
    """Change the title, the reason and, for a move, the target unit, with a note."""

    title = StringField(_l("Judul usulan"), validators=[DataRequired(), Length(max=300)])
    reason = TextAreaField(_l("Alasan"), validators=[Optional(), Length(max=4000)])
    to_unit_id = SelectField(_l("Unit tujuan mutasi"), coerce=int, validate_choice=False)
    note = TextAreaField(_l("Catatan perubahan"), validators=[DataRequired(), Length(max=2000)])


class ReopenForm(FlaskForm):
    """Reopen a decided proposal; the note says why."""

    note = TextAreaField(_l("Alasan membuka kembali"),
                         validators=[DataRequired(), Length(max=2000)])


class FollowUpForm(FlaskForm):
    """Record the follow-up of an approved proposal."""

    follow_up = SelectField(_l("Status tindak lanjut"),
                            choices=options(FOLLOW_UP_LABELS.items()))
    follow_up_note = TextAreaField(_l("Catatan tindak lanjut"),
                                   validators=[Optional(), Length(max=2000)])


def param_label(key: str) -> str:
    """Return the Indonesian label of a rule parameter (its key when none is known)."""
    return str(PARAM_LABELS.get(key, key))


def _is_json(value: Any) -> bool:
    """Dicts and lists of dicts or lists are edited as JSON; flat lists as comma lists."""
    return isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(v, dict | list) for v in value))


def _field_for(key: str, value: Any):
    label = f"{param_label(key)} ({key})"
    if isinstance(value, bool):
        return BooleanField(label)
    if _is_json(value):
        return TextAreaField(label, description=_l("Dalam format JSON"))
    if isinstance(value, list):
        return StringField(label, description=_l("Pisahkan dengan koma"))
    return StringField(label)


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if _is_json(value):
        return json.dumps(value, ensure_ascii=False, indent=1)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


class RuleFormBase(FlaskForm):
    """Name and legal basis of a rule; parameter fields are added per rule by `rule_form`."""

    name = StringField(_l("Nama aturan"), validators=[DataRequired(), Length(max=200)])
    legal_basis = TextAreaField(_l("Dasar hukum"), validators=[DataRequired()])
    params_before: dict[str, Any] = {}

    def param_fields(self) -> list:
        """Return the parameter fields, in the order of the rule's parameters."""
        return [self[f"p_{key}"] for key in self.params_before]

    def validate(self, extra_validators=None) -> bool:
        """Validate the form and parse every parameter as the type it had before."""
        ok = super().validate(extra_validators)
        self.params = {}
        for key, old in self.params_before.items():
            field = self[f"p_{key}"]
            try:
                self.params[key] = parse_param(old, field.data)
            except ValueError as err:
                field.errors = [*field.errors, _("%(field)s: %(msg)s",
                                                 field=param_label(key), msg=err)]
                ok = False
        return ok


def rule_form(rule, formdata=None) -> RuleFormBase:
    """Build the edit form of a rule, with one labelled field per parameter."""
    params = dict(rule.params or {})
    attrs = {f"p_{key}": _field_for(key, value) for key, value in params.items()}
    attrs["params_before"] = params
    form_class = type("RuleForm", (RuleFormBase,), attrs)
    data = {f"p_{key}": _as_text(value) for key, value in params.items()}
    return form_class(formdata=formdata, data=dict(data, name=rule.name,
                                                   legal_basis=rule.legal_basis))


def _number(text: str, integer: bool) -> int | float:
    cleaned = str(text).strip().replace(" ", "")
    if "," in cleaned:  # Indonesian decimals: 1.234,5
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return int(cleaned) if integer else float(cleaned)
    except ValueError:
        raise ValueError(_("harus bilangan bulat.") if integer else _("harus berupa angka.")
                         ) from None


def _parse_json(old: Any, text: str) -> Any:
    try:
        value = json.loads(text or ("{}" if isinstance(old, dict) else "[]"))
    except json.JSONDecodeError as err:
        raise ValueError(_("JSON tidak sah (baris %(line)d, kolom %(col)d).",
                           line=err.lineno, col=err.colno)) from None
    if isinstance(old, dict) and not isinstance(value, dict):
        raise ValueError(_("harus berupa objek JSON {…}."))
    if isinstance(old, list) and not isinstance(value, list):
        raise ValueError(_("harus berupa daftar JSON […]."))
    return value


def parse_param(old: Any, raw: Any) -> Any:
    """Parse a submitted parameter as the type of its previous value (raise ValueError)."""
    if isinstance(old, bool):
        return bool(raw)
    text = "" if raw is None else str(raw).strip()
    if _is_json(old):
        return _parse_json(old, text)
    if isinstance(old, list):
        items = [item.strip() for item in text.split(",") if item.strip()]
        if old and isinstance(old[0], int | float) and not isinstance(old[0], bool):
            return [_number(item, isinstance(old[0], int)) for item in items]
        return items
    if not text:
        raise ValueError(_("wajib diisi."))
    if isinstance(old, int | float):
        return _number(text, isinstance(old, int))
    return text
