"""Tab completion: candidates for the last word of a line, from the same tables that run it
(the program table, kubectl's verb table, the cluster's objects, the host's files)."""
from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

from .programs import load_all

if TYPE_CHECKING:
    from .terminal import Terminal

_SEPARATORS = re.compile(r"(\|\||&&|[|;&(]|\$\()")
MAX_CANDIDATES = 200


def _words(segment: str) -> list[str]:
    try:
        words = shlex.split(segment)
    except ValueError:  # an open quote: complete what is there
        words = segment.split()
    if segment.endswith((" ", "\t")) or not segment.strip():
        words.append("")
    return words


def complete(terminal: "Terminal", line: str) -> list[str]:
    """Sorted candidates for the word at the end of `line` (the whole word, not a suffix)."""
    segment = _SEPARATORS.split(line)[-1].lstrip()
    words = _words(segment)
    host = terminal.host_for(terminal.frame)
    if len(words) <= 1:
        typed = words[0] if words else ""
        return _programs(host, typed)
    program = words[0].rsplit("/", 1)[-1]
    if program == "kubectl" and host.has_program("kubectl"):
        from .kubectl.registry import complete as kubectl_complete
        return kubectl_complete(words[1:], terminal.cluster, terminal.namespace)[:MAX_CANDIDATES]
    return _files(terminal, host, words[-1])


def _programs(host, typed: str) -> list[str]:
    from .lang.builtins import BUILTINS
    names = {n for n in load_all() if host.has_program(n)} | set(BUILTINS)
    return sorted(n for n in names if n.startswith(typed))[:MAX_CANDIDATES]


def _files(terminal: "Terminal", host, typed: str) -> list[str]:
    from .lang import ShellState
    cwd = ShellState.from_dict(terminal.frame["shell"]).cwd
    directory, _, prefix = typed.rpartition("/")
    base = directory or ("/" if typed.startswith("/") else "")
    path = base if base.startswith("/") else (cwd.rstrip("/") + "/" + base if base else cwd)
    entries = host.list_dir(path or "/") or []
    out = []
    for name in sorted(entries):
        if name.startswith(prefix) and (prefix.startswith(".") or not name.startswith(".")):
            full = (directory + "/" if directory or typed.startswith("/") else "") + name
            if host.is_dir((path.rstrip("/") + "/" + name) if path != "/" else "/" + name):
                full += "/"
            out.append(full)
    return out[:MAX_CANDIDATES]
