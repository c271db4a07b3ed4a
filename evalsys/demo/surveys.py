"""Demo records for the surveys feature: questionnaires, QR links, targets, responses, IKM.

Answers follow each unit's latent quality (ctx.quality), so excellent units grade A and poor
ones C or D across features; about one unit in nine falls short of its Krejcie–Morgan sample.
Only ctx.rng is used, so every load gives the same data.
"""

import bisect
import math
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import insert, update

from models import Indicator, IndicatorValue, db
from models.survey import (
    AGE_BANDS,
    EDUCATIONS,
    GENDERS,
    OCCUPATIONS,
    FollowUpAction,
    SurveyLink,
    SurveyPublication,
    SurveyResponse,
    SurveyTarget,
)
from scoring.skm import sample_size

from ..surveys import questionnaire as qn
from ..surveys.operations import recompute_ikm
from .locks import opened

TOKEN_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Service users per semester by unit type (the Krejcie–Morgan population).
POPULATION = {"rsud": 3000, "disdukcapil": 4000, "mpp": 3500, "dpmptsp": 1500,
              "puskesmas": 1500, "kecamatan": 800, "kelurahan": 350, "desa": 180, "upt": 300}
# Typical pattern of SKM results: fees (often free) score high, complaint handling low.
UNSUR_OFFSET = {"U1": 0.0, "U2": -0.05, "U3": -0.22, "U4": 0.35, "U5": 0.0, "U6": 0.05,
                "U7": 0.1, "U8": -0.1, "U9": -0.28, "X1": -0.15}
SUGGESTIONS = (
    "Antrean mohon dipercepat.", "Ruang tunggu perlu kipas angin atau AC.",
    "Petugas sudah ramah, pertahankan.", "Informasi persyaratan dipasang lebih jelas.",
    "Tambah loket pada jam sibuk.", "Toilet perlu lebih bersih.",
    "Layanan daring sering gangguan.", "Pelayanan cepat dan memuaskan, terima kasih.",
    "Nomor pengaduan sebaiknya dipajang di depan.", "Parkir sempit.",
)

def _draw(codes, weights) -> tuple[tuple, list[float]]:
    total, cum = sum(weights), []
    for w in weights[:-1]:
        cum.append((cum[-1] if cum else 0) + w / total)
    return codes, cum


PROFILE_DRAWS = {"age_band": _draw(AGE_BANDS, (4, 22, 28, 22, 15, 9)),
                 "education": _draw(EDUCATIONS, (12, 18, 38, 10, 18, 3, 1)),
                 "occupation": _draw(OCCUPATIONS, (12, 3, 30, 25, 12, 18))}
EXTRA_UNSUR = {"code": "X1", "name": "Kebersihan dan Kenyamanan Ruang Rawat",
               "question": "Bagaimana pendapat Saudara tentang kebersihan dan kenyamanan ruang "
                           "rawat?",
               "labels": ("Tidak bersih", "Kurang bersih", "Bersih", "Sangat bersih")}


def _token(rng) -> str:
    return "".join(rng.choice(TOKEN_ALPHABET) for _ in range(22))


def _cumulative(mean: float) -> list[float]:
    """Return cumulative probabilities of answers 1..3 for a discretised normal around mean."""
    def cdf(x: float) -> float:
        return 0.5 * (1 + math.erf((x - mean) / (0.7 * math.sqrt(2))))
    return [cdf(1.5), cdf(2.5), cdf(3.5)]


def seed(ctx) -> None:
    """Add questionnaires, links, targets, responses, IKM values, RTL items and publications."""
    units = [u for u in ctx.units if u.level == "unit"]
    regional = {p.id: qn.ensure_regional(p) for p in ctx.periods}
    own = _unit_questionnaire(ctx, units)
    _links(ctx, units)
    rows, counts = [], {}
    for p_index, period in enumerate(ctx.periods):
        for unit in units:
            questionnaire = own.get((period.id, unit.id)) or regional[period.id]
            n = _target_and_size(ctx, unit, period)
            counts[(unit.id, period.id)] = n
            rows += _responses(ctx, unit, period, p_index, questionnaire, n)
    # Core insert: a plain executemany, without the ORM's per-row bookkeeping.
    db.session.execute(insert(SurveyResponse.__table__), rows)
    _compute(ctx)
    _follow_up(ctx, units)


def _unit_questionnaire(ctx, units) -> dict:
    """Give the main RSUD an extra unsur with its own weights in the latest period."""
    rsud = next((u for u in units if u.unit_type == "rsud"), None)
    if rsud is None:
        return {}
    period = ctx.periods[-1]
    items = qn.standard_items() + [dict(EXTRA_UNSUR, weight=None)]
    weights = [0.09] * 9 + [0.19]
    items = [dict(i, weight=w) for i, w in zip(items, weights, strict=True)]
    return {(period.id, rsud.id): qn.save_items(period, rsud.id, items)}


