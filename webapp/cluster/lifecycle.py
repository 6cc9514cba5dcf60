"""The kubelet and the scheduler in time: pod phases from due actions, graceful deletion, events.

A pod's life is a few scheduled actions (see Cluster.schedule): `sandbox` (IP assigned, image
pull begins), `started` (containers running and Ready), `exited`/`restart` (containers that end),
`gone` (graceful deletion finished). Nothing happens between them, so reading is cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import ipam

if TYPE_CHECKING:
    from .cluster import Cluster

SANDBOX_DELAY = 0.4          # scheduling + sandbox creation before the image pull begins
START_DELAY = 0.3            # container create + start after the pull
RECHECK_PULL = 0.9           # imagePullPolicy Always on an image the node has: a registry round trip
MAX_BACKOFF = 300.0
FIRST_RESTART = 1.0          # seconds before kubelet's first restart of a container that ended


def _images():
    from . import images
    return images


def pod_ready(pod: dict) -> bool:
    for c in pod.get("status", {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


def pod_terminating(pod: dict) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp"))


def _key(obj: dict) -> str:
    return f"{obj['metadata']['namespace']}/{obj['metadata']['name']}"


def _set_condition(status: dict, ctype: str, value: bool, at: str, reason: str | None = None,
                   message: str | None = None) -> None:
    conds = status.setdefault("conditions", [])
    want = "True" if value else "False"
    for c in conds:
        if c["type"] == ctype:
            if c["status"] != want:
                c["status"], c["lastTransitionTime"] = want, at
            c.pop("reason", None), c.pop("message", None)
            if reason:
                c["reason"] = reason
            if message:
                c["message"] = message
            return
    cond = {"lastProbeTime": None, "lastTransitionTime": at, "status": want, "type": ctype}
    if reason:
        cond["reason"] = reason
    if message:
        cond["message"] = message
    conds.append(cond)
    order = {"Initialized": 0, "Ready": 1, "ContainersReady": 2, "PodScheduled": 3}
    conds.sort(key=lambda c: order.get(c["type"], 9))


# ------------------------------------------------------------------------------ creation
def on_create(cluster: "Cluster", resource: str, obj: dict) -> None:
    if resource == "namespaces":
        from .bootstrap import add_root_ca
        add_root_ca(cluster, obj["metadata"]["name"], cluster.timestamp())
        return
    if resource == "pods":
        if obj["spec"].get("nodeName") and obj.get("status", {}).get("phase") == "Running":
            return  # a static or bootstrap pod, already running
        schedule_pod(cluster, obj)


def _unschedulable(cluster: "Cluster", pod: dict, reasons: dict[str, int], total: int, cordoned: int) -> None:
    """FitError's message: reasons counted over nodes and sorted as strings, then preemption's verdict."""
    def histogram(counts: dict[str, int]) -> str:
        return ", ".join(sorted(f"{n} {r}" for r, n in counts.items() if n))
    verdicts = {"No preemption victims found for incoming pod": total - cordoned,
                "Preemption is not helpful for scheduling": cordoned}  # evicting cannot uncordon a node
    msg = (f"0/{total} nodes are available: {histogram(reasons)}. preemption: 0/{total} nodes are available: "
           f"{histogram(verdicts)}." if total else "no nodes available to schedule pods")
    status = pod.setdefault("status", {})
    _set_condition(status, "PodScheduled", False, cluster.timestamp(), "Unschedulable", msg)
    status["phase"] = "Pending"
    cluster.record_event(pod, "Warning", "FailedScheduling", msg, "default-scheduler")
    cluster.meta["unscheduled"] = True


def schedule_pod(cluster: "Cluster", pod: dict) -> bool:
    """Bind a pending pod to a node with room for its requests (cpu, memory, pod count), as the
    default scheduler would; otherwise leave it Pending with the scheduler's FailedScheduling message."""
    from .quantity import fit_reasons, pod_requests
    now = cluster.timestamp()
    status = pod.setdefault("status", {})
    pod_cpu, pod_mem = pod_requests(pod)
    nodes = cluster.scan("nodes")
    reasons: dict[str, int] = {}
    fits, cordoned = [], 0
    for n in nodes:
        if n["spec"].get("unschedulable"):
            cordoned += 1
            reasons["node(s) were unschedulable"] = cordoned
            continue
        bound = [p for p in cluster.objects["pods"].values()
                 if p["spec"].get("nodeName") == n["metadata"]["name"] and p is not pod]
        why = fit_reasons(n, bound, pod_cpu, pod_mem)
        for r in why:
            reasons[r] = reasons.get(r, 0) + 1
        if not why:
            fits.append(n)
    if not fits:
        _unschedulable(cluster, pod, reasons, len(nodes), cordoned)
        return False
    load = {n["metadata"]["name"]: 0 for n in fits}
    for p in cluster.objects["pods"].values():
        if p["spec"].get("nodeName") in load and p is not pod:
            load[p["spec"]["nodeName"]] += 1
    node = min(fits, key=lambda n: (load[n["metadata"]["name"]], n["metadata"]["name"]))
    node_name = node["metadata"]["name"]
    pod["spec"]["nodeName"] = node_name
    status.update({"phase": "Pending", "hostIP": node_ip(node), "startTime": now,
                   "qosClass": status.get("qosClass", "BestEffort")})
    _set_condition(status, "Initialized", True, now)
    _set_condition(status, "Ready", False, now, "ContainersNotReady",
                   f"containers with unready status: [{' '.join(c['name'] for c in pod['spec']['containers'])}]")
    _set_condition(status, "ContainersReady", False, now, "ContainersNotReady",
                   f"containers with unready status: [{' '.join(c['name'] for c in pod['spec']['containers'])}]")
    _set_condition(status, "PodScheduled", True, now)
    status["containerStatuses"] = [
        {"image": c["image"], "imageID": "", "lastState": {}, "name": c["name"], "ready": False,
         "restartCount": 0, "started": False, "state": {"waiting": {"reason": "ContainerCreating"}}}
        for c in pod["spec"]["containers"]]
    cluster.record_event(pod, "Normal", "Scheduled",
                         f"Successfully assigned {pod['metadata']['namespace']}/{pod['metadata']['name']} to {node_name}",
                         "default-scheduler")
    cluster.schedule(cluster.now() + SANDBOX_DELAY, "sandbox", "pods", _key(pod))
    cluster.update_status("pods", pod)
    return True


