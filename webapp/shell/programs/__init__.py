"""The one table of shell programs: name, one-line help, handler, and where it exists.

Every program (echo, grep, curl, nslookup, kubectl, ...) registers here once with `@program`;
the interpreter, `help`, Tab completion and the docs test all read PROGRAMS.

A program is a function `run(proc: Proc) -> int` (the exit status). It reads `proc.argv`
(argv[0] is the name as typed), `proc.stdin` (text), writes to `proc.out` / `proc.err`, and
reaches the world only through `proc.host` (the machine it runs on: the workstation or a pod)
and `proc.world` (the simulated cluster and terminal services). It must never touch the real
machine: no files, sockets, subprocesses or real DNS.
"""
from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from typing import Any, Callable


class LimitExceeded(Exception):
    """A bounded resource (iterations, output size, work budget) ran out; the message says which."""


class Stream:
    """An output stream. Writes go to a list of chunks; the interpreter routes and joins them."""

    __slots__ = ("chunks", "size", "limit", "sink")

    def __init__(self, limit: int = 1 << 20, sink: "Stream | None" = None) -> None:
        self.chunks: list[str] = []
        self.size = 0
        self.limit = limit
        self.sink = sink  # when set, writes are forwarded (e.g. stderr to the terminal)

    def write(self, text: str) -> None:
        if not text:
            return
        if self.sink is not None:
            self.sink.write(text)
            return
        self.size += len(text)
        if self.size > self.limit:
            raise LimitExceeded(f"output limit reached ({self.limit} characters)")
        self.chunks.append(text)

    def getvalue(self) -> str:
        return "".join(self.chunks)


class Budget:
    """Work units a command line may spend (loop iterations, lines processed, requests), and a
    wall-clock allowance as a backstop. The clock only bounds cost; it never changes output of a
    command that finishes in time."""

    __slots__ = ("left", "total", "deadline", "seconds", "_tick")

    def __init__(self, total: int, seconds: float = 5.0) -> None:
        self.left = self.total = total
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self._tick = 0

    def spend(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise LimitExceeded(f"work limit reached ({self.total} steps for one command line)")
        self._tick += n
        if self._tick >= 2048:
            self._tick = 0
            if time.monotonic() > self.deadline:
                raise LimitExceeded(f"time limit reached ({self.seconds:g} s of work for one command line)")


@dataclass
class Proc:
    """What one running program sees."""

    argv: list[str]
    stdin: str
    out: Stream
    err: Stream
    env: dict[str, str]      # the shell's exported environment (programs may read it)
    host: Any                # webapp.shell.host.Host: the machine the program runs on
    world: Any               # webapp.shell.terminal.World: cluster, clock, terminal actions
    budget: Budget
    cwd: str = "/"
    interactive: bool = True  # stdin/stdout are the learner's terminal (not a pipe)

    @property
    def name(self) -> str:
        return self.argv[0].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ProgramSpec:
    name: str
    summary: str
    run: Callable[[Proc], int]
    # where the program exists: "workstation" (the learner's machine), "image" (only in pods whose
    # image ships it, see webapp.cluster.images), or "everywhere" (e.g. echo, a shell builtin)
    where: frozenset[str] = frozenset({"workstation", "image"})
    usage: str = ""
    flags: tuple[str, ...] = ()   # for Tab completion
    aliases: tuple[str, ...] = ()


PROGRAMS: dict[str, ProgramSpec] = {}


def program(name: str, summary: str, *, where=("workstation", "image"), usage: str = "",
            flags: tuple[str, ...] = (), aliases: tuple[str, ...] = ()):
    """Register a program in the table (decorator)."""

    def deco(fn: Callable[[Proc], int]) -> Callable[[Proc], int]:
        spec = ProgramSpec(name, summary, fn, frozenset(where), usage, tuple(flags), tuple(aliases))
        for n in (name, *aliases):
            if n in PROGRAMS:
                raise RuntimeError(f"program {n!r} registered twice")
            PROGRAMS[n] = spec
        return fn

    return deco


# Modules that register programs. Each helper owns its module.
_MODULES = ("text", "files", "sysinfo", "dnstools", "dnshost", "http", "kubectl_program")


_loaded = False


def load_all() -> dict[str, ProgramSpec]:
    global _loaded
    if _loaded:  # every interpreter and host asks; importing once is enough
        return PROGRAMS
    for mod in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as e:  # a module not written yet
            if e.name != f"{__name__}.{mod}":
                raise
    _loaded = True
    return PROGRAMS
