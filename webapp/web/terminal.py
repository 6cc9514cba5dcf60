"""The terminal: run a line (htmx fragment or redirect), Tab completion, panel refresh, start over."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from htmx_flask import make_response as htmx_response

from webapp.web.i18n import translate
from webapp.web.security import check_csrf, seed_for
from webapp.web.service import (SANDBOX, clear_scrollback, lesson_for, max_command_length, open_workspace,
                                restart_workspace, run_command)
from webapp.web.sessions import current_session, ensure_session
from webapp.web.panels import snapshot
from webapp.web.views import workbench

bp = Blueprint("terminal", __name__, url_prefix="/w")

_MESSAGES = {"rate": "terminal.rate", "busy": "terminal.busy", "internal": "terminal.internal",
             "gone": "terminal.gone"}


def _lesson_or_404(key: str):
    lesson = lesson_for(key)
    if lesson is None:
        abort(404)
    return lesson


def page_url(key: str) -> str:
    return url_for("pages.sandbox") if key == SANDBOX else url_for("pages.lesson", slug=key)


@bp.post("/<key>/commands")
def command(key: str):
    lesson = _lesson_or_404(key)
    check_csrf()
    line = request.form.get("command", "")
    line = line.replace("\r\n", "\n").replace("\r", "\n")
    info = ensure_session()
    outcome = run_command(info.id, key, line, seed_for(key))
    if not request.htmx:
        response = redirect(page_url(key) + "#terminal-input", 303)
        response.headers["Vary"] = "HX-Request"
        return response
    if outcome.status == "too_long":
        entry = (outcome.prompt, line[:200] + "…", translate("terminal.too_long", length=len(line),
                                                              limit=max_command_length()), 1)
        return _fragment("_command_response.html", entry=entry)
    if outcome.status != "ok":
        entry = (outcome.prompt, line, translate(_MESSAGES[outcome.status]), 1)
        return _fragment("_command_response.html", entry=entry)
    result, live = outcome.result, outcome.live
    after = snapshot(live)
    panels = workbench(key, lesson, live, after)
    changed = {
        "cluster": after.cluster != outcome.before.cluster,
        "chart": after.traffic != outcome.before.traffic or after.cluster != outcome.before.cluster,
        "steps": after.progress != outcome.before.progress,
        "prompt": after.prompt != outcome.before.prompt,
    }
    entry = (outcome.prompt, outcome.line, result.output, result.exit_code)
    response = _fragment("_command_response.html", entry=None if result.clear else entry,
                         show_panels=True, changed=changed, **panels)
    if result.clear:  # `clear` / Ctrl+L: the output area is emptied instead of appended to
        response = htmx_response(response, reswap="innerHTML")
    return response


def _fragment(template: str, **context):
    context.setdefault("changed", {})
    context.setdefault("show_panels", False)
    response = htmx_response(render_template(template, **context))
    response.headers["Vary"] = "HX-Request"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<key>/complete")
def complete(key: str):
    _lesson_or_404(key)
    line = request.args.get("line", "")[:2000]
    info = current_session()
    live = open_workspace(info.id if info else None, key, seed_for(key))
    try:
        candidates = list(live.terminal.complete(line))[:200]
    except Exception:  # completion is a convenience: a failure offers nothing rather than a 500
        candidates = []
    return jsonify(completions=[str(c) for c in candidates])


@bp.get("/<key>/panels")
def panels(key: str):
    """The panels again (they change with time alone while pods start or stop)."""
    lesson = _lesson_or_404(key)
    info = current_session()
    live = open_workspace(info.id if info else None, key, seed_for(key))
    changed = {"cluster": True, "chart": True, "steps": True, "prompt": False}
    return _fragment("_command_response.html", entry=None, show_panels=True, changed=changed,
                     **workbench(key, lesson, live))


@bp.post("/<key>/restart")
def restart(key: str):
    _lesson_or_404(key)
    check_csrf()
    info = current_session()
    if info is not None:
        restart_workspace(info.id, key)
    return redirect(page_url(key), 303)


@bp.post("/<key>/clear")
def clear(key: str):
    _lesson_or_404(key)
    check_csrf()
    info = current_session()
    if info is not None:
        clear_scrollback(info.id, key)
    return ("", 204)


