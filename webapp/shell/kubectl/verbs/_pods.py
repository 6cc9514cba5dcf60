"""Finding the pod and container a command means: `POD`, `pod/POD`, `deploy/NAME`, `svc/NAME`.

For controllers kubectl picks the "most active" matching pod (ready longest, then oldest) and
says `Found N pods, using pod/NAME` when there was a choice.
"""
from __future__ import annotations

from webapp.cluster.clock import parse_rfc3339
from webapp.cluster.errors import NotFound
from webapp.cluster.selectors import Requirement, Selector

from ..errors import error
from ..resources import lookup


def _ready_since(pod: dict) -> float | None:
    for cond in pod.get("status", {}).get("conditions") or ():
        if cond.get("type") == "Ready" and cond.get("status") == "True":
            return parse_rfc3339(cond["lastTransitionTime"]) if cond.get("lastTransitionTime") else 0.0
    return None


def _activity(pod: dict):
    """Sort key: scheduled, running, ready longest, fewest restarts, oldest first."""
    status = pod.get("status", {})
    phase_rank = {"Running": 0, "Unknown": 1, "Pending": 2}.get(status.get("phase", "Pending"), 3)
    ready = _ready_since(pod)
    restarts = sum(c.get("restartCount", 0) for c in status.get("containerStatuses") or ())
    created = parse_rfc3339(pod["metadata"]["creationTimestamp"]) if pod["metadata"].get("creationTimestamp") else 0
    return (0 if pod["spec"].get("nodeName") else 1, phase_rank, 0 if ready is not None else 1,
            ready if ready is not None else 0, restarts, created, pod["metadata"]["name"])


def selector_of(obj: dict, plural: str) -> Selector:
    if plural == "services":
        labels = obj["spec"].get("selector") or {}
    else:
        labels = (obj["spec"].get("selector") or {}).get("matchLabels") or {}
    return Selector(tuple(Requirement(k, "=", (v,)) for k, v in sorted(labels.items())))


def resolve_pod(inv, word: str, announce: bool = True) -> dict:
    """The pod a word names; controllers resolve to their most active pod."""
    if "/" not in word:
        return inv.cluster.get("pods", inv.namespace, word)
    kind, _, name = word.partition("/")
    rtype = lookup(kind)
    if rtype is None:
        raise error(f'the server doesn\'t have a resource type "{kind}"')
    if not name:
        raise error("arguments in resource/name form must have a single resource and name")
    if rtype.plural == "pods":
        return inv.cluster.get("pods", inv.namespace, name)
    if rtype.plural not in ("deployments", "replicasets", "services"):
        raise error(f"cannot attach to *v1.{rtype.kind}: not implemented")
    owner = inv.cluster.get(rtype.plural, inv.namespace, name)
    pods = inv.cluster.list("pods", inv.namespace, selector_of(owner, rtype.plural))
    pods = [p for p in pods if not p["metadata"].get("deletionTimestamp")] or pods
    if not pods:
        raise error("timed out waiting for the condition")
    pods.sort(key=_activity)
    if len(pods) > 1 and announce:
        inv.warn(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}")
    return pods[0]


def pick_container(inv, pod: dict, wanted: str, announce: bool = True) -> str:
    """-c NAME, else the default-container annotation, else the first (with kubectl's notice)."""
    names = [c["name"] for c in pod["spec"].get("containers") or ()]
    if wanted:
        return wanted
    annotated = (pod["metadata"].get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
    if annotated in names:
        return annotated
    if len(names) > 1 and announce:
        inv.warn(f'Defaulted container "{names[0]}" out of: {", ".join(names)}')
    return names[0] if names else ""


def container_state(pod: dict, name: str) -> dict:
    for status in pod.get("status", {}).get("containerStatuses") or ():
        if status.get("name") == name:
            return status.get("state") or {}
    return {}


__all__ = ["resolve_pod", "pick_container", "container_state", "selector_of", "NotFound"]
