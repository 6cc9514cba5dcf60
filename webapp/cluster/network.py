"""The data plane: kube-proxy in iptables mode, pod and node addresses, and the traffic record.

`connect(cluster, src_ip, dst_ip, port)` answers what a new TCP connection meets:
- a ClusterIP:port with ready endpoints -> DNAT to one endpoint picked uniformly at random with the
  session RNG (kube-proxy's `statistic --mode random` chain), or the client's sticky endpoint under
  `sessionAffinity: ClientIP` (kept `timeoutSeconds` after the last use);
- a ClusterIP:port without endpoints -> refused (kube-proxy's REJECT rule);
- a ClusterIP on a port the Service does not have -> timeout (nothing answers the VIP);
- a pod IP -> the pod's containers, refused when nothing listens on the port;
- a node IP on a NodePort -> as the Service; a node IP on another port -> refused;
- an address in a node's pod range that no pod holds -> no route to host; anything else -> timeout.
Headless Services have no VIP, so nothing here: clients connect to the pod IPs DNS gives them.

`record_request(...)` keeps `cluster.traffic`:
`{"pods": {pod: n}, "services": {"ns/name": {pod: n}}, "timeline": [[t, total, {pod: n}], ...], "stride": k,
  "affinity": {"ns/name:port": {client_ip: [endpoint_ip, last_used]}}}`.
"""
from __future__ import annotations

import ipaddress
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .images import image_info

if TYPE_CHECKING:
    from .cluster import Cluster

TIMELINE_MAX = 240              # samples kept for the requests-per-pod chart
DEFAULT_AFFINITY_TIMEOUT = 10800
_POD_CIDR = ipaddress.ip_network("10.244.0.0/16")


@dataclass(slots=True)
class Backend:
    """One listening container: who answers on a pod IP and port."""

    pod_name: str
    namespace: str
    pod_uid: str
    container: str
    ip: str
    port: int
    server: str                 # server kind from the image catalog: "nginx", "httpd", ...
    image: str
    version: str = ""           # the server's version (nginx 1.23.1)


@dataclass(slots=True)
class Connection:
    """The fate of one new connection. `error` is None, "refused", "timeout" or "unreachable"."""

    error: str | None
    dst_ip: str
    port: int
    backend: Backend | None = None
    service: str | None = None       # "ns/name" when kube-proxy routed it

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class _ServicePort:
    key: str                         # "ns/name"
    port: int
    affinity: int | None             # ClientIP timeout in seconds, None without affinity
    endpoints: list[tuple[str, int]]  # (pod ip, target port), in Endpoints order


@dataclass(slots=True)
class _Index:
    vips: dict[tuple[str, int, str], _ServicePort]
    vip_set: set[str]
    node_ports: dict[tuple[int, str], _ServicePort]
    node_ips: set[str]
    listeners: dict[tuple[str, int], Backend]   # (ip, port) -> backend (TCP)
    pod_ips: dict[str, tuple[str, str]]          # ip -> (namespace, pod name), running pods
    pod_ranges: list[ipaddress.IPv4Network]


_CACHE: "weakref.WeakKeyDictionary[Cluster, tuple[int, _Index]]" = weakref.WeakKeyDictionary()


def _index(cluster: "Cluster") -> _Index:
    """The routing tables for the cluster's current objects (rebuilt when anything changed)."""
    cached = _CACHE.get(cluster)
    if cached is not None and cached[0] == cluster.changes:  # not rv: a removal keeps rv
        return cached[1]
    idx = _build_index(cluster)
    _CACHE[cluster] = (cluster.changes, idx)
    return idx


