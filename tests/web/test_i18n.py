"""Interface language: the English catalog is complete and compiled, and the switch works.

Strings are written in Bahasa Indonesia in the code and templates; translations/en holds English.
The workflow for new strings is in translations/README.md.
"""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
EN_MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"
# The same keywords as the Makefile's `pybabel extract`: Babel's defaults, lazy_gettext imported
# as _l, and lazy_pgettext (a string with a context, e.g. a band name that also means "shortage").
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_pgettext": ((1, "c"), 2)}
HOW_TO_FIX = ("Add the English text to translations/en/LC_MESSAGES/messages.po "
              "(`make translations-update` adds new strings to it), then run `make translations`.")


def _extracted() -> dict[tuple[str, str | None], list[str]]:
    """Return every message in the code and templates, as babel.cfg and pybabel see them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, filename="babel.cfg")
    found: dict[tuple[str, str | None], list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((msgid, context), []).append(f"{filename}:{lineno}")
    return found


def _read_po():
    with open(EN_PO, "rb") as f:
        return read_po(f, locale="en")


def _translated(string) -> bool:
    strings = string if isinstance(string, tuple) else (string,)
    return bool(strings) and all(s and s.strip() for s in strings)


def test_every_message_has_an_english_translation():
    extracted = _extracted()
    assert len(extracted) > 100, "extraction found almost nothing; is babel.cfg right?"
    catalog = _read_po()
    missing = []
    by_text = sorted(extracted.items(), key=lambda item: (item[0][0], item[0][1] or ""))
    for (msgid, context), where in by_text:
        entry = catalog.get(msgid, context=context)
        if entry is None or entry.fuzzy or not _translated(entry.string):
            state = "missing" if entry is None else "fuzzy" if entry.fuzzy else "empty"
            missing.append(f"  [{state}] {msgid!r} ({where[0]})")
    assert not missing, (
        f"{len(missing)} message(s) lack a (non-fuzzy) English translation:\n"
        + "\n".join(missing) + "\n" + HOW_TO_FIX)


def test_english_translations_keep_the_placeholders():
    catalog = _read_po()
    wrong = [f"  {m.id!r} -> {m.string!r}" for m in catalog
             if m.id and _translated(m.string) and _placeholders(m.id) != _placeholders(m.string)]
    wrong += [f"  {m.id!r}: {'; '.join(map(str, errors))}" for m, errors in catalog.check()]
    assert not wrong, "English translations with broken %(name)s placeholders:\n" + "\n".join(wrong)


def _placeholders(text) -> list[str]:
    text = text[0] if isinstance(text, tuple) else text
    return sorted(re.findall(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]", text))


def test_compiled_catalog_matches_the_po_file():
    catalog = _read_po()
    expected = {(m.id, m.context): m.string for m in catalog
                if m.id and not m.fuzzy and _translated(m.string)}
    assert EN_MO.exists(), f"{EN_MO.relative_to(ROOT)} is missing; run `make translations`."
    with open(EN_MO, "rb") as f:
        compiled = read_mo(f)
    # Babel's read_mo leaves a message context (msgctxt) as bytes.
    actual = {(m.id, m.context.decode() if isinstance(m.context, bytes) else m.context): m.string
              for m in compiled if m.id}
    stale = sorted(repr(key[0]) for key in expected.keys() | actual.keys()
                   if expected.get(key) != actual.get(key))
    assert not stale, (
        "messages.mo is out of date with messages.po; run `make translations` and commit "
        "the .mo. Differing messages:\n  " + "\n  ".join(stale))


def test_signed_in_user_sees_indonesian_then_english_after_switching(client, make_user, login_as):
    login_as(make_user(role="viewer"))

    html = client.get("/units/").get_data(as_text=True)
    assert 'lang="id"' in html
    assert "Unit dan perangkat daerah" in html
    assert ">Periode</a>" in html
    assert "Units and regional agencies" not in html

    response = client.post("/lang/en", data={"next": "/units/"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/units/")

    html = client.get("/units/").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Units and regional agencies" in html
    assert ">Period</a>" in html
    assert "Sign out" in html
    assert "Unit dan perangkat daerah" not in html

    client.post("/lang/id", data={"next": "/units/"})
    assert "Unit dan perangkat daerah" in client.get("/units/").get_data(as_text=True)


def test_browser_preference_picks_english_until_the_user_switches(client):
    html = client.get("/auth/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Sign in to evalsys" in html.get_data(as_text=True)
    client.post("/lang/id", data={"next": "/auth/login"})
    html = client.get("/auth/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Masuk ke evalsys" in html.get_data(as_text=True)


@pytest.mark.parametrize(("locale", "expected", "whole"),
                         [("id", "1.234,50", "1.235"), ("en", "1,234.50", "1,235")])
def test_number_filter_follows_the_language(app, locale, expected, whole):
    number = app.jinja_env.filters["number"]
    with app.test_request_context(), force_locale(locale):
        assert number(1234.5) == expected
        assert render_template_string("{{ 1234.5|number }}") == expected
        assert number(1234.56, 0) == whole
        assert number(None) == "–"


def test_numbers_round_half_up_like_the_regulations(app):
    from flask_babel import force_locale

    from evalsys.i18n import number

    with app.test_request_context(), force_locale("id"):
        assert number(88.305) == "88,31"
        assert number(1234.5, 0) == "1.235"
