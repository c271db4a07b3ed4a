"""Views of proposals: the list per official run, generating them, and deciding one.

Every signed-in user reads every unit's proposals (evaluators and viewers read-only); only
leaders and admins generate, decide, edit, reopen and record follow-up.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Period, db
from models.proposal import PROPOSAL_KINDS, PROPOSAL_STATUSES, Proposal

from ..auth.decorators import role_required
from ..errors import DomainError
from ..home.operations import current_period
from ..i18n import number
from ..units.operations import opd_choices
from . import bp, operations, queries
from .forms import DecideForm, EditForm, FollowUpForm, ReopenForm
from .queries import FOLLOW_UP_LABELS, KIND_LABELS, STATUS_LABELS

DECIDERS = ("leader", "admin")


def period_from_request() -> Period | None:
    """Return the period named by ?period= (or the form), else the current period."""
    period_id = request.values.get("period", type=int)
    return db.session.get(Period, period_id) if period_id else current_period()


@bp.get("/")
def index():
    """List the official run's proposals grouped by kind, and the units held back."""
    period = period_from_request()
    if period is None:
        return redirect(url_for("periods.index"))
    run = queries.official_run(period)
    kind, status = request.args.get("kind") or None, request.args.get("status") or None
    opd_id = request.args.get("opd", type=int)
    rows = queries.proposals_of(run, kind, status, opd_id) if run else []
    return render_template(
        "proposals/index.html", period=period, run=run, groups=queries.grouped(rows),
        held=queries.held_back(rows), names=queries.unit_names(rows),
        moves_total=queries.moves_total([p for p in rows if p.kind == "reassignment"]),
        periods=db.session.scalars(select(Period).order_by(Period.end_date.desc())).all(),
        opds=opd_choices(), filters=request.args, kinds=PROPOSAL_KINDS,
        statuses=PROPOSAL_STATUSES, **_labels())


def _labels() -> dict:
    return {"kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS,
            "follow_up_labels": FOLLOW_UP_LABELS, "shortage": queries.shortage_change}


def _count(value) -> int:
    return value if isinstance(value, int) else len(value or ())


def _summary(result) -> str:
    """Say in one sentence what generation made."""
    by_kind = getattr(result, "by_kind", None) or {}
    parts = ", ".join(f"{KIND_LABELS[k]} {_count(by_kind[k])}" for k in PROPOSAL_KINDS
                      if _count(by_kind.get(k, 0)))
    text = _("Usulan dibuat: %(n)d usulan, %(h)d ditahan.",
             n=_count(getattr(result, "created", 0)), h=_count(getattr(result, "held_back", 0)))
    moves = getattr(result, "moves", None) or {}
    if moves.get("shortage_before") is not None:
        parts += " " + _("Kekurangan pegawai: %(a)s → %(b)s.", a=number(
            moves["shortage_before"], 1), b=number(moves.get("shortage_after"), 1))
    return f"{text} {parts}".strip()


@bp.post("/generate")
@role_required(*DECIDERS)
def generate():
    """Make the proposals of the period's official run (leader, admin)."""
    period = period_from_request() or abort(404)
    try:
        result = operations.generate(period, current_user)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_summary(result), "success")
    return redirect(url_for("proposals.index", period=period.id))


def _forms(proposal: Proposal, action: str | None = None) -> dict:
    """Build the page's forms; only the submitted one reads the request."""
    def data(name):
        return request.form if name == action else None

    edit = EditForm(data("edit"), prefix="edit", obj=proposal if action != "edit" else None)
    edit.to_unit_id.choices = [(0, "–")] + [(u.id, u.name) for u in queries.target_units()] \
        if proposal.kind == "reassignment" else [(0, "–")]
    if action != "edit":
        edit.to_unit_id.data = proposal.detail.get("to_unit_id") or 0
    return {"decide": DecideForm(data("decide"), prefix="decide"), "edit": edit,
            "reopen": ReopenForm(data("reopen"), prefix="reopen"),
            "follow": FollowUpForm(data("follow"), prefix="follow",
                                   obj=proposal if action != "follow" else None)}


def _render(proposal: Proposal, forms: dict):
    names = queries.unit_names([proposal])
    return render_template("proposals/detail.html", proposal=proposal, forms=forms,
                           names=names, history=queries.history(proposal), **_labels())


@bp.route("/<int:proposal_id>", methods=["GET", "POST"])
def detail(proposal_id: int):
    """Show a proposal with its evidence and history; leaders and admins decide it here."""
    if request.method == "GET":
        proposal = db.get_or_404(Proposal, proposal_id)
        return _render(proposal, _forms(proposal))
    if not current_user.has_role(*DECIDERS):
        abort(403)
    proposal = db.session.get(Proposal, proposal_id, with_for_update=True) or abort(404)
    action = request.form.get("action", "")
    forms = _forms(proposal, _FORM_OF.get(action))
    if action not in _FORM_OF or not forms[_FORM_OF[action]].validate():
        return _render(proposal, forms)
    try:
        message = _apply(proposal, action, forms[_FORM_OF[action]])
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
        return redirect(url_for("proposals.detail", proposal_id=proposal_id))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal_id))


_FORM_OF = {"approve": "decide", "reject": "decide", "edit": "edit", "reopen": "reopen",
            "follow_up": "follow"}


def _apply(proposal: Proposal, action: str, form) -> str:
    """Call the one operation the action names; return the success message."""
    user = current_user._get_current_object()
    if action == "approve":
        operations.approve(proposal, user, form.note.data)
        return _("Usulan disetujui.")
    if action == "reject":
        operations.reject(proposal, user, form.note.data)
        return _("Usulan ditolak.")
    if action == "edit":
        operations.edit(proposal, user, form.title.data, form.reason.data,
                        form.to_unit_id.data or None, form.note.data)
        return _("Perubahan usulan disimpan.")
    if action == "reopen":
        operations.reopen(proposal, user, form.note.data)
        return _("Usulan dibuka kembali dan dapat diputuskan ulang.")
    operations.set_follow_up(proposal, form.follow_up.data, form.follow_up_note.data)
    return _("Tindak lanjut disimpan.")

