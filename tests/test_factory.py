"""The application factory and its configuration."""

import pytest

import config
from evalsys import create_app


def test_testing_config_is_applied():
    app = create_app("testing")
    assert app.testing and app.config["WTF_CSRF_ENABLED"] is False


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "x" * 32)
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_keeps_a_generated_secret(tmp_path, monkeypatch):
    monkeypatch.setattr(config.DevelopmentConfig, "SECRET_KEY", None)
    first = create_app("development", {"TESTING": True})
    assert len(first.config["SECRET_KEY"]) >= 32
    assert create_app("development").config["SECRET_KEY"] == first.config["SECRET_KEY"]


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_database_url_selects_the_psycopg3_driver(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert config._database_url("sqlite://") == expected
