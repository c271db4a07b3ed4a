"""Home page per role, language switch and error pages."""

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import public
from ..i18n import LANG_KEY
from . import operations

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """Show the signed-in user the page that fits their role."""
    summary = operations.home_summary(current_user)
    return render_template(f"home/{current_user.role}.html", s=summary)


@bp.post("/lang/<code>")
@public
def set_language(code: str):
    """Switch the interface language and go back to the page the user was on."""
    if code in ("id", "en"):
        session[LANG_KEY] = code
    target = request.form.get("next") or url_for("home.index")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/")


def _error(status: int, title: str, message: str, err=None):
    if request.path.startswith("/api/"):
        # The API says exactly what was refused (abort(…, description=…)) when it can.
        detail = getattr(err, "description", None)
        default = type(err).description if err is not None else None
        return jsonify(error=title, message=detail if detail != default else message), status
    return render_template("error.html", status=status, title=title, message=message), status


@bp.app_errorhandler(403)
def forbidden(e):
    return _error(403, _("Akses ditolak"), _("Anda tidak berwenang membuka atau mengubah ini."),
                  e)


@bp.app_errorhandler(404)
def not_found(e):
    return _error(404, _("Tidak ditemukan"), _("Halaman atau data yang dicari tidak ada."), e)


@bp.app_errorhandler(429)
def too_many(_e):
    return _error(429, _("Terlalu banyak percobaan"),
                  _("Terlalu banyak percobaan masuk yang gagal dari alamat ini. "
                    "Tunggu beberapa menit, lalu coba lagi."))


@bp.app_errorhandler(400)
def bad_request(e):
    return _error(400, _("Permintaan tidak valid"),
                  getattr(e, "description", None) or _("Formulir tidak lengkap atau kedaluwarsa."))
