"""kubectl's help layout, rendered from the verb table (templater sections, in kubectl's order).

Sections: description, Aliases, Examples, Available Commands, Options, Usage, tips. Flag lines
follow kubectl's help flag printer: `    -o, --output='':` then a tab-indented description.
"""
from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .registry import Verb

ROOT_LONG = ("kubectl is the command-line client of a Kubernetes cluster.\n\n"
             " Its reference is at: https://kubernetes.io/docs/reference/kubectl/overview/")

# closing lines of every help page
MORE_HELP = 'Run "kubectl <command> --help" to read about one command.\n'
OPTIONS_HINT = 'Run "kubectl options" to see the global options (every command accepts them).\n'

# Root help sections and the order of commands inside them (kubectl 1.24's groups).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Basic Commands (Beginner)", ("create", "expose", "run", "set")),
    ("Basic Commands (Intermediate)", ("explain", "get", "edit", "delete")),
    ("Deploy Commands", ("rollout", "scale", "autoscale")),
    ("Cluster Management Commands", ("certificate", "cluster-info", "top", "cordon", "uncordon",
                                     "drain", "taint")),
    ("Troubleshooting and Debugging Commands", ("describe", "logs", "attach", "exec",
                                                "port-forward", "proxy", "cp", "auth", "debug")),
    ("Advanced Commands", ("diff", "apply", "patch", "replace", "wait", "kustomize")),
    ("Settings Commands", ("label", "annotate", "completion")),
)
OTHER = "Other Commands"
_NOT_LISTED = ("options", "help")


def _visible(node: "Verb") -> list["Verb"]:
    return [c for _, c in sorted(node.children.items())
            if not c.hidden and (c.handler is not None or c.children) and c.name not in _NOT_LISTED]


def _long(node: "Verb") -> str:
    text = (node.long or node.summary or "").strip()
    paragraphs = text.split("\n\n")
    # LongDesc indents every paragraph after the first by one space
    return "\n\n".join([paragraphs[0]] + [" " + p.strip() for p in paragraphs[1:]])


def _examples(text: str) -> str:
    # every line is indented by two, blank lines too (kubectl's Examples normaliser)
    lines = textwrap.dedent(text.strip("\n")).split("\n")
    return "\n".join("  " + line.rstrip() for line in lines)


def _flag_lines(flags) -> str:
    out = []
    for f in sorted((f for f in flags if not f.hidden), key=lambda f: f.name):
        head = f"-{f.short}, --{f.name}" if f.short else f"--{f.name}"
        out.append(f"    {head}={f.default_text()}:\n\t{f.help}\n")
    return "\n".join(out).rstrip()


def _command_lines(nodes: list["Verb"], pad: int) -> str:
    return "\n".join(f"  {c.name.ljust(pad)} {c.summary}" for c in nodes)


def _root_groups(root: "Verb") -> str:
    visible = {c.name: c for c in _visible(root)}
    pad = max([11, *(len(n) for n in visible)])
    sections, placed = [], set()
    for title, names in GROUPS:
        members = [visible[n] for n in names if n in visible]
        placed.update(n for n in names)
        if members:
            sections.append(f"{title}:\n" + _command_lines(members, pad))
    others = [c for n, c in visible.items() if n not in placed]
    if others:
        sections.append(f"{OTHER}:\n" + _command_lines(others, pad))
    return "\n\n".join(sections)


def render(node: "Verb", root: "Verb", usage_only: bool = False) -> str:
    """The full help text of a command (or only its usage part), ending with a newline."""
    parts: list[str] = []
    if node is root:
        if not usage_only:
            parts.append(ROOT_LONG + "\n\n")
        parts.append(_root_groups(root) + "\n\n")
        parts.append("Usage:\n  kubectl [flags] [options]\n\n")
        parts.append(MORE_HELP + OPTIONS_HINT)
        return "".join(parts)
    if not usage_only:
        parts.append(_long(node) + "\n\n")
    if node.aliases:
        parts.append("Aliases:\n" + ", ".join((node.name, *node.aliases)) + "\n\n")
    if node.examples.strip():
        parts.append("Examples:\n" + _examples(node.examples) + "\n\n")
    subs = _visible(node)
    if subs:
        pad = max([11, *(len(c.name) for c in subs)])
        parts.append("Available Commands:\n" + _command_lines(subs, pad) + "\n\n")
    flag_text = _flag_lines(node.flags)
    if flag_text:
        parts.append("Options:\n" + flag_text + "\n\n")
    use = " ".join(p for p in (node.command_path, node.usage) if p)
    if "[options]" not in use:
        use += " [options]"
    parts.append(f"Usage:\n  {use}\n\n")
    if subs:
        parts.append(MORE_HELP)
    parts.append(OPTIONS_HINT)
    return "".join(parts)
