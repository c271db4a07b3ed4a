"""Shared by the benchmarks that serve the app with gunicorn: a free port, and waiting for it."""

import socket
import time
import urllib.request


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 90) -> None:
    """Wait until the app at `url` answers its login page, or raise after `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/auth/login", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")
