"""The service functions behind both the pages and the JSON API: one command = one transaction."""
from __future__ import annotations

import logging
import os
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import current_app

from webapp.store import Change, Conflict, SessionGone, SessionInfo, update_workspace
from webapp.store.ids import hash_token, new_token
from webapp.web.engine import FRESH, Failure, LiveWorkspace
from webapp.web.panels import Snapshot, snapshot

log = logging.getLogger("kubetutor.web")

SANDBOX = "sandbox"
API_KEY = "api"   # a JSON API session holds exactly one workspace, under this key
RATE_WINDOW = 60


class LiveCache:
    """This process's restored API workspaces, each valid for exactly one stored version.

    The store stays the only truth: a workspace is reused only while the store still holds the
    version this process saved, and taking it removes it (an unsaved change is never reused)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], tuple[int, LiveWorkspace]] = OrderedDict()
        self._lock = threading.Lock()   # gthread workers serve several requests at once

    def take(self, sid: str, key: str, version: int) -> LiveWorkspace | None:
        with self._lock:
            item = self._items.pop((sid, key), None)
        return item[1] if item is not None and item[0] == version else None

    def put(self, sid: str, key: str, version: int, live: LiveWorkspace) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[(sid, key)] = (version, live)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


@dataclass
class Kit:
    """Everything the service functions need, built once per app (no request state)."""

    store: Any
    engine: Any
    clock: Any
    _lessons: list | None = field(default=None, repr=False)
    live: LiveCache = field(default_factory=lambda: LiveCache(0), repr=False)

    def lessons(self) -> list:
        if self._lessons is None:
            self._lessons = self.engine.lessons()
        return self._lessons


def kit() -> Kit:
    return current_app.extensions["kubetutor"]


def lesson_pages() -> list:
    """The numbered lessons in order (the sandbox is not one of them)."""
    return [lesson for lesson in kit().lessons() if getattr(lesson, "kind", "lesson") != "sandbox"]


def lesson_for(key: str):
    """The lesson (or the sandbox) whose page uses workspace `key`, or None."""
    return next((lesson for lesson in kit().lessons() if lesson.slug == key), None)


@dataclass(frozen=True)
class Outcome:
    status: str                 # ok | too_long | rate | internal | busy | gone
    line: str
    prompt: str                 # the prompt the line was typed at
    result: Any = None          # the terminal's Result (or a Failure)
    live: LiveWorkspace | None = None
    before: Snapshot | None = None


def open_workspace(sid: str | None, key: str, seed: int) -> LiveWorkspace:
    """The stored workspace, or the one its first command would create. Never writes anything."""
    k = kit()
    stored = k.store.read_workspace(sid, key) if sid else None
    if stored is not None:
        live = k.engine.load(stored.data, k.clock)
        live.refresh()
        return live
    return k.engine.new(key, seed, k.clock)


def run_command(sid: str, key: str, line: str, seed: int, panels: bool = True) -> Outcome:
    """Run `line` in workspace `key` of session `sid` (created from `seed` if new) and save it.
    `panels` asks for a snapshot from before the command (the page compares it to redraw panels)."""
    k, cfg = kit(), current_app.config
    limit = max_command_length()
    if len(line) > limit:
        return Outcome("too_long", line, "$ ")
    rate_limit = cfg["KUBETUTOR_RATE_COMMANDS"]

    def change(blob):
        reused = isinstance(blob, LiveWorkspace)
        live = blob if reused else k.engine.load(blob, k.clock) if blob else k.engine.new(key, seed, k.clock)
        prompt = live.prompt
        window = int(k.clock.now() // RATE_WINDOW)
        live.rate = [window, (live.rate[1] + 1) if live.rate and live.rate[0] == window else 1]
        if rate_limit and live.rate[1] > rate_limit:
            return Change(None, {}, Outcome("rate", line, prompt, live=live))
        before = snapshot(live) if panels else None
        try:
            result = live.run(line)
        except Exception:  # a simulator bug must not become a 500 nor leave half a change behind
            log.exception("simulator failed on %r", line[:200])
            result = Failure("")
        if getattr(result, "failed", False):  # the terminal says its state must not be saved
            if reused:  # the held workspace ran part of the line: start again from the store
                stored = k.store.read_workspace(sid, key)
                blob = stored.data if stored else None
            fresh = k.engine.load(blob, k.clock) if blob else k.engine.new(key, seed, k.clock)
            return Change(None, {}, Outcome("internal", line, prompt, result, fresh, before))
        shown = "^C" if line == "\x03" else line  # Ctrl+C at a `> ` prompt
        if key != API_KEY:  # only pages show a scrollback; an API client keeps its own transcript
            live.record(prompt, shown, result, cfg["KUBETUTOR_SCROLLBACK"])
        return Change(live.to_blob(), live.summary(), Outcome("ok", shown, prompt, result, live, before))

    # API answers read nothing after the save, so the saved workspace can serve the next command
    # on this process; pages render panels from it afterwards (reads may sync the cluster)
    cached = key == API_KEY and not panels and k.live.size > 0

    def saved(version: int, outcome: Change) -> None:
        if outcome.result.status == "ok":
            k.live.put(sid, key, version, outcome.result.live)

    try:
        if cached:
            return update_workspace(k.store, sid, key, change,
                                    reuse=lambda version: k.live.take(sid, key, version), saved=saved)
        return update_workspace(k.store, sid, key, change)
    except Conflict:
        return Outcome("busy", line, "$ ")
    except SessionGone:
        return Outcome("gone", line, "$ ")


def max_command_length() -> int:
    return _command_length(os.environ.get(_COMMAND_LENGTH_ENV))


_COMMAND_LENGTH_ENV = "KUBETUTOR_LIMIT_COMMAND_LENGTH"


@lru_cache(maxsize=8)  # asked twice per command; reading every limit from the environment is not free
def _command_length(raw: str | None) -> int:
    try:
        from webapp.cluster.limits import Limits
        return Limits.from_env({_COMMAND_LENGTH_ENV: raw} if raw else {}).command_length
    except ImportError:  # the cluster package is being written; its default is 16 KiB
        return 16_384


def restart_workspace(sid: str, key: str) -> None:
    """Start a lesson over: its workspace is dropped and rebuilt from the start state on next use."""
    kit().store.delete_workspace(sid, key)


def clear_scrollback(sid: str, key: str) -> None:
    def change(blob):
        if blob is None:
            return Change(None, {}, None)
        return Change({**blob, "scrollback": []}, blob.get("summary", {}), None)
    try:
        update_workspace(kit().store, sid, key, change)
    except (Conflict, SessionGone):
        pass


def create_api_session(seed: int | None, lesson: str | None) -> tuple[SessionInfo, str, LiveWorkspace]:
    """A new JSON API session with one workspace (a lesson's start state, or a fresh cluster)."""
    k = kit()
    token = new_token()
    info = k.store.create_session(token_hash=hash_token(token))
    live = k.engine.new(lesson or FRESH, seed if seed is not None else secrets.randbelow(2**31), k.clock)
    k.store.write_workspace(info.id, API_KEY, live.to_blob(), live.summary(), expected=0)
    return info, token, live
