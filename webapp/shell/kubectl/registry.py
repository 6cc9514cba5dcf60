"""The one table of kubectl verbs, and the dispatcher that reads it.

Every verb registers once with `@verb(...)` (name path, summary, flags, usage, aliases, group);
help (`kubectl`, `kubectl help X`, `kubectl X --help`), the unknown-command error with cobra's
"Did you mean this?", flag errors, global flags and Tab completion (`complete`) all derive from
this table. A handler is `fn(inv: Invocation) -> int`; it may raise `KubectlError`
(printed as is) or `webapp.cluster.errors.ApiError` (printed as kubectl prints server errors).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

from webapp.cluster.errors import ApiError

from . import help as helptext
from .errors import ExitStatus, KubectlError, usage_error
from .flags import Flag, FlagError, FlagSet, parse

GLOBAL_FLAGS: tuple[Flag, ...] = (
    Flag("namespace", short="n", help="When set, the namespace this command works in"),
    Flag("context", help="Which kubeconfig context to use"),
    Flag("kubeconfig", help="Which kubeconfig file to read."),
    Flag("cluster", help="Which kubeconfig cluster to talk to"),
    Flag("user", help="Which kubeconfig user to log in as"),
    Flag("server", short="s", help="Address and port of the API server"),
    Flag("token", help="Bearer token to present to the API server"),
    Flag("request-timeout", default="0", help="How long one request to the server may take before "
         "kubectl gives up. Values other than zero need a unit (e.g. 1s, 2m, 3h); zero means wait "
         "as long as it takes."),
    Flag("insecure-skip-tls-verify", "bool", help="When true, accept the server's certificate without "
         "checking it, which leaves HTTPS open to impostors"),
    Flag("match-server-version", "bool", help="Refuse to work unless the server and kubectl have the same version"),
    Flag("as", help="Act as this user, which may be a person or a "
         "namespaced service account."),
    Flag("as-group", "stringArray", help="Act as a member of this group; repeat the flag for "
         "several groups."),
    Flag("as-uid", help="Act as the user with this UID."),
    Flag("cache-dir", default="/home/learner/.kube/cache", help="Where kubectl keeps its cache"),
    Flag("certificate-authority", help="Certificate file of the authority that signed the server's certificate"),
    Flag("client-certificate", help="Certificate file kubectl shows the server over TLS"),
    Flag("client-key", help="Key file matching the client certificate"),
    Flag("tls-server-name", help="The name the server's certificate must carry; when "
         "not given, the host name kubectl connects to"),
    Flag("username", help="User name for basic authentication"),
    Flag("password", help="Password for basic authentication"),
    Flag("warnings-as-errors", "bool", help="Fail, with a non-zero exit status, when the server "
         "sends a warning"),
    Flag("profile", default="none", help="Which profile to record: one of (none|cpu|heap|"
         "goroutine|threadcreate|block|mutex)"),
    Flag("profile-output", default="profile.pprof", help="File the profile is written to"),
    Flag("log-flush-frequency", "duration", default=5.0,
         help="Longest time between two flushes of the log"),
    Flag("v", "int", short="v", help="how much to log (a number)"),
    Flag("vmodule", help="per-file log levels, written pattern=N and comma separated"),
    Flag("alsologtostderr", "bool", help="log to standard error and to files"),
    Flag("logtostderr", "bool", default=True, help="log to standard error, not to files"),
    Flag("log-dir", help="When set, the folder log files go to"),
    Flag("log-file", help="When set, the file to log to"),
    Flag("skip-headers", "bool", help="When true, log lines have no header prefix"),
)
HELP_FLAG = Flag("help", "bool", short="h", hidden=True, help="show this command's help")


@dataclass
class Verb:
    """One node of the command tree: `create`, `create deployment`, `config view`, ..."""

    path: tuple[str, ...]
    summary: str = ""
    handler: Callable[["Invocation"], int] | None = None
    flags: tuple[Flag, ...] = ()
    usage: str = ""              # what follows the command path in the Usage line
    aliases: tuple[str, ...] = ()
    group: str = ""              # root help section
    long: str = ""
    examples: str = ""
    complete_args: str = ""      # "types": TYPE [NAME]; "pods": a pod name; "": nothing
    hidden: bool = False
    children: dict[str, "Verb"] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else "kubectl"

    @property
    def command_path(self) -> str:
        return " ".join(("kubectl", *self.path))

    def child(self, word: str) -> "Verb | None":
        """The subcommand a word names (by name or alias), as cobra's findNext."""
        if word in self.children:
            return self.children[word]
        for c in self.children.values():
            if word in c.aliases:
                return c
        return None

    def flagset(self) -> FlagSet:
        return FlagSet((*self.flags, HELP_FLAG, *GLOBAL_FLAGS))


ROOT = Verb(path=())
VERBS: dict[tuple[str, ...], Verb] = {(): ROOT}