def node_ip(node: dict) -> str:
    for a in node.get("status", {}).get("addresses") or ():
        if a["type"] == "InternalIP":
            return a["address"]
    return ""


def _assign_ip(cluster: "Cluster", pod: dict) -> None:
    node = cluster.find("nodes", None, pod["spec"]["nodeName"])
    if pod["spec"].get("hostNetwork"):
        ip = node_ip(node)
    else:
        used = {p["status"].get("podIP") for p in cluster.objects["pods"].values()
                if p["spec"].get("nodeName") == pod["spec"]["nodeName"]}
        last = cluster.ipam.setdefault("last_reserved", {}).get(node["metadata"]["name"], 1)
        ip, host = ipam.allocate_pod_ip(node["spec"]["podCIDR"], used, last)
        cluster.ipam["last_reserved"][node["metadata"]["name"]] = host
    pod["status"]["podIP"] = ip
    pod["status"]["podIPs"] = [{"ip": ip}]


def _pull_plan(cluster: "Cluster", pod: dict, container: dict) -> tuple[float, str | None]:
    """Seconds the image takes, and the event message when no pull happens."""
    info = _images().image_info(container["image"])
    node = cluster.find("nodes", None, pod["spec"]["nodeName"])
    present = any(info.ref in (img.get("names") or ()) for img in node["status"].get("images") or ())
    policy = container.get("imagePullPolicy", "IfNotPresent")
    if present and policy != "Always":
        return 0.0, f'Container image "{container["image"]}" already present on machine'
    if present:
        return RECHECK_PULL + cluster.rng.random() * 0.4, None
    return info.pull_seconds * (0.85 + cluster.rng.random() * 0.3), None


def _remember_image(cluster: "Cluster", pod: dict, container: dict) -> None:
    node = cluster.find("nodes", None, pod["spec"]["nodeName"])
    images = node["status"].setdefault("images", [])
    info = _images().image_info(container["image"])
    if not any(info.ref in (img.get("names") or ()) for img in images):
        images.append({"names": [info.image_id, info.ref],
                       "sizeBytes": info.size_bytes})


# ------------------------------------------------------------------------------ due actions
def apply(cluster: "Cluster", action: str, resource: str, key: str) -> None:
    store = cluster.objects.get(resource, {})
    obj = store.get(key)
    if obj is None:
        return
    if action == "ns_gone":
        from .deletion import finish_namespace
        finish_namespace(cluster, obj)
    else:
        _ACTIONS[action](cluster, obj)
    cluster.mark(obj["metadata"].get("namespace"))


def _on_sandbox(cluster: "Cluster", pod: dict) -> None:
    if pod_terminating(pod):
        return
    _assign_ip(cluster, pod)
    total = 0.0
    for c in pod["spec"]["containers"]:
        seconds, present_msg = _pull_plan(cluster, pod, c)
        field = f"spec.containers{{{c['name']}}}"
        if present_msg:
            cluster.record_event(pod, "Normal", "Pulled", present_msg, "kubelet", field=field)
        else:
            cluster.record_event(pod, "Normal", "Pulling", f'Pulling image "{c["image"]}"', "kubelet", field=field)
        total += seconds
        cluster.meta.setdefault("pulls", {})[f"{pod['metadata']['uid']}/{c['name']}"] = round(seconds, 9)
    cluster.update_status("pods", pod)
    cluster.schedule(cluster.now() + total + START_DELAY, "started", "pods", _key(pod))


