"""SKM responses at scale: millions of rows, drawn with numpy and written in chunks.

Each unit × period gets a share of the requested total proportional to its Krejcie–Morgan
sample (one in nine units falls short). Answers follow the unit's latent quality with the
usual unsur pattern (U4 fees high, U9 complaint handling low), as in the demo, using the
same discretised normal: round(mean + 0.7·z) clipped to 1..4.
"""

from datetime import timedelta

import numpy as np
import pandas as pd

from models import Period
from models.survey import AGE_BANDS, EDUCATIONS, OCCUPATIONS, UNSUR_COLUMNS, SurveyResponse
from scoring.skm import sample_size

from ..demo.surveys import SUGGESTIONS, UNSUR_OFFSET
from .bulk import BulkWriter, allocate, pick, without_indexes
from .organisation import Organisation

CHUNK = 500_000
CHANNELS = (("online", 0.45), ("paper", 0.45), ("import", 0.10))
AGE_SHARES = (4, 22, 28, 22, 15, 9)
EDUCATION_SHARES = (12, 18, 38, 10, 18, 3, 1)
OCCUPATION_SHARES = (12, 3, 30, 25, 12, 18)


def cell_counts(rng, population: np.ndarray, total: int) -> np.ndarray:
    """Split the total over (period, unit) cells in proportion to each cell's sample size."""
    needed = np.vectorize(sample_size, otypes=[float])(population.astype(int))
    short = rng.random(population.shape) < 0.11
    factor = np.where(short, rng.uniform(0.55, 0.9, population.shape),
                      rng.uniform(1.0, 1.12, population.shape))
    return allocate((needed * factor).ravel(), total).reshape(population.shape)


def write(writer: BulkWriter, rng, org: Organisation, periods: list[Period],
          questionnaire: dict[int, int], population: np.ndarray, total: int, echo) -> None:
    """Write ``total`` responses over every unit and period, CHUNK rows at a time."""
    counts = cell_counts(rng, population, total).ravel()
    n_units = len(org.ids)
    period_of = np.repeat(np.arange(len(periods)), n_units)
    unit_of = np.tile(np.arange(n_units), len(periods))
    trend = 0.04 * period_of * np.where(org.quality[unit_of] > -0.5, 1, -1)
    offsets = np.array([UNSUR_OFFSET[c.upper()] for c in UNSUR_COLUMNS])
    means = (3.15 + 0.42 * org.quality[unit_of] + trend)[:, None] + offsets \
        + rng.normal(0, 0.08, (len(counts), len(offsets)))
    table = SurveyResponse.__table__
    rebuild = without_indexes(writer, table)
    first, ends = writer.next_id(table), np.cumsum(counts)
    for start in range(0, total, CHUNK):
        stop = min(total, start + CHUNK)
        cells = np.searchsorted(ends, np.arange(start, stop), side="right")
        frame = _chunk(rng, org, periods, questionnaire, unit_of[cells], period_of[cells],
                       means[cells])
        frame.insert(0, "id", np.arange(first + start, first + stop))
        writer.write(table, frame)
        echo(f"survey responses {stop:,}/{total:,}")
    rebuild()


def _chunk(rng, org, periods, questionnaire, units, period_index, means) -> pd.DataFrame:
    """Return one chunk of responses for the given cells (one row per respondent)."""
    m = len(units)
    answers = np.clip(np.rint(means + 0.7 * rng.standard_normal(means.shape)), 1, 4)
    channel = pick(rng, [c for c, _ in CHANNELS], [s for _, s in CHANNELS], m)
    blank = (channel == "paper")[:, None] & (rng.random(answers.shape) < 0.02)
    answers[blank] = np.nan
    period_ids = np.array([p.id for p in periods])
    starts = np.array([p.start_date for p in periods], dtype="datetime64[s]")
    days = np.array([(p.end_date - p.start_date).days + 1 for p in periods])
    offset = (rng.random(m) * days[period_index]).astype(np.int64) * 86400 \
        + rng.integers(8, 15, m) * 3600 + rng.integers(0, 60, m) * 60
    local = starts[period_index] + offset.astype("timedelta64[s]")
    services = org.service_start[units] + (rng.random(m) * org.service_count[units]).astype(int)
    suggestion = np.where(rng.random(m) < 0.07,
                          np.asarray(SUGGESTIONS, dtype=object)[rng.integers(0, len(SUGGESTIONS),
                                                                             m)], None)
    frame = pd.DataFrame({
        "unit_id": org.ids[units], "service_type_id": services,
        "period_id": period_ids[period_index],
        "questionnaire_id": np.array([questionnaire[p] for p in period_ids])[period_index],
        "submitted_at": pd.to_datetime(local - np.timedelta64(timedelta(hours=7))),
        "channel": channel})
    for j, column in enumerate(UNSUR_COLUMNS):
        frame[column] = pd.array(answers[:, j], dtype="Int16")
    frame["gender"] = np.where(rng.random(m) < 0.5, "L", "P")
    frame["age_band"] = pick(rng, AGE_BANDS, AGE_SHARES, m)
    frame["education"] = pick(rng, EDUCATIONS, EDUCATION_SHARES, m)
    frame["occupation"] = pick(rng, OCCUPATIONS, OCCUPATION_SHARES, m)
    frame["suggestion"] = suggestion
    return frame
