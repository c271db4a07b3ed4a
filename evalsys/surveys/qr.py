"""QR codes of public survey addresses, as PNG and SVG bytes (segno; no Pillow needed)."""

import io

import segno


def qr_bytes(url: str, kind: str, scale: int = 10) -> bytes:
    """Return a QR code for the URL as "png" or "svg", with the standard quiet zone."""
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    if kind == "svg":
        code.save(buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True,
                  title="QR survei kepuasan masyarakat")
    else:
        code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
