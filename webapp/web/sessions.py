"""The browser's session: an opaque id in an HttpOnly cookie, resolved through the store."""
from __future__ import annotations

from flask import current_app, g, request

from webapp.store import SessionInfo
from webapp.store.ids import plausible_id
from webapp.web.i18n import current_lang
from webapp.web.security import cookie_args
from webapp.web.service import kit

SESSION_COOKIE = "kubetutor_session"


def current_session() -> SessionInfo | None:
    """The live browser session named by the cookie; None for no, expired, forged or API ids."""
    if "browser_session" not in g:
        sid = request.cookies.get(SESSION_COOKIE)
        info = kit().store.get_session(sid) if plausible_id(sid) else None
        g.browser_session = info if info is not None and info.token_hash is None else None
    return g.browser_session


def ensure_session() -> SessionInfo:
    """The current session, or a new one (only POST handlers call this: a GET never creates state)."""
    info = current_session()
    if info is None:
        info = kit().store.create_session(lang=current_lang())
        g.browser_session = info
    g.refresh_session_cookie = True
    return info


def forget_session() -> None:
    info = current_session()
    if info is not None:
        kit().store.delete_session(info.id)
    g.browser_session = None
    g.drop_session_cookie = True


def finish_response(response):
    if g.get("drop_session_cookie"):
        response.delete_cookie(SESSION_COOKIE, path="/")
    elif g.get("refresh_session_cookie") and g.get("browser_session") is not None:
        response.set_cookie(SESSION_COOKIE, g.browser_session.id,
                            **cookie_args(int(current_app.config["KUBETUTOR_SESSION_TTL"])))
    return response
