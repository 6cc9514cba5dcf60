"""A Workspace is one lesson page's terminal plus the learner's progress through its steps."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from webapp.shell.terminal import Result, Terminal
from webapp.tutorial.checks import CheckContext, evaluate
from webapp.tutorial.loader import lesson_by_slug
from webapp.tutorial.model import Lesson

# Output kept for `output_matches` across a save and load; longer output is cut (oldest first).
_KEPT_OUTPUT = 16_000
# The learner's own command record (runs of identical commands count as one entry).
_KEPT_COMMANDS = 400


class Workspace:
    """Terminal + lesson + which steps are done. Serializes to JSON-able dicts."""

    def __init__(self, lesson: Lesson, terminal: Terminal, done: list[str],
                 log: list[dict] | None = None, last: int = 0, last_output: str = "",
                 context: str = "workstation", newly_done: list[str] | None = None) -> None:
        self.lesson = lesson
        self.terminal = terminal
        self._done = [s.id for s in lesson.steps if s.id in set(done)]
        # What the learner ran here ({argv, context, exit_code, n}); the start state's setup is
        # not in it, and it does not depend on how much the terminal's own log keeps.
        self._log: list[dict] = list(log or [])
        self._last = last                    # how many trailing _log entries the latest run() wrote
        self._last_output = last_output
        self._context = context
        self._newly = list(newly_done or [])

    @classmethod
    def new(cls, slug: str, seed: int, clock: Any, lessons_path: str | Path | None = None
            ) -> "Workspace":
        """A fresh workspace for lesson `slug` ("sandbox" included), built from its start state.

        Raises KeyError for an unknown slug."""
        lesson = lesson_by_slug(slug, lessons_path)
        return cls(lesson, Terminal.new(seed, clock, setup=list(lesson.setup)), [])

    # ------------------------------------------------------------------ running

    def run(self, line: str) -> Result:
        """Run one terminal line, then re-evaluate the pending steps (see newly_done)."""
        log = self.terminal.command_log
        marker = log[-1] if log else None
        result = self.terminal.run(line)
        self._record(_entries_after(self.terminal.command_log, marker))
        self._last_output = result.output[-_KEPT_OUTPUT:]
        self._context = result.context
        self._newly = self._evaluate()
        return result

    def refresh(self) -> list[str]:
        """Re-evaluate pending steps without running anything (time may have made pods Ready)."""
        self._newly = self._evaluate()
        return list(self._newly)

    def _record(self, entries: list[dict]) -> None:
        fresh = 0
        for e in entries:
            argv = list(e.get("argv") or [])
            context, code = e.get("context", "workstation"), e.get("exit_code", 0)
            prev = self._log[-1] if fresh else None
            if prev and (prev["argv"], prev["context"], prev["exit_code"]) == (argv, context, code):
                prev["n"] += 1  # a loop: the 200 curls of one line are one entry
                continue
            self._log.append({"argv": argv, "context": context, "exit_code": code, "n": 1})
            fresh += 1
        del self._log[:-_KEPT_COMMANDS]
        self._last = min(fresh, len(self._log))

    def _context_for_checks(self) -> CheckContext:
        last = self._log[len(self._log) - self._last:] if self._last else []
        return CheckContext(self.terminal, self.lesson.namespace, self._log, last,
                            self._last_output, self._context)

    def _evaluate(self) -> list[str]:
        ctx = self._context_for_checks()
        newly = []
        for step in self.lesson.steps:
            if step.id in self._done:
                continue
            if all(evaluate(c, ctx) for c in step.checks):
                newly.append(step.id)
        done = set(self._done) | set(newly)
        self._done = [s.id for s in self.lesson.steps if s.id in done]
        return newly

    # ------------------------------------------------------------------ reading

    @property
    def progress(self) -> dict[str, bool]:
        """Step id -> done, in lesson order. A step stays done once done."""
        return {s.id: s.id in self._done for s in self.lesson.steps}

    @property
    def newly_done(self) -> list[str]:
        """The steps the last run() (or refresh()) completed."""
        return list(self._newly)

    @property
    def complete(self) -> bool:
        return len(self._done) == len(self.lesson.steps)

    def _hint(self):
        # Candidates: every pending step's hints in step order, then the lesson-wide ones. A hint
        # reacting to the line just run wins over a standing one, so a state hint that keeps
        # holding cannot hide the answer to a fresh wrong turn; otherwise the first in order wins.
        pending = [s for s in self.lesson.steps if s.id not in self._done]
        if not pending:
            return None
        ctx = self._context_for_checks()
        candidates = [*(h for s in pending for h in s.hints), *self.lesson.hints]
        standing = None
        for hint in candidates:
            if (hint.reactive or standing is None) and evaluate(hint.when, ctx):
                if hint.reactive:
                    return hint
                standing = hint
        return standing

    def hint(self, lang: str) -> str | None:
        """The hint (Markdown source, one line) for what the learner just did or where they are.

        Among the hints of every pending step (in step order) and then the lesson's: the first
        that reacts to the latest line, else the first standing one that holds; None if none."""
        h = self._hint()
        return h.text(lang) if h else None

    def hint_html(self, lang: str) -> str | None:
        """The same hint rendered inline (code spans become <code>, everything else escaped)."""
        h = self._hint()
        return h.html(lang) if h else None

    # ------------------------------------------------------------------ storage

    def to_dict(self) -> dict:
        return {"v": 1, "slug": self.lesson.slug, "terminal": self.terminal.to_dict(),
                "done": list(self._done), "log": self._log, "last": self._last,
                "last_output": self._last_output, "context": self._context,
                "newly": list(self._newly)}

    @classmethod
    def from_dict(cls, d: dict, clock: Any, lessons_path: str | Path | None = None
                  ) -> "Workspace":
        lesson = lesson_by_slug(d["slug"], lessons_path)
        return cls(lesson, Terminal.from_dict(d["terminal"], clock), d.get("done", []),
                   d.get("log", []), d.get("last", 0), d.get("last_output", ""),
                   d.get("context", "workstation"), d.get("newly", []))


def _entries_after(log: list[dict], marker: dict | None) -> list[dict]:
    """The entries appended after `marker` (found by identity: the log may have been trimmed)."""
    if marker is None:
        return list(log)
    for i in range(len(log) - 1, -1, -1):
        if log[i] is marker:
            return log[i + 1:]
    return list(log)  # the marker was trimmed away: everything there is new
