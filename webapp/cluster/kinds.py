"""The kinds the cluster stores: one table for the store, admission and messages."""
from __future__ import annotations

# resource -> (kind, apiVersion, namespaced, group-qualified name used in messages)
RESOURCES: dict[str, tuple[str, str, bool, str]] = {
    "namespaces": ("Namespace", "v1", False, "namespaces"),
    "nodes": ("Node", "v1", False, "nodes"),
    "pods": ("Pod", "v1", True, "pods"),
    "services": ("Service", "v1", True, "services"),
    "endpoints": ("Endpoints", "v1", True, "endpoints"),
    "endpointslices": ("EndpointSlice", "discovery.k8s.io/v1", True, "endpointslices.discovery.k8s.io"),
    "deployments": ("Deployment", "apps/v1", True, "deployments.apps"),
    "replicasets": ("ReplicaSet", "apps/v1", True, "replicasets.apps"),
    "daemonsets": ("DaemonSet", "apps/v1", True, "daemonsets.apps"),
    "configmaps": ("ConfigMap", "v1", True, "configmaps"),
    "events": ("Event", "v1", True, "events"),
    "serviceaccounts": ("ServiceAccount", "v1", True, "serviceaccounts"),
}
KIND_TO_RESOURCE = {v[0]: k for k, v in RESOURCES.items()}
