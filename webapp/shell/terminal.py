"""The terminal: one learner's workstation shell, the pod shells entered with `kubectl exec -it`,
and the cluster behind them. Text in, Result out; the whole state is plain JSON.

A Terminal is not shared between requests: the store loads it, runs one line and saves it.
"""
from __future__ import annotations

import logging
import shlex
from dataclasses import dataclass
from typing import Iterable

from webapp.cluster.clock import Clock, OffsetClock
from webapp.cluster.cluster import Cluster
from webapp.cluster.limits import DEFAULT_LIMITS, Limits
from webapp.cluster.lifecycle import pod_terminating

from .fs import FileTree
from .hosts import WorkstationHost
from .lang import IncompleteInput, ParseError, ShellExit, ShellState, execute, parse
from .programs import Budget, LimitExceeded, Stream
from .world import World

log = logging.getLogger(__name__)

HISTORY_LIMIT = 500
COMMAND_LOG_LIMIT = 300
CONTINUATION_PROMPT = "> "
INTERRUPT = "\x03"


@dataclass(frozen=True)
class Result:
    """What one submitted line produced, exactly as a terminal shows it."""

    output: str          # stdout and stderr interleaved, `\n` line ends
    exit_code: int
    prompt: str          # the prompt for the next line: `$ `, `/ # `, `> ` while a construct is open
    context: str         # "workstation" or "pod/NS/NAME"
    changed: bool = False   # the cluster changed (panels should refresh)
    clear: bool = False     # the screen was cleared (`clear`, Ctrl+L)
    failed: bool = False    # an internal error: the caller must not save the state

    def to_api(self) -> dict:
        return {"output": self.output, "exit_code": self.exit_code, "prompt": self.prompt,
                "context": self.context}


