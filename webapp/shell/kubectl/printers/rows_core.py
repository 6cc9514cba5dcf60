"""Rows of the core-group tables (pods, services, endpoints, events, ...) per the server printers."""
from __future__ import annotations

import ipaddress

from webapp.cluster.selectors import format_labels

from .duration import human_duration, parse_time, since
from .table import Column, name_col, table

_AGE = Column("Age")


def _labels_or_none(labels) -> str:
    return format_labels(labels) or "<none>"


# ---- pods ----------------------------------------------------------------------------------------

def pod_status(pod: dict) -> tuple[str, int, int, str]:
    """(STATUS, ready containers, restarts, time of the last restart or "") by the server's rules."""
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    reason = status.get("reason") or status.get("phase") or ""
    restarts, ready = 0, 0
    last_restart: float | None = None

    def note_restart(cs: dict) -> None:
        nonlocal last_restart
        term = ((cs.get("lastState") or {}).get("terminated")) or None
        t = parse_time((term or {}).get("finishedAt"))
        if term is not None and t is not None and (last_restart is None or t > last_restart):
            last_restart = t

    initializing = False
    init_specs = spec.get("initContainers") or []
    for i, cs in enumerate(status.get("initContainerStatuses") or []):
        restarts += int(cs.get("restartCount") or 0)
        note_restart(cs)
        state = cs.get("state") or {}
        term, waiting = state.get("terminated"), state.get("waiting")
        if term is not None and int(term.get("exitCode") or 0) == 0:
            continue
        if term is not None:
            if not term.get("reason"):
                if term.get("signal"):
                    reason = f"Init:Signal:{term['signal']}"
                else:
                    reason = f"Init:ExitCode:{term.get('exitCode', 0)}"
            else:
                reason = "Init:" + term["reason"]
        elif waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        initializing = True
        break
    if not initializing:
        restarts = 0
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += int(cs.get("restartCount") or 0)
            note_restart(cs)
            state = cs.get("state") or {}
            waiting, term = state.get("waiting"), state.get("terminated")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif term is not None and term.get("reason"):
                reason = term["reason"]
            elif term is not None:
                if term.get("signal"):
                    reason = f"Signal:{term['signal']}"
                else:
                    reason = f"ExitCode:{term.get('exitCode', 0)}"
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            conds = status.get("conditions") or []
            ready_cond = any(c.get("type") == "Ready" and c.get("status") == "True" for c in conds)
            reason = "Running" if ready_cond else "NotReady"
    if (pod.get("metadata") or {}).get("deletionTimestamp"):
        reason = "Unknown" if status.get("reason") == "NodeLost" else "Terminating"
    return reason, ready, restarts, last_restart


@table("pods", name_col(), Column("Ready"), Column("Status"), Column("Restarts"), _AGE,
       Column("IP", 1), Column("Node", 1), Column("Nominated Node", 1), Column("Readiness Gates", 1))
def pod_row(pod: dict, now: float) -> list:
    reason, ready, restarts, last = pod_status(pod)
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    total = len(spec.get("containers") or [])
    restarts_text = str(restarts)
    if last is not None:
        restarts_text = f"{restarts} ({human_duration(now - last)} ago)"
    ips = status.get("podIPs") or []
    ip = (ips[0].get("ip") if ips else "") or "<none>"
    gates = spec.get("readinessGates") or []
    gates_text = "<none>"
    if gates:
        conds = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
        true = sum(1 for g in gates if conds.get(g.get("conditionType")) == "True")
        gates_text = f"{true}/{len(gates)}"
    return [pod["metadata"]["name"], f"{ready}/{total}", reason, restarts_text,
            since(pod["metadata"].get("creationTimestamp"), now), ip, spec.get("nodeName") or "<none>",
            status.get("nominatedNodeName") or "<none>", gates_text]


# ---- services, endpoints, endpoint slices ------------------------------------------------------

def _lb_ingress(svc: dict, wide: bool) -> str:
    found = set()
    for ing in ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []:
        if ing.get("ip"):
            found.add(ing["ip"])
        elif ing.get("hostname"):
            found.add(ing["hostname"])
    text = ",".join(sorted(found))
    if not wide and len(text) > 16:
        text = text[:13] + "..."
    return text


