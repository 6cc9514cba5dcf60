"""echo, printf and read: the builtins that move text, each as the shell flavour words it."""
from __future__ import annotations

import re

from ..programs import LimitExceeded
from .builtins import builtin
from .streams import IO

MAX_FIELD_WIDTH = 1 << 16  # a printf width beyond this is a runaway, not a layout

_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r",
                   "t": "\t", "v": "\v", "\\": "\\"}


class _StopOutput(Exception):
    """\\c: print nothing more."""


def backslash_escapes(text: str, printf_b: bool = False) -> str:
    """echo -e / printf %b escapes. Raises _StopOutput after the text before a \\c."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[nxt])
            i += 2
        elif nxt == "c":
            raise _StopOutput("".join(out))
        elif nxt == "0" or (printf_b and nxt in "01234567"):
            j = i + 2 if nxt == "0" else i + 1
            m = re.match(r"[0-7]{0,3}", text[j:])
            out.append(chr(int(m.group() or "0", 8) & 0xFF))
            i = j + len(m.group())
        elif nxt == "x":
            m = re.match(r"[0-9a-fA-F]{1,2}", text[i + 2:])
            if m:
                out.append(chr(int(m.group(), 16)))
                i += 2 + len(m.group())
            else:
                out.append("\\x")
                i += 2
        else:
            out.append("\\" + nxt)
            i += 2
    return "".join(out)


@builtin("echo")
def _echo(sh, argv, io: IO) -> int:
    args = argv[1:]
    newline, escapes = True, sh.flavor == "dash"
    allowed = "n" if sh.flavor == "dash" else "neE"
    while args and re.fullmatch(f"-[{allowed}]+", args[0]):
        for flag in args[0][1:]:
            if flag == "n":
                newline = False
            elif flag == "e":
                escapes = True
            elif flag == "E":
                escapes = False
        args = args[1:]
    text = " ".join(args)
    if escapes:
        try:
            text = backslash_escapes(text)
        except _StopOutput as stop:
            io.out.write(str(stop))
            return 0
    io.out.write(text + ("\n" if newline else ""))
    return 0


_SPEC = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcsbeEfgG%])")


def _number(sh, io: IO, arg: str, problems: list) -> int:
    if arg[:1] in ("'", '"') and len(arg) > 1:
        return ord(arg[1])
    text = arg.strip()
    try:
        return int(text, 0) if re.fullmatch(r"[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)", text) \
            else int(text)
    except ValueError:
        pass
    m = re.match(r"[+-]?\d+", text)
    if sh.flavor == "bash":
        io.err.write(f"bash: printf: {arg}: invalid number\n")
    elif sh.flavor == "dash":
        io.err.write(f"sh: 1: printf: {arg}: expected numeric value\n")
    else:
        io.err.write(f"sh: invalid number '{arg}'\n")
    problems.append(arg)
    return int(m.group()) if m else 0


def _format_one(sh, io: IO, spec: re.Match, args: list, problems: list) -> str:
    flags, width, precision, conv = spec.groups()
    if conv == "%":
        return "%"
    if width == "*":
        width = str(_number(sh, io, args.pop(0), problems)) if args else "0"
    if precision == "*":
        precision = str(_number(sh, io, args.pop(0), problems)) if args else "0"
    if (width and int(width.lstrip("-") or 0) > MAX_FIELD_WIDTH) or \
            (precision and int(precision) > MAX_FIELD_WIDTH):
        raise LimitExceeded(f"output limit reached (printf field wider than {MAX_FIELD_WIDTH})")
    arg = args.pop(0) if args else None
    py = "%" + flags + (width or "") + (("." + precision) if precision is not None else "")
    if conv in "sb":
        text = "" if arg is None else arg
        if conv == "b":
            text = backslash_escapes(text, printf_b=True)
        return (py + "s") % text
    if conv == "c":
        return (py + "s") % ((arg or "")[:1])
    if conv in "eEfgG":
        try:
            value = float(arg) if arg else 0.0
        except ValueError:
            value = float(_number(sh, io, arg, problems))
        return (py + conv) % value
    value = 0 if arg is None else _number(sh, io, arg, problems)
    if conv in "ouxX" and value < 0:
        value &= (1 << 64) - 1
    return (py + {"i": "d", "u": "d"}.get(conv, conv)) % value


def _expand_format(fmt: str) -> str:
    """printf's own escapes in the format (octal without a leading 0, no \\c)."""
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "\\" and i + 1 < len(fmt):
            nxt = fmt[i + 1]
            m = re.match(r"[0-7]{1,3}", fmt[i + 1:])
            if m:
                out.append(chr(int(m.group(), 8) & 0xFF))
                i += 1 + len(m.group())
                continue
            if nxt in _SIMPLE_ESCAPES or nxt in "\"'":
                out.append(_SIMPLE_ESCAPES.get(nxt, nxt))
                i += 2
                continue
            if nxt == "x":
                m = re.match(r"[0-9a-fA-F]{1,2}", fmt[i + 2:])
                if m:
                    out.append(chr(int(m.group(), 16)))
                    i += 2 + len(m.group())
                    continue
        out.append(fmt[i])
        i += 1
    return "".join(out)


