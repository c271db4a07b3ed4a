"""Access expectations for the proposals feature's routes (merged by test_access_control.py).

Everybody signed in reads the proposals and the rules (evaluators see every unit's proposals,
read-only); leaders and admins generate, decide and draft letters; only admins edit rules.
make_args creates a rule and an approved proposal on the world's run for the target unit.
"""

from sqlalchemy import select

from models import db
from models.proposal import Proposal, ProposalRule
from models.scoring import ScoreRun

EXPECT: dict[tuple[str, str], str] = {
    ("proposals.index", "GET"): "login",
    ("proposals.generate", "POST"): "leader",
    ("proposals.detail", "GET"): "login",
    ("proposals.detail", "POST"): "leader",
    # Drafting a letter is the first step of follow-up (it sets follow_up): deciders only.
    ("proposals.letter", "GET"): "leader",
    ("proposals.letters_start", "POST"): "leader",
    ("proposals.letters_job", "GET"): "leader",
    ("proposals.letters_zip", "GET"): "leader",
    ("proposals.rules", "GET"): "login",
    ("proposals.rule_edit", "GET"): "admin",
    ("proposals.rule_edit", "POST"): "admin",
}
BODIES: dict[str, dict] = {}


def make_args(target_unit, period, users) -> dict:
    """Create a rule and an approved warning for the target unit on the period's run."""
    run = db.session.scalar(select(ScoreRun).where(ScoreRun.period_id == period.id))
    rule = ProposalRule(code="reward_top_group", version=1, kind="reward",
                        name="Penghargaan unit terbaik", legal_basis="PP 96/2012 Pasal 44",
                        params={"min_coverage": 0.8, "top_share": 0.1}, is_active=True)
    db.session.add(rule)
    db.session.flush()
    proposal = Proposal(run_id=run.id, period_id=period.id, unit_id=target_unit.id,
                        rule_id=rule.id, kind="warning", status="approved",
                        title="Teguran tertulis: maklumat belum ada",
                        evidence=[{"label": "Maklumat pelayanan", "value": "tidak ada",
                                   "url": None}],
                        legal_basis="UU 25/2009 Pasal 22", detail={"breach": "no_maklumat"},
                        follow_up="none")
    db.session.add(proposal)
    db.session.commit()
    BODIES.update({
        "proposals.generate": {"data": {"period": period.id}},
        "proposals.letters_start": {"data": {"period": period.id}},
        "proposals.detail": {"data": {"action": "follow_up", "follow-follow_up": "in_progress",
                                      "follow-follow_up_note": "Surat dikirim"}},
        "proposals.rule_edit": {"data": {"name": "Penghargaan unit terbaik",
                                         "legal_basis": "PP 96/2012 Pasal 44",
                                         "p_min_coverage": "0,75", "p_top_share": "0,1"}},
    })
    return {"proposal_id": proposal.id, "rule_id": rule.id}
