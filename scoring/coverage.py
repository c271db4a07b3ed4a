"""Coverage of service standards and SOPs, PEKPPP 0–5 rubric scores, PP 96/2012 timeline flags.

Everything works on a per-service-type DataFrame (one row per jenis layanan) with these columns;
missing date columns count as "never happened":

``unit_id``, ``components_done`` (0–14), ``has_sop`` (an SOP approved by the as-of date),
``consulted_on`` (berita acara of the public consultation), ``draft_published_on``,
``comments_closed_on``, ``adopted_on`` (SK), ``published_on``, ``evaluated_on`` (latest
evaluation, PP 96/2012 Pasal 32), ``reviewed_on`` (latest review, Pasal 33) and
``maklumat_published_on`` (the unit's maklumat).

Every check is made **as of a date** (a period's end): a stage whose date is later did not
happen yet. Only the latest evaluation and review dates are kept, so a period before the latest
one sees no evaluation at all.

Definitions (METHODOLOGY §4.4 as narrowed by issue #5):

* complete adopted = all 14 components done and adopted by SK;
* published = adopted and published (the 6 service-delivery components);
* evaluated = latest evaluation within the 12 months up to the as-of date; reviewed = latest
  review within 36 months;
* PEKPPP "SP available" (a.Ak) per service: 0 nothing; 1 some components; 2 all 14; 3 + adopted;
  4 + public consultation; 5 + evaluated in the last 12 months. **Unit level = the minimum**
  over its service types: the level every service reaches ("as required by regulation" is about
  all of them);
* PEKPPP "periodic review" (a.K) is a unit-level rubric on each service's latest evaluation or
  review (both are periodic reviews of the SP): 5 every service within 1 year; 4 some within 1
  year; 3 every service within 2 years; 2 some within 2 years; 1 every service reviewed at some
  time; 0 otherwise. The highest level whose condition holds wins.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .calendar import WorkingCalendar, add_working_days, working_calendar

N_COMPONENTS = 14
#: PP 96/2012 limits (Appendix A ``standar_pelayanan_pp96``).
PP96 = {"publish_draft_wd": 5, "public_comment_wd": 7, "maklumat_publish_wd": 7,
        "evaluate_every_years": 1, "review_every_years": 3}
DATE_COLUMNS = ("consulted_on", "draft_published_on", "comments_closed_on", "adopted_on",
                "published_on", "evaluated_on", "reviewed_on", "maklumat_published_on")
#: Counted per unit by :func:`unit_coverage`; each also gets a ``<name>_pct`` column.
COUNTED = ("complete_adopted", "published", "sop", "evaluated", "reviewed")


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    """Return a column as datetime64 (NaT where missing, or all NaT if absent)."""
    if column not in frame:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    return pd.to_datetime(frame[column]).astype("datetime64[us]")


def _by(stamps: pd.Series, as_of: date) -> pd.Series:
    """Return True where the date is known and not after ``as_of``."""
    return stamps.notna() & (stamps <= pd.Timestamp(as_of))


def _within_years(stamps: pd.Series, as_of: date, years: int) -> pd.Series:
    """Return True where the date lies in the ``years`` up to and including ``as_of``."""
    start = pd.Timestamp(as_of) - pd.DateOffset(years=years)
    return _by(stamps, as_of) & (stamps >= start)


def sp_available_level(components_done, adopted, consulted, evaluated,
                       n_components: int = N_COMPONENTS) -> np.ndarray:
    """Return the PEKPPP "SP available" level (0–5) per service; the levels are cumulative.

    Parameters
    ----------
    components_done : array-like of int
        Components marked done (0–14).
    adopted, consulted, evaluated : array-like of bool
        Adopted by SK; publicly consulted; evaluated in the last 12 months.
    n_components : int
        Components a complete standard has.

    Returns
    -------
    numpy.ndarray of int
    """
    done = np.asarray(components_done, dtype=int)
    complete = done >= n_components
    level = np.where(done > 0, 1, 0)
    level = np.where(complete, 2, level)
    level = np.where(complete & np.asarray(adopted, bool), 3, level)
    with_public = complete & np.asarray(adopted, bool) & np.asarray(consulted, bool)
    level = np.where(with_public, 4, level)
    return np.where(with_public & np.asarray(evaluated, bool), 5, level)


def review_cadence(last_review: pd.Series, as_of: date) -> pd.Series:
    """Return how recent each service's latest review is: 1 (≤ 1 year), 2 (≤ 2), 3 (older), 0 none.

    Parameters
    ----------
    last_review : Series of dates
        Latest evaluation or review per service; NaT or a date after ``as_of`` means none.
    as_of : date

    Returns
    -------
    Series of int
    """
    stamps = pd.to_datetime(last_review).astype("datetime64[us]")
    cadence = np.where(_by(stamps, as_of), 3, 0)
    cadence = np.where(_within_years(stamps, as_of, 2), 2, cadence)
    cadence = np.where(_within_years(stamps, as_of, 1), 1, cadence)
    return pd.Series(cadence, index=last_review.index, dtype=int)


def review_level(cadences) -> int:
    """Return the PEKPPP "periodic review" level (0–5) of a unit from its services' cadences.

    Parameters
    ----------
    cadences : array-like of int
        :func:`review_cadence` of every service type of the unit.

    Returns
    -------
    int
        5 all within 1 year; 4 some within 1 year; 3 all within 2 years; 2 some within 2 years;
        1 all reviewed at some time; 0 otherwise (also for a unit without services).
    """
    c = np.asarray(cadences, dtype=int)
    if c.size == 0:
        return 0
    reviewed = c > 0
    recent2 = reviewed & (c <= 2)
    for level, holds in ((5, (c == 1).all()), (4, (c == 1).any()), (3, recent2.all()),
                         (2, recent2.any()), (1, reviewed.all())):
        if holds:
            return level
    return 0


def service_flags(services: pd.DataFrame, as_of: date,
                  n_components: int = N_COMPONENTS) -> pd.DataFrame:
    """Add, per service type, what it has as of a date (booleans, level and cadence).

    Parameters
    ----------
    services : DataFrame
        One row per service type, columns as in the module docstring.
    as_of : date
    n_components : int

    Returns
    -------
    DataFrame
        The input plus ``complete``, ``consulted``, ``adopted``, ``complete_adopted``,
        ``published``, ``sop``, ``evaluated``, ``reviewed`` (bool), ``sp_level`` (0–5) and
        ``cadence`` (0–3).
    """
    out = services.copy()
    done = out.get("components_done", pd.Series(0, index=out.index)).fillna(0).astype(int)
    out["complete"] = done >= n_components
    out["consulted"] = _by(_dates(out, "consulted_on"), as_of)
    out["adopted"] = _by(_dates(out, "adopted_on"), as_of)
    out["complete_adopted"] = out["complete"] & out["adopted"]
    out["published"] = out["adopted"] & _by(_dates(out, "published_on"), as_of)
    out["sop"] = out.get("has_sop", pd.Series(False, index=out.index)).fillna(False).astype(bool)
    evaluated_on = _dates(out, "evaluated_on")
    out["evaluated"] = _within_years(evaluated_on, as_of, PP96["evaluate_every_years"])
    out["reviewed"] = _within_years(_dates(out, "reviewed_on"), as_of,
                                    PP96["review_every_years"])
    out["sp_level"] = sp_available_level(done, out["adopted"], out["consulted"],
                                         out["evaluated"], n_components)
    latest = pd.concat([evaluated_on.where(_by(evaluated_on, as_of)),
                        _dates(out, "reviewed_on").where(_by(_dates(out, "reviewed_on"), as_of))],
                       axis=1).max(axis=1)
    out["cadence"] = review_cadence(latest, as_of)
    return out


def unit_coverage(flags: pd.DataFrame) -> pd.DataFrame:
    """Aggregate :func:`service_flags` per unit: counts, percentages and PEKPPP scores.

    Parameters
    ----------
    flags : DataFrame
        Output of :func:`service_flags`.

    Returns
    -------
    DataFrame indexed by ``unit_id``
        ``services``; for each of COUNTED a count and ``<name>_pct`` (0–100, 1 dp);
        ``sp_available`` (minimum ``sp_level``) and ``sp_review`` (:func:`review_level`).
    """
    grouped = flags.groupby("unit_id", sort=True)
    out = grouped[list(COUNTED)].sum().astype(int)
    out.insert(0, "services", grouped.size())
    for name in COUNTED:
        out[f"{name}_pct"] = (100.0 * out[name] / out["services"]).round(1)
    out["sp_available"] = grouped["sp_level"].min().astype(int)
    out["sp_review"] = grouped["cadence"].agg(review_level).astype(int)
    return out


def calendar_for(frame: pd.DataFrame, as_of: date) -> WorkingCalendar:
    """Build a working-day calendar covering every date in the frame and the as-of year."""
    years = {as_of.year}
    for column in DATE_COLUMNS:
        stamps = _dates(frame, column).dropna()
        if not stamps.empty:
            years |= set(range(stamps.min().year, stamps.max().year + 1))
    return working_calendar(range(min(years), max(years) + 2))


def timeline_flags(frame: pd.DataFrame, as_of: date,
                   calendar: WorkingCalendar | None = None) -> pd.DataFrame:
    """Check each standard against the PP 96/2012 time limits as of a date.

    Parameters
    ----------
    frame : DataFrame
        One row per standard, date columns as in the module docstring.
    as_of : date
    calendar : WorkingCalendar, optional
        Built with :func:`calendar_for` when not given.

    Returns
    -------
    DataFrame (same index)
        Due dates ``draft_due`` (berita acara + 5 working days), ``comments_until`` (draft
        publication + 7 working days), ``maklumat_due`` (adoption + 7 working days),
        ``evaluation_due`` (last evaluation or adoption + 1 year), ``review_due`` (last review
        or adoption + 3 years), and boolean flags ``not_consulted`` (adopted without a public
        consultation, Pasal 22(2)/26), ``draft_late`` (Pasal 27(1)), ``comments_short`` (the
        window closed, or the SK came, before 7 working days; Pasal 27(2)), ``maklumat_late``
        (Pasal 30(4)), ``evaluation_overdue`` (Pasal 32) and ``review_overdue`` (Pasal 33).
    """
    cal = calendar or calendar_for(frame, as_of)
    today = pd.Timestamp(as_of)
    d = {c: _dates(frame, c) for c in DATE_COLUMNS}
    consulted, adopted = _by(d["consulted_on"], as_of), _by(d["adopted_on"], as_of)
    out = pd.DataFrame(index=frame.index)
    out["draft_due"] = _wd(d["consulted_on"], PP96["publish_draft_wd"], cal)
    out["comments_until"] = _wd(d["draft_published_on"], PP96["public_comment_wd"], cal)
    out["maklumat_due"] = _wd(d["adopted_on"], PP96["maklumat_publish_wd"], cal)
    base_eval = d["evaluated_on"].where(_by(d["evaluated_on"], as_of)).fillna(d["adopted_on"])
    base_review = d["reviewed_on"].where(_by(d["reviewed_on"], as_of)).fillna(d["adopted_on"])
    out["evaluation_due"] = base_eval + pd.DateOffset(years=PP96["evaluate_every_years"])
    out["review_due"] = base_review + pd.DateOffset(years=PP96["review_every_years"])
    # A consultation held after the SK did not shape that SK.
    out["not_consulted"] = adopted & ~(d["consulted_on"] <= d["adopted_on"])
    draft_pub = _by(d["draft_published_on"], as_of)
    out["draft_late"] = consulted & (
        (draft_pub & (d["draft_published_on"] > out["draft_due"]))
        | (~draft_pub & ~adopted & (today > out["draft_due"])))
    closed = d["comments_closed_on"].fillna(d["adopted_on"])
    out["comments_short"] = draft_pub & _by(closed, as_of) & (closed < out["comments_until"])
    mak = _by(d["maklumat_published_on"], as_of)
    out["maklumat_late"] = adopted & (
        (mak & (d["maklumat_published_on"] > out["maklumat_due"]))
        | (~mak & (today > out["maklumat_due"])))
    out["evaluation_overdue"] = adopted & (today > out["evaluation_due"])
    out["review_overdue"] = adopted & (today > out["review_due"])
    return out


def _wd(stamps: pd.Series, days: int, calendar: WorkingCalendar) -> pd.Series:
    """Return the date ``days`` working days after each date (NaT stays NaT)."""
    if stamps.empty:
        return stamps
    shifted = add_working_days(stamps, days, calendar)
    return pd.to_datetime(shifted).astype("datetime64[us]")
