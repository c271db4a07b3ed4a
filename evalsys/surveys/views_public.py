"""The citizen's survey form at /survei/<token>: no login, mobile-first, one short page."""

import secrets

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from models import db
from models.base import utcnow

from ..auth import public
from ..errors import DomainError
from ..extensions import limiter
from . import bp, operations, questionnaire, responses
from .choices import PROFILE_FIELDS
from .forms import public_form

CLIENT_KEY = "survey_client"


def _rate_limit() -> str:
    return current_app.config.get("SURVEY_RATE_LIMIT", "20 per hour")


def _client() -> str:
    """Return what identifies this browser: a random id in its session, address and agent."""
    if CLIENT_KEY not in session:
        session[CLIENT_KEY] = secrets.token_hex(16)
    return "|".join((session[CLIENT_KEY], request.remote_addr or "",
                     request.user_agent.string[:200]))


def _message(link, title: str, text: str, status: int = 200):
    return render_template("surveys/public_message.html", link=link, title=title,
                           text=text), status


@bp.route("/survei/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_rate_limit, methods=["POST"])
def public_form_view(token: str):
    """Show the survey of the unit behind a QR code, and store the citizen's answers."""
    link = responses.link_by_token(token)
    if link is None:
        abort(404)
    unit = link.unit
    now = responses.local_now(unit)
    period = responses.period_for(now.date())
    if period is None:
        return _message(link, _("Survei belum dibuka"),
                        _("Saat ini belum ada periode survei yang terbuka untuk unit ini. "
                          "Silakan coba lagi di lain waktu."))
    items = questionnaire.display_items(period, unit.id)
    services = None
    if link.service_type_id is None:
        services = [(s.id, s.name) for s in unit.service_types if s.is_active] or None
    form = public_form(items, services)()
    if form.validate_on_submit():
        fingerprint = responses.fingerprint(current_app.config["SECRET_KEY"], token, _client(),
                                            now.date())
        if responses.is_duplicate(fingerprint):
            return _duplicate(link)
        try:
            operations.record_response(
                unit, period, answers={i.code: form[i.code].data for i in items},
                profile={f: form[f].data for f, _h, _l in PROFILE_FIELDS}
                | {"suggestion": form.suggestion.data}, channel="online",
                submitted_at=now, fingerprint=fingerprint,
                service_type_id=int(form.service.data) if services else link.service_type_id)
            db.session.commit()
        except IntegrityError:  # the same browser submitted twice at the same moment
            db.session.rollback()
            return _duplicate(link)
        except DomainError as err:
            db.session.rollback()
            return _message(link, _("Jawaban belum tersimpan"), str(err), 400)
        return redirect(url_for("surveys.thanks", token=token))
    _client()  # give the browser its id before it posts
    return render_template("surveys/public_form.html", form=form, link=link, unit=unit,
                           period=period, items=items, services=services,
                           errors=_error_count(form) if request.method == "POST" else 0)


def _error_count(form) -> int:
    return sum(1 for field in form if field.errors)


def _duplicate(link):
    return _message(link, _("Jawaban Anda sudah kami terima"),
                    _("Perangkat ini sudah mengisi survei untuk layanan ini hari ini. Satu "
                      "jawaban per orang per hari sudah cukup. Terima kasih atas "
                      "partisipasi Anda."))


@bp.get("/survei/<token>/terima-kasih")
@public
def thanks(token: str):
    """Thank the citizen after a stored answer."""
    link = responses.link_by_token(token)
    if link is None:
        abort(404)
    return render_template("surveys/public_thanks.html", link=link, unit=link.unit,
                           at=utcnow())


@bp.errorhandler(429)
def too_many(_err):
    """Tell a citizen (in plain words) that this network has sent too many answers."""
    return render_template("surveys/public_message.html", link=None,
                           title=_("Terlalu banyak kiriman"),
                           text=_("Terlalu banyak jawaban dikirim dari jaringan ini dalam "
                                  "waktu singkat. Silakan coba lagi nanti.")), 429
