"""The competition dossier of an innovation: PDF, DOCX and a ZIP with the attachments.

All three follow the KIPP proposal structure (METHODOLOGY §8.1): a cover with the unit and the
innovation, the profile, each proposal section of the innovation's group as a heading with its
text, the indicators before and after (table and chart), and the evidence list. They need an
application context (templates, translations, the upload folder), not a request, so the CLI and
the API can call them as the UI does: without a request, one is simulated so that the language
selector and Babel work (Indonesian unless the app's default says otherwise).
"""

import functools
import io
import zipfile
from contextlib import nullcontext
from datetime import datetime

from flask import current_app, has_request_context
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from models.innovation import Innovation

from ..i18n import long_date, number
from ..pdf import JAKARTA, render_pdf
from . import charts, labels, queries, uploads


def _in_request(builder):
    """Run a builder inside a request context, simulating one when called from the CLI."""

    @functools.wraps(builder)
    def wrapped(innovation: Innovation) -> bytes:
        scope = nullcontext() if has_request_context() else current_app.test_request_context()
        with scope:
            return builder(innovation)

    return wrapped


def _pairs(innovation: Innovation) -> list[charts.Pair]:
    return [charts.Pair(row.title, row.unit_of_measure or "", row.before_value, row.after_value)
            for row in innovation.indicators
            if row.before_value is not None and row.after_value is not None]


def _change(row) -> str:
    """Return the change from before to after, with its sign and a word on its direction."""
    if row.before_value is None or row.after_value is None:
        return "–"
    delta = row.after_value - row.before_value
    better = delta * (row.direction or 1) > 0
    word = _("membaik") if better else (_("tetap") if delta == 0 else _("memburuk"))
    pct = f" ({number(100 * delta / row.before_value, 1)} %)" if row.before_value else ""
    return f"{'+' if delta > 0 else ''}{number(delta)}{pct} · {word}"


def profile_rows(innovation: Innovation) -> list[tuple[str, str]]:
    """Return the profile as (label, value) pairs, as printed on the dossier."""
    unit = innovation.unit
    rows = [
        (_("Nama inovasi"), innovation.name),
        (_("Unit pelayanan"), unit.name),
        (_("Perangkat daerah"), unit.parent.name if unit.parent else "–"),
        (_("Kelompok"), str(labels.GROUP_LABELS.get(innovation.group, innovation.group))),
        (_("Kategori"), str(labels.CATEGORY_LABELS.get(innovation.category,
                                                        innovation.category))),
        (_("Tahap"), str(labels.STAGE_LABELS.get(innovation.stage, innovation.stage))),
        (_("Mulai uji coba"), long_date(innovation.started_on)),
        (_("Mulai penerapan"), long_date(innovation.implemented_on)),
        (_("Penggagas"), innovation.initiator or "–"),
    ]
    if innovation.group == "replikasi":
        rows.append((_("Inovasi yang direplikasi"), innovation.replicated_from or "–"))
    if innovation.prior_award or innovation.prior_top:
        rows.append((_("Penghargaan sebelumnya"), innovation.prior_award or _("Top Inovasi KIPP")))
    return rows


def indicator_rows(innovation: Innovation) -> list[dict]:
    """Return the before/after table rows with formatted numbers and dates."""
    return [{"title": row.title, "unit": row.unit_of_measure or "",
             "before": number(row.before_value), "before_on": long_date(row.before_on),
             "after": number(row.after_value), "after_on": long_date(row.after_on),
             "change": _change(row), "source": row.source or "–"}
            for row in innovation.indicators]


def evidence_rows(innovation: Innovation) -> list[dict]:
    """Return the evidence list: number, kind, title, and the attachment name or the link."""
    return [{"no": i, "kind": str(labels.EVIDENCE_LABELS.get(e.kind, e.kind)), "title": e.title,
             "where": e.url or f"lampiran/{attachment_name(i, e.original_name)}"}
            for i, e in enumerate(innovation.evidence, start=1)]


def attachment_name(position: int, original: str | None) -> str:
    """Return the safe name of an attachment inside the ZIP, e.g. 01_SK_Penetapan.pdf."""
    safe = secure_filename(original or "") or "berkas"
    return f"{position:02d}_{safe}"


def context(innovation: Innovation) -> dict:
    """Return everything the PDF and the DOCX print."""
    before, after = _("Sebelum"), _("Sesudah")
    return {
        "innovation": innovation, "unit": innovation.unit,
        "title": _("Proposal Inovasi Pelayanan Publik"),
        "group_label": str(labels.GROUP_LABELS.get(innovation.group, innovation.group)),
        "profile": profile_rows(innovation),
        "sections": [(label, innovation.section(code))
                     for code, label in labels.sections_for(innovation.group)],
        "indicators": indicator_rows(innovation),
        "pairs": _pairs(innovation), "before_label": before, "after_label": after,
        "evidence": evidence_rows(innovation),
        "verdict": queries.verdict(innovation),
        "describe": labels.describe,
        "today": datetime.now(JAKARTA).date(),
    }


@_in_request
def dossier_pdf(innovation: Innovation) -> bytes:
    """Return the dossier as PDF (WeasyPrint; the chart as inline SVG)."""
    ctx = context(innovation)
    chart = charts.svg(ctx["pairs"], ctx["before_label"], ctx["after_label"])
    return render_pdf("pdf/dossier.html", footer=innovation.name,
                      chart_svg=chart, **ctx)


@_in_request
def dossier_docx(innovation: Innovation) -> bytes:
    """Return the dossier as a Word document (python-docx)."""
    from .dossier_docx import build

    return build(context(innovation))


@_in_request
def dossier_zip(innovation: Innovation) -> bytes:
    """Return a ZIP with the PDF, the DOCX, the attachments and a list of links."""
    base = secure_filename(innovation.name) or "inovasi"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{base}.pdf", dossier_pdf(innovation))
        archive.writestr(f"{base}.docx", dossier_docx(innovation))
        archive.writestr("lampiran/DAFTAR_LAMPIRAN.txt", _attachment_list(innovation))
        for position, record in enumerate(innovation.evidence, start=1):
            if record.stored_name:
                path = _stored_path(record.stored_name)
                if path is not None:
                    name = attachment_name(position, record.original_name)
                    archive.write(path, f"lampiran/{name}")
    return buffer.getvalue()


def _stored_path(stored_name: str):
    """Return the stored file's path, or None when it is missing or not ours."""
    try:
        path = uploads.path_of(stored_name)
    except uploads.UploadRejected:
        return None
    return path if path.is_file() else None


def _attachment_list(innovation: Innovation) -> str:
    """Return the text list of attachments and links included in the ZIP."""
    lines = [_("Lampiran dossier inovasi: %(n)s", n=innovation.name), ""]
    for row in evidence_rows(innovation):
        lines.append(f"{row['no']}. [{row['kind']}] {row['title']} — {row['where']}")
    if len(lines) == 2:
        lines.append(_("Belum ada bukti."))
    return "\n".join(lines) + "\n"
