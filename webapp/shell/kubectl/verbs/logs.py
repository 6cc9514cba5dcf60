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
    if previous and not entries:
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


@verb("logs", "Print the logs for a container in a pod", group="Troubleshooting and Debugging Commands",
      complete_args="pods", usage="[-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]",
      long="Print the logs for a container in a pod or specified resource. If the pod has only one "
           "container, the container name is optional.",
      examples="""
      # Return snapshot logs from pod nginx with only one container
      kubectl logs nginx

      # Return snapshot logs from all containers in pods defined by label app=nginx
      kubectl logs -l app=nginx --all-containers=true

      # Display only the most recent 20 lines of output in pod nginx
      kubectl logs --tail=20 nginx

      # Return snapshot logs from first container of a deployment named nginx
      kubectl logs deployment/nginx
      """,
      flags=(Flag("all-containers", "bool", help="Get all containers' logs in the pod(s)."),
             Flag("container", short="c", help="Print the logs of this container"),
             Flag("follow", "bool", short="f", help="Specify if the logs should be streamed."),
             Flag("ignore-errors", "bool", help="If watching / following pod logs, allow for any errors that occur to be non-fatal"),
             Flag("insecure-skip-tls-verify-backend", "bool", help="Skip verifying the identity of the kubelet that logs are requested from."),
             Flag("limit-bytes", "int", help="Maximum bytes of logs to return. Defaults to no limit."),
             Flag("max-log-requests", "int", default=5, help="Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5."),
             Flag("pod-running-timeout", "duration", default=20.0, help="The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running"),
             Flag("prefix", "bool", help="Prefix each log line with the log source (pod name and container name)"),
             Flag("previous", "bool", short="p", help="If true, print the logs for the previous instance of the container in a pod if it exists."),
             c.SELECTOR,
             Flag("since", "duration", help="Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used."),
             Flag("since-time", help="Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used."),
             Flag("tail", "int", default=-1, help="Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided."),
             Flag("timestamps", "bool", help="Include timestamps on each line in the log output")))
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