def _links(ctx, units) -> None:
    links = []
    for unit in units:
        for service_id in [None] + [s.id for s in unit.service_types]:
            links.append({"unit_id": unit.id, "service_type_id": service_id,
                          "token": _token(ctx.rng), "is_active": True})
    db.session.execute(insert(SurveyLink), links)


def _target_and_size(ctx, unit, period) -> int:
    """Record the unit's service users; return how many respondents it surveyed."""
    population = int(POPULATION.get(unit.unit_type, 400) * ctx.rng.uniform(0.6, 1.4))
    db.session.add(SurveyTarget(unit_id=unit.id, period_id=period.id, population=population))
    target = sample_size(population)
    short = ctx.rng.random() < 0.11
    return max(12, round(target * (ctx.rng.uniform(0.55, 0.9) if short
                                   else ctx.rng.uniform(1.0, 1.12))))


def _responses(ctx, unit, period, p_index, questionnaire, n) -> list[dict]:
    rng, quality = ctx.rng, ctx.quality[unit.id]
    draw = rng.random
    trend = 0.04 * p_index * (1 if quality > -0.5 else -1)
    base = 3.15 + 0.42 * quality + trend
    codes = [i.code for i in questionnaire.items]
    cums = [_cumulative(base + UNSUR_OFFSET.get(c, 0) + rng.gauss(0, 0.08)) for c in codes]
    columns = [c.lower() if c in qn.STANDARD_CODES else c for c in codes]
    extras = [c for c in codes if c not in qn.STANDARD_CODES]
    services = [s.id for s in unit.service_types] or [None]
    days = (period.end_date - period.start_date).days + 1
    fixed = {"unit_id": unit.id, "period_id": period.id, "questionnaire_id": questionnaire.id}
    rows = []
    for _ in range(n):
        paper = draw() < 0.5
        answers = [bisect.bisect(cum, draw()) + 1 for cum in cums]
        if paper:  # about 2 % of answers on paper forms are left blank
            answers = [None if draw() < 0.02 else a for a in answers]
        row = dict(zip(columns, answers, strict=True))
        local = datetime.combine(period.start_date + timedelta(days=int(draw() * days)),
                                 time(8 + int(draw() * 7), int(draw() * 60)))
        row.update(fixed, service_type_id=services[int(draw() * len(services))],
                   submitted_at=(local - timedelta(hours=7)).replace(tzinfo=UTC),
                   channel="paper" if paper else "online",
                   extra={c: row.pop(c) for c in extras if row[c] is not None} or None
                   if extras else None,
                   gender=GENDERS[draw() < 0.5],
                   suggestion=SUGGESTIONS[int(draw() * len(SUGGESTIONS))]
                   if draw() < 0.07 else None)
        for key, (options, cum) in PROFILE_DRAWS.items():
            row[key] = options[bisect.bisect(cum, draw())]
        for c in extras:
            row.pop(c, None)
        rows.append(row)
    return rows


def _compute(ctx) -> None:
    """Write the IKM of every period; locked periods are opened for the demo load only."""
    db.session.flush()
    for period in ctx.periods:
        with opened(period):
            recompute_ikm(period)
    ikm = db.session.scalar(db.select(Indicator.id).where(Indicator.code == "ikm"))
    past = [p.id for p in ctx.periods[:-1]]
    db.session.execute(update(IndicatorValue).where(
        IndicatorValue.indicator_id == ikm, IndicatorValue.period_id.in_(past))
        .values(status="approved"))


def _follow_up(ctx, units) -> None:
    """RTL items for the weaker units' weakest unsur, and publications of past results."""
    rng = ctx.rng
    weak = sorted(units, key=lambda u: ctx.quality[u.id])[:8]
    for period in ctx.periods[-2:]:
        for unit in weak:
            for code, action in (("U9", "Sediakan kotak saran dan petugas pengelola "
                                        "pengaduan; tanggapi dalam 5 hari kerja."),
                                 ("U3", "Terapkan antrean bernomor dan tambah loket pada "
                                        "jam sibuk.")):
                done = period != ctx.periods[-1] and rng.random() < 0.7
                db.session.add(FollowUpAction(
                    unit_id=unit.id, period_id=period.id, unsur_code=code, action=action,
                    owner="Kepala " + unit.name, due_date=period.end_date + timedelta(days=90),
                    status="selesai" if done else rng.choice(("rencana", "proses")),
                    completed_on=period.end_date + timedelta(days=60) if done else None))
    for period in ctx.periods[:-1]:
        for unit in units:
            if rng.random() < 0.6:
                db.session.add(SurveyPublication(
                    unit_id=unit.id, period_id=period.id,
                    channel=rng.choice(("website", "media_sosial", "papan_pengumuman")),
                    published_on=period.end_date + timedelta(days=rng.randrange(10, 40)),
                    link=f"https://contohkab.go.id/skm/{period.code.lower()}/{unit.code.lower()}"))
