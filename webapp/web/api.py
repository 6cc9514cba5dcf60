"""JSON API v1 (DESIGN.md): sessions, commands, traffic, delete. Errors are {"error": MESSAGE}."""
from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from webapp.store.ids import plausible_id, token_matches
from webapp.web.service import (API_KEY, create_api_session, kit, lesson_for, max_command_length,
                                open_workspace, run_command)

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class ApiProblem(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@bp.errorhandler(ApiProblem)
def _problem(exc: ApiProblem):
    response = jsonify(error=exc.message)
    response.status_code = exc.status
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kubetutor"'
    return response


def error_json(exc: HTTPException):
    """App-wide handler for HTTP errors under /api/: JSON, never an HTML page."""
    response = jsonify(error=exc.description if exc.code != 500 else "internal server error")
    response.status_code = exc.code or 500
    return response


def _body() -> dict:
    raw = request.get_data(cache=False)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiProblem(400, "request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiProblem(400, "request body must be a JSON object")
    return body


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _session(sid: str):
    """The API session `sid`, after checking the bearer token (404 unknown, 401 bad token)."""
    info = kit().store.get_session(sid) if plausible_id(sid) else None
    if info is None or info.token_hash is None:
        raise ApiProblem(404, "no such session")
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token_matches(token.strip(), info.token_hash):
        raise ApiProblem(401, "missing or wrong bearer token")
    return info


@bp.post("/sessions")
def create_session():
    limit = current_app.config["KUBETUTOR_RATE_SESSIONS"]
    if limit and kit().store.hit(f"sessions:{request.remote_addr}", 60) > limit:
        raise ApiProblem(429, "too many sessions created from this address; wait a minute")
    body = _body()
    seed, lesson = body.get("seed"), body.get("lesson")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63):
        raise ApiProblem(400, "seed must be a non-negative integer")
    if lesson is not None and (not isinstance(lesson, str) or lesson_for(lesson) is None):
        raise ApiProblem(400, f"unknown lesson: {str(lesson)[:80]!r}")
    info, token, live = create_api_session(seed, lesson)
    return jsonify(session=info.id, token=token, prompt=live.prompt), 201


@bp.post("/sessions/<sid>/commands")
def command(sid: str):
    info = _session(sid)
    body = _body()
    line = body.get("command")
    if not isinstance(line, str):
        raise ApiProblem(400, 'body must be {"command": "..."} with a string command')
    if not line.isascii() and _has_surrogates(line):  # a \udXXX escape: no terminal can type it, no store can keep it
        raise ApiProblem(400, "command is not valid Unicode text (lone surrogate)")
    if len(line) > max_command_length():
        raise ApiProblem(400, f"command too long ({len(line)} characters; the limit is {max_command_length()})")
    outcome = run_command(info.id, API_KEY, line, 0, panels=False)
    if outcome.status == "rate":
        raise ApiProblem(429, "too many commands in a short time")
    if outcome.status == "busy":
        raise ApiProblem(409, "the session changed concurrently; run the command again")
    if outcome.status == "gone":
        raise ApiProblem(404, "no such session")
    if outcome.status == "internal":
        return jsonify(output="kubetutor: the simulator failed on this command; nothing was changed\n",
                       exit_code=1, prompt=outcome.prompt, context="workstation")
    result = outcome.result
    return jsonify(output=result.output, exit_code=result.exit_code, prompt=result.prompt, context=result.context)


@bp.get("/sessions/<sid>/traffic")
def traffic(sid: str):
    info = _session(sid)
    live = open_workspace(info.id, API_KEY, 0)
    counts = live.terminal.traffic()
    return jsonify(pods=counts.get("pods", {}), services=counts.get("services", {}))


@bp.delete("/sessions/<sid>")
def delete(sid: str):
    info = _session(sid)
    kit().store.delete_session(info.id)
    return "", 204
