"""The seam between the web layer and the simulator: build, restore and run one workspace.

A stored workspace is `{"kind": "lesson" | "terminal", "state": ..., "scrollback": [...], "rate": [...]}`.
"lesson" wraps a `webapp.tutorial.Workspace` (a lesson page or the sandbox: terminal + progress);
"terminal" is a bare `webapp.shell.terminal.Terminal` on a fresh cluster (a JSON API session
created without a lesson, like `kubetutor shell --json`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("kubetutor.web")

FRESH = "fresh"   # the workspace key of a JSON API session that names no lesson


@dataclass(frozen=True)
class Failure:
    """A command the web layer answered itself (the simulator raised): shaped like a Result."""

    output: str
    exit_code: int = 1
    prompt: str = "$ "
    context: str = "workstation"
    changed: bool = False
    clear: bool = False
    failed: bool = True


class LiveWorkspace:
    """A restored workspace plus the terminal's scrollback, ready to run a line and be saved again."""

    def __init__(self, kind: str, inner: Any, scrollback: list, rate: list, prompt: str = "$ ") -> None:
        self.kind, self.inner, self.scrollback, self.rate = kind, inner, scrollback, rate
        self.prompt = prompt   # what the terminal shows before the next line

    @property
    def terminal(self):
        return self.inner.terminal if self.kind == "lesson" else self.inner

    @property
    def lesson(self):
        return self.inner.lesson if self.kind == "lesson" else None

    @property
    def progress(self) -> dict[str, bool]:
        return dict(self.inner.progress) if self.kind == "lesson" else {}

    def hint_html(self, lang: str) -> str | None:
        return self.inner.hint_html(lang) if self.kind == "lesson" else None

    def run(self, line: str):
        result = self.inner.run(line)
        self.prompt = result.prompt
        return result

    def refresh(self) -> None:
        """Let time-based checks (a pod became Ready) complete steps without a command."""
        if self.kind == "lesson":
            self.inner.refresh()

    def record(self, prompt: str, line: str, result, limit: int) -> None:
        if result.clear:
            self.scrollback.clear()
            return
        self.scrollback.append([prompt, line, result.output, result.exit_code])
        del self.scrollback[:-limit]
        # keep the stored scrollback small even when single outputs are large: it is loaded and
        # saved with every command (what the page shows beyond it lives in the browser only)
        size = sum(len(e[2]) for e in self.scrollback)
        while len(self.scrollback) > 1 and size > SCROLLBACK_CHARS:
            size -= len(self.scrollback[0][2])
            del self.scrollback[0]

    def summary(self) -> dict:
        progress = self.progress
        return {"done": sum(progress.values()), "total": len(progress)}

    def to_blob(self) -> dict:
        return {"kind": self.kind, "state": self.inner.to_dict(), "scrollback": self.scrollback,
                "rate": self.rate, "prompt": self.prompt, "summary": self.summary()}


SCROLLBACK_CHARS = 40_000


class Simulator:
    """The real simulator (webapp.tutorial + webapp.shell), imported on first use."""

    def lessons(self) -> list:
        from webapp.tutorial import load_lessons
        return list(load_lessons())

    def new(self, key: str, seed: int, clock) -> LiveWorkspace:
        if key == FRESH:
            from webapp.shell.terminal import Terminal
            terminal = Terminal.new(seed, clock)
            return LiveWorkspace("terminal", terminal, [], [0, 0], terminal.prompt_safe())
        from webapp.tutorial import Workspace
        workspace = Workspace.new(key, seed, clock)
        return LiveWorkspace("lesson", workspace, [], [0, 0], workspace.terminal.prompt_safe())

    def load(self, blob: dict, clock) -> LiveWorkspace:
        if blob["kind"] == "terminal":
            from webapp.shell.terminal import Terminal
            inner = Terminal.from_dict(blob["state"], clock)
        else:
            from webapp.tutorial import Workspace
            inner = Workspace.from_dict(blob["state"], clock)
        return LiveWorkspace(blob["kind"], inner, list(blob.get("scrollback", [])),
                             list(blob.get("rate", [0, 0])), blob.get("prompt", "$ "))
