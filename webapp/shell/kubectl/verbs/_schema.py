"""Client-side schema validation of manifests, as kubectl 1.24 does with the server's OpenAPI.

Only the kinds the simulated cluster serves, and the fields a learner writes. A field of a known
type that is not in the schema is `unknown field "x" in io.k8s.api...`; a scalar of the wrong
type is `invalid type for ...: got "string", expected "integer"`.
"""
from __future__ import annotations

S, I, B, M = "string", "integer", "boolean", "map"   # M: free-form map of strings
IOS = "intOrString"

_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
_SEL = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"
_CORE = "io.k8s.api.core.v1."
_APPS = "io.k8s.api.apps.v1."

TYPES: dict[str, dict[str, object]] = {
    _META: {"name": S, "generateName": S, "namespace": S, "labels": M, "annotations": M, "uid": S,
            "resourceVersion": S, "creationTimestamp": S, "generation": I, "finalizers": [S],
            "ownerReferences": ["object"], "managedFields": ["object"], "deletionTimestamp": S,
            "deletionGracePeriodSeconds": I, "selfLink": S},
    _SEL: {"matchLabels": M, "matchExpressions": ["object"]},
    _APPS + "Deployment": {"apiVersion": S, "kind": S, "metadata": _META,
                           "spec": _APPS + "DeploymentSpec", "status": "object"},
    _APPS + "DeploymentSpec": {"replicas": I, "selector": _SEL, "template": _CORE + "PodTemplateSpec",
                               "strategy": "object", "minReadySeconds": I, "revisionHistoryLimit": I,
                               "paused": B, "progressDeadlineSeconds": I},
    _APPS + "ReplicaSet": {"apiVersion": S, "kind": S, "metadata": _META,
                           "spec": _APPS + "ReplicaSetSpec", "status": "object"},
    _APPS + "ReplicaSetSpec": {"replicas": I, "selector": _SEL, "template": _CORE + "PodTemplateSpec",
                               "minReadySeconds": I},
    _CORE + "PodTemplateSpec": {"metadata": _META, "spec": _CORE + "PodSpec"},
    _CORE + "Pod": {"apiVersion": S, "kind": S, "metadata": _META, "spec": _CORE + "PodSpec",
                    "status": "object"},
    _CORE + "PodSpec": {"containers": [_CORE + "Container"], "initContainers": [_CORE + "Container"],
                        "restartPolicy": S, "dnsPolicy": S, "nodeName": S, "nodeSelector": M,
                        "hostname": S, "subdomain": S, "serviceAccountName": S, "serviceAccount": S,
                        "terminationGracePeriodSeconds": I, "volumes": ["object"], "hostNetwork": B,
                        "schedulerName": S, "securityContext": "object", "tolerations": ["object"],
                        "affinity": "object", "dnsConfig": "object", "enableServiceLinks": B,
                        "imagePullSecrets": ["object"], "priority": I, "priorityClassName": S,
                        "readinessGates": ["object"], "automountServiceAccountToken": B,
                        "activeDeadlineSeconds": I, "shareProcessNamespace": B, "hostAliases": ["object"],
                        "preemptionPolicy": S, "runtimeClassName": S, "topologySpreadConstraints": ["object"]},
    _CORE + "Container": {"name": S, "image": S, "command": [S], "args": [S], "workingDir": S,
                          "ports": [_CORE + "ContainerPort"], "env": [_CORE + "EnvVar"], "envFrom": ["object"],
                          "resources": "object", "volumeMounts": ["object"], "livenessProbe": "object",
                          "readinessProbe": "object", "startupProbe": "object", "lifecycle": "object",
                          "imagePullPolicy": S, "securityContext": "object", "stdin": B, "stdinOnce": B,
                          "tty": B, "terminationMessagePath": S, "terminationMessagePolicy": S,
                          "volumeDevices": ["object"]},
    _CORE + "ContainerPort": {"containerPort": I, "name": S, "protocol": S, "hostPort": I, "hostIP": S},
    _CORE + "EnvVar": {"name": S, "value": S, "valueFrom": "object"},
    _CORE + "Service": {"apiVersion": S, "kind": S, "metadata": _META, "spec": _CORE + "ServiceSpec",
                        "status": "object"},
    _CORE + "ServiceSpec": {"type": S, "selector": M, "ports": [_CORE + "ServicePort"], "clusterIP": S,
                            "clusterIPs": [S], "externalName": S, "externalIPs": [S], "sessionAffinity": S,
                            "loadBalancerIP": S, "loadBalancerSourceRanges": [S], "externalTrafficPolicy": S,
                            "internalTrafficPolicy": S, "ipFamilies": [S], "ipFamilyPolicy": S,
                            "publishNotReadyAddresses": B, "healthCheckNodePort": I,
                            "sessionAffinityConfig": "object", "allocateLoadBalancerNodePorts": B,
                            "loadBalancerClass": S},
    _CORE + "ServicePort": {"name": S, "port": I, "targetPort": IOS, "protocol": S, "nodePort": I,
                            "appProtocol": S},
    _CORE + "Namespace": {"apiVersion": S, "kind": S, "metadata": _META, "spec": "object",
                          "status": "object"},
    _CORE + "ConfigMap": {"apiVersion": S, "kind": S, "metadata": _META, "data": M, "binaryData": M,
                          "immutable": B},
}
ROOTS = {"Deployment": _APPS + "Deployment", "ReplicaSet": _APPS + "ReplicaSet", "Pod": _CORE + "Pod",
         "Service": _CORE + "Service", "Namespace": _CORE + "Namespace", "ConfigMap": _CORE + "ConfigMap"}


def _json_type(v) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if v is None:
        return "null"
    return "object"


def _check(value, tname: str, path: str, errors: list[str]) -> None:
    fields = TYPES.get(tname)
    if fields is None or not isinstance(value, dict):
        return
    for key, v in value.items():
        where = f"ValidationError({path})"
        if key not in fields:
            errors.append(f'{where}: unknown field "{key}" in {tname}')
            continue
        _check_value(v, fields[key], f"{path}.{key}", tname, key, errors)


def _check_value(v, ftype, path: str, owner: str, key: str, errors: list[str]) -> None:
    if v is None:
        return
    if isinstance(ftype, list):
        if not isinstance(v, list):
            errors.append(f'ValidationError({path}): invalid type for {owner}.{key}: got '
                          f'"{_json_type(v)}", expected "array"')
            return
        for i, item in enumerate(v):
            _check_value(item, ftype[0], f"{path}[{i}]", owner, key, errors)
        return
    expected = {S: "string", I: "integer", B: "boolean", M: "object", "object": "object"}.get(ftype)
    if ftype == IOS:
        return
    if expected is None:
        if not isinstance(v, dict):
            errors.append(f'ValidationError({path}): invalid type for {owner}.{key}: got '
                          f'"{_json_type(v)}", expected "map"')
            return
        _check(v, ftype, path, errors)
        return
    got = _json_type(v)
    if got != expected:
        errors.append(f'ValidationError({path}): invalid type for {owner}.{key}: got "{got}", '
                      f'expected "{expected}"')


def unknown_field_error(doc: dict) -> str | None:
    """The validation message for a manifest, or None when it passes."""
    root = ROOTS.get(doc.get("kind", ""))
    if root is None:
        return None
    errors: list[str] = []
    _check(doc, root, doc["kind"], errors)
    if not errors:
        return None
    return errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
