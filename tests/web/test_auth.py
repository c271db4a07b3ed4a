"""Sign-in, sign-out, password storage, cookies, rate limit and CSRF."""

from sqlalchemy import select

from evalsys import create_app
from models import AuditEvent, User, db
from tests.conftest import PASSWORD, csrf_token_from, fresh_app, login


def test_login_lands_on_role_home_and_records_the_event(client, make_user):
    leader = make_user("leader", username="sekda")
    response = login(client, leader)
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Beranda pimpinan" in page
    events = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.user_id == leader.id)).all()
    assert "login" in events


def test_wrong_password_is_refused_with_a_message(client, make_user):
    user = make_user("viewer", username="budi")
    response = client.post("/auth/login", data={"username": "budi", "password": "salah-sekali"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out
    assert user.password_hash != PASSWORD and user.password_hash.startswith("pbkdf2:")


def test_inactive_user_cannot_sign_in(client, make_user):
    make_user("admin", username="lama", is_active=False)
    response = client.post("/auth/login", data={"username": "lama", "password": PASSWORD})
    assert response.status_code == 200


def test_passwords_are_stored_hashed(app, client, make_user):
    admin = make_user("admin")
    login(client, admin)
    client.post("/users/new", data={"username": "baru", "full_name": "Pengguna Baru",
                                    "role": "viewer", "is_active": "y",
                                    "password": "rahasia-panjang-1"})
    stored = db.session.scalar(select(User).where(User.username == "baru"))
    assert stored is not None
    assert "rahasia-panjang-1" not in stored.password_hash
    assert stored.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"].split(":")[0])
    # Production keeps werkzeug's scrypt; only the test suite lowers the cost.
    assert create_app("development").config["PASSWORD_HASH_METHOD"] == "scrypt"
    assert stored.check_password("rahasia-panjang-1")


def test_logout_needs_post_and_ends_the_session(client, make_user):
    login(client, make_user("viewer"))
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/units/").status_code == 302


def test_login_redirect_never_leaves_the_site(client, make_user):
    user = make_user("viewer", username="ani")
    response = client.post("/auth/login?next=//evil.example/x",
                           data={"username": "ani", "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/auth/logout")
    response = client.post("/auth/login?next=/units/", data={"username": "ani",
                                                              "password": PASSWORD})
    assert response.headers["Location"] == "/units/"
    assert user.id


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    response = login(client, make_user("viewer"))
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_failed_logins_are_rate_limited_with_a_clear_message(app, client, make_user):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make_user("viewer", username="coba")
    for _ in range(3):
        assert client.post("/auth/login", data={"username": "coba", "password": "x"}
                           ).status_code == 200
    blocked = client.post("/auth/login", data={"username": "coba", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in blocked.get_data(as_text=True)


def test_successful_logins_do_not_count_towards_the_limit(app, client, make_user):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    user = make_user("viewer")
    for _ in range(4):
        login(client, user)
        client.post("/auth/logout")


def test_forms_require_a_csrf_token(database_url):
    with fresh_app(database_url, WTF_CSRF_ENABLED=True) as app:
        user = User(username="csrf", full_name="C", role="admin")
        user.set_password(PASSWORD, "pbkdf2:sha256:1000")
        db.session.add(user)
        db.session.commit()
        client = app.test_client()
        refused = client.post("/auth/login", data={"username": "csrf", "password": PASSWORD})
        assert refused.status_code == 400
        token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
        accepted = client.post("/auth/login", data={"username": "csrf", "password": PASSWORD,
                                                    "csrf_token": token})
        assert accepted.status_code == 302
        # The JSON API accepts a browser session only with the token in a header.
        body = {"unit_id": 1, "period_id": 1, "indicator": "x", "value": 1}
        assert client.post("/api/v1/values", json=body).status_code == 400


def test_pages_forbid_framing_and_sniffing(client):
    response = client.get("/auth/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
