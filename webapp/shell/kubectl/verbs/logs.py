"""`kubectl logs`: a container's log lines so far (`-f` prints what exists now and returns)."""
from __future__ import annotations

from webapp.cluster.clock import rfc3339
from webapp.cluster.errors import BadRequest

from ..errors import error
from ..flags import Flag
from ..registry import verb
from . import _common as c
from ._pods import container_state, pick_container, resolve_pod

USAGE_TEXT = ("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
              "POD or TYPE/NAME is a required argument for the logs command")


def _lines(inv, pod: dict, container: str) -> list[tuple[float, str]]:
    names = [x["name"] for x in pod["spec"].get("containers") or ()]
    name = pod["metadata"]["name"]
    if container not in names:
        raise BadRequest(f"container {container} is not valid for pod {name}")
    state = container_state(pod, container)
    previous = inv.flags["previous"]
    if not previous and "waiting" in state and not _has_run(pod, container):
        reason = state["waiting"].get("reason", "ContainerCreating")
        raise BadRequest(f'container "{container}" in pod "{name}" is waiting to start: {reason}')
    from webapp.cluster import logs
    entries = logs.log_entries(inv.cluster, pod, container, previous=previous)
    if previous and not _has_run(pod, container):
        raise BadRequest(f'previous terminated container "{container}" in pod "{name}" not found')
    return entries


def _has_run(pod: dict, container: str) -> bool:
    for status in pod.get("status", {}).get("containerStatuses") or ():
        if status.get("name") == container:
            return bool((status.get("lastState") or {}).get("terminated"))
    return False


def _print(inv, entries, prefix: str, tail: int, since: float | None) -> None:
    if since is not None:
        cutoff = inv.cluster.clock.now() - since
        entries = [e for e in entries if e[0] >= cutoff]
    if tail >= 0:
        entries = entries[len(entries) - tail:] if tail else []
    for t, line in entries:
        stamp = rfc3339(t).replace("Z", f".{int((t % 1) * 1e9):09d}Z") + " " if inv.flags["timestamps"] else ""
        inv.print(f"{prefix}{stamp}{line}")


@verb("logs", "Show what a container in a pod has logged", group="Troubleshooting and Debugging Commands",
      complete_args="pods", usage="[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]",
      long="Show what a container has logged, in a pod or in a resource that picks pods. A pod with "
           "a single container needs no container name.",
      examples="""
      # Everything the single container of the pod nginx logged so far
      kubectl logs nginx

      # Logs of every container of the pods labelled app=nginx
      kubectl logs -l app=nginx --all-containers=true

      # Just the last 20 lines
      kubectl logs --tail=20 nginx

      # The first container of one pod of the nginx deployment
      kubectl logs deployment/nginx
      """,
      flags=(Flag("all-containers", "bool", help="Show the logs of every container in the pods."),
             Flag("container", short="c", help="The container whose logs to show"),
             Flag("follow", "bool", short="f", help="Keep the stream open and print new lines as they arrive."),
             Flag("ignore-errors", "bool", help="While following logs, carry on after errors instead of stopping"),
             Flag("insecure-skip-tls-verify-backend", "bool", help="Do not check the certificate of the kubelet the logs come from."),
             Flag("limit-bytes", "int", help="Stop after this many bytes; no limit when not given."),
             Flag("max-log-requests", "int", default=5, help="With a selector, the most log streams followed at once; 5 when not given."),
             Flag("pod-running-timeout", "duration", default=20.0, help="How long (above zero, e.g. 5s, 2m or 3h) to wait for a pod to be running"),
             Flag("prefix", "bool", help="Start each line with where it came from (pod and container name)"),
             Flag("previous", "bool", short="p", help="When true, show the logs of the container's last run before it restarted, if there was one."),
             c.SELECTOR,
             Flag("since", "duration", help="Only lines from the last stretch of time, e.g. 5s, 2m or 3h; all lines when not given. Cannot be combined with --since-time."),
             Flag("since-time", help="Only lines logged after this moment (RFC3339); all lines when not given. Cannot be combined with --since."),
             Flag("tail", "int", default=-1, help="How many of the newest lines to show. -1 (the default without a selector) shows them all; with a selector it is 10."),
             Flag("timestamps", "bool", help="Start each line with the time it was logged")))
def logs(inv) -> int:
    f = inv.flags
    selector = f["selector"]
    if selector and inv.args:
        raise error("only a selector (-l) or a POD name is allowed")
    if not selector and not inv.args:
        raise inv.usage_error(USAGE_TEXT)
    if len(inv.args) > 2:
        raise inv.usage_error(USAGE_TEXT)
    tail = f["tail"] if "tail" in inv.set_flags or not selector else 10
    since = f["since"] if "since" in inv.set_flags else None
    if selector:
        pods = inv.cluster.list("pods", inv.namespace, c.parse_selector(selector))
        if not pods:
            inv.warn(f"No resources found in {inv.namespace} namespace.")
            return 0
        if f["follow"] and len(pods) > f["max-log-requests"]:
            raise error(f"you are attempting to follow {len(pods)} log streams, but maximum allowed "
                        f"concurrency is {f['max-log-requests']}, use --max-log-requests to increase the limit")
    else:
        pods = [resolve_pod(inv, inv.args[0])]
    wanted = f["container"] or (inv.args[1] if len(inv.args) == 2 else "")
    for pod in pods:
        if f["all-containers"]:
            containers = [x["name"] for x in pod["spec"].get("containers") or ()]
        else:
            containers = [pick_container(inv, pod, wanted)]
        for container in containers:
            prefix = f"[pod/{pod['metadata']['name']}/{container}] " if f["prefix"] else ""
            _print(inv, _lines(inv, pod, container), prefix, tail, since)
    return 0
