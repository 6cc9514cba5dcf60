"""The simulated cluster: an object store with the API server's rules, and the control loops.

Objects are Kubernetes-shaped dicts kept by resource and "ns/name". Nothing runs by itself:
`sync()` applies what is due up to the injected clock's now (kubelet timing, graceful deletion)
and every read or write calls it first. Controllers run synchronously after each change.
"""
from __future__ import annotations

import bisect
import copy
from typing import Any, Iterable

from . import admission, controllers, deletion, events, lifecycle
from .clock import Clock, rfc3339
from .errors import AlreadyExists, Conflict, NotFound, QuotaExceeded
from .limits import DEFAULT_LIMITS, Limits
from .names import generate_name, new_uid
from .rng import Rng
from .kinds import KIND_TO_RESOURCE, RESOURCES
from .selectors import Selector

def object_key(resource: str, namespace: str | None, name: str) -> str:
    return f"{namespace}/{name}" if RESOURCES[resource][2] else name


class Cluster:
    """One learner's cluster. Build with `Cluster.new(seed, clock)` or `Cluster.from_dict(d, clock)`."""

    def __init__(self, state: dict, clock: Clock, limits: Limits = DEFAULT_LIMITS) -> None:
        self.clock = clock
        self.limits = limits
        self.objects: dict[str, dict[str, dict]] = state["objects"]
        for resource in RESOURCES:
            self.objects.setdefault(resource, {})
        self.rng = Rng(state["rng"])
        self.rv: int = state["rv"]
        # due actions: [time, seq, action, resource, key]; kept sorted
        self.timeline: list[list] = state["timeline"]
        self.seq: int = state.get("seq", 0)
        self.ipam: dict = state["ipam"]
        self.traffic: dict = state.setdefault("traffic", {"pods": {}, "services": {}, "timeline": []})
        self.pod_logs: dict[str, list[str]] = state.setdefault("pod_logs", {})
        self.meta: dict = state.setdefault("meta", {})
        self._now: float | None = None   # the time controllers act at while sync() replays the timeline
        self._dirty: set[str] = set()
        self._settling = False
        # bumped by every store write and removal (rv is not: a deletion keeps it), so derived
        # tables (routing, name lookups) know when to rebuild; never persisted
        self.changes = 0
        self.memo: dict = {}

    # ------------------------------------------------------------------ construction, persistence
    @classmethod
    def new(cls, seed: int, clock: Clock, limits: Limits = DEFAULT_LIMITS) -> "Cluster":
        from .bootstrap import bootstrap
        return bootstrap(cls, seed, clock, limits)

    def to_dict(self) -> dict:
        return {"objects": {r: o for r, o in self.objects.items() if o}, "rng": self.rng.state,
                "rv": self.rv, "timeline": self.timeline, "seq": self.seq, "ipam": self.ipam,
                "traffic": self.traffic, "pod_logs": self.pod_logs, "meta": self.meta}

    @classmethod
    def from_dict(cls, state: dict, clock: Clock, limits: Limits = DEFAULT_LIMITS) -> "Cluster":
        return cls(state, clock, limits)

    # ------------------------------------------------------------------ time
    def now(self) -> float:
        """The time the cluster is acting at: the clock, or a due action's time during sync()."""
        return self._now if self._now is not None else self.clock.now()

    def timestamp(self) -> str:
        return rfc3339(self.now())

    def schedule(self, at: float, action: str, resource: str, key: str) -> None:
        self.seq += 1
        bisect.insort(self.timeline, [round(at, 3), self.seq, action, resource, key])

    def next_due(self) -> float | None:
        """When the cluster next changes by itself (a pod starts, a deletion ends), or None."""
        self.sync()
        return self.timeline[0][0] if self.timeline else None

    def sync(self) -> None:
        """Apply every due action up to now, in time order, then settle the controllers."""
        if self._now is not None:
            return
        self.sync_until(self.clock.now())

    def sync_until(self, now: float) -> None:
        saved = self._now
        while self.timeline and self.timeline[0][0] <= now:
            at, _, action, resource, key = self.timeline.pop(0)
            self._now = at
            try:
                lifecycle.apply(self, action, resource, key)
                self.settle()
            finally:
                self._now = saved
        if self._dirty:
            self.settle()

    def settle(self) -> None:
        """Run the controllers over the namespaces something changed in."""
        if self._settling:
            return  # a controller's own write: the running settle() picks it up
        self._settling = True
        try:
            for _ in range(8):  # controllers feed each other (deploy -> rs -> pods -> endpoints)
                if not self._dirty:
                    return
                dirty, self._dirty = self._dirty, set()
                for ns in sorted(dirty):
                    controllers.reconcile_namespace(self, ns)
        finally:
            self._settling = False

    def mark(self, namespace: str | None) -> None:
        if namespace:
            self._dirty.add(namespace)

    # ------------------------------------------------------------------ reads
    def get(self, resource: str, namespace: str | None, name: str) -> dict:
        self.sync()
        return self.peek(resource, namespace, name)

    def peek(self, resource: str, namespace: str | None, name: str) -> dict:
        """get() without sync(): for controllers and code already inside a transaction."""
        obj = self.objects[resource].get(object_key(resource, namespace, name))
        if obj is None:
            raise NotFound(f'{RESOURCES[resource][3]} "{name}" not found')
        return obj

    def find(self, resource: str, namespace: str | None, name: str) -> dict | None:
        return self.objects[resource].get(object_key(resource, namespace, name))

    def list(self, resource: str, namespace: str | None = None,
             selector: Selector | None = None) -> list[dict]:
        """Objects of a resource, sorted by namespace then name (etcd key order)."""
        self.sync()
        return self.scan(resource, namespace, selector)

    def scan(self, resource: str, namespace: str | None = None,
             selector: Selector | None = None) -> list[dict]:
        store = self.objects[resource]
        if namespace is not None and RESOURCES[resource][2]:
            prefix = namespace + "/"
            keys = [k for k in store if k.startswith(prefix)]
        else:
            keys = list(store)
        keys.sort()
        out = [store[k] for k in keys]
        if selector is not None and not selector.empty:
            out = [o for o in out if selector.matches(o["metadata"].get("labels"))]
        return out

    def count_objects(self) -> int:
        return sum(len(v) for r, v in self.objects.items() if r != "events")

    # ------------------------------------------------------------------ writes
    def create(self, obj: dict, dry_run: bool = False, *, internal: bool = False) -> dict:
        """Admit and store a new object (defaulting, validation, names, IPs); returns the stored object."""
        self.sync()
        obj = copy.deepcopy(obj)
        resource = KIND_TO_RESOURCE.get(obj.get("kind", ""))
        if resource is None:
            from .errors import BadRequest
            raise BadRequest(f'no kind "{obj.get("kind")}" is registered for version "{obj.get("apiVersion")}"')
        meta = obj.setdefault("metadata", {})
        namespaced = RESOURCES[resource][2]
        if namespaced:
            meta.setdefault("namespace", "default")
            ns = meta["namespace"]
            if not internal and ns not in self.objects["namespaces"]:
                raise NotFound(f'namespaces "{ns}" not found')
            if not internal and self.objects["namespaces"][ns]["status"].get("phase") == "Terminating":
                from .errors import Forbidden
                raise Forbidden(f'{RESOURCES[resource][3]} "{meta.get("name") or meta.get("generateName", "")}" '
                                f'is forbidden: unable to create new content in namespace {ns} because it is being terminated')
        else:
            meta.pop("namespace", None)
        if not meta.get("name") and meta.get("generateName"):
            for _ in range(8):
                meta["name"] = generate_name(meta["generateName"], self.rng)
                if self.find(resource, meta.get("namespace"), meta["name"]) is None:
                    break
        admission.validate_and_default(self, resource, obj)
        key = object_key(resource, meta.get("namespace"), meta["name"])
        if key in self.objects[resource]:
            being_deleted = "object is being deleted: " if self.objects[resource][key]["metadata"].get(
                "deletionTimestamp") else ""
            raise AlreadyExists(f'{being_deleted}{RESOURCES[resource][3]} "{meta["name"]}" already exists')
        if not internal and resource != "events":
            self._check_quota(resource, meta.get("namespace"), meta.get("name") or "")
        admission.allocate(self, resource, obj, dry_run)
        if dry_run:
            return obj
        meta["uid"] = new_uid(self.rng)
        meta["creationTimestamp"] = self.timestamp()
        self._bump(obj)
        self.objects[resource][key] = obj
        self.mark(meta.get("namespace"))
        lifecycle.on_create(self, resource, obj)
        self.settle()
        return obj

    def _check_quota(self, resource: str, namespace: str | None, name: str) -> None:
        limit = self.limits.pods if resource == "pods" else self.limits.objects
        used = len(self.objects["pods"]) if resource == "pods" else self.count_objects()
        if used >= limit:
            what = "pods" if resource == "pods" else "count/objects"
            raise QuotaExceeded(
                f'{RESOURCES[resource][3]} "{name}" is forbidden: exceeded quota: kubetutor-session, '
                f"requested: {what}=1, used: {what}={used}, limited: {what}={limit}")

    def replace(self, obj: dict) -> dict:
        """Update an existing object (spec and metadata), keeping server-owned fields."""
        self.sync()
        obj = copy.deepcopy(obj)
        resource = KIND_TO_RESOURCE[obj["kind"]]
        meta = obj["metadata"]
        old = self.peek(resource, meta.get("namespace"), meta["name"])
        rv = meta.get("resourceVersion")
        if rv and rv != old["metadata"].get("resourceVersion"):
            raise Conflict(f'Operation cannot be fulfilled on {RESOURCES[resource][3]} "{meta["name"]}": '
                           "the object has been modified; please apply your changes to the latest version and try again")
        admission.validate_update(self, resource, old, obj)
        for field in ("uid", "creationTimestamp", "generation", "ownerReferences", "deletionTimestamp",
                      "deletionGracePeriodSeconds", "finalizers"):
            if field in old["metadata"] and field not in meta:
                meta[field] = old["metadata"][field]
        if "status" not in obj and "status" in old:
            obj["status"] = old["status"]
        if resource in ("deployments", "replicasets") and obj.get("spec") != old.get("spec"):
            meta["generation"] = old["metadata"].get("generation", 1) + 1
        self._bump(obj)
        self.objects[resource][object_key(resource, meta.get("namespace"), meta["name"])] = obj
        self.mark(meta.get("namespace"))
        self.settle()
        return obj

    def end_container(self, pod: dict, container: str, exit_code: int) -> None:
        """The container's main process ended now (an attached shell exited)."""
        lifecycle.end_container(self, pod, container, exit_code)

    def update_status(self, resource: str, obj: dict) -> None:
        """Controllers write status in place; this bumps the resourceVersion."""
        self._bump(obj)

    def scale(self, resource: str, namespace: str, name: str, replicas: int) -> dict:
        self.sync()
        obj = copy.deepcopy(self.peek(resource, namespace, name))
        obj["spec"]["replicas"] = replicas
        obj["metadata"].pop("resourceVersion", None)
        return self.replace(obj)

    def delete(self, resource: str, namespace: str | None, name: str, grace: int | None = None,
               *, internal: bool = False) -> dict:
        """Delete an object as the API server would: pods terminate gracefully, owners cascade."""
        self.sync()
        obj = self.peek(resource, namespace, name)
        deletion.on_delete(self, resource, obj, grace)
        self.mark(namespace)
        self.settle()
        return obj

    def remove(self, resource: str, obj: dict) -> None:
        """Drop an object from the store now (the end of a deletion)."""
        meta = obj["metadata"]
        self.objects[resource].pop(object_key(resource, meta.get("namespace"), meta["name"]), None)
        self.changes += 1
        self.mark(meta.get("namespace"))
        if resource == "pods":
            self.pod_logs.pop(meta.get("uid", ""), None)
            self.meta.get("service_env", {}).pop(meta.get("uid", ""), None)

    def put(self, resource: str, obj: dict) -> dict:
        """Store an object made by a controller (no validation), with uid and timestamps."""
        meta = obj["metadata"]
        meta.setdefault("uid", new_uid(self.rng))
        meta.setdefault("creationTimestamp", self.timestamp())
        self._bump(obj)
        self.objects[resource][object_key(resource, meta.get("namespace"), meta["name"])] = obj
        self.mark(meta.get("namespace"))
        return obj

    def _bump(self, obj: dict) -> None:
        self.changes += 1
        self.rv += 1
        obj["metadata"]["resourceVersion"] = str(self.rv)

    # ------------------------------------------------------------------ events
    def record_event(self, involved: dict, etype: str, reason: str, message: str,
                     source: str, *, host: str | None = None, field: str | None = None) -> None:
        """An Event about an object (what `describe` lists and `get events` shows)."""
        events.record_event(self, involved, etype, reason, message, source, host, field)

    # ------------------------------------------------------------------ helpers for other modules
    def namespaces(self) -> list[str]:
        return sorted(self.objects["namespaces"])

    def node_names(self) -> list[str]:
        return sorted(self.objects["nodes"])

    def iter_all(self) -> Iterable[tuple[str, dict]]:
        for resource, store in self.objects.items():
            for obj in store.values():
                yield resource, obj


def deep_copy(obj: Any) -> Any:
    return copy.deepcopy(obj)
