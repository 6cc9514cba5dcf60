"""The one table of step checks: name -> evaluator, parameters and a one-line description.

A check in a lesson file is a one-key mapping, `{name: arguments}`. It judges the cluster's state
or what the learner ran (the terminal's command log), never the exact text typed. Lesson
validation, `lessons check` and the docs all read CHECKS.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from webapp.cluster.errors import NotFound
from webapp.cluster.images import image_info
from webapp.shell.kubectl.resources import lookup
from webapp.tutorial.kubectl_args import canonical_resources, parse_kubectl


class LessonError(ValueError):
    """A lesson file is malformed; the message names the file and the offending place."""


@dataclass
class CheckContext:
    """What a check may look at: the terminal (cluster, namespace, traffic) and the command log."""

    terminal: Any
    namespace: str            # the lesson's namespace: the default for checks that name objects
    log: list[dict]           # simple commands run since the lesson started
    last: list[dict]          # the simple commands of the most recent line
    last_output: str = ""
    context: str = "workstation"  # where the terminal is now

    @property
    def cluster(self) -> Any:
        return self.terminal.cluster


@dataclass(frozen=True)
class CheckKind:
    name: str
    evaluate: Callable[[CheckContext, Any], bool]
    description: str
    params: dict[str, str]           # parameter -> type: str|int|bool|strs|labels|check|checks|regex
    required: tuple[str, ...] = ()
    scalar: str | None = None        # `{kind: value}` fills this parameter


CHECKS: dict[str, CheckKind] = {}
CLUSTER_SCOPED = {"namespaces", "nodes"}


def check(name: str, description: str, params: dict[str, str] | None = None,
          required: tuple[str, ...] = (), scalar: str | None = None):
    """Register an evaluator under `name` in CHECKS."""
    def register(fn: Callable[[CheckContext, dict], bool]):
        CHECKS[name] = CheckKind(name, fn, description, params or {}, required, scalar)
        return fn
    return register


# ---------------------------------------------------------------------------------- validation

def _is_strs(v: Any) -> bool:
    return isinstance(v, str) or (isinstance(v, list) and v and all(isinstance(x, str) for x in v))


_TYPE_OK: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "strs": _is_strs,
    "labels": lambda v: isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str)
                                                   for k, x in v.items()),
    "flags": lambda v: _is_strs(v) or (isinstance(v, dict) and all(
        isinstance(k, str) and isinstance(x, (str, int, list, type(None))) for k, x in v.items())),
}


def normalize(spec: Any, where: str) -> tuple[str, Any]:
    """Validate one check spec and return (name, arguments); raise LessonError with `where`."""
    if not isinstance(spec, dict) or len(spec) != 1:
        raise LessonError(f"{where}: a check is a mapping with exactly one key, got {spec!r}")
    (name, args), = spec.items()
    kind = CHECKS.get(name)
    if kind is None:
        raise LessonError(f"{where}: unknown check {name!r} (known: {', '.join(sorted(CHECKS))})")
    if kind.params.get("_") == "checks":
        if not isinstance(args, list) or not args:
            raise LessonError(f"{where}: {name} takes a non-empty list of checks")
        return name, [normalize(a, f"{where}.{name}[{i}]") for i, a in enumerate(args)]
    if kind.params.get("_") == "check":
        return name, normalize(args, f"{where}.{name}")
    if not isinstance(args, dict):
        if kind.scalar is None:
            raise LessonError(f"{where}: {name} takes a mapping of {sorted(kind.params)}")
        args = {kind.scalar: args}
    for key, value in args.items():
        typ = kind.params.get(key)
        if typ is None:
            raise LessonError(f"{where}: {name} has no parameter {key!r} "
                              f"(known: {', '.join(sorted(kind.params))})")
        if typ == "regex":
            if not isinstance(value, str):
                raise LessonError(f"{where}: {name}.{key} must be a regular expression string")
            try:
                re.compile(value)
            except re.error as e:
                raise LessonError(f"{where}: {name}.{key}: bad regular expression: {e}") from None
        elif typ.startswith("enum:"):
            if value not in typ[5:].split("|"):
                raise LessonError(f"{where}: {name}.{key} must be one of {typ[5:]}, got {value!r}")
        elif not _TYPE_OK[typ](value):
            raise LessonError(f"{where}: {name}.{key} must be {typ}, got {value!r}")
    missing = [r for r in kind.required if r not in args]
    if missing:
        raise LessonError(f"{where}: {name} needs {', '.join(missing)}")
    if "kind" in args and lookup(args["kind"]) is None:
        raise LessonError(f"{where}: {name}.kind {args['kind']!r} is not a kind kubectl knows")
    return name, args


def reacts_to_last_command(checked: tuple[str, Any]) -> bool:
    """True when the check looks at what the latest line ran or printed: a `ran`/`ran_kubectl`
    with `last: true`, or `output_matches`, reached through `all`/`any` but not through `not`
    (the absence of a command is no wrong turn the learner just took)."""
    name, args = checked
    if name in ("all", "any"):
        return any(reacts_to_last_command(c) for c in args)
    if name == "output_matches":
        return True
    return name in ("ran", "ran_kubectl") and bool(args.get("last"))


def evaluate(checked: tuple[str, Any], ctx: CheckContext) -> bool:
    """Evaluate a normalized check. A missing object is simply False."""
    name, args = checked
    return bool(CHECKS[name].evaluate(ctx, args))


# ---------------------------------------------------------------------------------- helpers

def _strs(v: Any) -> list[str]:
    return [v] if isinstance(v, str) else list(v or [])


def _count_ok(n: int, args: dict) -> bool:
    if "equals" in args and n != args["equals"]:
        return False
    if "at_least" in args and n < args["at_least"]:
        return False
    if "at_most" in args and n > args["at_most"]:
        return False
    return True


def _get(ctx: CheckContext, resource: str, ns: str | None, name: str) -> dict | None:
    try:
        return ctx.cluster.get(resource, ns, name)
    except NotFound:
        return None


def _ns(ctx: CheckContext, args: dict) -> str:
    return args.get("namespace", ctx.namespace)


def _pod_ready(pod: dict) -> bool:
    if (pod.get("metadata") or {}).get("deletionTimestamp"):
        return False
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _entries(ctx: CheckContext, args: dict) -> list[dict]:
    return ctx.last if args.get("last") else ctx.log


def _where_ok(entry: dict, args: dict) -> bool:
    context = entry.get("context", "workstation")
    where = args.get("in")
    if where == "workstation" and context != "workstation":
        return False
    if where == "pod" or "pod_namespace" in args or "pod_prefix" in args:
        if not context.startswith("pod/"):
            return False
        _, ns, pod = (context.split("/", 2) + ["", ""])[:3]
        if "pod_namespace" in args and ns != args["pod_namespace"]:
            return False
        if "pod_prefix" in args and not pod.startswith(args["pod_prefix"]):
            return False
    return True


def _exit_ok(entry: dict, args: dict) -> bool:
    if "succeeded" in args and (entry.get("exit_code") == 0) != args["succeeded"]:
        return False
    return True


def _times_ok(n: int, args: dict) -> bool:
    return n >= args.get("times_at_least", 1)


# ---------------------------------------------------------------------------------- combinators

@check("all", "every listed check passes", {"_": "checks"})
def _all(ctx, checks):
    return all(evaluate(c, ctx) for c in checks)


@check("any", "at least one listed check passes", {"_": "checks"})
def _any(ctx, checks):
    return any(evaluate(c, ctx) for c in checks)


@check("not", "the check inside does not pass", {"_": "check"})
def _not(ctx, inner):
    return not evaluate(inner, ctx)


# ---------------------------------------------------------------------------------- state

@check("namespace_current", "kubectl's current namespace is this one",
       {"namespace": "str"}, ("namespace",), scalar="namespace")
def _namespace_current(ctx, args):
    return ctx.terminal.namespace == args["namespace"]


@check("object_exists", "an object of this kind and name exists (namespace: the lesson's)",
       {"kind": "str", "name": "str", "namespace": "str"}, ("kind", "name"))
def _object_exists(ctx, args):
    resource = lookup(args["kind"]).plural
    ns = None if resource in CLUSTER_SCOPED else _ns(ctx, args)
    return _get(ctx, resource, ns, args["name"]) is not None


@check("service", "a Service exists with these properties (type, headless, port, selector)",
       {"name": "str", "namespace": "str", "type": "str", "headless": "bool", "port": "int",
        "selector": "labels"}, ("name",), scalar="name")
def _service(ctx, args):
    svc = _get(ctx, "services", _ns(ctx, args), args["name"])
    if svc is None:
        return False
    spec = svc.get("spec") or {}
    if "type" in args and spec.get("type", "ClusterIP") != args["type"]:
        return False
    if "headless" in args and (spec.get("clusterIP") == "None") != args["headless"]:
        return False
    if "port" in args and args["port"] not in [p.get("port") for p in spec.get("ports") or []]:
        return False
    if "selector" in args and (spec.get("selector") or {}) != args["selector"]:
        return False
    return True


@check("endpoints_count", "the Service's Endpoints list this many ready addresses",
       {"service": "str", "namespace": "str", "at_least": "int", "equals": "int",
        "at_most": "int"}, ("service",))
def _endpoints_count(ctx, args):
    ep = _get(ctx, "endpoints", _ns(ctx, args), args["service"])
    if ep is None:
        return False
    n = sum(len(s.get("addresses") or []) for s in ep.get("subsets") or [])
    return _count_ok(n, args)


@check("deployment_replicas", "the Deployment asks for this many replicas (spec.replicas)",
       {"name": "str", "namespace": "str", "at_least": "int", "equals": "int", "at_most": "int"},
       ("name",))
def _deployment_replicas(ctx, args):
    dep = _get(ctx, "deployments", _ns(ctx, args), args["name"])
    if dep is None:
        return False
    return _count_ok((dep.get("spec") or {}).get("replicas", 1), args)


def keeps_running(pod: dict) -> bool:
    """Every container's main process runs until killed (a server, `sleep infinity`), by the
    image catalog; a shell that exits at once makes a crash loop that is Ready for a blink."""
    return all(image_info(c.get("image") or "").runs_forever(c.get("command"), c.get("args"))
               for c in (pod.get("spec") or {}).get("containers") or [])


@check("pods_ready", "this many pods matching the labels are Ready (and, if asked, stay up)",
       {"selector": "labels", "namespace": "str", "at_least": "int", "equals": "int",
        "at_most": "int", "keeps_running": "bool"}, ("selector",))
def _pods_ready(ctx, args):
    want = args["selector"]
    pods = ctx.cluster.list("pods", _ns(ctx, args))
    n = sum(1 for p in pods
            if all(((p.get("metadata") or {}).get("labels") or {}).get(k) == v
                   for k, v in want.items()) and _pod_ready(p)
            and (not args.get("keeps_running") or keeps_running(p)))
    return _count_ok(n, args)


@check("traffic", "requests through the Service reached enough pods (the chart's counters)",
       {"service": "str", "namespace": "str", "pods_at_least": "int",
        "requests_at_least": "int"}, ("service",))
def _traffic(ctx, args):
    per_pod = (ctx.terminal.traffic().get("services") or {}).get(
        f"{_ns(ctx, args)}/{args['service']}") or {}
    if sum(1 for n in per_pod.values() if n > 0) < args.get("pods_at_least", 1):
        return False
    return sum(per_pod.values()) >= args.get("requests_at_least", 1)


@check("context", "the terminal is now on the workstation or inside a pod",
       {"is": "enum:workstation|pod"}, ("is",), scalar="is")
def _context(ctx, args):
    return ctx.context.startswith("pod/") if args["is"] == "pod" else ctx.context == "workstation"


# ---------------------------------------------------------------------------------- what was run

_RAN_ANY = {"succeeded": "bool", "last": "bool", "times_at_least": "int"}
_RAN_WHERE = {"in": "enum:workstation|pod", "pod_namespace": "str", "pod_prefix": "str",
              **_RAN_ANY}


@check("ran", "a program ran (where, with which arguments, whether it succeeded)",
       {"program": "strs", "args_include": "strs", "args_exclude": "strs", "arg_matches": "regex",
        **_RAN_WHERE}, ("program",), scalar="program")
def _ran(ctx, args):
    programs = set(_strs(args["program"]))
    include, exclude = _strs(args.get("args_include")), _strs(args.get("args_exclude"))
    pattern = re.compile(args["arg_matches"]) if "arg_matches" in args else None
    n = 0
    for entry in _entries(ctx, args):
        argv = entry.get("argv") or []
        if not argv or argv[0].rsplit("/", 1)[-1] not in programs:
            continue
        rest = argv[1:]
        if any(a not in rest for a in include) or any(a in rest for a in exclude):
            continue
        if pattern is not None and not any(pattern.fullmatch(a) for a in rest):
            continue
        if _where_ok(entry, args) and _exit_ok(entry, args):
            n += entry.get("n", 1)
    return _times_ok(n, args)


def _flags_match(flags: dict, wanted: Any) -> bool:
    if isinstance(wanted, dict):
        return all(k in flags and (v is None or str(flags[k]) in
                                   [str(x) for x in (v if isinstance(v, list) else [v])])
                   for k, v in wanted.items())
    return all(k in flags for k in _strs(wanted))


@check("ran_kubectl", "kubectl ran with this verb (and kind, name, flags), however it was spelled",
       {"verb": "strs", "resource": "strs", "name": "str", "with_flags": "flags",
        "without_flags": "strs", **_RAN_ANY}, ("verb",), scalar="verb")
def _ran_kubectl(ctx, args):
    verbs = set(_strs(args["verb"]))
    resources = {p for r in _strs(args.get("resource")) for p in canonical_resources(r)}
    n = 0
    for entry in _entries(ctx, args):
        argv = entry.get("argv") or []
        if not argv or argv[0].rsplit("/", 1)[-1] != "kubectl":
            continue
        call = parse_kubectl(argv)
        if call.verb not in verbs:
            continue
        if resources and not resources & set(call.resources):
            continue
        if "name" in args and args["name"] not in call.names:
            continue
        if "with_flags" in args and not _flags_match(call.flags, args["with_flags"]):
            continue
        if any(f in call.flags for f in _strs(args.get("without_flags"))):
            continue
        if _exit_ok(entry, args):
            n += entry.get("n", 1)
    return _times_ok(n, args)


@check("output_matches", "the last command's output matches a pattern (a last resort)",
       {"pattern": "regex"}, ("pattern",), scalar="pattern")
def _output_matches(ctx, args):
    return re.search(args["pattern"], ctx.last_output, re.M) is not None


def describe_checks() -> str:
    """One line per check kind, for `lessons check --help` and the authoring docs."""
    return "\n".join(f"{k.name:20} {k.description}" for k in sorted(CHECKS.values(),
                                                                     key=lambda k: k.name))
