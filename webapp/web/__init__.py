"""The Flask application: factory, production server (gunicorn, several workers) and dev server."""
from __future__ import annotations

import gzip
import logging
import os

from flask import Flask, render_template, request
from htmx_flask import Htmx
from jinja2 import StrictUndefined
from werkzeug.exceptions import HTTPException

from webapp.cluster.clock import SystemClock
from webapp.store import open_store
from webapp.web import api, assets, i18n, pages, security, sessions, terminal
from webapp.web.config import REPO_ROOT, instance_secret, settings
from webapp.web.engine import Simulator
from webapp.web.service import Kit, LiveCache

log = logging.getLogger("kubetutor.web")

_COMPRESSIBLE = ("text/html", "application/json", "text/css", "text/javascript", "text/plain")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. `test_config` overrides settings; it may also carry `KUBETUTOR_ENGINE` (the
    simulator seam) and `KUBETUTOR_CLOCK`."""
    instance_path = os.environ.get("KUBETUTOR_INSTANCE") or str(REPO_ROOT / "instance")
    if test_config and test_config.get("INSTANCE_PATH"):
        instance_path = test_config["INSTANCE_PATH"]
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True,
                template_folder=str(REPO_ROOT / "templates"), static_folder=str(REPO_ROOT / "static"))
    app.config.from_mapping(settings(instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret(instance_path)
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.autoescape = True
    app.jinja_env.globals.update(csrf_token=security.csrf_token)
    app.jinja_env.filters["continued"] = _continued
    Htmx().init_app(app)
    i18n.init_app(app)
    assets.init_app(app)

    store = app.config.get("KUBETUTOR_STORE_OBJECT") or open_store(
        app.config["KUBETUTOR_STORE"], ttl=app.config["KUBETUTOR_SESSION_TTL"])
    app.extensions["kubetutor"] = Kit(store=store, engine=app.config.get("KUBETUTOR_ENGINE") or Simulator(),
                                      clock=app.config.get("KUBETUTOR_CLOCK") or SystemClock(),
                                      live=LiveCache(app.config["KUBETUTOR_WORKSPACE_CACHE"]))

    for blueprint in (pages.bp, terminal.bp, api.bp, assets.bp):
        app.register_blueprint(blueprint)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if request.path.startswith("/api/"):
            return api.error_json(exc)
        code = exc.code or 500
        key = f"error.{code}" if f"error.{code}" in i18n.MESSAGES["en"] else "error.400"
        return render_template("error.html", code=code, message_key=key), code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            return {"error": "internal server error"}, 500
        return render_template("error.html", code=500, message_key="error.500"), 500

    @app.after_request
    def finish(response):
        response = sessions.finish_response(security.finish_response(response))
        return _compress(response)

    return app


def _continued(command: str) -> str:
    """A multi-line command as the shell echoes it: later lines after the `> ` continuation prompt."""
    return "\n> ".join(command.split("\n"))


def _compress(response):
    """gzip dynamic text responses (lesson pages, fragments, JSON) when the client accepts it."""
    if (response.direct_passthrough or response.status_code < 200 or response.status_code == 204
            or "Content-Encoding" in response.headers or response.mimetype not in _COMPRESSIBLE
            or "gzip" not in request.headers.get("Accept-Encoding", "")):
        return response
    body = response.get_data()
    if len(body) < 1024:
        return response
    response.set_data(gzip.compress(body, 5, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def warm_up(app: Flask) -> None:
    """Import the simulator and parse the lessons once, before the workers fork (fast first request)."""
    try:
        app.extensions["kubetutor"].lessons()
        import webapp.shell.terminal  # noqa: F401
        import webapp.tutorial.workspace  # noqa: F401
    except Exception:  # a broken lesson or module shows on its page; serving must still start
        log.exception("warm-up failed")


def default_workers() -> int:
    # a command is CPU-bound Python: one process per core and one spare to cover SQLite waits
    # (2 x cores + 1 made five processes fight over two cores and cut throughput by a quarter)
    return max(2, min(8, (os.cpu_count() or 1) + 1))


DEFAULT_THREADS = 2  # per worker: a second request proceeds while one waits on the store


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int | None = None,
          threads: int | None = None) -> None:
    """Run the app on gunicorn with several worker processes (sessions live in the store only)."""
    from gunicorn.app.base import BaseApplication

    instance_path = os.environ.get("KUBETUTOR_INSTANCE") or str(REPO_ROOT / "instance")
    if not os.environ.get("KUBETUTOR_SECRET_KEY"):
        instance_secret(instance_path)  # made once, before the workers fork and race for it

    class Gunicorn(BaseApplication):
        def load_config(self):
            options = {"bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                       "workers": workers or default_workers(), "worker_class": "gthread", "threads": threads or DEFAULT_THREADS,
                       "timeout": 60, "graceful_timeout": 10, "keepalive": 5, "accesslog": None,
                       "errorlog": "-", "loglevel": "warning", "proc_name": "kubetutor",
                       "preload_app": True}
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self):
            app = create_app()
            warm_up(app)
            return app

    print(f"kubetutor: serving on http://{host}:{port}/ with {workers or default_workers()} workers", flush=True)
    Gunicorn().run()


def dev_server(host: str = "127.0.0.1", port: int = 5000, reload: bool = True) -> None:
    """Werkzeug's development server with the reloader (one process; for editing templates/code)."""
    app = create_app()
    print(f"kubetutor (development): http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, debug=True, use_reloader=reload)


__all__ = ["create_app", "serve", "dev_server"]
