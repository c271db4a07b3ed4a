"""gunicorn settings for evalsys behind nginx (see deploy/README.md).

Start with ``gunicorn -c deploy/gunicorn.conf.py 'evalsys:create_app("production")'``.
Every value can be overridden from the environment (the systemd unit and bench/load_bench.py
do so); the defaults suit a 2–4 core server with nginx on the same host.
"""

import multiprocessing
import os

# nginx proxies to this address only; never bind gunicorn to a public interface.
bind = os.environ.get("EVALSYS_BIND", "127.0.0.1:8000")
# Synchronous workers: 2 × cores + 1 is gunicorn's rule of thumb; each holds its own pool of
# database connections (SQLAlchemy default 5 + 10 overflow), so mind max_connections.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("EVALSYS_THREADS", "1"))
# Report pages and PDF exports can take tens of seconds on a large kabupaten; score runs go to
# a background thread and never hold a request. nginx's proxy_read_timeout is a bit higher.
timeout = int(os.environ.get("EVALSYS_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take the server down.
max_requests = 2000
max_requests_jitter = 200
# Only nginx on this host may set X-Forwarded-*; the app trusts them only with
# EVALSYS_PROXY_FIX=1 (werkzeug ProxyFix), which deploy/evalsys.service sets.
forwarded_allow_ips = os.environ.get("EVALSYS_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log to stdout (journald) with the client address nginx saw and the duration in µs.
accesslog = os.environ.get("EVALSYS_ACCESS_LOG", "-") or None
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(D)sµs "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("EVALSYS_LOG_LEVEL", "info")
# Load the app once in the master, then fork: faster start, shared memory for the code.
preload_app = os.environ.get("EVALSYS_PRELOAD", "1") == "1"
