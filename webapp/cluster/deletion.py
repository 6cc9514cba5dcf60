"""Deletion as the API server and kubelet do it: graceful pod termination, background cascading
through ownerReferences, namespace teardown."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .clock import rfc3339
from .lifecycle import _images, _key, pod_terminating

if TYPE_CHECKING:
    from .cluster import Cluster


def on_delete(cluster: "Cluster", resource: str, obj: dict, grace: int | None) -> None:
    if resource == "pods":
        delete_pod(cluster, obj, grace)
    elif resource == "namespaces":
        delete_namespace(cluster, obj)
    else:
        cluster.remove(resource, obj)
        collect_dependents(cluster, obj)


def collect_dependents(cluster: "Cluster", owner: dict) -> None:
    """The garbage collector: objects owned by a deleted object go too (background propagation)."""
    uid = owner["metadata"].get("uid")
    ns = owner["metadata"].get("namespace")
    for resource in ("replicasets", "pods", "endpointslices"):
        for dep in list(cluster.scan(resource, ns)):
            if any(r.get("uid") == uid for r in dep["metadata"].get("ownerReferences") or ()):
                on_delete(cluster, resource, dep, None)


def delete_pod(cluster: "Cluster", pod: dict, grace: int | None) -> None:
    if pod_terminating(pod):
        return
    if grace is None:
        grace = pod["spec"].get("terminationGracePeriodSeconds", 30)
    now = cluster.now()
    statuses = pod.get("status", {}).get("containerStatuses") or []
    running = [s for s in statuses if "running" in s.get("state", {})]
    if grace == 0 or not pod["spec"].get("nodeName"):
        cluster.remove("pods", pod)
        return
    pod["metadata"]["deletionTimestamp"] = rfc3339(now + grace)
    pod["metadata"]["deletionGracePeriodSeconds"] = grace
    info_mod = _images()
    ends = now + 0.5
    for c in pod["spec"]["containers"]:
        s = next((x for x in running if x["name"] == c["name"]), None)
        if s is None:
            continue
        cluster.record_event(pod, "Normal", "Killing", f"Stopping container {c['name']}", "kubelet",
                             field=f"spec.containers{{{c['name']}}}")
        info = info_mod.image_info(c["image"])
        quick = info.stops_on_sigterm(c.get("command"), c.get("args"))
        ends = max(ends, now + (0.3 + cluster.rng.random() * 0.5 if quick else grace))
    cluster.schedule(min(ends, now + grace), "gone", "pods", _key(pod))
    cluster.update_status("pods", pod)


def delete_namespace(cluster: "Cluster", ns_obj: dict) -> None:
    name = ns_obj["metadata"]["name"]
    if ns_obj["status"].get("phase") == "Terminating":
        return
    ns_obj["status"]["phase"] = "Terminating"
    ns_obj["metadata"]["deletionTimestamp"] = cluster.timestamp()
    cluster.update_status("namespaces", ns_obj)
    last = cluster.now() + 1.0
    for resource in ("deployments", "replicasets", "services", "endpoints", "endpointslices", "configmaps",
                     "serviceaccounts", "events"):
        for obj in list(cluster.scan(resource, name)):
            cluster.remove(resource, obj)
    for pod in list(cluster.scan("pods", name)):
        delete_pod(cluster, pod, None)
    for entry in cluster.timeline:
        if entry[2] == "gone" and entry[4].startswith(name + "/"):
            last = max(last, entry[0] + 0.5)
    cluster.schedule(last, "ns_gone", "namespaces", name)


def finish_namespace(cluster: "Cluster", ns_obj: dict) -> None:
    name = ns_obj["metadata"]["name"]
    for pod in list(cluster.scan("pods", name)):
        cluster.remove("pods", pod)
    for resource in list(cluster.objects):
        if resource != "namespaces":
            for obj in list(cluster.scan(resource, name)):
                if obj["metadata"].get("namespace") == name:
                    cluster.remove(resource, obj)
    cluster.remove("namespaces", ns_obj)
