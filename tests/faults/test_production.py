"""The production configuration: secret required, secure cookies, headers, trusted proxy only.

deploy/ runs the app with EVALSYS_CONFIG=production behind nginx; these tests pin what that
relies on from the app itself.
"""

import pytest
from flask import jsonify, request

from evalsys import create_app
from evalsys.auth import public

SQLITE = {"SQLALCHEMY_DATABASE_URI": "sqlite://"}
HTTP = "http://localhost/"  # what gunicorn sees from nginx: plain http on the loopback


def _production(**config):
    return create_app("production", {"SECRET_KEY": "k" * 64, **SQLITE, **config})


def _with_echo(app):
    """Add a public page that shows what the app believes about the request."""

    @public
    def echo():
        return jsonify(scheme=request.scheme, remote_addr=request.remote_addr,
                       host=request.host, url=request.url_root)

    app.add_url_rule("/_echo", "echo", echo)
    return app


def test_production_refuses_to_start_without_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", {"SECRET_KEY": None, **SQLITE})


def test_production_cookies_are_secure_http_only_and_same_site():
    app = _production()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["REMEMBER_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["PREFERRED_URL_SCHEME"] == "https"
    assert app.config["WTF_CSRF_ENABLED"] is not False
    with app.app_context():
        from models import db

        db.create_all()
        cookie = app.test_client().get("/auth/login").headers["Set-Cookie"]
    assert "session=" in cookie
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in cookie


@pytest.mark.parametrize("path", ["/auth/login", "/no-such-page"])
def test_security_headers_on_every_response(path):
    app = _production()
    with app.app_context():
        from models import db

        db.create_all()
        headers = app.test_client().get(path).headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "evalsys.example.go.id"}


def test_forwarded_headers_are_ignored_unless_a_proxy_is_trusted():
    client = _with_echo(_production()).test_client()
    body = client.get("/_echo", headers=FORWARDED, base_url=HTTP).json
    assert (body["scheme"], body["remote_addr"]) == ("http", "127.0.0.1")
    assert body["host"] == "localhost"


def test_proxy_fix_takes_client_address_and_scheme_from_the_trusted_proxy():
    app = _with_echo(_production(PROXY_FIX=1))
    body = app.test_client().get("/_echo", headers=FORWARDED, base_url=HTTP).json
    assert (body["scheme"], body["remote_addr"]) == ("https", "203.0.113.7")
    assert body["url"] == "https://evalsys.example.go.id/"
    # Only the last hop is trusted: an address the client itself put first is not believed.
    spoofed = app.test_client().get("/_echo", base_url=HTTP, headers=FORWARDED | {
        "X-Forwarded-For": "10.9.9.9, 203.0.113.7"}).json
    assert spoofed["remote_addr"] == "203.0.113.7"


def test_proxy_fix_is_read_from_the_environment(monkeypatch):
    import config

    monkeypatch.setenv("EVALSYS_PROXY_FIX", "1")
    assert config.proxies_from_environment() == 1
    monkeypatch.delenv("EVALSYS_PROXY_FIX")
    assert config.proxies_from_environment() == 0