def _node(path: tuple[str, ...]) -> Verb:
    if path in VERBS:
        return VERBS[path]
    parent = _node(path[:-1])
    node = Verb(path=path)
    parent.children[path[-1]] = node
    VERBS[path] = node
    return node


def verb(name: str, summary: str, *, flags=(), usage: str = "", aliases=(), group: str = "",
         long: str = "", examples: str = "", complete_args: str = "", hidden: bool = False):
    """Register a handler for the command `name` (words separated by spaces: "create deployment")."""

    def deco(fn: Callable[["Invocation"], int] | None):
        node = _node(tuple(name.split()))
        if node.handler is not None:
            raise RuntimeError(f"kubectl verb {name!r} registered twice")
        node.summary, node.handler, node.flags = summary, fn, tuple(flags)
        node.usage, node.aliases, node.group = usage, tuple(aliases), group
        node.long, node.examples = long, examples
        node.complete_args, node.hidden = complete_args, hidden
        return fn

    return deco


@dataclass
class Invocation:
    """What a verb handler sees: parsed words and flags, the terminal's world and its streams."""

    verb: Verb
    args: list[str]
    dash_args: list[str]
    dashed: bool
    flags: dict[str, Any]
    set_flags: set[str]
    world: Any
    out: Any
    err: Any
    stdin: str = ""
    interactive: bool = True
    namespace: str = "default"
    namespace_given: bool = False

    @property
    def cluster(self):
        return self.world.cluster

    @property
    def kubeconfig(self):
        return self.world.kubeconfig

    @property
    def all_namespaces(self) -> bool:
        return bool(self.flags.get("all-namespaces"))

    @property
    def command_path(self) -> str:
        return self.verb.command_path

    def print(self, text: str = "") -> None:
        """One line on stdout."""
        self.out.write(text + "\n")

    def warn(self, text: str) -> None:
        """One line on stderr."""
        self.err.write(text + "\n")

    def usage_error(self, message: str) -> KubectlError:
        return usage_error(self.command_path, message)


# ---- finding the command -------------------------------------------------------------------

def _strip_flags(words: list[str], node: Verb) -> list[str]:
    """cobra's stripFlags: the non-flag words, skipping values of flags that take one."""
    fs = node.flagset()
    out, i = [], 0
    while i < len(words):
        w = words[i]
        i += 1
        if w == "--":
            break
        if w.startswith("--") and "=" not in w:
            f = fs.lookup(w[2:])
            if f is None or f.takes_value:
                i += 1
            continue
        if w.startswith("-") and "=" not in w and len(w) == 2:
            f = fs.by_short.get(w[1])
            if f is None or f.takes_value:
                i += 1
            continue
        if w and not w.startswith("-"):
            out.append(w)
    return out


def find(words: list[str]) -> tuple[Verb, list[str]]:
    """The deepest command the words name, and the words left for it (cobra's Find)."""
    node, rest = ROOT, list(words)
    while True:
        plain = _strip_flags(rest, node)
        if not plain:
            return node, rest
        nxt = node.child(plain[0])
        if nxt is None:
            return node, rest
        rest.remove(plain[0])
        node = nxt


def _levenshtein(a: str, b: str) -> int:
    a, b = a.lower(), b.lower()
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def suggestions(node: Verb, typed: str) -> list[str]:
    """cobra's SuggestionsFor: names within distance 2, or starting with what was typed."""
    out = []
    for name in sorted(node.children):
        c = node.children[name]
        if c.hidden or c.handler is None and not c.children:
            continue
        if _levenshtein(typed, name) <= 2 or name.lower().startswith(typed.lower()):
            out.append(name)
    return out


def unknown_command(node: Verb, typed: str) -> str:
    text = f'error: unknown command "{typed}" for "{node.command_path}"'
    found = suggestions(node, typed)
    if found:
        text += "\n\nDid you mean this?\n" + "".join(f"\t{s}\n" for s in found)
    return text


# ---- running ---------------------------------------------------------------------------------

_verbs_loaded = False


def load_verbs() -> None:
    """Import every verb module once (each registers its verbs)."""
    global _verbs_loaded
    if _verbs_loaded:  # called for every kubectl line; the imports happen once
        return
    from . import verbs
    for mod in verbs.MODULES:
        try:
            importlib.import_module(f"{verbs.__name__}.{mod}")
        except ModuleNotFoundError as e:  # a module another engineer has not written yet
            if e.name != f"{verbs.__name__}.{mod}":
                raise
    _verbs_loaded = True


def _write_error(err, text: str) -> None:
    err.write(text if text.endswith("\n") else text + "\n")


