"""The dossier as a Word document: same structure as the PDF, built with python-docx."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from flask_babel import gettext as _

from ..i18n import long_date
from . import charts


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    """Add a bordered table with a bold header row."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = str(text)


def _cover(doc, ctx: dict) -> None:
    """Add the cover: title, innovation name, unit, group, date."""
    for text, size, bold in ((ctx["title"], 16, True), (ctx["innovation"].name, 20, True),
                             (ctx["unit"].name, 13, False),
                             (_("Kelompok %(g)s", g=ctx["group_label"]), 11, False),
                             (long_date(ctx["today"]), 10, False)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    doc.add_page_break()


def _indicators(doc, ctx: dict) -> None:
    """Add the before/after table and chart."""
    doc.add_heading(_("Indikator Sebelum dan Sesudah Inovasi"), level=1)
    if not ctx["indicators"]:
        doc.add_paragraph(_("Belum ada indikator yang dikaitkan."))
        return
    _table(doc, [_("Indikator"), _("Satuan"), _("Sebelum"), _("Sesudah"), _("Perubahan")],
           [[r["title"], r["unit"], f"{r['before']} ({r['before_on']})",
             f"{r['after']} ({r['after_on']})", r["change"]] for r in ctx["indicators"]])
    if ctx["pairs"]:
        image = charts.png(ctx["pairs"], ctx["before_label"], ctx["after_label"])
        doc.add_picture(io.BytesIO(image), width=Cm(16))


def build(ctx: dict) -> bytes:
    """Return the DOCX bytes of a dossier context (see dossier.context)."""
    doc = Document()
    doc.core_properties.title = ctx["innovation"].name
    _cover(doc, ctx)
    doc.add_heading(_("Profil Inovasi"), level=1)
    _table(doc, [_("Uraian"), _("Isi")], [[k, v] for k, v in ctx["profile"]])
    for number, (label, text) in enumerate(ctx["sections"], start=1):
        doc.add_heading(f"{number}. {label}", level=1)
        for paragraph in (text or _("(belum diisi)")).split("\n"):
            doc.add_paragraph(paragraph)
    _indicators(doc, ctx)
    doc.add_heading(_("Daftar Bukti Pendukung"), level=1)
    if ctx["evidence"]:
        _table(doc, [_("No."), _("Jenis"), _("Judul"), _("Berkas/tautan")],
               [[str(r["no"]), r["kind"], r["title"], r["where"]] for r in ctx["evidence"]])
    else:
        doc.add_paragraph(_("Belum ada bukti."))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
