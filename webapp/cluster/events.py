"""Events: what `kubectl describe` lists and `kubectl get events` shows, deduplicated by object,
reason and message (count and lastTimestamp go up), capped per session."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .clock import parse_rfc3339
from .names import new_uid

if TYPE_CHECKING:
    from .cluster import Cluster


_COMPONENT = {"kubelet", "default-scheduler"}


def record_event(cluster: "Cluster", involved: dict, etype: str, reason: str, message: str, source: str,
                 host: str | None = None, field: str | None = None) -> None:
    meta = involved["metadata"]
    ns = meta.get("namespace") or "default"
    events = cluster.objects["events"]
    now = cluster.timestamp()
    for ev in events.values():
        io = ev["involvedObject"]
        if (io.get("uid") == meta.get("uid") and ev["reason"] == reason and ev["message"] == message
                and io.get("fieldPath") == field):
            ev["count"] += 1
            ev["lastTimestamp"] = now
            cluster.update_status("events", ev)
            return
    # real event names are the object's name and the time in nanoseconds, in hex
    # names grow with each event, so the list order (by name) is the order they were recorded
    nanos = max(int(cluster.now() * 1e9) + cluster.rng.below(1_000_000), cluster.meta.get("event_ns", 0) + 1)
    cluster.meta["event_ns"] = nanos
    name = f"{meta['name']}.{nanos:x}"
    involved_ref = {"apiVersion": involved.get("apiVersion", "v1"), "kind": involved.get("kind"),
                    "name": meta["name"], "namespace": ns, "uid": meta.get("uid"),
                    "resourceVersion": meta.get("resourceVersion")}
    if field:
        involved_ref["fieldPath"] = field
    src = {"component": source}
    if source == "kubelet":
        src["host"] = host or involved.get("spec", {}).get("nodeName", "")
    ev = {"apiVersion": "v1", "kind": "Event", "count": 1, "eventTime": None, "firstTimestamp": now,
          "involvedObject": involved_ref, "lastTimestamp": now, "message": message,
          "metadata": {"name": name, "namespace": ns, "creationTimestamp": now},
          "reason": reason, "reportingComponent": "", "reportingInstance": "", "source": src, "type": etype}
    ev["metadata"]["uid"] = new_uid(cluster.rng)
    cluster.rv += 1
    ev["metadata"]["resourceVersion"] = str(cluster.rv)
    events[f"{ns}/{name}"] = ev
    if len(events) > cluster.limits.events:
        oldest = min(events, key=lambda k: (parse_rfc3339(events[k]["lastTimestamp"]), int(events[k]["metadata"]["resourceVersion"])))
        events.pop(oldest)
