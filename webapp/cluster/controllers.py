"""Control loops of kube-controller-manager, run synchronously: Deployment and ReplicaSet here,
Endpoints and EndpointSlices in endpoints.py. Each compares desired and observed state and writes
only what changed."""
from __future__ import annotations

import copy
import math
from typing import TYPE_CHECKING

from .errors import ApiError
from .lifecycle import pod_ready, pod_terminating
from .names import pod_template_hash

if TYPE_CHECKING:
    from .cluster import Cluster

REVISION = "deployment.kubernetes.io/revision"


def reconcile_namespace(cluster: "Cluster", ns: str) -> None:
    from .endpoints import drop_orphan_endpoints, mirror_endpoints, reconcile_endpoints
    for dep in cluster.scan("deployments", ns):
        reconcile_deployment(cluster, dep)
    for rs in cluster.scan("replicasets", ns):
        reconcile_replicaset(cluster, rs)
    for dep in cluster.scan("deployments", ns):
        update_deployment_status(cluster, dep)
    for svc in cluster.scan("services", ns):
        reconcile_endpoints(cluster, svc)
        mirror_endpoints(cluster, svc)
    drop_orphan_endpoints(cluster, ns)


def _owned(cluster: "Cluster", resource: str, owner: dict) -> list[dict]:
    uid = owner["metadata"]["uid"]
    return [o for o in cluster.scan(resource, owner["metadata"]["namespace"])
            if any(r.get("uid") == uid and r.get("controller") for r in o["metadata"].get("ownerReferences") or ())]


def owner_ref(owner: dict) -> dict:
    return {"apiVersion": owner["apiVersion"], "blockOwnerDeletion": True, "controller": True,
            "kind": owner["kind"], "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"]}


def _resolve_percent(value, total: int, round_up: bool) -> int:
    if isinstance(value, int):
        return value
    text = str(value)
    if text.endswith("%"):
        frac = int(text[:-1] or 0) * total / 100
        return math.ceil(frac) if round_up else math.floor(frac)
    return int(text) if text.isdigit() else 0


# ------------------------------------------------------------------------------ Deployment
def reconcile_deployment(cluster: "Cluster", dep: dict) -> None:
    spec = dep["spec"]
    template = spec["template"]
    h = pod_template_hash(template)
    owned = _owned(cluster, "replicasets", dep)
    new_rs = next((rs for rs in owned if rs["metadata"].get("labels", {}).get("pod-template-hash") == h), None)
    old = [rs for rs in owned if rs is not new_rs]
    replicas = spec.get("replicas", 1)
    revisions = [int(rs["metadata"].get("annotations", {}).get(REVISION, "0")) for rs in owned]
    if new_rs is None:
        old_total = sum(rs["spec"].get("replicas", 0) for rs in old)
        if spec.get("paused"):
            return
        start = replicas if old_total == 0 or spec.get("strategy", {}).get("type") == "Recreate" else 0
        if spec.get("strategy", {}).get("type") == "Recreate" and any(_active(cluster, rs) for rs in old):
            start = 0
        new_rs = _create_replicaset(cluster, dep, h, start, max(revisions, default=0) + 1)
        if new_rs is None:
            return
        if start:
            _scale_event(cluster, dep, new_rs, start, up=True)
    else:
        rev = int(new_rs["metadata"].get("annotations", {}).get(REVISION, "0"))
        if old and rev < max(revisions, default=0):  # rolled back to an older template
            new_rs["metadata"]["annotations"][REVISION] = str(max(revisions) + 1)
            cluster.update_status("replicasets", new_rs)
    dep["metadata"].setdefault("annotations", {})[REVISION] = new_rs["metadata"]["annotations"][REVISION]
    if spec.get("strategy", {}).get("type") == "Recreate":
        _recreate(cluster, dep, new_rs, old, replicas)
    else:
        _rolling(cluster, dep, new_rs, old, replicas)


def _active(cluster: "Cluster", rs: dict) -> int:
    return sum(1 for p in _owned(cluster, "pods", rs))


