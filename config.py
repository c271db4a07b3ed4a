"""Configuration classes; secrets and database URLs come from the environment."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _database_url(default: str) -> str:
    """Return DATABASE_URL normalised to the psycopg 3 driver, or the default."""
    url = os.environ.get("DATABASE_URL", default)
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants an explicit driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def proxies_from_environment() -> int:
    """Return EVALSYS_PROXY_FIX: how many reverse proxies' forwarded headers to trust."""
    return int(os.environ.get("EVALSYS_PROXY_FIX", "0"))


class Config:
    """Safe defaults shared by every environment."""

    # Signs the session cookie and CSRF tokens; each environment decides where it comes from.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # SQLite file under instance/ unless DATABASE_URL names PostgreSQL.
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'evalsys.db'}")
    # Detect connections dropped by a restarted database before using them.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # The session cookie is never readable by scripts and never sent on cross-site posts.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Bahasa Indonesia first; English is the second language of the interface.
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = ("id", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    # Failed logins allowed per client address before the login form refuses for a while.
    LOGIN_RATE_LIMIT = "10 per 5 minutes"
    # Where Flask-Limiter keeps its counters; use redis:// when running several workers.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Password hashing; werkzeug scrypt with its default cost.
    PASSWORD_HASH_METHOD = "scrypt"
    # Rows per page in long lists.
    PAGE_SIZE = 50
    # Public survey submissions allowed per client address (behind a proxy, use ProxyFix).
    SURVEY_RATE_LIMIT = "20 per hour"
    # Score runs compute in a background thread while the page shows progress.
    RUNS_IN_BACKGROUND = True
    # A run still "running" after this long lost its worker or database; it ends as failed.
    RUN_STALE_MINUTES = 60
    # Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are
    # trusted (werkzeug ProxyFix); 0 = none, so clients cannot spoof their address or scheme.
    PROXY_FIX = proxies_from_environment()
    # Uploaded evidence lives outside the web root (issue: standards and innovations).
    UPLOAD_DIR = os.environ.get("EVALSYS_UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024


class DevelopmentConfig(Config):
    """Local use with `make run`: a random secret kept under instance/ if none is set."""

    DEBUG = False


class TestingConfig(Config):
    """The test suite: in-memory SQLite unless EVALSYS_TEST_DATABASE_URL names PostgreSQL."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("EVALSYS_TEST_DATABASE_URL", "sqlite://")
    # Forms are tested with tokens in tests/web/test_security.py; elsewhere they would be noise.
    WTF_CSRF_ENABLED = False
    # Hashing with the production cost would dominate the suite's run time.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    RATELIMIT_ENABLED = True
    # Tests compute runs inline; tests/web/test_rankings.py covers the background thread.
    RUNS_IN_BACKGROUND = False


class ProductionConfig(Config):
    """Behind a TLS reverse proxy; refuses to start without SECRET_KEY."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
