"""Views of local innovation competitions: set-up (admins), entries, judging, ranking."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from models import User, db
from models.innovation import Competition, CompetitionEntry, Innovation
from scoring.innovation import DEFAULT_CRITERIA, SCORE_MAX, SCORE_MIN

from ..auth.decorators import role_required
from ..errors import DomainError
from . import bp, competitions, queries
from .forms import CompetitionForm, EntryForm
from .routes import form_errors


def _may_see_scores(competition: Competition) -> bool:
    """Scores and ranking: admins, leaders and the competition's judges."""
    return current_user.role in ("admin", "leader") or \
        current_user.id in competition.judge_ids()


@bp.get("/competitions")
def competitions_index():
    """List the competitions."""
    rows = db.session.scalars(select(Competition).order_by(Competition.year.desc(),
                                                           Competition.name))
    return render_template("innovations/competitions.html", competitions=list(rows))


def _competition_form(competition: Competition | None) -> CompetitionForm:
    """Return the set-up form, filled from the competition on GET, users as judge choices."""
    if competition is not None and request.method == "GET":
        mins = {f"min_{g}": n for g, n in (competition.min_years or {}).items()}
        form = CompetitionForm(obj=competition, data={
            "criteria": competitions.criteria_text(competition.criteria),
            "judge_ids": sorted(competition.judge_ids()), **mins})
    else:
        form = CompetitionForm()
        if request.method == "GET":
            form.criteria.data = competitions.criteria_text(list(DEFAULT_CRITERIA))
    users = db.session.scalars(select(User).where(User.is_active.is_(True))
                               .order_by(User.full_name))
    form.judge_ids.choices = [(u.id, f"{u.full_name} ({u.username})") for u in users]
    return form


def _save_competition(competition: Competition | None):
    """Validate, save, commit and redirect; or show the form again."""
    form = _competition_form(competition)
    if form.validate_on_submit():
        try:
            saved = competitions.save_competition(competition, form.data)
        except DomainError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Kompetisi disimpan."), "success")
            return redirect(url_for("innovations.competition", competition_id=saved.id))
    status = 422 if request.method == "POST" else 200
    return render_template("innovations/competition_form.html", form=form,
                           competition=competition), status


@bp.route("/competitions/new", methods=["GET", "POST"])
@role_required("admin")
def competition_new():
    """Set up a competition: criteria and weights, rule, judges (admins)."""
    return _save_competition(None)


@bp.route("/competitions/<int:competition_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def competition_edit(competition_id: int):
    """Change a competition's set-up, open or close it (admins)."""
    return _save_competition(db.get_or_404(Competition, competition_id))


@bp.get("/competitions/<int:competition_id>")
def competition(competition_id: int):
    """A competition: entries with their eligibility; ranking for admins, leaders, judges."""
    comp = db.get_or_404(Competition, competition_id)
    ranked = competitions.ranking(comp)
    verdicts = {e.id: queries.verdict(e.innovation, comp) for e, _r in ranked}
    entry_form = EntryForm(formdata=None)
    entered = {e.innovation_id for e, _r in ranked}
    candidates = db.session.scalars(select(Innovation).order_by(Innovation.name))
    entry_form.innovation_id.choices = [(i.id, f"{i.name} · {i.unit.name}")
                                        for i in candidates if i.id not in entered]
    judges = {j.user_id: j.user for j in comp.judges}
    return render_template("innovations/competition.html", competition=comp, ranked=ranked,
                           verdicts=verdicts, entry_form=entry_form, judges=judges,
                           show_scores=_may_see_scores(comp),
                           is_judge=current_user.id in judges)


@bp.post("/competitions/<int:competition_id>/entries")
@role_required("admin")
def add_entry(competition_id: int):
    """Enter an innovation in the competition (admins)."""
    comp = db.get_or_404(Competition, competition_id)
    form = EntryForm()
    form.innovation_id.choices, form.innovation_id.validate_choice = [], False
    if not form.validate_on_submit():
        flash(_("Peserta tidak ditambahkan: %(e)s", e=form_errors(form)), "danger")
        return redirect(url_for("innovations.competition", competition_id=comp.id))
    innovation = db.get_or_404(Innovation, form.innovation_id.data)
    try:
        competitions.add_entry(comp, innovation)
    except DomainError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_("Peserta ditambahkan."), "success")
    return redirect(url_for("innovations.competition", competition_id=comp.id))


@bp.post("/entries/<int:entry_id>/remove")
@role_required("admin")
def remove_entry(entry_id: int):
    """Withdraw an entry and its scores (admins)."""
    entry = db.get_or_404(CompetitionEntry, entry_id)
    competition_id = entry.competition_id
    competitions.remove_entry(entry)
    db.session.commit()
    flash(_("Peserta ditarik dari kompetisi."), "success")
    return redirect(url_for("innovations.competition", competition_id=competition_id))


def _posted_scores(criteria: list[dict]) -> tuple[dict, list[str]]:
    """Read score_<code> and note_<code>; return the values and the unreadable criteria."""
    values, bad = {}, []
    for criterion in criteria:
        raw = (request.form.get(f"score_{criterion['code']}") or "").strip().replace(",", ".")
        try:
            score = float(raw) if raw else None
        except ValueError:
            bad.append(criterion["name"])
            continue
        values[criterion["code"]] = (score, request.form.get(f"note_{criterion['code']}"))
    return values, bad


@bp.route("/entries/<int:entry_id>/score", methods=["GET", "POST"])
def judge_score(entry_id: int):
    """A judge's own scoresheet for one entry (assigned judges only)."""
    entry = db.get_or_404(CompetitionEntry, entry_id)
    if current_user.id not in entry.competition.judge_ids():
        abort(403)
    form = FlaskForm()
    if form.validate_on_submit():
        values, bad = _posted_scores(entry.competition.criteria)
        if bad:
            flash(_("Nilai bukan angka: %(c)s", c=", ".join(bad)), "danger")
        else:
            try:
                competitions.save_scores(entry, current_user, values)
            except DomainError as err:
                db.session.rollback()
                flash(str(err), "danger")
            else:
                db.session.commit()
                flash(_("Nilai disimpan."), "success")
                return redirect(url_for("innovations.competition",
                                        competition_id=entry.competition_id))
    return render_template("innovations/score.html", entry=entry, form=form,
                           mine=competitions.judge_scores(entry, current_user),
                           verdict=queries.verdict(entry.innovation, entry.competition),
                           score_min=SCORE_MIN, score_max=SCORE_MAX)
