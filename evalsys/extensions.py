"""Flask extensions, created unbound and attached to an app in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
migrate = Migrate(render_as_batch=True)  # batch mode lets SQLite alter tables
# No default limits: only the login form is throttled, by its own decorator.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
