"""`kubectl describe` entry point: the describer for a resource, fed from the cluster."""
from __future__ import annotations

from .describe_apps import describe_deployment, describe_replicaset
from .describe_base import events_for
from .describe_cluster import describe_configmap, describe_generic, describe_namespace, describe_node
from .describe_pod import describe_pod
from .describe_service import describe_endpoints, describe_service, service_endpoints

DESCRIBABLE = ("pods", "services", "endpoints", "deployments", "replicasets", "nodes", "namespaces")


def describe(plural: str, obj: dict, cluster, now: float, show_events: bool = True) -> str:
    """The text `kubectl describe` prints for one object (ends with a newline)."""
    events = events_for(cluster, obj) if show_events else None
    if plural == "pods":
        return describe_pod(obj, events, now)
    if plural == "services":
        return describe_service(obj, service_endpoints(cluster, obj), events, now)
    if plural == "endpoints":
        return describe_endpoints(obj, events, now)
    if plural == "deployments":
        return describe_deployment(obj, cluster, events, now)
    if plural == "replicasets":
        return describe_replicaset(obj, cluster, events, now)
    if plural == "nodes":
        return describe_node(obj, cluster, events, now)
    if plural == "namespaces":
        return describe_namespace(obj)
    if plural == "configmaps":
        return describe_configmap(obj, events, now)
    return describe_generic(obj, events, now)
