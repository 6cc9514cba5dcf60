"""Shared plumbing for the text tools: option scanning, reading inputs, GNU/busybox wording."""
from __future__ import annotations

from ..fs import resolve_path
from . import Proc

BUSYBOX_BANNER = "BusyBox v1.35.0 (2022-08-01 15:14:44 UTC) multi-call binary.\n"


def flavor(proc: Proc, name: str | None = None) -> str:
    """'gnu' or 'busybox' for this tool on this host."""
    try:
        value = proc.host.tool_flavor(name or proc.name)
    except (NotImplementedError, AttributeError):
        value = "gnu"
    return "busybox" if value == "busybox" else "gnu"


def charge(proc: Proc, text: str) -> None:
    """Counts work proportional to the text handled (one unit per 4 KiB, at least one)."""
    proc.budget.spend(1 + len(text) // 4096)


def usage_error(proc: Proc, message: str, usage: str, status: int = 1) -> int:
    """An option error as GNU (`Try 'x --help'`) or busybox (banner and usage) print it."""
    name = proc.name
    if flavor(proc) == "gnu":
        proc.err.write(f"{name}: {message}\nTry '{name} --help' for more information.\n")
    else:
        proc.err.write(f"{name}: {message}\n{BUSYBOX_BANNER}\nUsage: {name} {usage}\n")
    return status


def bad_option(proc: Proc, opt: str, usage: str, status: int = 1) -> int:
    if flavor(proc) == "gnu":
        text = f"unrecognized option '{opt}'" if opt.startswith("--") else \
            f"invalid option -- '{opt.lstrip('-')[:1]}'"
    else:
        text = f"unrecognized option: {opt.lstrip('-')[:1] if not opt.startswith('--') else opt}"
    return usage_error(proc, text, usage, status)


def scan(argv: list[str], flags: str, with_value: str = "") -> tuple[dict, list[str], str | None]:
    """Short options in getopt style: `-nv`, `-n 5`, `-n5`, `--` ends options.
    Returns (options, operands, first unknown option or None). Values keep the last given;
    flags count how often they were given."""
    opts: dict = {}
    operands: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            operands.extend(argv[i:])
            break
        if not arg.startswith("-") or arg == "-":
            operands.append(arg)
            continue
        if arg.startswith("--"):
            return opts, operands, arg
        k = 1
        while k < len(arg):
            c = arg[k]
            if c in with_value:
                value = arg[k + 1:]
                if not value:
                    if i >= len(argv):
                        return opts, operands, "missing:" + c
                    value = argv[i]
                    i += 1
                opts.setdefault(c + "*", []).append(value)
                opts[c] = value
                break
            if c not in flags:
                return opts, operands, "-" + c
            opts[c] = opts.get(c, 0) + 1
            k += 1
    return opts, operands, None


def missing_value(proc: Proc, letter: str, usage: str) -> int:
    if flavor(proc) == "gnu":
        return usage_error(proc, f"option requires an argument -- '{letter}'", usage)
    return usage_error(proc, f"option requires an argument: {letter}", usage)


def open_error(proc: Proc, name: str, reason: str, style: str = "plain") -> None:
    """`style`: 'plain' (tool: name: reason), 'reading' (GNU head/tail), 'sort'."""
    tool = proc.name
    if flavor(proc) == "busybox":
        if style == "plain" and tool in ("grep",):
            proc.err.write(f"{tool}: {name}: {reason}\n")
        else:
            proc.err.write(f"{tool}: can't open '{name}': {reason}\n")
        return
    if style == "reading":
        proc.err.write(f"{tool}: cannot open \u2018{name}\u2019 for reading: {reason}\n")
    elif style == "sort":
        proc.err.write(f"{tool}: cannot read: {name}: {reason}\n")
    else:
        proc.err.write(f"{tool}: {name}: {reason}\n")


def read_input(proc: Proc, name: str, style: str = "plain") -> str | None:
    """The text of one operand ('-' is stdin), or None after printing the tool's error."""
    if name == "-":
        text = proc.stdin
        proc.stdin = ""
        return text
    path = resolve_path(proc.cwd, name)
    if proc.host.is_dir(path):
        if flavor(proc) == "busybox":
            proc.err.write(f"{proc.name}: read error: Is a directory\n")
        else:
            proc.err.write(f"{proc.name}: {name}: Is a directory\n" if style != "reading" else
                           f"{proc.name}: error reading \u2018{name}\u2019: Is a directory\n")
        return None
    text = proc.host.read_file(path)
    if text is None:
        open_error(proc, name, "No such file or directory", style)
        return None
    charge(proc, text)
    return text


def split_lines(text: str) -> list[str]:
    """Lines without their newline; a last line without one still counts."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def join_lines(lines) -> str:
    return "".join(line + "\n" for line in lines)