def service_external_ip(svc: dict, wide: bool) -> str:
    spec = svc.get("spec") or {}
    stype = spec.get("type") or ""
    external = spec.get("externalIPs") or []
    if stype in ("ClusterIP", "NodePort"):
        return ",".join(external) if external else "<none>"
    if stype == "LoadBalancer":
        lb = _lb_ingress(svc, wide)
        if external:
            return ",".join((lb.split(",") if lb else []) + list(external))
        return lb or "<pending>"
    if stype == "ExternalName":
        return spec.get("externalName") or ""
    return "<unknown>"


def service_ports(ports) -> str:
    pieces = []
    for p in ports or []:
        proto = p.get("protocol") or ""
        if p.get("nodePort"):
            pieces.append(f"{p.get('port')}:{p['nodePort']}/{proto}")
        else:
            pieces.append(f"{p.get('port')}/{proto}")
    return ",".join(pieces)


@table("services", name_col(), Column("Type"), Column("Cluster-IP"), Column("External-IP"),
       Column("Port(s)"), _AGE, Column("Selector", 1))
def service_row(svc: dict, now: float) -> list:
    spec = svc.get("spec") or {}
    ips = spec.get("clusterIPs") or []
    return [svc["metadata"]["name"], spec.get("type") or "", ips[0] if ips and ips[0] else "<none>",
            # the API server always generates the wide cells, so LB ingress is never cut here
            service_external_ip(svc, wide=True), service_ports(spec.get("ports")) or "<none>",
            since(svc["metadata"].get("creationTimestamp"), now), _labels_or_none(spec.get("selector"))]


def join_host_port(ip: str, port) -> str:
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def format_endpoints(ep: dict, port_names: set[str] | None = None) -> str:
    """The ENDPOINTS cell (and describe's Endpoints line for the ports named in `port_names`)."""
    subsets = ep.get("subsets") or []
    if not subsets:
        return "<none>"
    shown: list[str] = []
    count = 0
    for ss in subsets:
        addresses = ss.get("addresses") or []
        if not ss.get("ports"):
            for a in addresses:
                if len(shown) < 3:
                    shown.append(a.get("ip", ""))
                count += 1
            continue
        for port in ss["ports"]:
            if port_names is not None and (port.get("name") or "") not in port_names:
                continue
            for a in addresses:
                if len(shown) < 3:
                    shown.append(join_host_port(a.get("ip", ""), port.get("port")))
                count += 1
    text = ",".join(shown)
    if count > 3:
        return f"{text} + {count - 3} more..."
    return text


@table("endpoints", name_col(), Column("Endpoints"), _AGE)
def endpoints_row(ep: dict, now: float) -> list:
    return [ep["metadata"]["name"], format_endpoints(ep), since(ep["metadata"].get("creationTimestamp"), now)]


def _more(items: list[str], count: int) -> str:
    text = ",".join(items)
    if count > 3:
        return f"{text} + {count - 3} more..."
    return text or "<unset>"


@table("endpointslices", name_col(), Column("AddressType"), Column("Ports"), Column("Endpoints"), _AGE)
def endpointslice_row(eps: dict, now: float) -> list:
    ports, pcount = [], 0
    for p in eps.get("ports") or []:
        if len(ports) < 3:
            if p.get("port") is not None:
                ports.append(str(p["port"]))
            elif p.get("name") is not None:
                ports.append(p["name"])
            else:
                ports.append("*")
        pcount += 1
    addrs, acount = [], 0
    for e in eps.get("endpoints") or []:
        for a in e.get("addresses") or []:
            if len(addrs) < 3:
                addrs.append(a)
            acount += 1
    return [eps["metadata"]["name"], eps.get("addressType") or "", _more(ports, pcount),
            _more(addrs, acount), since(eps["metadata"].get("creationTimestamp"), now)]


# ---- namespaces, nodes, configmaps, service accounts, events -------------------------------------