@builtin("printf")
def _printf(sh, argv, io: IO) -> int:
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        if sh.flavor == "bash":
            io.err.write("bash: printf: usage: printf [-v var] format [arguments]\n")
        else:
            io.err.write("Usage: printf FORMAT [ARGUMENT]...\n" if sh.flavor == "ash"
                         else "sh: 1: printf: usage: printf format [arg ...]\n")
        return 2 if sh.flavor != "ash" else 1
    fmt, rest = _expand_format(args[0]), list(args[1:])
    problems: list = []
    pieces = _SPEC.split(fmt)  # literal, flags, width, precision, conv, literal, ...
    has_specs = len(pieces) > 1
    while True:
        sh.budget.spend()
        before = len(rest)
        out = []
        try:
            for k in range(0, len(pieces), 5):
                out.append(pieces[k])
                if k + 4 < len(pieces):
                    spec = _rebuild(pieces[k + 1:k + 5])
                    out.append(_format_one(sh, io, spec, rest, problems))
        except _StopOutput as stop:
            io.out.write("".join(out) + str(stop))
            return 1 if problems else 0
        io.out.write("".join(out))
        if not rest or not has_specs or len(rest) == before:
            break
    return 1 if problems else 0


def _rebuild(groups: list) -> re.Match:
    flags, width, precision, conv = groups
    text = "%" + (flags or "") + (width or "") + \
        ("." + precision if precision is not None else "") + conv
    return _SPEC.match(text)


@builtin("read")
def _read(sh, argv, io: IO) -> int:
    args = argv[1:]
    raw = False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "-r":
            raw = True
        elif opt in ("-p", "-t", "-n", "-d", "-u") and args:
            prompt = args.pop(0)
            if opt == "-p":
                io.err.write(prompt)
        elif opt == "-s":
            continue
    names = args or ["REPLY"]
    line = io.stdin.readline()
    if line is None:
        for name in names:
            sh.state.set(name, "")
        return 1
    complete = line.endswith("\n")
    text = line[:-1] if complete else line
    if not raw:
        while text.endswith("\\") and complete:  # backslash-newline continues the line
            more = io.stdin.readline()
            if more is None:
                text = text[:-1]
                break
            complete = more.endswith("\n")
            text = text[:-1] + (more[:-1] if complete else more)
        text = re.sub(r"\\(.)", r"\1", text)
    ifs = sh.state.get("IFS")
    ifs = " \t\n" if ifs is None else ifs
    if len(names) == 1 or not ifs:
        value = text.strip(" \t\n") if ifs else text
        sh.state.set(names[0], value)
        for name in names[1:]:
            sh.state.set(name, "")
    else:
        rest = text.lstrip(ifs)
        for n, name in enumerate(names):
            if n == len(names) - 1:
                sh.state.set(name, rest.rstrip(" \t\n"))
                break
            m = re.match(f"([^{re.escape(ifs)}]*)[{re.escape(ifs)}]*", rest)
            sh.state.set(name, m.group(1))
            rest = rest[m.end():]
    return 0 if complete else 1