def _build_index(cluster: "Cluster") -> _Index:
    listeners: dict[tuple[str, int], Backend] = {}
    pod_ips: dict[str, tuple[str, str]] = {}
    for pod in cluster.scan("pods"):
        status = pod.get("status") or {}
        ip = status.get("podIP")
        if not ip or status.get("phase") != "Running":
            continue
        meta = pod["metadata"]
        if not pod["spec"].get("hostNetwork"):
            pod_ips[ip] = (meta["namespace"], meta["name"])
        running = {cs.get("name") for cs in status.get("containerStatuses") or ()
                   if "running" in (cs.get("state") or {})}
        for c in pod["spec"].get("containers") or ():
            if c["name"] not in running:
                continue
            info = image_info(c.get("image") or "")
            for port, kind in info.serves_for(c.get("command"), c.get("args")).items():
                listeners.setdefault((ip, port), Backend(meta["name"], meta["namespace"], meta.get("uid", ""),
                                                         c["name"], ip, port, kind, c.get("image") or "",
                                                         info.version))
    endpoints = {}
    for ep in cluster.scan("endpoints"):
        endpoints[f"{ep['metadata']['namespace']}/{ep['metadata']['name']}"] = ep
    vips: dict[tuple[str, int, str], _ServicePort] = {}
    node_ports: dict[tuple[int, str], _ServicePort] = {}
    for svc in cluster.scan("services"):
        spec = svc.get("spec") or {}
        key = f"{svc['metadata']['namespace']}/{svc['metadata']['name']}"
        affinity = None
        if spec.get("sessionAffinity") == "ClientIP":
            cfg = ((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {})
            affinity = int(cfg.get("timeoutSeconds") or DEFAULT_AFFINITY_TIMEOUT)
        ips = [ip for ip in (spec.get("clusterIPs") or [spec.get("clusterIP")]) if ip and ip != "None"]
        ips += list(spec.get("externalIPs") or ())
        for sp in spec.get("ports") or ():
            proto = sp.get("protocol", "TCP")
            route = _ServicePort(key, sp.get("port"), affinity, _ready_endpoints(endpoints.get(key), sp))
            for ip in ips:
                vips[(ip, sp.get("port"), proto)] = route
            if sp.get("nodePort") and spec.get("type") in ("NodePort", "LoadBalancer"):
                node_ports[(sp["nodePort"], proto)] = route
    node_ips: set[str] = set()
    ranges: list[ipaddress.IPv4Network] = []
    for node in cluster.scan("nodes"):
        for a in (node.get("status") or {}).get("addresses") or ():
            if a.get("type") == "InternalIP":
                node_ips.add(a["address"])
        cidr = (node.get("spec") or {}).get("podCIDR")
        if cidr:
            try:
                ranges.append(ipaddress.ip_network(cidr, strict=False))
            except ValueError:
                pass
    vip_set = {k[0] for k in vips}
    for svc in cluster.scan("services"):
        ip = (svc.get("spec") or {}).get("clusterIP")
        if ip and ip != "None":
            vip_set.add(ip)
    return _Index(vips, vip_set, node_ports, node_ips, listeners, pod_ips, ranges or [_POD_CIDR])


def _ready_endpoints(ep: dict | None, sp: dict) -> list[tuple[str, int]]:
    """(ip, port) of the ready addresses serving this Service port, matched by port name."""
    if not ep:
        return []
    out = []
    want = sp.get("name") or ""
    proto = sp.get("protocol", "TCP")
    for subset in ep.get("subsets") or ():
        ports = [p for p in subset.get("ports") or ()
                 if (p.get("name") or "") == want and p.get("protocol", "TCP") == proto]
        if not ports:
            continue
        for addr in subset.get("addresses") or ():
            out.append((addr["ip"], ports[0]["port"]))
    return out


def connect(cluster: "Cluster", src_ip: str, dst_ip: str, port: int, proto: str = "TCP") -> Connection:
    """Open one new connection from `src_ip` as kube-proxy and the pod network would route it."""
    cluster.sync()
    idx = _index(cluster)
    if dst_ip.startswith("127.") or dst_ip == "::1":
        if src_ip not in idx.pod_ips and src_ip not in idx.node_ips:
            return Connection("refused", dst_ip, port)  # the workstation runs no server of ours
        dst_ip = src_ip                          # loopback: the client's own network namespace
    elif src_ip not in idx.pod_ips and src_ip not in idx.node_ips and dst_ip not in idx.node_ips:
        return Connection("timeout", dst_ip, port)   # outside the cluster: VIPs and pod IPs do not route
    route = idx.vips.get((dst_ip, port, proto))
    if route is None and dst_ip in idx.node_ips:
        route = idx.node_ports.get((port, proto))
    if route is not None:
        if not route.endpoints:
            return Connection("refused", dst_ip, port, service=route.key)
        ep_ip, ep_port = _pick(cluster, route, src_ip)
        backend = idx.listeners.get((ep_ip, ep_port))
        if backend is None:
            return Connection("refused", dst_ip, port, service=route.key)
        return Connection(None, dst_ip, port, backend, route.key)
    if dst_ip in idx.vip_set:
        return Connection("timeout", dst_ip, port)   # a VIP answers only on its Service ports
    backend = idx.listeners.get((dst_ip, port))
    if backend is not None:
        return Connection(None, dst_ip, port, backend)
    if dst_ip in idx.pod_ips or dst_ip in idx.node_ips:
        return Connection("refused", dst_ip, port)
    if _in_pod_range(idx, dst_ip):
        return Connection("unreachable", dst_ip, port)
    return Connection("timeout", dst_ip, port)


def _in_pod_range(idx: _Index, ip: str) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in net for net in idx.pod_ranges)


def _pick(cluster: "Cluster", route: _ServicePort, client_ip: str) -> tuple[str, int]:
    """kube-proxy's choice for a new connection: sticky under ClientIP affinity, else uniform."""
    eps = route.endpoints
    if route.affinity is None:
        return eps[cluster.rng.below(len(eps))] if len(eps) > 1 else eps[0]
    table = cluster.traffic.setdefault("affinity", {}).setdefault(f"{route.key}:{route.port}", {})
    now = cluster.clock.now()
    held = table.get(client_ip)
    if held is not None and now - held[1] <= route.affinity:
        for ep in eps:
            if ep[0] == held[0]:
                held[1] = now
                return ep
    ep = eps[cluster.rng.below(len(eps))] if len(eps) > 1 else eps[0]
    table[client_ip] = [ep[0], now]
    return ep