def run(words: list[str], world, out, err, stdin: str = "", interactive: bool = True) -> int:
    """Run `kubectl <words>`; returns the exit status. Output goes to `out` / `err`."""
    load_verbs()
    if words and words[0] == "help":
        return _help_command(words[1:], out)
    node, rest = find(words)
    if node is ROOT:
        plain = _strip_flags(rest, ROOT)
        if plain:
            _write_error(err, unknown_command(ROOT, plain[0]))
            return 1
    try:
        parsed = parse(rest, node.flagset())
    except FlagError as e:
        _write_error(err, f"error: {e}\nSee '{node.command_path} --help' for usage.")
        return 1
    if parsed.values.get("help"):
        out.write(helptext.render(node, ROOT))
        return 0
    if node is ROOT:
        out.write(helptext.render(ROOT, ROOT))
        return 0
    missing = [f.name for f in node.flags if f.required and f.name not in parsed.given]
    if missing:
        _write_error(err, "error: required flag(s) " + ", ".join(f'"{m}"' for m in missing) + " not set")
        return 1
    if node.handler is None:
        return _group_without_handler(node, parsed.args, err)
    try:
        inv = _invocation(node, parsed, world, out, err, stdin, interactive)
        return node.handler(inv)
    except KubectlError as e:
        _write_error(err, e.text)
        return e.code
    except ApiError as e:
        _write_error(err, e.kubectl_text())
        return 1
    except ExitStatus as e:
        return e.code


def _invocation(node: Verb, parsed, world, out, err, stdin, interactive) -> Invocation:
    kubeconfig = getattr(world, "kubeconfig", None)
    ns = parsed.values.get("namespace") or ""
    given = bool(ns)
    context = parsed.values.get("context") or ""
    if kubeconfig is not None:
        if context and not kubeconfig.has_context(context):
            raise KubectlError(f"Error in configuration: context was not found for specified "
                               f"context: {context}")
        if not ns:
            ns = kubeconfig.namespace_of(context or None)
    return Invocation(verb=node, args=parsed.args, dash_args=parsed.dash_args, dashed=parsed.dashed,
                      flags=parsed.values, set_flags=parsed.given, world=world, out=out, err=err,
                      stdin=stdin, interactive=interactive, namespace=ns or "default",
                      namespace_given=given)


def _group_without_handler(node: Verb, args: list[str], err) -> int:
    """cmdutil.DefaultSubCommandRun: help on stderr and exit 1, or an unknown-command usage error."""
    if args:
        _write_error(err, usage_error(node.command_path, f'unknown command "{" ".join(args)}"').text)
        return 1
    err.write(helptext.render(node, ROOT))
    return 1


def _help_command(words: list[str], out) -> int:
    node, rest = find(words)
    plain = _strip_flags(rest, node)
    if plain:
        out.write("Unknown help topic [" + " ".join(f"`{w}`" for w in words) + "]\n")
        out.write(helptext.render(ROOT, ROOT, usage_only=True))
        return 0
    out.write(helptext.render(node, ROOT))
    return 0


# ---- Tab completion --------------------------------------------------------------------------

def complete(words: list[str], cluster=None, namespace: str = "default") -> list[str]:
    """Candidates for the last word of `kubectl <words>` (the last word may be empty or partial).

    Subcommand names, flags (`--name`), flag values the registry knows, resource types, and,
    when a cluster is given, object names in `namespace`.
    """
    load_verbs()
    if not words:
        words = [""]
    typed, before = words[-1], words[:-1]
    node, rest = find(before)
    fs = node.flagset()
    if rest:
        prev = rest[-1]
        flag = fs.lookup(prev[2:]) if prev.startswith("--") and "=" not in prev else (
            fs.by_short.get(prev[1]) if len(prev) == 2 and prev.startswith("-") else None)
        if flag is not None and flag.takes_value:
            return _complete_flag_value(flag, typed, cluster)
    if typed.startswith("-"):
        names = [f"--{f.name}" for f in (*node.flags, *GLOBAL_FLAGS) if not f.hidden]
        return sorted(n for n in set(names) if n.startswith(typed))
    subs = [n for n, c in node.children.items() if not c.hidden and (c.handler or c.children)]
    if subs:
        return sorted(n for n in subs if n.startswith(typed))
    plain = _strip_flags(rest, node)
    if node.complete_args == "types":
        from .resources import all_names, lookup
        if not plain:
            return [n for n in all_names() if n.startswith(typed)]
        rtype = lookup(plain[0].split(",")[0])
        return _object_names(cluster, rtype.plural if rtype else None, namespace, typed)
    if node.complete_args == "pods" and not plain:
        return _object_names(cluster, "pods", namespace, typed)
    return []


def _complete_flag_value(flag: Flag, typed: str, cluster) -> list[str]:
    if flag.values:
        return [v for v in flag.values if v.startswith(typed)]
    if flag.name == "namespace" and cluster is not None:
        return sorted(n["metadata"]["name"] for n in cluster.list("namespaces")
                      if n["metadata"]["name"].startswith(typed))
    return []


def _object_names(cluster, plural: str | None, namespace: str, typed: str) -> list[str]:
    if cluster is None or plural is None:
        return []
    from .resources import BY_PLURAL
    rtype = BY_PLURAL[plural]
    items = cluster.list(plural, namespace if rtype.namespaced else None)
    return sorted(o["metadata"]["name"] for o in items if o["metadata"]["name"].startswith(typed))
