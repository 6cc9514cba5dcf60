"""Cross-site request protection, cookies and response headers.

The CSRF token is an HMAC of a random cookie (signed double submit): nothing is stored on the
server, a GET creates no state, and the token stays valid as long as the cookie (30 days), so a
three-hour workshop never sees it expire. htmx sends it in a header; plain forms in a field.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import abort, current_app, g, request

CSRF_COOKIE = "kubetutor_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
CSRF_MAX_AGE = 30 * 24 * 3600

CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# style-src allows inline styles because plotly.js writes <style> rules for its charts; scripts stay strict.


def _sign(value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"csrf:{value}".encode(), hashlib.sha256).hexdigest()


def csrf_seed() -> str:
    """This browser's random CSRF cookie value, made on first use (set on the response later)."""
    if "csrf_seed" not in g:
        value = request.cookies.get(CSRF_COOKIE, "")
        if not (16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()):
            value = secrets.token_urlsafe(24)
            g.set_csrf_cookie = True
        g.csrf_seed = value
    return g.csrf_seed


def csrf_token() -> str:
    return _sign(csrf_seed())


def check_csrf() -> None:
    """Abort with 403 unless the request carries this browser's token and comes from our origin."""
    origin = request.headers.get("Origin")
    if origin and origin != request.host_url.rstrip("/"):
        abort(403)
    if request.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
        abort(403)
    presented = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD, "")
    cookie = request.cookies.get(CSRF_COOKIE)
    # compared as bytes: compare_digest refuses non-ASCII str, and a forged token may be anything
    if not cookie or not presented or not hmac.compare_digest(presented.encode("utf-8", "surrogatepass"),
                                                              _sign(cookie).encode()):
        abort(403)


def seed_for(key: str) -> int:
    """The simulation seed of this browser's workspace `key` before it is saved: the page shown
    before the first command and the workspace that command creates are the same cluster."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"seed:{csrf_seed()}:{key}".encode(),
                      hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def cookie_args(max_age: int) -> dict:
    return {"max_age": max_age, "httponly": True, "samesite": "Lax", "path": "/",
            "secure": current_app.config["KUBETUTOR_COOKIE_SECURE"] or request.is_secure}


def finish_response(response):
    """Security headers on every response, and the CSRF cookie when this request made one."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if g.get("set_csrf_cookie"):
        response.set_cookie(CSRF_COOKIE, g.csrf_seed, **cookie_args(CSRF_MAX_AGE))
    return response
