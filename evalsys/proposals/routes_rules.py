"""The rules behind the proposals: every signed-in user reads them, admins edit them.

Editing saves a new version of the rule; older versions stay as they were, for the record
of which rule made which proposal.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import db
from models.proposal import ProposalRule

from ..auth.decorators import role_required
from ..errors import DomainError
from . import bp, operations, queries
from .forms import param_label, rule_form
from .queries import KIND_LABELS


@bp.get("/rules")
def rules():
    """List each rule's active version, its parameters and legal basis, and its history."""
    return render_template("proposals/rules.html", rows=queries.rules_with_history(),
                           kind_labels=KIND_LABELS, param_label=param_label)


@bp.route("/rules/<int:rule_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def rule_edit(rule_id: int):
    """Edit a rule's name, legal basis and parameters; saving makes a new version (admin)."""
    rule = db.get_or_404(ProposalRule, rule_id)
    form = rule_form(rule, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            new = operations.save_rule(rule, current_user._get_current_object(), form.params,
                                       form.name.data, form.legal_basis.data)
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Aturan disimpan sebagai versi %(v)d; versi lama tetap tersimpan.",
                    v=new.version), "success")
            return redirect(url_for("proposals.rules"))
    return render_template("proposals/rule_form.html", form=form, rule=rule,
                           kind_labels=KIND_LABELS)
