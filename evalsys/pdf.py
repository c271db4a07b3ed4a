"""Render an HTML template to PDF with WeasyPrint: no browser at run time.

Printable templates extend `templates/pdf/base.html`, which sets the A4 page, page numbers and
the footer (generation date, and a reference such as the run id). Charts go in as inline SVG.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, render_template

JAKARTA = ZoneInfo("Asia/Jakarta")


def render_pdf(template: str, footer: str = "", **context) -> bytes:
    """Render `template` with `context` and return the PDF bytes."""
    from weasyprint import HTML  # imported lazily: loading pango costs a second

    generated = datetime.now(JAKARTA)
    html = render_template(template, footer=footer, generated=generated, **context)
    return HTML(string=html, base_url=current_app.static_folder).write_pdf()
