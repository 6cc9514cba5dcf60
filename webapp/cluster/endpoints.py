"""The Endpoints, EndpointSlice and EndpointSlice-mirroring controllers: which pods stand behind
each Service, ready or not, in the shapes `kubectl get ep` and `get endpointslices` print."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .controllers import owner_ref
from .lifecycle import pod_ready, pod_terminating
from .selectors import from_match_labels

if TYPE_CHECKING:
    from .cluster import Cluster


# ------------------------------------------------------------------------------ Endpoints
def _target_port(svc_port: dict, pod: dict) -> int | None:
    tp = svc_port.get("targetPort", svc_port.get("port"))
    if isinstance(tp, int):
        return tp
    if isinstance(tp, str) and tp.isdigit():
        return int(tp)
    for c in pod["spec"].get("containers") or ():
        for p in c.get("ports") or ():
            if p.get("name") == tp and p.get("protocol", "TCP") == svc_port.get("protocol", "TCP"):
                return p.get("containerPort")
    return None


def _address(pod: dict, svc: dict) -> dict:
    addr = {"ip": pod["status"]["podIP"]}
    spec = pod["spec"]
    if spec.get("hostname") and spec.get("subdomain") == svc["metadata"]["name"]:
        addr["hostname"] = spec["hostname"]
    if spec.get("nodeName"):
        addr["nodeName"] = spec["nodeName"]
    addr["targetRef"] = {"kind": "Pod", "name": pod["metadata"]["name"],
                         "namespace": pod["metadata"]["namespace"], "uid": pod["metadata"]["uid"]}
    return addr


def reconcile_endpoints(cluster: "Cluster", svc: dict) -> None:
    spec = svc["spec"]
    selector = spec.get("selector")
    if not selector or spec.get("type") == "ExternalName":
        return
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    sel = from_match_labels(selector)
    groups: dict[tuple, dict] = {}
    slice_eps = []
    for pod in cluster.scan("pods", ns, sel):
        ip = pod.get("status", {}).get("podIP")
        if not ip or pod.get("status", {}).get("phase") in ("Succeeded", "Failed"):
            continue
        ports = []
        for sp in spec.get("ports") or ():
            tp = _target_port(sp, pod)
            if tp is None:
                continue
            port = {"port": tp, "protocol": sp.get("protocol", "TCP")}
            if sp.get("name"):
                port["name"] = sp["name"]
            ports.append(port)
        terminating = pod_terminating(pod)
        ready = pod_ready(pod) and not terminating
        publish = spec.get("publishNotReadyAddresses")
        slice_eps.append((pod, ready, terminating, ports))
        # the endpoints controller lists a pod only under ports it resolves (no ports: headless only)
        if not ports and (spec.get("ports") or spec.get("clusterIP") != "None"):
            continue
        group = groups.setdefault(tuple(sorted((p.get("name", ""), p["port"], p["protocol"]) for p in ports)),
                                  {"addresses": [], "notReadyAddresses": [], "ports": ports})
        if not terminating or publish:
            (group["addresses"] if ready or publish else group["notReadyAddresses"]).append(_address(pod, svc))
    subsets = []
    for key in sorted(groups):
        g = groups[key]
        subset = {}
        if g["addresses"]:
            subset["addresses"] = sorted(g["addresses"], key=lambda a: a["ip"])
        if g["notReadyAddresses"]:
            subset["notReadyAddresses"] = sorted(g["notReadyAddresses"], key=lambda a: a["ip"])
        if subset:
            if g["ports"]:
                subset["ports"] = g["ports"]
            subsets.append(subset)
    labels = dict(svc["metadata"].get("labels") or {})
    if spec.get("clusterIP") == "None":
        labels["service.kubernetes.io/headless"] = ""
    ep = cluster.find("endpoints", ns, name)
    if ep is None:
        ep = {"apiVersion": "v1", "kind": "Endpoints",
              "metadata": {"annotations": {"endpoints.kubernetes.io/last-change-trigger-time": cluster.timestamp()},
                           "name": name, "namespace": ns}}
        if labels:
            ep["metadata"]["labels"] = labels
        if subsets:
            ep["subsets"] = subsets
        cluster.put("endpoints", ep)
    elif ep.get("subsets", []) != subsets or (ep["metadata"].get("labels") or {}) != labels:
        if subsets:
            ep["subsets"] = subsets
        else:
            ep.pop("subsets", None)
        if labels:
            ep["metadata"]["labels"] = labels
        else:
            ep["metadata"].pop("labels", None)
        ep["metadata"].setdefault("annotations", {})["endpoints.kubernetes.io/last-change-trigger-time"] = cluster.timestamp()
        cluster.update_status("endpoints", ep)
    _reconcile_slice(cluster, svc, labels, slice_eps)


def _reconcile_slice(cluster: "Cluster", svc: dict, labels: dict, eps: list) -> None:
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    endpoints = []
    ports = None
    for pod, ready, terminating, pod_ports in sorted(eps, key=lambda e: e[0]["metadata"]["name"]):
        ep = {"addresses": [pod["status"]["podIP"]],
              "conditions": {"ready": ready, "serving": pod_ready(pod), "terminating": terminating},
              "targetRef": {"kind": "Pod", "name": pod["metadata"]["name"], "namespace": ns,
                            "uid": pod["metadata"]["uid"]}}
        if pod["spec"].get("nodeName"):
            ep["nodeName"] = pod["spec"]["nodeName"]
        endpoints.append(ep)
        if ports is None:
            ports = [{"name": p.get("name", ""), "port": p["port"], "protocol": p["protocol"]} for p in pod_ports]
    slice_labels = dict(labels)
    slice_labels["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io"
    slice_labels["kubernetes.io/service-name"] = name
    owned = [s for s in cluster.scan("endpointslices", ns)
             if s["metadata"].get("labels", {}).get("kubernetes.io/service-name") == name]
    body = {"endpoints": endpoints or None, "ports": ports}
    if owned:
        cur = owned[0]
        if cur.get("endpoints") != body["endpoints"] or cur.get("ports") != ports or cur["metadata"].get("labels") != slice_labels:
            cur["endpoints"], cur["ports"] = body["endpoints"], ports
            cur["metadata"]["labels"] = slice_labels
            cluster.update_status("endpointslices", cur)
        return
    from .names import generate_name
    slice_obj = {"addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "endpoints": body["endpoints"],
                 "kind": "EndpointSlice",
                 "metadata": {"annotations": {"endpoints.kubernetes.io/last-change-trigger-time": cluster.timestamp()},
                              "generateName": f"{name}-", "generation": 1, "labels": slice_labels,
                              "name": generate_name(f"{name}-", cluster.rng), "namespace": ns,
                              "ownerReferences": [owner_ref(svc)]},
                 "ports": ports}
    cluster.put("endpointslices", slice_obj)


def drop_orphan_endpoints(cluster: "Cluster", ns: str) -> None:
    services = {s["metadata"]["name"]: s for s in cluster.scan("services", ns)}
    for ep in list(cluster.scan("endpoints", ns)):
        svc = services.get(ep["metadata"]["name"])
        managed = "endpoints.kubernetes.io/last-change-trigger-time" in (ep["metadata"].get("annotations") or {})
        if managed and (svc is None or not svc["spec"].get("selector")):
            cluster.remove("endpoints", ep)
    for sl in list(cluster.scan("endpointslices", ns)):
        owner = sl["metadata"].get("labels", {}).get("kubernetes.io/service-name")
        svc = services.get(owner)
        managed = sl["metadata"].get("labels", {}).get("endpointslice.kubernetes.io/managed-by") == "endpointslice-controller.k8s.io"
        if managed and (svc is None or not svc["spec"].get("selector")):
            cluster.remove("endpointslices", sl)


# ------------------------------------------------------------------------------ EndpointSlice mirroring
MIRROR = "endpointslicemirroring-controller.k8s.io"


def mirror_endpoints(cluster: "Cluster", svc: dict) -> None:
    """A Service without a selector whose Endpoints someone wrote by hand gets a mirrored EndpointSlice."""
    if svc["spec"].get("selector") or svc["spec"].get("type") == "ExternalName":
        return
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    ep = cluster.find("endpoints", ns, name)
    slices = [s for s in cluster.scan("endpointslices", ns)
              if s["metadata"].get("labels", {}).get("kubernetes.io/service-name") == name
              and s["metadata"]["labels"].get("endpointslice.kubernetes.io/managed-by") == MIRROR]
    if ep is None or (ep["metadata"].get("labels") or {}).get("endpointslice.kubernetes.io/skip-mirror") == "true":
        for sl in slices:
            cluster.remove("endpointslices", sl)
        return
    endpoints, ports = [], None
    for subset in ep.get("subsets") or ():
        for ready, key in ((True, "addresses"), (False, "notReadyAddresses")):
            for addr in subset.get(key) or ():
                item = {"addresses": [addr["ip"]], "conditions": {"ready": ready}}
                if addr.get("hostname"):
                    item["hostname"] = addr["hostname"]
                if addr.get("nodeName"):
                    item["nodeName"] = addr["nodeName"]
                if addr.get("targetRef"):
                    item["targetRef"] = dict(addr["targetRef"])
                endpoints.append(item)
        if ports is None:
            ports = [{"name": p.get("name", ""), "port": p.get("port"), "protocol": p.get("protocol", "TCP")}
                     for p in subset.get("ports") or ()]
    labels = dict(ep["metadata"].get("labels") or {})
    labels.update({"endpointslice.kubernetes.io/managed-by": MIRROR, "kubernetes.io/service-name": name})
    if slices:
        cur = slices[0]
        if cur.get("endpoints") != (endpoints or None) or cur.get("ports") != ports:
            cur["endpoints"], cur["ports"] = endpoints or None, ports
            cluster.update_status("endpointslices", cur)
        return
    from .names import generate_name
    cluster.put("endpointslices", {
        "addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "endpoints": endpoints or None,
        "kind": "EndpointSlice",
        "metadata": {"generateName": f"{name}-", "generation": 1, "labels": labels,
                     "name": generate_name(f"{name}-", cluster.rng), "namespace": ns,
                     "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": True, "controller": True,
                                          "kind": "Endpoints", "name": name, "uid": ep["metadata"]["uid"]}]},
        "ports": ports})
