"""`kubectl describe` for Services and Endpoints (kubectl 1.24 layout: Endpoints read from the
Endpoints object, no `Internal Traffic Policy` line)."""
from __future__ import annotations

from webapp.cluster.errors import NotFound
from webapp.cluster.selectors import format_labels

from .describe_base import PrefixWriter, annotations_block, events_block, labels_block
from .rows_core import format_endpoints


def describe_service(svc: dict, endpoints: dict | None, events: list | None, now: float) -> str:
    meta, spec = svc.get("metadata") or {}, svc.get("spec") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{format_labels(spec.get('selector')) or '<none>'}\n")
    w.write(0, f"Type:\t{spec.get('type', '')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    families = spec.get("ipFamilies") or []
    w.write(0, f"IP Families:\t{','.join(families) if families else '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    if spec.get("clusterIPs"):
        w.write(0, f"IPs:\t{','.join(spec['clusterIPs'])}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(0, f"LoadBalancer Ingress:\t{', '.join(i.get('ip') or i.get('hostname') or '' for i in ingress)}\n")
    ep = endpoints or {}
    for port in spec.get("ports") or []:
        name = port.get("name") or "<unset>"
        proto = port.get("protocol", "")
        w.write(0, f"Port:\t{name}\t{port.get('port')}/{proto}\n")
        target = port.get("targetPort", port.get("port"))
        w.write(0, f"TargetPort:\t{target}/{proto}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{proto}\n")
        w.write(0, f"Endpoints:\t{format_endpoints(ep, {port.get('name') or ''})}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', '')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    events_block(w, events, now)
    return w.text()


def service_endpoints(cluster, svc: dict) -> dict | None:
    meta = svc.get("metadata") or {}
    try:
        return cluster.get("endpoints", meta.get("namespace"), meta.get("name"))
    except NotFound:
        return None


def describe_endpoints(ep: dict, events: list | None, now: float) -> str:
    meta = ep.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, "Subsets:\n")
    for subset in ep.get("subsets") or []:
        ready = ",".join(a.get("ip", "") for a in subset.get("addresses") or []) or "<none>"
        w.write(1, f"Addresses:\t{ready}\n")
        not_ready = ",".join(a.get("ip", "") for a in subset.get("notReadyAddresses") or []) or "<none>"
        w.write(1, f"NotReadyAddresses:\t{not_ready}\n")
        if subset.get("ports"):
            w.write(1, "Ports:\n")
            w.write(2, "Name\tPort\tProtocol\n")
            w.write(2, "----\t----\t--------\n")
            for p in subset["ports"]:
                w.write(2, f"{p.get('name') or '<unset>'}\t{p.get('port')}\t{p.get('protocol', '')}\n")
        w.write(0, "\n")
    events_block(w, events, now)
    return w.text()
