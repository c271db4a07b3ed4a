"""Access checks shared by every blueprint."""

from functools import wraps

from flask import abort
from flask_login import current_user


def role_required(*roles: str):
    """Allow the view only to signed-in users holding one of the roles (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