def _cstatus(pod: dict, name: str) -> dict:
    for s in pod["status"].get("containerStatuses") or ():
        if s["name"] == name:
            return s
    raise KeyError(name)


def _on_started(cluster: "Cluster", pod: dict) -> None:
    if pod_terminating(pod):
        return
    now = cluster.timestamp()
    info_mod = _images()
    ends = []
    for c in pod["spec"]["containers"]:
        s = _cstatus(pod, c["name"])
        pull = cluster.meta.get("pulls", {}).pop(f"{pod['metadata']['uid']}/{c['name']}", None)
        field = f"spec.containers{{{c['name']}}}"
        info = info_mod.image_info(c["image"])
        if pull is not None and s["restartCount"] == 0 and pull > 0:
            cluster.record_event(pod, "Normal", "Pulled",
                                 f'Successfully pulled image "{c["image"]}" in {pull:.9f}s',
                                 "kubelet", field=field)
        _remember_image(cluster, pod, c)
        cluster.record_event(pod, "Normal", "Created", f"Created container {c['name']}", "kubelet", field=field)
        cluster.record_event(pod, "Normal", "Started", f"Started container {c['name']}", "kubelet", field=field)
        s.update({"image": info.ref, "imageID": info.image_id,
                  "containerID": "containerd://" + cluster.rng.hex(64), "ready": True, "started": True,
                  "state": {"running": {"startedAt": now}}})
        run_for = None if _reads_stdin(c) else info.run_seconds(c.get("command"), c.get("args"))
        if run_for is not None:
            ends.append(run_for)
    _refresh_ready(cluster, pod, now)
    pod["status"]["phase"] = "Running"
    if pod["spec"].get("enableServiceLinks", True) and pod["metadata"]["namespace"] != "kube-system":
        from .network import service_env
        # the Docker-links variables are fixed when the container starts
        cluster.meta.setdefault("service_env", {})[pod["metadata"]["uid"]] = service_env(
            cluster, pod["metadata"]["namespace"], None, True)
    cluster.meta["pods_started"] = cluster.meta.get("pods_started", 0) + 1
    if ends:
        cluster.schedule(cluster.now() + max(0.2, min(ends)), "exited", "pods", _key(pod))
    cluster.update_status("pods", pod)


def _refresh_ready(cluster: "Cluster", pod: dict, now: str) -> None:
    statuses = pod["status"].get("containerStatuses") or []
    unready = [s["name"] for s in statuses if not s.get("ready")]
    ok = not unready
    msg = f"containers with unready status: [{' '.join(unready)}]" if unready else None
    _set_condition(pod["status"], "Ready", ok, now, None if ok else "ContainersNotReady", msg)
    _set_condition(pod["status"], "ContainersReady", ok, now, None if ok else "ContainersNotReady", msg)


def _on_exited(cluster: "Cluster", pod: dict) -> None:
    if pod_terminating(pod):
        return
    now = cluster.timestamp()
    info_mod = _images()
    policy = pod["spec"].get("restartPolicy", "Always")
    restart = []
    codes = []
    for c in pod["spec"]["containers"]:
        info = info_mod.image_info(c["image"])
        s = _cstatus(pod, c["name"])
        if _reads_stdin(c) or info.run_seconds(c.get("command"), c.get("args")) is None or "running" not in s["state"]:
            continue
        code = info.exit_code(c.get("command"), c.get("args"))
        codes.append(code)
        running = s["state"].get("running", {})
        term = {"containerID": s.get("containerID", ""), "exitCode": code, "finishedAt": now,
                "reason": "Completed" if code == 0 else "Error", "startedAt": running.get("startedAt", now)}
        s["ready"], s["started"] = False, False
        if (policy == "Always" or (policy == "OnFailure" and code != 0)) and s["restartCount"] == 0:
            # kubelet restarts a container the first time at once (the pod shows Completed/Error)
            s["state"] = {"terminated": term}
            restart.append(FIRST_RESTART)
        elif policy == "Always" or (policy == "OnFailure" and code != 0):
            backoff = min(MAX_BACKOFF, 10.0 * (2 ** (s["restartCount"] - 1)))
            s["lastState"] = {"terminated": term}
            s["state"] = {"waiting": {"message": f"back-off {_fmt_backoff(backoff)} restarting failed container="
                                                 f"{c['name']} pod={pod['metadata']['name']}_{pod['metadata']['namespace']}"
                                                 f"({pod['metadata']['uid']})", "reason": "CrashLoopBackOff"}}
            cluster.record_event(pod, "Warning", "BackOff", "Back-off restarting failed container", "kubelet",
                                 field=f"spec.containers{{{c['name']}}}")
            restart.append(backoff)
        else:
            s["state"] = {"terminated": term}
    _refresh_ready(cluster, pod, now)
    if restart:
        cluster.schedule(cluster.now() + min(restart), "restart", "pods", _key(pod))
    elif codes:
        pod["status"]["phase"] = "Succeeded" if all(c == 0 for c in codes) else "Failed"
        cluster.update_status("pods", pod)
        retry_pending(cluster)  # a finished pod's requests no longer count
        return
    cluster.update_status("pods", pod)


