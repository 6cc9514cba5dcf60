"""Shell builtins that change or describe the shell itself (cd, export, exit, type, sh -c, ...).

Each builtin is `run(sh, argv, io) -> status`. BUILTINS is the one table; `echo`, `printf`,
`read` live in builtins_io.py, `sh -c`/eval/source in builtins_scripts.py and `test`/`[` in
testcmd.py, registered here too.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from ..programs import LimitExceeded
from .interp import ExitShell, FunctionReturn, Interpreter, LoopControl
from .parser import RESERVED
from .streams import IO

MAX_SLEEP = 600.0  # seconds; longer would outlast any request, so it counts as the time limit


@dataclass(frozen=True)
class Builtin:
    name: str
    run: Callable[[Interpreter, list, IO], int]
    flavors: frozenset = frozenset({"ash", "bash", "dash"})

    def available(self, sh: Interpreter) -> bool:
        if self.name in ("bash", "dash", "ash"):
            return sh.flavor == self.name or sh.host.has_program(self.name)
        return sh.flavor in self.flavors


BUILTINS: dict[str, Builtin] = {}


def builtin(*names: str, flavors=("ash", "bash", "dash")):
    def deco(fn):
        for n in names:
            BUILTINS[n] = Builtin(n, fn, frozenset(flavors))
        return fn
    return deco


def _err(sh: Interpreter, io: IO, text: str) -> None:
    io.err.write(f"{sh.prefix()}{text}\n")


@builtin(":", "true")
def _true(sh, argv, io) -> int:
    return 0


@builtin("false")
def _false(sh, argv, io) -> int:
    return 1


@builtin("wait", "jobs")
def _nothing(sh, argv, io) -> int:
    return 0  # `&` runs in the foreground, so there is never anything to wait for


@builtin("pwd")
def _pwd(sh, argv, io) -> int:
    io.out.write(sh.state.cwd + "\n")
    return 0


@builtin("cd")
def _cd(sh, argv, io) -> int:
    from ..fs import resolve_path
    args = [a for a in argv[1:] if a not in ("-L", "-P")]
    if len(args) > 1 and sh.flavor == "bash":
        _err(sh, io, "cd: too many arguments")
        return 1
    target = args[0] if args else (sh.state.get("HOME") or sh.host.home)
    show = False
    if target == "-":
        target, show = sh.state.get("OLDPWD") or sh.state.cwd, True
    path = resolve_path(sh.state.cwd, target)
    if not sh.host.is_dir(path):
        reason = "Not a directory" if sh.host.read_file(path) is not None else \
            "No such file or directory"
        if sh.flavor == "bash":
            _err(sh, io, f"cd: {target}: {reason}")
            return 1
        if sh.flavor == "dash":
            _err(sh, io, f"cd: can't cd to {target}")
            return 2
        _err(sh, io, f"cd: can't cd to {target}: {reason}")
        return 2
    old = sh.state.cwd
    sh.state.cwd = path
    sh.state.set("OLDPWD", old)
    sh.state.set("PWD", path)
    if show:
        io.out.write(path + "\n")
    return 0


def _bad_name(sh: Interpreter, io: IO, cmd: str, text: str) -> int:
    if sh.flavor == "bash":
        _err(sh, io, f"{cmd}: `{text}': not a valid identifier")
        return 1
    _err(sh, io, f"{cmd}: {text.split('=')[0]}: bad variable name")
    return 2


def _quote(value: str, always: bool) -> str:
    if not always and re.fullmatch(r"[A-Za-z0-9_./:,+@%-]+", value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


@builtin("export")
def _export(sh, argv, io) -> int:
    args = [a for a in argv[1:] if a != "-p"]
    if not args:
        for name in sorted(sh.state.env):
            value = sh.state.env[name]
            if sh.flavor == "bash":
                escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
                io.out.write(f'declare -x {name}="{escaped}"\n')
            else:
                io.out.write(f"export {name}={_quote(value, True)}\n")
        return 0
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            status = _bad_name(sh, io, "export", arg)
            continue
        sh.state.export(name, value if eq else None)
    return status


@builtin("local", "readonly", flavors=("ash", "bash", "dash"))
def _local(sh, argv, io) -> int:
    status = 0
    for arg in argv[1:]:
        name, eq, value = arg.partition("=")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            status = _bad_name(sh, io, argv[0], arg)
        elif eq or sh.state.get(name) is None:
            sh.state.set(name, value)
    return status


@builtin("unset")
def _unset(sh, argv, io) -> int:
    functions = "-f" in argv[1:]
    for name in argv[1:]:
        if name in ("-f", "-v"):
            continue
        if functions:
            sh.state.functions.pop(name, None)
        else:
            sh.state.unset(name)
    return 0


@builtin("shift")
def _shift(sh, argv, io) -> int:
    n = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 1
    if n > len(sh.state.positional):
        return 1
    sh.state.positional = sh.state.positional[n:]
    return 0


@builtin("set")
def _set(sh, argv, io) -> int:
    if len(argv) == 1:
        for name, value in sorted(sh.state.all_vars().items()):
            io.out.write(f"{name}={_quote(value, sh.flavor != 'bash')}\n")
        return 0
    if "--" in argv:
        sh.state.positional = argv[argv.index("--") + 1:]
    return 0  # options (-e, -x, -u, ...) are accepted and have no effect here


def _exit_code(sh: Interpreter, io: IO, argv: list, cmd: str) -> int | None:
    if len(argv) < 2:
        return sh.state.last_status
    arg = argv[1]
    if re.fullmatch(r"[+-]?\d+", arg):
        return int(arg) & 0xFF
    if sh.flavor == "bash":
        _err(sh, io, f"{cmd}: {arg}: numeric argument required")
        return 2 if cmd == "exit" else None
    _err(sh, io, f"{cmd}: Illegal number: {arg}")
    return 2 if cmd == "exit" else None


@builtin("exit")
def _exit(sh, argv, io) -> int:
    if sh.flavor == "bash" and len(argv) > 2 and re.fullmatch(r"[+-]?\d+", argv[1]):
        _err(sh, io, "exit: too many arguments")
        return 1
    raise ExitShell(_exit_code(sh, io, argv, "exit"))


@builtin("return")
def _return(sh, argv, io) -> int:
    code = _exit_code(sh, io, argv, "return")
    raise FunctionReturn(2 if code is None else code)


def _loop_control(kind: str):
    def run(sh, argv, io) -> int:
        levels = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() and int(argv[1]) > 0 else 1
        if sh.loop_depth == 0:
            if sh.flavor == "bash":
                _err(sh, io, f"{kind}: only meaningful in a `for', `while', or `until' loop")
            return 0
        raise LoopControl(kind, min(levels, sh.loop_depth))
    return run


BUILTINS["break"] = Builtin("break", _loop_control("break"))
BUILTINS["continue"] = Builtin("continue", _loop_control("continue"))


def _where(sh: Interpreter, name: str) -> str | None:
    base = sh.program_name(name)
    if base is None:
        return None
    if "/" in name:
        return name
    locate = getattr(sh.host, "program_path", None)
    if locate is not None:
        return locate(base)
    return f"/usr/bin/{base}" if sh.flavor == "bash" else f"/bin/{base}"


@builtin("type")
def _type(sh, argv, io) -> int:
    status = 0
    for name in argv[1:]:
        if name in RESERVED:
            io.out.write(f"{name} is a shell keyword\n")
        elif name in sh.state.functions:
            io.out.write(f"{name} is a function\n")
            if sh.flavor == "bash":
                io.out.write(sh.state.functions[name] + "\n")
        elif name in BUILTINS and BUILTINS[name].available(sh) and name not in ("bash", "dash"):
            io.out.write(f"{name} is a shell builtin\n")
        elif (path := _where(sh, name)) is not None:
            io.out.write(f"{name} is {path}\n")
        else:
            if sh.flavor == "bash":
                _err(sh, io, f"type: {name}: not found")
                status = 1
            else:
                io.out.write(f"{name}: not found\n")
                status = 127
    return status


@builtin("command")
def _command(sh, argv, io) -> int:
    args = argv[1:]
    if args and args[0] in ("-v", "-V"):
        if args[0] == "-V":
            return _type(sh, ["type"] + args[1:], io)
        status = 0
        for name in args[1:]:
            if name in sh.state.functions or name in RESERVED or \
                    (name in BUILTINS and BUILTINS[name].available(sh)
                     and name not in ("bash", "dash")):
                io.out.write(name + "\n")
            elif (path := _where(sh, name)) is not None:
                io.out.write(path + "\n")
            else:
                status = 1 if sh.flavor == "bash" else 127
        return status
    if not args:
        return 0
    if args[0] in BUILTINS and BUILTINS[args[0]].available(sh):
        return BUILTINS[args[0]].run(sh, args, io)
    return sh.run_program(args, [], io)


@builtin("history", flavors=("ash", "bash"))
def _history(sh, argv, io) -> int:
    lines = sh.state.history
    if len(argv) > 1 and argv[1] == "-c":
        lines.clear()
        return 0
    if sh.flavor == "bash":
        start = 0
        if len(argv) > 1 and argv[1].isdigit():
            start = max(0, len(lines) - int(argv[1]))
        for n in range(start, len(lines)):
            io.out.write(f"{n + 1:5d}  {lines[n]}\n")
    else:
        for n, line in enumerate(lines):  # busybox prints its history on stderr, from 0
            io.err.write(f"{n:4d} {line}\n")
    return 0


@builtin("clear")
def _clear(sh, argv, io) -> int:
    request = getattr(sh.world, "request_clear", None)
    if request is not None:
        request()
    return 0


def _sleep_seconds(arg: str) -> float | None:
    m = re.fullmatch(r"(\d*\.?\d*)([smhd]?)", arg)
    if arg in ("inf", "infinity"):
        return math.inf
    if not m or m.group(1) in ("", "."):
        return None
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


@builtin("sleep")
def _sleep(sh, argv, io) -> int:
    gnu = _tool_flavor(sh, "sleep") == "gnu"
    if len(argv) < 2:
        if gnu:
            io.err.write("sleep: missing operand\nTry 'sleep --help' for more information.\n")
        else:
            io.err.write("BusyBox v1.35.0 (2022-05-09 17:27:12 UTC) multi-call binary.\n\n"
                         "Usage: sleep [N]...\n\nWait for the sum of all the N given; each N may end "
                         "in a unit:\n(s)econds, (m)inutes, (h)ours, or (d)ays\n")
        return 1
    total = 0.0
    for arg in argv[1:]:
        seconds = _sleep_seconds(arg)
        if seconds is None:
            io.err.write(f"sleep: invalid time interval \u2018{arg}\u2019\n"
                         "Try 'sleep --help' for more information.\n" if gnu
                         else f"sleep: invalid number '{arg}'\n")
            return 1
        total += seconds
    if total > MAX_SLEEP:
        shown = "infinity" if math.isinf(total) else " ".join(argv[1:])
        raise LimitExceeded(f"time limit reached: `sleep {shown}` would not return "
                            f"within the {int(MAX_SLEEP)} seconds a command may take")
    advance = getattr(sh.world, "advance", None)
    if advance is not None and total > 0:
        advance(total)
    return 0


def _tool_flavor(sh: Interpreter, name: str) -> str:
    try:
        return sh.host.tool_flavor(name)
    except (NotImplementedError, KeyError):
        return "gnu" if sh.flavor == "bash" else "busybox"


from . import builtins_io, builtins_scripts, testcmd  # noqa: E402,F401  (they register into BUILTINS)
from .builtins_scripts import shell_name_for  # noqa: E402,F401  (its old import path)