class Terminal:
    """Build with `Terminal.new(seed, clock)` or `Terminal.from_dict(d, clock)`."""

    def __init__(self, cluster: Cluster, state: dict, limits: Limits = DEFAULT_LIMITS) -> None:
        from webapp.shell.kubectl.kubeconfig import Kubeconfig
        self.cluster = cluster
        # seconds this session's time runs ahead of the clock: `sleep N` moves it, so waiting costs nothing
        self.skew: float = state.get("skew", 0.0)
        if not isinstance(cluster.clock, SkewClock):
            cluster.clock = SkewClock(cluster.clock, self)
        self.limits = limits
        self.seed: int = state.get("seed", 0)
        self.kubeconfig = Kubeconfig.from_dict(state.get("kubeconfig") or {})
        self.frames: list[dict] = state.get("frames") or [
            {"kind": "workstation", "shell": ShellState(cwd="/home/learner", env=WorkstationHost().default_env()).to_dict()}]
        self.files: dict = state.get("files") or {"workstation": {}, "pods": {}}
        self.history: list[str] = state.get("history") or []
        self.command_log: list[dict] = state.get("command_log") or []
        self.pending: str = state.get("pending", "")
        self._trees: dict[str, FileTree] = {}

    # ------------------------------------------------------------------ construction, persistence
    @classmethod
    def new(cls, seed: int, clock: Clock, setup: Iterable[str] = (), setup_age: float = 900.0,
            limits: Limits = DEFAULT_LIMITS) -> "Terminal":
        """A fresh cluster; `setup` commands are played `setup_age` seconds in the past, a few
        seconds apart, so what they create is already running when the learner arrives."""
        setup = list(setup)
        past = OffsetClock(clock, -setup_age) if setup else clock
        term = cls(Cluster.new(seed, past, limits), {"seed": seed}, limits)
        for i, line in enumerate(setup):
            past.offset = -setup_age + 20.0 * i
            result = term.run(line, record=False)
            if result.failed or (result.exit_code and not line.startswith("-")):
                raise ValueError(f"setup command failed: {line!r}: {result.output.strip()}")
        term.cluster.clock = SkewClock(clock, term)
        term.cluster.sync()
        return term

    def to_dict(self) -> dict:
        self._flush_trees()
        return {"seed": self.seed, "skew": self.skew, "cluster": self.cluster.to_dict(), "kubeconfig": self.kubeconfig.to_dict(),
                "frames": self.frames, "files": self.files, "history": self.history,
                "pending": self.pending}  # command_log is per line: Workspace keeps its own record

    @classmethod
    def from_dict(cls, d: dict, clock: Clock, limits: Limits = DEFAULT_LIMITS) -> "Terminal":
        return cls(Cluster.from_dict(d["cluster"], clock, limits), d, limits)

    # ------------------------------------------------------------------ properties
    @property
    def namespace(self) -> str:
        return self.kubeconfig.namespace

    @property
    def frame(self) -> dict:
        return self.frames[-1]

    def host_for(self, frame: dict):
        if frame["kind"] == "workstation":
            return WorkstationHost(self._tree("workstation"), clock=self.cluster.clock)
        pod = self.cluster.find("pods", frame["namespace"], frame["pod"])
        from .pod_host import PodHost
        return PodHost(self.cluster, pod, frame["container"], self._tree(pod["metadata"]["uid"]),
                       shell=frame.get("shell_name", "sh"))

    def _tree(self, key: str) -> FileTree:
        """The writable files of the workstation or of one pod (by uid), loaded once per terminal."""
        tree = self._trees.get(key)
        if tree is None:
            store = self.files["workstation"] if key == "workstation" else self.files["pods"].get(key)
            tree = FileTree.from_dict(store) if store else FileTree()
            self._trees[key] = tree
        return tree

    def _flush_trees(self) -> None:
        live = {p["metadata"]["uid"] for p in self.cluster.objects["pods"].values()}
        for key, tree in self._trees.items():
            if key == "workstation":
                self.files["workstation"] = tree.to_dict()
            elif key in live:
                self.files["pods"][key] = tree.to_dict()
        # a pod's files go with the pod
        self.files["pods"] = {k: v for k, v in self.files["pods"].items() if k in live}

    def context(self) -> str:
        f = self.frame
        return "workstation" if f["kind"] == "workstation" else f"pod/{f['namespace']}/{f['pod']}"

    def prompt(self) -> str:
        if self.pending:
            return CONTINUATION_PROMPT
        f = self.frame
        if f["kind"] == "pod" and self.cluster.find("pods", f["namespace"], f["pod"]) is None:
            f = self.frames[0]  # the pod is gone: the next line returns to the workstation
        state = ShellState.from_dict(f["shell"])
        return self.host_for(f).prompt(state.cwd, state.last_status)

    def traffic(self) -> dict:
        t = self.cluster.traffic
        return {"pods": dict(t.get("pods", {})), "services": {k: dict(v) for k, v in t.get("services", {}).items()}}

    # ------------------------------------------------------------------ running a line
    def run(self, line: str, record: bool = True) -> Result:
        """Run one submitted line (it may hold several lines: a pasted heredoc or loop)."""
        rv_before = self.cluster.rv
        try:
            return self._run(line, record, rv_before)
        except Exception:  # a bug must not cost the learner their session
            log.exception("internal error running %r", line[:200])
            return Result("kubetutor: internal error while running this command; nothing was changed\n", 1,
                          self.prompt_safe(), self.context(), failed=True)

    def prompt_safe(self) -> str:
        try:
            return self.prompt()
        except Exception:
            return "$ "

    def _run(self, line: str, record: bool, rv_before: int) -> Result:
        if line == INTERRUPT:  # Ctrl+C: drop an unfinished construct, as at a `> ` prompt
            self.pending = ""
            return Result("", 130, self.prompt(), self.context())
        line = line.replace("\r\n", "\n").replace("\r", "\n")
        if len(line) > self.limits.command_length:
            return Result(f"kubetutor: command too long ({len(line)} characters; the limit is "
                          f"{self.limits.command_length})\n", 1, self.prompt(), self.context())
        gone = self._leave_dead_pod_shells()
        if gone:
            return Result(gone, 137, self.prompt(), self.context(), changed=True)
        text = f"{self.pending}\n{line}" if self.pending else line
        frame = self.frame
        host = self.host_for(frame)
        try:
            script = parse(text, flavor=host.shell_flavor)
        except IncompleteInput:
            self.pending = text
            return Result("", 0, CONTINUATION_PROMPT, self.context())
        except ParseError as e:
            self.pending = ""
            self._remember(text, record)
            return Result(str(e).rstrip("\n") + "\n", 2, self.prompt(), self.context())
        self.pending = ""
        self._remember(text, record)
        state = ShellState.from_dict(frame["shell"])
        state.history = self.history
        out = Stream(limit=self.limits.output_chars)
        err = Stream(sink=out)
        world = World(self, host)
        budget = Budget(self.limits.loop_iterations, self.limits.command_seconds)
        world.budget = budget
        code = 0
        try:
            code = execute(script, state, host, world, out=out, err=err, budget=budget)
        except ShellExit as e:
            code = e.code
            world.exit_requested = True
        except LimitExceeded as e:
            out.limit = out.size + 10_000
            out.write(("" if not out.chunks or out.chunks[-1].endswith("\n") else "\n")
                      + f"kubetutor: command stopped: {e}\n")
            code = 130
        state.last_status = code
        frame["shell"] = _state_dict(state)
        output = out.getvalue().replace("\r\n", "\n")  # a terminal shows CRLF as a line end
        if world.exit_requested:
            text, code = self._exit_frame(code)
            output += text
        for action in world.pushes:
            self.frames.append(action)
        self.cluster.sync()
        return Result(output, code, self.prompt(), self.context(),
                      changed=self.cluster.rv != rv_before or bool(world.pushes) or world.exit_requested,
                      clear=world.clear_requested)

    def _remember(self, text: str, record: bool) -> None:
        if not record or not text.strip():
            return
        self.history.append(text)
        del self.history[:-HISTORY_LIMIT]

    def log_command(self, argv: list[str], context: str, exit_code: int) -> None:
        """What was run, for lesson checks ("ran nslookup in a pod")."""
        self.command_log.append({"argv": [a[:200] for a in argv[:20]], "context": context, "exit_code": exit_code})
        del self.command_log[:-COMMAND_LOG_LIMIT]

    def _exit_frame(self, code: int) -> tuple[str, int]:
        """What kubectl prints when the shell it attached to ends, and kubectl's own exit status."""
        if len(self.frames) == 1:
            return "", code  # `exit` on the workstation: a new login shell takes its place
        frame = self.frames.pop()
        if frame.get("attached"):
            return self.end_attached_run(frame, code)
        if code:
            return f"command terminated with exit code {code}\n", code
        return "", 0

    def end_attached_run(self, frame: dict, code: int) -> tuple[str, int]:
        """Leaving `kubectl run -it`: the shell was the container's main process, so it ends too."""
        from webapp.cluster.errors import ApiError
        pod = self.cluster.find("pods", frame["namespace"], frame["pod"])
        if pod is None:
            return "", code
        restarts = pod["spec"].get("restartPolicy", "Always") == "Always"
        msg = ""
        if restarts:
            msg = (f"Session ended, resume using 'kubectl attach {frame['pod']} -c {frame['container']} -i -t' "
                   "command when the pod is running\n")
        status = 0 if restarts else code  # a restarting container's exit is not kubectl's failure
        if not frame.get("attach_rm"):
            return msg, status
        self.cluster.end_container(pod, frame["container"], code)
        try:
            self.cluster.delete("pods", frame["namespace"], frame["pod"])
            msg += f'pod "{frame["pod"]}" deleted\n'
        except ApiError:
            pass
        if code and not restarts:
            msg += f"pod {frame['namespace']}/{frame['pod']} terminated (Error)\n"
        return msg, status

    def _leave_dead_pod_shells(self) -> str:
        """A shell in a container ends when the container does (kubectl reports exit code 137)."""
        msg = ""
        while len(self.frames) > 1:
            f = self.frame
            pod = self.cluster.find("pods", f["namespace"], f["pod"])
            if pod is not None and pod["metadata"]["uid"] == f["uid"] and not _container_gone(pod, f["container"]):
                break
            self.frames.pop()
            msg += "command terminated with exit code 137\n"
        return msg

    # ------------------------------------------------------------------ completion
    def complete(self, line: str) -> list[str]:
        from .completion import complete
        return complete(self, line)


def _container_gone(pod: dict, container: str) -> bool:
    if pod_terminating(pod):
        return False  # still running until the grace period ends (the pod is then removed)
    for s in pod.get("status", {}).get("containerStatuses") or ():
        if s["name"] == container:
            state = s.get("state", {})
            # `kubectl run -it` attaches while the container is still being created
            return not ("running" in state or state.get("waiting", {}).get("reason") == "ContainerCreating")
    return not pod.get("spec", {}).get("nodeName")


def _state_dict(state: ShellState) -> dict:
    d = state.to_dict()
    d["history"] = []  # the terminal keeps the one history list
    return d


class SkewClock:
    """The session's clock: the injected clock plus the time `sleep` has skipped."""

    def __init__(self, base: Clock, terminal: "Terminal") -> None:
        self.base, self.terminal = base, terminal

    def now(self) -> float:
        return self.base.now() + self.terminal.skew


MAX_SKIP = 3600.0  # one `sleep` skips at most an hour of cluster time


def quote_argv(argv: list[str]) -> str:
    return " ".join(shlex.quote(a) for a in argv)
