"""Pages: the lesson list, a lesson page, the sandbox, the language switch and the reset."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, g, make_response, redirect, render_template, request, url_for

from webapp.web.i18n import LANG_COOKIE, LANGS
from webapp.web.security import check_csrf, cookie_args, seed_for
from webapp.web.service import SANDBOX, kit, lesson_for, lesson_pages, open_workspace
from webapp.web.sessions import current_session, forget_session
from webapp.web.views import history_of, workbench

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    info = current_session()
    summaries = kit().store.summaries(info.id) if info else {}
    sandbox = lesson_for(SANDBOX)
    return render_template("index.html", lessons=lesson_pages(), summaries=summaries, sandbox=sandbox,
                           has_session=info is not None)


@bp.get("/healthz")
def healthz():
    """A bare endpoint: liveness checks, and the benchmark's baseline for a request's cost."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/lessons/<slug>")
def lesson(slug: str):
    lesson = lesson_for(slug)
    if lesson is None or slug == SANDBOX:
        abort(404)
    return _lesson_page(slug, lesson)


@bp.get("/sandbox")
def sandbox():
    lesson = lesson_for(SANDBOX)
    if lesson is None:
        abort(404)
    return _lesson_page(SANDBOX, lesson)


def _lesson_page(key: str, lesson):
    info = current_session()
    live = open_workspace(info.id if info else None, key, seed_for(key))
    pages = lesson_pages()
    slugs = [p.slug for p in pages]
    index = slugs.index(key) if key in slugs else None
    neighbours = {
        "previous": pages[index - 1] if index else None,
        "next": pages[index + 1] if index is not None and index + 1 < len(pages) else None,
    }
    return render_template("lesson.html", scrollback=live.scrollback, history=history_of(live),
                           **neighbours, **workbench(key, lesson, live))


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //) is followed after a POST."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("pages.index")


@bp.post("/lang")
def set_lang():
    check_csrf()
    lang = request.form.get("lang", "")
    if lang not in LANGS:
        abort(400)
    g.lang = lang
    info = current_session()
    if info is not None:
        kit().store.set_lang(info.id, lang)
    response = make_response(redirect(_safe_next(request.form.get("next")), 303))
    response.set_cookie(LANG_COOKIE, lang, **cookie_args(365 * 24 * 3600))
    return response


@bp.post("/reset")
def reset():
    check_csrf()
    forget_session()
    return redirect(url_for("pages.index"), 303)
