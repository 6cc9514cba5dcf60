"""The app's settings, from the environment (DESIGN.md, Configuration) with safe defaults."""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger("kubetutor")


def _int(environ, name: str, default: int) -> int:
    raw = environ.get(name, "")
    return int(raw) if raw.strip().isdigit() else default


def settings(instance_path: str, environ=os.environ) -> dict:
    """Flask config values for this process; `test_config` in create_app may override any of them."""
    return {
        "KUBETUTOR_STORE": environ.get("KUBETUTOR_STORE") or f"sqlite:///{Path(instance_path) / 'kubetutor.db'}",
        "KUBETUTOR_SESSION_TTL": _int(environ, "KUBETUTOR_SESSION_TTL", 7 * 24 * 3600),
        "KUBETUTOR_NODE_MODULES": environ.get("KUBETUTOR_NODE_MODULES") or str(REPO_ROOT / "node_modules"),
        # Fixed-window rate limits; 0 turns one off. A class behind one NAT address shares the IP limit.
        "KUBETUTOR_RATE_SESSIONS": _int(environ, "KUBETUTOR_RATE_SESSIONS", 600),   # per IP per minute
        "KUBETUTOR_RATE_COMMANDS": _int(environ, "KUBETUTOR_RATE_COMMANDS", 240),   # per workspace per minute
        "KUBETUTOR_SCROLLBACK": _int(environ, "KUBETUTOR_SCROLLBACK", 200),        # entries kept per terminal
        # API workspaces each worker keeps restored between commands (checked against the stored
        # version before every use); 0 restores every command from the store
        "KUBETUTOR_WORKSPACE_CACHE": _int(environ, "KUBETUTOR_WORKSPACE_CACHE", 64),
        "MAX_CONTENT_LENGTH": _int(environ, "KUBETUTOR_MAX_BODY", 256 * 1024),
        "MAX_FORM_MEMORY_SIZE": _int(environ, "KUBETUTOR_MAX_BODY", 256 * 1024),
        "SECRET_KEY": environ.get("KUBETUTOR_SECRET_KEY") or None,
        "KUBETUTOR_COOKIE_SECURE": environ.get("KUBETUTOR_COOKIE_SECURE", "") in ("1", "true", "yes"),
    }


def instance_secret(instance_path: str) -> str:
    """A secret key kept in the instance folder, made once: `make run` works with no configuration
    and every worker process (and the next restart) shares the same key."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        log.warning("KUBETUTOR_SECRET_KEY is not set: using a generated key kept in %s", path)
        tmp = path.with_name(f".secret_key.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)  # atomic: the first process to get here wins, the others read its key
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()
