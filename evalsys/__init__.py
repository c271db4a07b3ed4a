"""evalsys: evaluate, rank and act on a local government's public service units."""

import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import CONFIGS, INSTANCE_DIR
from models import db

from . import audit, i18n
from .converters import BoundedIntConverter
from .extensions import babel, csrf, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, test_config: dict | None = None) -> Flask:
    """Build the Flask application for an environment (development, testing, production)."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    name = config_name or os.environ.get("EVALSYS_CONFIG", "development")
    app.config.from_object(CONFIGS[name])
    app.config.setdefault("VERSION", _code_version())
    if test_config:
        app.config.update(test_config)
    _ensure_secret_key(app, name)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    audit.init_app(app)
    app.url_map.converters["int"] = BoundedIntConverter  # before any route is added
    _register_blueprints(app)
    app.after_request(_security_headers)
    _trust_proxy(app)
    return app


def _trust_proxy(app: Flask) -> None:
    """Behind N trusted reverse proxies, take client address, scheme and host from them.

    Only when PROXY_FIX (EVALSYS_PROXY_FIX) is set: otherwise any client could claim another
    address in X-Forwarded-For and slip past the login and survey rate limits.
    """
    hops = int(app.config.get("PROXY_FIX") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _security_headers(response):
    """Forbid framing (clickjacking), MIME sniffing and leaking paths to other sites."""
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _code_version() -> str:
    """Return the release and, in a git checkout, the commit: stored with every score run."""
    version = "0.1.0"
    head = ROOT / ".git" / "HEAD"
    try:
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            ref = (ROOT / ".git" / ref[5:]).read_text().strip()
        return f"{version}+{ref[:10]}"
    except OSError:
        return version


def _ensure_secret_key(app: Flask, name: str) -> None:
    """Refuse to run production without SECRET_KEY; elsewhere keep a random one in instance/."""
    if app.config.get("SECRET_KEY"):
        return
    if name == "production":
        raise RuntimeError("SECRET_KEY must be set in the environment for production.")
    key_file = Path(app.instance_path) / "secret_key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def _register_blueprints(app: Flask) -> None:
    """Attach one blueprint per feature."""
    from . import (
        api,
        audit_log,
        auth,
        cli,
        complaints,
        dashboard,
        home,
        indicators,
        innovations,
        periods,
        profiles,
        proposals,
        quality,
        rankings,
        reports,
        standards,
        surveys,
        targets,
        units,
        users,
        workforce,
    )

    auth.init_app(app)
    for feature in (home, units, periods, users, indicators, audit_log, api, surveys,
                    complaints, standards, workforce, rankings, dashboard, profiles, quality,
                    targets, proposals, innovations, reports):
        app.register_blueprint(feature.bp)
    cli.init_app(app)