@table("namespaces", name_col(), Column("Status"), _AGE)
def namespace_row(ns: dict, now: float) -> list:
    return [ns["metadata"]["name"], (ns.get("status") or {}).get("phase") or "",
            since(ns["metadata"].get("creationTimestamp"), now)]


def node_roles(node: dict) -> list[str]:
    roles = set()
    for k, v in ((node.get("metadata") or {}).get("labels") or {}).items():
        if k.startswith("node-role.kubernetes.io/"):
            role = k[len("node-role.kubernetes.io/"):]
            if role:
                roles.add(role)
        elif k == "kubernetes.io/role" and v:
            roles.add(v)
    return sorted(roles)


def node_address(node: dict, kind: str) -> str:
    for a in (node.get("status") or {}).get("addresses") or []:
        if a.get("type") == kind:
            return a.get("address", "")
    return "<none>"


@table("nodes", name_col(), Column("Status"), Column("Roles"), _AGE, Column("Version"),
       Column("Internal-IP", 1), Column("External-IP", 1), Column("OS-Image", 1),
       Column("Kernel-Version", 1), Column("Container-Runtime", 1))
def node_row(node: dict, now: float) -> list:
    status = node.get("status") or {}
    states = []
    for c in status.get("conditions") or []:
        if c.get("type") == "Ready":
            states = ["Ready" if c.get("status") == "True" else "NotReady"]
    if not states:
        states = ["Unknown"]
    if (node.get("spec") or {}).get("unschedulable"):
        states.append("SchedulingDisabled")
    info = status.get("nodeInfo") or {}
    return [node["metadata"]["name"], ",".join(states), ",".join(node_roles(node)) or "<none>",
            since(node["metadata"].get("creationTimestamp"), now), info.get("kubeletVersion", ""),
            node_address(node, "InternalIP"), node_address(node, "ExternalIP"),
            info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
            info.get("containerRuntimeVersion") or "<unknown>"]


@table("configmaps", name_col(), Column("Data"), _AGE)
def configmap_row(cm: dict, now: float) -> list:
    count = len(cm.get("data") or {}) + len(cm.get("binaryData") or {})
    return [cm["metadata"]["name"], count, since(cm["metadata"].get("creationTimestamp"), now)]


@table("serviceaccounts", name_col(), Column("Secrets"), _AGE)
def serviceaccount_row(sa: dict, now: float) -> list:
    return [sa["metadata"]["name"], len(sa.get("secrets") or []),
            since(sa["metadata"].get("creationTimestamp"), now)]


def event_source(ev: dict) -> str:
    src = ev.get("source") or {}
    component = src.get("component") or ev.get("reportingComponent") or ev.get("reportingController") or ""
    instance = src.get("host") or ev.get("reportingInstance") or ""
    if not component and not instance:
        return ""
    return f"{component}, {instance}" if instance else component


def event_target(ev: dict) -> str:
    io = ev.get("involvedObject") or {}
    kind = (io.get("kind") or "").lower()
    return f"{kind}/{io['name']}" if io.get("name") else kind


@table("events", Column("Last Seen"), Column("Type"), Column("Reason"), Column("Object"),
       Column("Subobject", 1), Column("Source", 1), Column("Message"), Column("First Seen", 1),
       Column("Count", 1), Column("Name", 1))
def event_row(ev: dict, now: float) -> list:
    first = since(ev.get("firstTimestamp"), now)
    if parse_time(ev.get("firstTimestamp")) is None:
        first = since(ev.get("eventTime"), now)
    last = since(ev.get("lastTimestamp"), now)
    if parse_time(ev.get("lastTimestamp")) is None:
        last = first
    count = ev.get("count") or 1
    series = ev.get("series")
    if series:
        last = since(series.get("lastObservedTime"), now)
        count = series.get("count") or count
    io = ev.get("involvedObject") or {}
    return [last, ev.get("type") or "", ev.get("reason") or "", event_target(ev), io.get("fieldPath") or "",
            event_source(ev), (ev.get("message") or "").strip(), first, count, ev["metadata"]["name"]]


def is_ipv6(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).version == 6
    except ValueError:
        return False
