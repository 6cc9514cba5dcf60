"""Reads a logged kubectl argv the way a learner meant it: verb, resource kinds, names, flags.

Checks compare meaning, not spelling: `expose deployment/nginx --port 80` and
`expose deploy nginx --port=80` read the same here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from webapp.shell.kubectl.resources import ALL_CATEGORY, lookup



def canonical_resources(word: str) -> list[str]:
    """`deploy` -> ['deployments']; `all` -> its category; an unknown word stays as written."""
    if word.lower() == "all":
        return [r.plural for r in ALL_CATEGORY]
    rtype = lookup(word)
    return [rtype.plural if rtype else word.lower()]


# Short flags -> their long names, so a check can say `output` and match `-o`.
SHORT_FLAGS = {"n": "namespace", "o": "output", "l": "selector", "A": "all-namespaces",
               "f": "filename", "c": "container", "i": "stdin", "t": "tty", "w": "watch",
               "s": "server", "v": "v", "p": "previous", "r": "replicas", "h": "help"}

# Long flags that take a value when written without `=` (the rest are switches).
VALUED_FLAGS = frozenset({
    "namespace", "context", "cluster", "user", "kubeconfig", "server", "as", "token",
    "request-timeout", "v", "output", "selector", "filename", "container", "image", "replicas",
    "port", "target-port", "type", "name", "cluster-ip", "protocol", "labels", "external-ip",
    "session-affinity", "load-balancer-ip", "tail", "since", "field-selector", "sort-by",
    "template", "current-replicas", "resource-version", "timeout", "grace-period", "tcp",
    "overrides", "restart", "env", "dry-run", "field-manager", "cascade", "for", "pod-running-timeout",
    "generator", "show-kind", "label-columns", "chunk-size", "max-log-requests", "limit-bytes",
})
# Switches that never take a value even though they look like valued ones.
SWITCHES = frozenset({"stdin", "tty", "all-namespaces", "watch", "previous", "help", "all",
                      "show-labels", "no-headers", "force", "wait", "quiet", "follow", "prefix",
                      "timestamps", "overwrite", "local", "record", "validate"})


@dataclass(frozen=True)
class KubectlCall:
    """One kubectl invocation, normalised."""

    verb: str | None
    resources: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    flags: dict[str, str | None] = field(default_factory=dict)
    command: tuple[str, ...] = ()  # what follows `--` (exec's command, create's container command)


def _canonical_flag(raw: str) -> tuple[str, str | None]:
    """'--target_port=80' -> ('target-port', '80'); '-owide' -> ('output', 'wide')."""
    if raw.startswith("--"):
        name, eq, value = raw[2:].partition("=")
        return name.replace("_", "-"), (value if eq else None)
    body = raw[1:]
    name = SHORT_FLAGS.get(body[:1], body[:1])
    rest = body[1:]
    if rest.startswith("="):
        return name, rest[1:]
    if rest and name in VALUED_FLAGS:
        return name, rest
    return name, None


def parse_kubectl(argv: list[str] | tuple[str, ...]) -> KubectlCall:
    """Split `kubectl ...` argv into verb, resource kinds, object names, flags and `--` command."""
    args = list(argv[1:])
    flags: dict[str, str | None] = {}
    positionals: list[str] = []
    command: tuple[str, ...] = ()
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            command = tuple(args[i + 1:])
            break
        if a.startswith("-") and len(a) > 1:
            if not a.startswith("--") and len(a) > 2 and a[1] != "=" and \
                    SHORT_FLAGS.get(a[1], a[1]) not in VALUED_FLAGS:
                # Bundled switches such as -it.
                for ch in a[1:]:
                    flags[SHORT_FLAGS.get(ch, ch)] = None
                i += 1
                continue
            name, value = _canonical_flag(a)
            if value is None and name in VALUED_FLAGS and name not in SWITCHES \
                    and i + 1 < len(args):
                value = args[i + 1]
                i += 1
            flags[name] = value
        else:
            positionals.append(a)
        i += 1
    verb = positionals[0] if positionals else None
    rest = positionals[1:]
    if verb in ("config",):
        # `config set-context ...`: the subcommand is the object of interest, not a kind.
        return KubectlCall(verb, (), tuple(rest), flags, command)
    resources: list[str] = []
    names: list[str] = []
    for j, word in enumerate(rest):
        if "/" in word:
            kind, _, name = word.partition("/")
            resources += canonical_resources(kind)
            names.append(name)
        elif j == 0 and verb not in ("exec", "logs", "port-forward", "attach", "cp"):
            for kind in word.split(","):
                resources += canonical_resources(kind)
        else:
            names.append(word)
    if verb in ("exec", "logs", "attach") and not resources:
        resources.append("pods")  # `kubectl logs NAME` means a pod
    return KubectlCall(verb, tuple(resources), tuple(names), flags, command)