def _create_replicaset(cluster: "Cluster", dep: dict, h: str, replicas: int, revision: int) -> dict | None:
    template = copy.deepcopy(dep["spec"]["template"])
    template.setdefault("metadata", {}).setdefault("labels", {})["pod-template-hash"] = h
    selector = copy.deepcopy(dep["spec"]["selector"])
    selector.setdefault("matchLabels", {})["pod-template-hash"] = h
    labels = dict(template["metadata"]["labels"])
    max_surge = _resolve_percent(dep["spec"].get("strategy", {}).get("rollingUpdate", {}).get("maxSurge", "25%"),
                                 dep["spec"].get("replicas", 1), True)
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": {"annotations": {"deployment.kubernetes.io/desired-replicas": str(dep["spec"].get("replicas", 1)),
                                       "deployment.kubernetes.io/max-replicas": str(dep["spec"].get("replicas", 1) + max_surge),
                                       REVISION: str(revision)},
                       "generation": 1, "labels": labels, "name": f"{dep['metadata']['name']}-{h}",
                       "namespace": dep["metadata"]["namespace"], "ownerReferences": [owner_ref(dep)]},
          "spec": {"replicas": replicas, "selector": selector, "template": template}, "status": {"replicas": 0}}
    try:
        cluster._check_quota("replicasets", rs["metadata"]["namespace"], rs["metadata"]["name"])
    except ApiError as e:
        cluster.record_event(dep, "Warning", "FailedCreate", f"Failed to create new replica set "
                             f"\"{rs['metadata']['name']}\": {e.message}", "deployment-controller")
        return None
    return cluster.put("replicasets", rs)


def _scale_event(cluster: "Cluster", dep: dict, rs: dict, to: int, up: bool) -> None:
    word = "up" if up else "down"
    cluster.record_event(dep, "Normal", "ScalingReplicaSet",
                         f"Scaled {word} replica set {rs['metadata']['name']} to {to}", "deployment-controller")


