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
        return _kubectl(terminal, words[1:])
    return _files(terminal, host, words[-1])


def _kubectl(terminal: "Terminal", words: list[str]) -> list[str]:
    """kubectl's own completion, with -n/--namespace taken from anywhere on the line and TYPE/NAME."""
    from .kubectl.registry import complete as kubectl_complete
    from .kubectl.resources import lookup
    if len(words) >= 2 and words[-2] in ("-n", "--namespace"):
        return [ns for ns in terminal.cluster.namespaces() if ns.startswith(words[-1])]
    namespace, rest, skip = terminal.namespace, [], False
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if skip:
            skip = False
            if not last:
                namespace = word
                continue
        if word in ("-n", "--namespace") and not last:
            skip = True
            continue
        if word.startswith("--namespace=") and not last:
            namespace = word.split("=", 1)[1]
            continue
        rest.append(word)
    typed = rest[-1] if rest else ""
    if "/" in typed and not typed.startswith("-"):
        kind, _, partial = typed.partition("/")
        rtype = lookup(kind)
        if rtype is None:
            return []
        ns = namespace if rtype.namespaced else None
        return [f"{kind}/{o['metadata']['name']}" for o in terminal.cluster.list(rtype.plural, ns)
                if o["metadata"]["name"].startswith(partial)][:MAX_CANDIDATES]
    return kubectl_complete(rest, terminal.cluster, namespace)[:MAX_CANDIDATES]


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
