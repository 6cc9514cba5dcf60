"""`kubectl describe` for Nodes and Namespaces (1.24 layout)."""
from __future__ import annotations

import math

from .describe_base import PrefixWriter, annotations_block, events_block, labels_block
from .duration import rfc1123z, since
from .quantity import Quantity
from .rows_core import node_roles

_STANDARD = {"cpu", "memory", "ephemeral-storage", "storage", "pods"}


def describe_namespace(ns: dict) -> str:
    meta = ns.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Status:\t{(ns.get('status') or {}).get('phase', '')}\n")
    w.write(0, "\n")
    w.write(0, "No resource quota.\n")
    w.write(0, "\n")
    w.write(0, "No LimitRange resource.\n")
    return w.text()


def _requests(pod: dict, key: str) -> dict[str, Quantity]:
    total: dict[str, Quantity] = {}
    for ctr in (pod.get("spec") or {}).get("containers") or []:
        for name, value in ((ctr.get("resources") or {}).get(key) or {}).items():
            total[name] = total.get(name, Quantity()).add(Quantity.parse(value))
    return total


def _pct(q: Quantity, of: Quantity, milli: bool) -> int:
    whole = of.milli() if milli else int(of.value)
    if whole == 0:
        return 0
    part = q.milli() if milli else int(q.value)
    return math.trunc(part / whole * 100)


def describe_node(node: dict, cluster, events: list | None, now: float) -> str:
    meta, spec, status = node.get("metadata") or {}, node.get("spec") or {}, node.get("status") or {}
    name = meta.get("name", "")
    w = PrefixWriter()
    w.write(0, f"Name:\t{name}\n")
    w.write(0, f"Roles:\t{','.join(node_roles(node)) or '<none>'}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    taints = spec.get("taints") or []
    w.write(0, "Taints:\t")
    if not taints:
        w.line("<none>")
    for i, t in enumerate(taints):
        text = t.get("key", "") + (f"={t['value']}" if t.get("value") else "") + f":{t.get('effect', '')}"
        w.write(0, ("\t" if i else "") + text + "\n")
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{name}\n")
    w.write(1, "AcquireTime:\t<unset>\n")
    renew = cluster.clock.now() // 10 * 10
    from webapp.cluster.clock import rfc3339
    w.write(1, f"RenewTime:\t{rfc1123z(rfc3339(renew))}\n")
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \t{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                       f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")
    w.write(0, "Addresses:\n")
    for a in status.get("addresses") or []:
        w.write(1, f"{a.get('type')}:\t{a.get('address')}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        if status.get(key):
            w.write(0, f"{title}:\n")
            for res in sorted(status[key]):
                w.write(0, f"  {res}:\t{status[key][res]}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for label, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion")):
        w.write(0, f"  {label}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _node_resources(w, node, cluster, now)
    events_block(w, events, now)
    return w.text()


def _node_resources(w: PrefixWriter, node: dict, cluster, now: float) -> None:
    status = node.get("status") or {}
    alloc_raw = status.get("allocatable") or status.get("capacity") or {}
    alloc = {k: Quantity.parse(v) for k, v in alloc_raw.items()}
    pods = [p for p in cluster.list("pods") if (p.get("spec") or {}).get("nodeName") == node["metadata"]["name"]
            and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    cpu, mem = alloc.get("cpu", Quantity()), alloc.get("memory", Quantity())
    totals = {"requests": {}, "limits": {}}
    for pod in pods:
        req, lim = _requests(pod, "requests"), _requests(pod, "limits")
        for kind, values in (("requests", req), ("limits", lim)):
            for res, q in values.items():
                totals[kind][res] = totals[kind].get(res, Quantity()).add(q)
        cells = []
        for values, res, milli in ((req, "cpu", True), (lim, "cpu", True), (req, "memory", False),
                                   (lim, "memory", False)):
            q = values.get(res, Quantity())
            cells.append(f"{q} ({_pct(q, cpu if res == 'cpu' else mem, milli)}%)")
        meta = pod["metadata"]
        w.write(1, f"{meta.get('namespace')}\t{meta.get('name')}\t\t{cells[0]}\t{cells[1]}\t{cells[2]}\t"
                   f"{cells[3]}\t{since(meta.get('creationTimestamp'), now)}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    rows = ["cpu", "memory", "ephemeral-storage"] + sorted(r for r in alloc if r.startswith("hugepages-"))
    for res in rows:
        milli = res == "cpu"
        of = alloc.get(res, Quantity())
        rq = totals["requests"].get(res, Quantity())
        lq = totals["limits"].get(res, Quantity())
        w.write(1, f"{res}\t{rq} ({_pct(rq, of, milli)}%)\t{lq} ({_pct(lq, of, milli)}%)\n")


def describe_configmap(cm: dict, events: list | None, now: float) -> str:
    meta = cm.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, "\nData\n====\n")
    data = cm.get("data") or {}
    for key in sorted(data):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{data[key]}\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = cm.get("binaryData") or {}
    for key in sorted(binary):
        w.write(0, f"{key}: {len(binary[key]) * 3 // 4} bytes\n")
    w.write(0, "\n")
    events_block(w, events, now)
    return w.text()


def describe_generic(obj: dict, events: list | None, now: float) -> str:
    """Name, namespace, labels, annotations and events, for kinds without a dedicated layout."""
    meta = obj.get("metadata") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    if meta.get("namespace"):
        w.write(0, f"Namespace:\t{meta['namespace']}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    events_block(w, events, now)
    return w.text()