def _reads_stdin(container: dict) -> bool:
    # `kubectl run -it`: a shell with its stdin held open waits for input instead of exiting
    return bool(container.get("stdin")) and \
        (container.get("command") or ["sh"])[0].rsplit("/", 1)[-1] in ("sh", "ash", "bash", "dash", "zsh")


def end_container(cluster: "Cluster", pod: dict, name: str, code: int) -> None:
    now = cluster.timestamp()
    for s in pod.get("status", {}).get("containerStatuses") or ():
        if s["name"] == name and "running" in s.get("state", {}):
            s["state"] = {"terminated": {"containerID": s.get("containerID", ""), "exitCode": code, "finishedAt": now,
                                         "reason": "Completed" if code == 0 else "Error",
                                         "startedAt": s["state"]["running"]["startedAt"]}}
            s["ready"] = s["started"] = False
    _refresh_ready(cluster, pod, now)
    cluster.update_status("pods", pod)
    cluster.mark(pod["metadata"]["namespace"])


def _fmt_backoff(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60}m{s % 60}s" if s >= 60 else f"{s}s"


def _on_restart(cluster: "Cluster", pod: dict) -> None:
    if pod_terminating(pod):
        return
    now = cluster.timestamp()
    for c in pod["spec"]["containers"]:
        s = _cstatus(pod, c["name"])
        if "running" not in s["state"]:
            if "terminated" in s["state"]:
                s["lastState"] = {"terminated": s["state"]["terminated"]}
            s["restartCount"] += 1
            s.update({"ready": True, "started": True, "state": {"running": {"startedAt": now}},
                      "containerID": "containerd://" + cluster.rng.hex(64)})
            field = f"spec.containers{{{c['name']}}}"
            if c.get("imagePullPolicy") == "Always":
                # kubelet asks the registry again on every start of an Always container
                cluster.record_event(pod, "Normal", "Pulling", f'Pulling image "{c["image"]}"', "kubelet", field=field)
                took = RECHECK_PULL + cluster.rng.random() * 0.4
                cluster.record_event(pod, "Normal", "Pulled", f'Successfully pulled image "{c["image"]}" in {took:.9f}s',
                                     "kubelet", field=field)
            else:
                cluster.record_event(pod, "Normal", "Pulled", f'Container image "{c["image"]}" already present on machine',
                                     "kubelet", field=field)
            cluster.record_event(pod, "Normal", "Created", f"Created container {c['name']}", "kubelet", field=field)
            cluster.record_event(pod, "Normal", "Started", f"Started container {c['name']}", "kubelet", field=field)
    _refresh_ready(cluster, pod, now)
    info_mod = _images()
    runs = [None if _reads_stdin(c) else info_mod.image_info(c["image"]).run_seconds(c.get("command"), c.get("args"))
            for c in pod["spec"]["containers"]]
    finite = [r for r in runs if r is not None]
    if finite:
        cluster.schedule(cluster.now() + max(0.2, min(finite)), "exited", "pods", _key(pod))
    cluster.update_status("pods", pod)


def _on_gone(cluster: "Cluster", pod: dict) -> None:
    cluster.remove("pods", pod)
    retry_pending(cluster)


def retry_pending(cluster: "Cluster") -> None:
    """Capacity freed: the scheduler moves unschedulable pods back to its queue and tries each,
    higher priority first, then oldest first."""
    if not cluster.meta.get("unscheduled"):
        return
    cluster.meta["unscheduled"] = False
    pending = [p for p in cluster.scan("pods") if not p["spec"].get("nodeName") and not pod_terminating(p)]
    pending.sort(key=lambda p: (-(p["spec"].get("priority") or 0), p["metadata"].get("creationTimestamp") or ""))
    for p in pending:
        schedule_pod(cluster, p)
        cluster.mark(p["metadata"].get("namespace"))


_ACTIONS = {"sandbox": _on_sandbox, "started": _on_started, "exited": _on_exited,
            "restart": _on_restart, "gone": _on_gone}
