"""Shared fixtures and helpers of the complaint tests (no tests of its own).

Records are made through the real models and database; a fixed clock (COMPLAINTS_CLOCK) says
what "now" is, in UTC, so every test sees the same "today" in WIB, WITA and WIT.
"""

import html
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from models import db
from models.complaint import Complaint, ComplaintEvent

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def set_clock(app, local: str, zone: str = "WIB") -> None:
    """Make "now" the given wall-clock time of a zone, e.g. set_clock(app, "2025-04-30 10:00")."""
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(ZONES[zone])).astimezone(UTC)
    app.config["COMPLAINTS_CLOCK"] = lambda: moment


def add_complaint(unit, received: str, severity: str = "normatif", events=(), number=None,
                  **extra) -> Complaint:
    """Store a complaint with its receipt event and the given (status, local time) events."""
    at = datetime.fromisoformat(received)
    complaint = Complaint(
        unit_id=unit.id, tracking_number=number or f"T-{unit.code}-{at:%m%d%H%M}-{len(events)}",
        channel=extra.pop("channel", "sp4n_lapor"), kind=extra.pop("kind", "pengaduan"),
        severity=severity, received_at=at, subject=extra.pop("subject", "Pengaduan uji"),
        status=events[-1][0] if events else "diterima", **extra)
    complaint.events.append(ComplaintEvent(status="diterima", at=at))
    for status, when in events:
        complaint.events.append(ComplaintEvent(status=status, at=datetime.fromisoformat(when)))
    db.session.add(complaint)
    db.session.commit()
    return complaint


class _TextOf(HTMLParser):
    """Collect the text inside the element with a given id, nested elements included."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, element_id: str):
        super().__init__()
        self.element_id, self.depth, self.found, self.parts = element_id, 0, False, []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.element_id and not self.found:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(page: str, element_id: str) -> str:
    """Return the visible text of the element with that id (tags stripped, spaces collapsed)."""
    parser = _TextOf(element_id)
    parser.feed(page)
    assert parser.found, f"no element #{element_id}"
    return " ".join(" ".join(parser.parts).split())


def flashes(page: str) -> list[str]:
    """Return the flash messages shown on a page."""
    return [" ".join(html.unescape(m).split())
            for m in re.findall(r'<div class="flash[^"]*"[^>]*>(.*?)</div>', page, re.S)]


def event_statuses(complaint: Complaint) -> list[str]:
    """Return the stored statuses of a complaint's events in time order."""
    return list(db.session.scalars(select(ComplaintEvent.status).where(
        ComplaintEvent.complaint_id == complaint.id).order_by(ComplaintEvent.at,
                                                              ComplaintEvent.id)))


def complaint_count() -> int:
    """Return how many complaints are stored."""
    return db.session.scalar(select(func.count()).select_from(Complaint))


def make_sla_indicators(make_indicator) -> dict:
    """Create the three computed SLA indicators of the catalogue (for a module's fixture)."""
    return {code: make_indicator(code=code, source="computed", max_value=max_value)
            for code, max_value in (("sla_response_pct", 100), ("sla_resolution_pct", 100),
                                    ("resolution_wd_median", None))}
