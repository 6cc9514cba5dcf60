"""The cluster panel's view model: each Service -> its Endpoints -> the pods behind it, by node."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PodView:
    name: str
    ip: str | None
    node: str | None
    status: str          # as kubectl's STATUS column: ContainerCreating, Running, Terminating, ...
    ready: bool
    ready_text: str      # as kubectl's READY column: "1/1"


@dataclass(frozen=True)
class NodeGroup:
    node: str            # "" while a pod is not scheduled yet
    pods: tuple[PodView, ...]


@dataclass(frozen=True)
class EndpointView:
    ip: str
    ports: tuple[str, ...]   # "80/TCP"
    pod: str | None          # the targetRef's name, when the address is a pod
    ready: bool


@dataclass(frozen=True)
class ServiceView:
    name: str
    type: str
    cluster_ip: str | None   # None for a headless Service (clusterIP: None)
    ports: str               # as kubectl's PORT(S) column
    selector: str            # "app=nginx", "" when the Service has none
    endpoints: tuple[EndpointView, ...]
    nodes: tuple[NodeGroup, ...]   # the pods the selector picks, grouped by node

    @property
    def headless(self) -> bool:
        return self.cluster_ip is None


@dataclass(frozen=True)
class Topology:
    namespace: str
    services: tuple[ServiceView, ...]
    other_pods: tuple[NodeGroup, ...]   # pods no Service in the namespace selects
    settling: bool                      # something is still changing (a pod starting or terminating)


# States that end by themselves with time: the panel keeps refreshing while one is shown.
_CHANGING = frozenset({"Pending", "ContainerCreating", "PodInitializing", "Terminating"})


def pod_status(pod: dict) -> str:
    """The STATUS column kubectl prints for a pod (the server-side table printer's rules)."""
    status = pod.get("status") or {}
    reason = status.get("reason") or status.get("phase") or "Unknown"
    for cs in reversed(status.get("containerStatuses") or []):
        state = cs.get("state") or {}
        waiting, terminated = state.get("waiting"), state.get("terminated")
        if waiting and waiting.get("reason"):
            reason = waiting["reason"]
        elif terminated and terminated.get("reason"):
            reason = terminated["reason"]
        elif terminated:
            reason = (f"Signal:{terminated['signal']}" if terminated.get("signal")
                      else f"ExitCode:{terminated.get('exitCode', 0)}")
    if (pod.get("metadata") or {}).get("deletionTimestamp") and status.get("reason") != "NodeLost":
        reason = "Terminating"
    return reason


def _readiness(pod: dict) -> tuple[bool, str]:
    containers = (pod.get("spec") or {}).get("containers") or []
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    ready = sum(1 for cs in statuses if cs.get("ready"))
    total = len(containers) or len(statuses)
    conditions = {c.get("type"): c.get("status") for c in (pod.get("status") or {}).get("conditions") or []}
    is_ready = conditions.get("Ready") == "True" if "Ready" in conditions else (total > 0 and ready == total)
    return is_ready, f"{ready}/{total}"


def _pod_view(pod: dict) -> PodView:
    ready, ready_text = _readiness(pod)
    return PodView(name=pod["metadata"]["name"], ip=(pod.get("status") or {}).get("podIP"),
                   node=(pod.get("spec") or {}).get("nodeName"), status=pod_status(pod),
                   ready=ready, ready_text=ready_text)


def _by_node(pods: list[PodView]) -> tuple[NodeGroup, ...]:
    nodes: dict[str, list[PodView]] = {}
    for pod in pods:
        nodes.setdefault(pod.node or "", []).append(pod)
    return tuple(NodeGroup(node, tuple(sorted(group, key=lambda p: p.name)))
                 for node, group in sorted(nodes.items()))


def _selects(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _ports_text(spec: dict) -> str:
    parts = []
    for port in spec.get("ports") or []:
        protocol = port.get("protocol", "TCP")
        if port.get("nodePort"):
            parts.append(f"{port['port']}:{port['nodePort']}/{protocol}")
        else:
            parts.append(f"{port['port']}/{protocol}")
    return ",".join(parts) or "<none>"


def _endpoints(ep: dict | None) -> tuple[EndpointView, ...]:
    views = []
    for subset in (ep or {}).get("subsets") or []:
        ports = tuple(f"{p.get('port')}/{p.get('protocol', 'TCP')}" for p in subset.get("ports") or [])
        for field, ready in (("addresses", True), ("notReadyAddresses", False)):
            for addr in subset.get(field) or []:
                ref = addr.get("targetRef") or {}
                views.append(EndpointView(addr.get("ip", ""), ports,
                                          ref.get("name") if ref.get("kind", "Pod") == "Pod" else None, ready))
    return tuple(views)


def topology(cluster, namespace: str) -> Topology:
    """Services of `namespace` (sorted by name) with their Endpoints and the pods they select."""
    pods = cluster.list("pods", namespace)
    endpoints = {ep["metadata"]["name"]: ep for ep in cluster.list("endpoints", namespace)}
    views = {pod["metadata"]["name"]: _pod_view(pod) for pod in pods}
    selected: set[str] = set()
    services = []
    for svc in cluster.list("services", namespace):
        spec, name = svc.get("spec") or {}, svc["metadata"]["name"]
        selector = spec.get("selector") or {}
        chosen = [views[p["metadata"]["name"]] for p in pods
                  if _selects(selector, (p.get("metadata") or {}).get("labels") or {})]
        selected.update(p.name for p in chosen)
        cluster_ip = spec.get("clusterIP")
        services.append(ServiceView(
            name=name, type=spec.get("type", "ClusterIP"),
            cluster_ip=None if cluster_ip in (None, "", "None") else cluster_ip,
            ports=_ports_text(spec), selector=",".join(f"{k}={v}" for k, v in sorted(selector.items())),
            endpoints=_endpoints(endpoints.get(name)), nodes=_by_node(chosen)))
    others = [v for n, v in views.items() if n not in selected]
    settling = any(v.status in _CHANGING or (v.status == "Running" and not v.ready) for v in views.values())
    return Topology(namespace, tuple(sorted(services, key=lambda s: s.name)), _by_node(others), settling)