def _set_rs_replicas(cluster: "Cluster", dep: dict, rs: dict, n: int) -> None:
    cur = rs["spec"].get("replicas", 0)
    if cur == n:
        return
    rs["spec"]["replicas"] = n
    rs["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] = str(dep["spec"].get("replicas", 1))
    cluster.update_status("replicasets", rs)
    cluster.mark(rs["metadata"]["namespace"])
    _scale_event(cluster, dep, rs, n, up=n > cur)


def _rolling(cluster: "Cluster", dep: dict, new_rs: dict, old: list[dict], replicas: int) -> None:
    rolling = dep["spec"].get("strategy", {}).get("rollingUpdate", {})
    surge = _resolve_percent(rolling.get("maxSurge", "25%"), replicas, True)
    unavailable = _resolve_percent(rolling.get("maxUnavailable", "25%"), replicas, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    live_old = [rs for rs in old if rs["spec"].get("replicas", 0) > 0]
    if not live_old:
        _set_rs_replicas(cluster, dep, new_rs, replicas)
        return
    total = new_rs["spec"].get("replicas", 0) + sum(rs["spec"].get("replicas", 0) for rs in live_old)
    room = replicas + surge - total
    if room > 0 and new_rs["spec"].get("replicas", 0) < replicas:
        _set_rs_replicas(cluster, dep, new_rs, min(replicas, new_rs["spec"].get("replicas", 0) + room))
    ready_total = sum(_ready_count(cluster, rs) for rs in [new_rs, *live_old])
    new_unavailable = new_rs["spec"].get("replicas", 0) - _ready_count(cluster, new_rs)
    can_remove = ready_total - (replicas - unavailable) - max(new_unavailable, 0)
    for rs in sorted(live_old, key=lambda r: r["metadata"]["creationTimestamp"]):
        if can_remove <= 0:
            break
        cur = rs["spec"].get("replicas", 0)
        step = min(cur, can_remove)
        _set_rs_replicas(cluster, dep, rs, cur - step)
        can_remove -= step


def _recreate(cluster: "Cluster", dep: dict, new_rs: dict, old: list[dict], replicas: int) -> None:
    for rs in old:
        _set_rs_replicas(cluster, dep, rs, 0)
    if not any(_active(cluster, rs) for rs in old):
        _set_rs_replicas(cluster, dep, new_rs, replicas)


def _ready_count(cluster: "Cluster", rs: dict) -> int:
    return sum(1 for p in _owned(cluster, "pods", rs) if pod_ready(p) and not pod_terminating(p))


def update_deployment_status(cluster: "Cluster", dep: dict) -> None:
    owned = _owned(cluster, "replicasets", dep)
    h = pod_template_hash(dep["spec"]["template"])
    new_rs = next((rs for rs in owned if rs["metadata"].get("labels", {}).get("pod-template-hash") == h), None)
    replicas = dep["spec"].get("replicas", 1)
    total = sum(rs["status"].get("replicas", 0) for rs in owned)
    ready = sum(rs["status"].get("readyReplicas", 0) for rs in owned)
    updated = new_rs["status"].get("replicas", 0) if new_rs else 0
    status = {"observedGeneration": dep["metadata"].get("generation", 1)}
    for key, value in (("replicas", total), ("updatedReplicas", updated), ("readyReplicas", ready),
                       ("availableReplicas", ready), ("unavailableReplicas", max(replicas - ready, 0))):
        if value:
            status[key] = value
    rolling = dep["spec"].get("strategy", {}).get("rollingUpdate", {})
    max_unavailable = _resolve_percent(rolling.get("maxUnavailable", "25%"), replicas, False)
    old = dep.get("status", {})
    conds = {c["type"]: c for c in old.get("conditions") or ()}
    now = cluster.timestamp()
    available = ready >= replicas - max_unavailable
    _condition(conds, "Available", available, now,
               "MinimumReplicasAvailable" if available else "MinimumReplicasUnavailable",
               "Deployment has minimum availability." if available else "Deployment does not have minimum availability.")
    if new_rs is not None:
        done = updated == replicas and ready >= replicas and total == replicas
        rs_name = new_rs["metadata"]["name"]
        if done:
            _condition(conds, "Progressing", True, now, "NewReplicaSetAvailable",
                       f'ReplicaSet "{rs_name}" has successfully progressed.')
        else:
            reason = "ReplicaSetUpdated" if conds.get("Progressing", {}).get("reason") != "NewReplicaSetCreated" or updated else "NewReplicaSetCreated"
            msg = (f'ReplicaSet "{rs_name}" is progressing.' if reason == "ReplicaSetUpdated"
                   else f'Created new replica set "{rs_name}"')
            _condition(conds, "Progressing", True, now, reason, msg)
    status["conditions"] = [conds[t] for t in ("Available", "Progressing") if t in conds]
    if status != old:
        dep["status"] = status
        cluster.update_status("deployments", dep)


def _condition(conds: dict, ctype: str, value: bool, now: str, reason: str, message: str) -> None:
    want = "True" if value else "False"
    cur = conds.get(ctype)
    if cur and cur["status"] == want and cur["reason"] == reason and cur["message"] == message:
        return
    transition = now if not cur or cur["status"] != want else cur["lastTransitionTime"]
    conds[ctype] = {"lastTransitionTime": transition, "lastUpdateTime": now, "message": message,
                    "reason": reason, "status": want, "type": ctype}


# ------------------------------------------------------------------------------ ReplicaSet
def reconcile_replicaset(cluster: "Cluster", rs: dict) -> None:
    pods = [p for p in _owned(cluster, "pods", rs) if not pod_terminating(p)]
    want = rs["spec"].get("replicas", 1)
    diff = want - len(pods)
    if diff > 0:
        for _ in range(diff):
            if not _create_pod(cluster, rs):
                break
    elif diff < 0:
        victims = sorted(pods, key=_deletion_rank)[: -diff]
        for pod in victims:
            from .deletion import delete_pod
            delete_pod(cluster, pod, None)
            cluster.record_event(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}",
                                 "replicaset-controller")
    pods = [p for p in _owned(cluster, "pods", rs) if not pod_terminating(p)]
    ready = sum(1 for p in pods if pod_ready(p))
    status = {"replicas": len(pods), "observedGeneration": rs["metadata"].get("generation", 1)}
    labeled = len(pods)
    if labeled:
        status["fullyLabeledReplicas"] = labeled
    if ready:
        status["readyReplicas"] = ready
        status["availableReplicas"] = ready
    if status != rs.get("status"):
        rs["status"] = status
        cluster.update_status("replicasets", rs)
        cluster.mark(rs["metadata"]["namespace"])


def _deletion_rank(pod: dict) -> tuple:
    # the ReplicaSet removes unscheduled, then not-ready, then the newest pods first
    scheduled = bool(pod["spec"].get("nodeName"))
    return (scheduled, pod_ready(pod), _neg_time(pod["metadata"]["creationTimestamp"]))


def _neg_time(ts: str) -> str:
    return "".join(chr(0x7F - ord(c)) for c in ts)


def _create_pod(cluster: "Cluster", rs: dict) -> bool:
    template = rs["spec"]["template"]
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"generateName": rs["metadata"]["name"] + "-",
                        "labels": dict(template.get("metadata", {}).get("labels") or {}),
                        "namespace": rs["metadata"]["namespace"], "ownerReferences": [owner_ref(rs)]},
           "spec": copy.deepcopy(template.get("spec") or {})}
    if template.get("metadata", {}).get("annotations"):
        pod["metadata"]["annotations"] = dict(template["metadata"]["annotations"])
    try:
        created = cluster.create(pod, internal=False)
    except ApiError as e:
        message = e.message
        if 'is forbidden' in message:
            base = rs["metadata"]["name"] + "-"
            message = f'pods "{base}" is forbidden: ' + message.split(" is forbidden: ", 1)[-1]
        cluster.record_event(rs, "Warning", "FailedCreate", f"Error creating: {message}", "replicaset-controller")
        return False
    cluster.record_event(rs, "Normal", "SuccessfulCreate", f"Created pod: {created['metadata']['name']}",
                         "replicaset-controller")
    return True
