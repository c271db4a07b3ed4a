"""Interface language and Indonesian number and date formats.

Messages are written in Bahasa Indonesia in the code and templates (the users' language is the
source language) and translated to English in translations/en. A string that lacks an English
translation therefore still shows, in Indonesian, rather than as an identifier.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import Flask, current_app, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale

LANG_KEY = "lang"


def select_locale() -> str:
    """Pick the language: the user's switch, else the browser's preference, else Indonesian."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get(LANG_KEY)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def number(value: float | int | None, decimals: int = 2) -> str:
    """Format a number for the current language (1.234,56 in Indonesian)."""
    if value is None:
        return "–"
    # Babel rounds halves to even; the regulations' figures (IKM 88,305 → 88,31) round up.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(rounded, format=pattern)


def long_date(value: date | datetime | None) -> str:
    """Format a date as 22 November 2026 (or its English form)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return format_datetime(value, "d MMMM y HH:mm")
    return format_date(value, "d MMMM y")


def init_app(app: Flask) -> None:
    """Register the formatting filters and the current language for templates."""
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["long_date"] = long_date

    @app.context_processor
    def _inject_locale() -> dict:
        return {"current_locale": str(get_locale())}
