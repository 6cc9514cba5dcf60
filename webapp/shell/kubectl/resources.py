"""The one table of resource kinds the simulated API server serves, and how kubectl names them.

Used for name resolution (`deploy/nginx`, `deployments.apps`, `svc,ep`), `-o name`
(`deployment.apps/nginx`), `api-resources`, the unknown-type error and NotFound wording.
Only kinds the simulated cluster stores are listed: a type kubectl cannot map is answered the way
a real server without it would (`the server doesn't have a resource type "x"`).
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import KubectlError, error

_RW = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")


@dataclass(frozen=True)
class ResourceType:
    """One API resource: `deployments` in group `apps`, kind `Deployment`, short name `deploy`."""

    plural: str
    singular: str
    kind: str
    group: str = ""
    version: str = "v1"
    namespaced: bool = True
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    verbs: tuple[str, ...] = _RW

    @property
    def api_version(self) -> str:
        """`v1` or `apps/v1`."""
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self) -> str:
        """The plural with its group, as NotFound messages say it: `deployments.apps`, `services`."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def name_prefix(self) -> str:
        """kind.group in lower case, as `-o name` and `created` messages print: `deployment.apps`."""
        kind = self.kind.lower()
        return f"{kind}.{self.group}" if self.group else kind

    def ref(self, name: str) -> str:
        """`deployment.apps/nginx`, `service/nginx`."""
        return f"{self.name_prefix}/{name}"

    def quoted(self, name: str) -> str:
        """`deployment.apps "nginx"`: how delete and rollout messages name an object."""
        return f'{self.name_prefix} "{name}"'


# Order is the discovery order kubectl sees (core group first, then apps, then the rest).
RESOURCE_TYPES: tuple[ResourceType, ...] = (
    ResourceType("configmaps", "configmap", "ConfigMap", short_names=("cm",)),
    ResourceType("endpoints", "endpoints", "Endpoints", short_names=("ep",)),
    ResourceType("events", "event", "Event", short_names=("ev",)),
    ResourceType("namespaces", "namespace", "Namespace", namespaced=False, short_names=("ns",),
                 verbs=("create", "delete", "get", "list", "patch", "update", "watch")),
    ResourceType("nodes", "node", "Node", namespaced=False, short_names=("no",)),
    ResourceType("pods", "pod", "Pod", short_names=("po",), categories=("all",)),
    ResourceType("serviceaccounts", "serviceaccount", "ServiceAccount", short_names=("sa",)),
    ResourceType("services", "service", "Service", short_names=("svc",), categories=("all",),
                 verbs=("create", "delete", "get", "list", "patch", "update", "watch")),
    ResourceType("daemonsets", "daemonset", "DaemonSet", group="apps", short_names=("ds",),
                 categories=("all",)),
    ResourceType("deployments", "deployment", "Deployment", group="apps", short_names=("deploy",),
                 categories=("all",)),
    ResourceType("replicasets", "replicaset", "ReplicaSet", group="apps", short_names=("rs",),
                 categories=("all",)),
    ResourceType("endpointslices", "endpointslice", "EndpointSlice", group="discovery.k8s.io"),
)

BY_PLURAL: dict[str, ResourceType] = {r.plural: r for r in RESOURCE_TYPES}
BY_KIND: dict[str, ResourceType] = {r.kind: r for r in RESOURCE_TYPES}

# `kubectl get all` expands to the "all" category in this order (as kubectl prints it)
ALL_CATEGORY: tuple[ResourceType, ...] = tuple(
    BY_PLURAL[p] for p in ("pods", "services", "daemonsets", "deployments", "replicasets"))


def _aliases(r: ResourceType) -> set[str]:
    names = {r.plural, r.singular, *r.short_names}
    out = set(names)
    if r.group:
        for n in (r.plural, r.singular):
            out.add(f"{n}.{r.group}")
            out.add(f"{n}.{r.version}.{r.group}")
    else:
        for n in (r.plural, r.singular):
            out.add(f"{n}.{r.version}")
    return out


_LOOKUP: dict[str, ResourceType] = {}
for _r in RESOURCE_TYPES:
    for _a in _aliases(_r):
        _LOOKUP.setdefault(_a, _r)


def lookup(word: str) -> ResourceType | None:
    """The type a word names (`svc`, `Services`, `deployments.apps`, `deploy`), or None."""
    return _LOOKUP.get(word.lower())


def resolve(word: str) -> ResourceType:
    """Like lookup, but an unknown word raises kubectl's error."""
    r = lookup(word)
    if r is None:
        raise error(f"the server doesn't have a resource type {_quote(word)}")
    return r


def by_kind(kind: str) -> ResourceType | None:
    """The type of an object's `kind` (`Deployment` -> deployments)."""
    return BY_KIND.get(kind)


def _quote(word: str) -> str:
    from .flags import go_quote
    return go_quote(word)


@dataclass(frozen=True)
class Target:
    """One thing a command line asks for: a type and a name (None: every object of that type)."""

    rtype: ResourceType
    name: str | None = None


def split_types(word: str) -> list[str]:
    """`svc,ep` -> ['svc', 'ep'] without repeats (SplitResourceArgument)."""
    out: list[str] = []
    for part in word.split(","):
        if part not in out:
            out.append(part)
    return out


def _expand(word: str, allow_all: bool) -> list[ResourceType]:
    if allow_all and word.lower() == "all":
        return list(ALL_CATEGORY)
    return [resolve(word)]


def parse_targets(args: list[str], allow_all: bool = True) -> list[Target]:
    """Turn `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` into targets, with kubectl's errors.

    An empty list means no resource was named; the caller words that error itself.
    """
    if not args:
        return []
    types = split_types(args[0])
    if len(args) >= 2 and len(types) > 1 and not any("/" in a for a in args):
        # `get svc,ep nginx` means svc/nginx and ep/nginx
        args = [f"{t}/{n}" for t in types for n in args[1:]]
    slashed = sum("/" in a for a in args)
    if slashed and slashed != len(args):
        raise error("there is no need to specify a resource type as a separate argument when passing "
                    "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                    "instead of 'kubectl get resource resource/<resource_name>'")
    if slashed:
        targets = []
        for a in args:
            parts = a.split("/")
            if len(parts) != 2:
                raise error("arguments in resource/name form may not have more than one slash")
            kind, name = parts
            if not kind or not name or len(split_types(kind)) != 1:
                raise error("arguments in resource/name form must have a single resource and name")
            targets += [Target(r, name) for r in _expand(kind, allow_all)]
        return targets
    rtypes: list[ResourceType] = []
    for t in types:
        if t == "":
            continue
        rtypes += _expand(t, allow_all)
    if not rtypes:
        raise error('the server doesn\'t have a resource type ""')
    if len(args) == 1:
        return [Target(r) for r in rtypes]
    return [Target(r, n) for r in rtypes for n in args[1:]]


def not_found(rtype: ResourceType, name: str) -> str:
    """The API server's NotFound message: `deployments.apps "x" not found`."""
    return f'{rtype.qualified} "{name}" not found'


def all_names() -> list[str]:
    """Every spelling Tab completion offers for a type (plural and short names)."""
    out = []
    for r in RESOURCE_TYPES:
        out += [r.plural, *r.short_names]
    return sorted(set(out))


__all__ = ["ResourceType", "RESOURCE_TYPES", "ALL_CATEGORY", "Target", "lookup", "resolve",
           "by_kind", "parse_targets", "split_types", "not_found", "all_names", "KubectlError"]