def ping_reply(cluster: "Cluster", src_ip: str, dst_ip: str) -> str:
    """What an ICMP echo to `dst_ip` gets: "reply" (a pod or node), "none" (a ClusterIP: kube-proxy
    programs no ICMP for VIPs; an address nobody has outside the pod network) or "unreachable"
    (an unused address in a node's pod range: the bridge's ARP fails)."""
    cluster.sync()
    idx = _index(cluster)
    if dst_ip.startswith("127.") or dst_ip == src_ip:
        return "reply"
    if dst_ip in idx.vip_set:
        return "none"
    if dst_ip in idx.pod_ips or dst_ip in idx.node_ips or any(k[0] == dst_ip for k in idx.listeners):
        return "reply"
    if _in_pod_range(idx, dst_ip):
        return "unreachable"
    return "none"


def record_request(cluster: "Cluster", conn: Connection, log_line: str | None = None) -> None:
    """Count one request that reached `conn.backend` and append the server's access-log line."""
    backend = conn.backend
    if backend is None:
        return
    traffic = cluster.traffic
    pods = traffic["pods"]
    name = backend.pod_name
    pods[name] = pods.get(name, 0) + 1
    if conn.service:
        per = traffic["services"].setdefault(conn.service, {})
        per[name] = per.get(name, 0) + 1
    _sample(traffic, cluster.clock.now(), name)
    if log_line is not None:
        from .logs import append_log
        append_log(cluster, backend.pod_uid, backend.container, log_line, cluster.limits.log_lines)


def _sample(traffic: dict, now: float, pod: str) -> None:
    """The chart's series: cumulative requests per pod, a sample every `stride` requests.

    When the samples reach TIMELINE_MAX every other one is dropped and the stride doubles, so
    the series stays small and still shows when each pod started to take requests."""
    timeline = traffic.setdefault("timeline", [])
    stride = traffic.setdefault("stride", 1)
    if len(timeline) >= 2 and timeline[-1][1] - timeline[-2][1] < stride:
        last = timeline[-1]
        last[0], last[1] = round(now, 3), last[1] + 1
        last[2][pod] = last[2].get(pod, 0) + 1
        return
    counts = dict(timeline[-1][2]) if timeline else {}
    counts[pod] = counts.get(pod, 0) + 1
    total = (timeline[-1][1] if timeline else 0) + 1
    timeline.append([round(now, 3), total, counts])
    if len(timeline) > TIMELINE_MAX:
        timeline[:] = timeline[::2] if len(timeline) % 2 else [timeline[0]] + timeline[1::2]
        traffic["stride"] = stride * 2


def traffic_summary(cluster: "Cluster") -> dict:
    """The JSON API's traffic answer: {"pods": {...}, "services": {...}}."""
    return {"pods": dict(cluster.traffic.get("pods", {})),
            "services": {k: dict(v) for k, v in cluster.traffic.get("services", {}).items()}}


def service_env(cluster: "Cluster", namespace: str, at: float | None = None,
                enable_service_links: bool = True) -> dict[str, str]:
    """The Docker-links-style variables kubelet gives a container started at `at` (None = now):
    for every Service of its namespace with a cluster IP (not headless, not ExternalName) created
    by then, plus `kubernetes` from `default` always. kubelet's own order is a Go map's; ours is
    by Service name. Call it at container start and keep the result to freeze it."""
    from .clock import parse_rfc3339
    chosen: dict[str, dict] = {}
    for svc in cluster.scan("services"):
        meta = svc["metadata"]
        ns, name = meta.get("namespace"), meta["name"]
        if at is not None and parse_rfc3339(meta.get("creationTimestamp") or "1970-01-01T00:00:00Z") > at:
            continue
        ip = (svc.get("spec") or {}).get("clusterIP")
        if not ip or ip == "None":
            continue
        if ns == namespace and enable_service_links:
            chosen[name] = svc
        elif ns == "default" and name == "kubernetes" and name not in chosen:
            chosen.setdefault(name, svc)
    env: dict[str, str] = {}
    for name in sorted(chosen):
        env.update(_link_vars(name, chosen[name]))
    return env


def _link_vars(name: str, svc: dict) -> dict[str, str]:
    spec = svc["spec"]
    ip = spec["clusterIP"]
    ports = spec.get("ports") or []
    prefix = name.upper().replace("-", "_")
    out = {f"{prefix}_SERVICE_HOST": ip}
    if not ports:
        return out
    out[f"{prefix}_SERVICE_PORT"] = str(ports[0]["port"])
    for p in ports:
        if p.get("name"):
            out[f"{prefix}_SERVICE_PORT_{p['name'].upper().replace('-', '_')}"] = str(p["port"])
    first = ports[0]
    out[f"{prefix}_PORT"] = f"{first.get('protocol', 'TCP').lower()}://{ip}:{first['port']}"
    for p in ports:
        proto = p.get("protocol", "TCP")
        base = f"{prefix}_PORT_{p['port']}_{proto.upper()}"
        out[base] = f"{proto.lower()}://{ip}:{p['port']}"
        out[f"{base}_PROTO"] = proto.lower()
        out[f"{base}_PORT"] = str(p["port"])
        out[f"{base}_ADDR"] = ip
    return out
