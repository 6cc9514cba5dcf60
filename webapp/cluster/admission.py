"""What the API server does to an object before storing it: defaulting, validation, allocation."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import ipam, quantity
from .errors import BadRequest, Invalid
from .kinds import RESOURCES

if TYPE_CHECKING:
    from .cluster import Cluster

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")

MSG_1123_LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                  "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
                  "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
MSG_1123_SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                      "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
                      "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
MSG_1035_LABEL = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                  "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                  "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")

INT32_MAX = 2**31 - 1


def _name_errors(resource: str, name: str) -> list[str]:
    if not name:
        return ["metadata.name: Required value: name or generateName is required"]
    if resource in ("services",):
        ok, msg, limit = DNS1035_LABEL.match(name), MSG_1035_LABEL, 63
    elif resource in ("namespaces",):
        ok, msg, limit = DNS1123_LABEL.match(name), MSG_1123_LABEL, 63
    else:
        ok, msg, limit = DNS1123_SUBDOMAIN.match(name), MSG_1123_SUBDOMAIN, 253
    errs = []
    if len(name) > limit:
        errs.append(f'metadata.name: Invalid value: "{name}": must be no more than {limit} characters')
    if not ok:
        errs.append(f'metadata.name: Invalid value: "{name}": {msg}')
    return errs


def validate_and_default(cluster: "Cluster", resource: str, obj: dict) -> None:
    meta = obj["metadata"]
    name = meta.get("name") or ""
    _decode_quantities(resource, obj)
    errs = _name_errors(resource, name) if resource not in ("events",) else []
    errs += _label_errors(meta.get("labels"), "metadata.labels")
    check = _VALIDATORS.get(resource)
    if check:
        errs += check(cluster, obj)
    if errs:
        raise Invalid(RESOURCES[resource][0], name, errs)


def validate_update(cluster: "Cluster", resource: str, old: dict, new: dict) -> None:
    _decode_quantities(resource, new)
    errs = _label_errors(new["metadata"].get("labels"), "metadata.labels")
    if resource == "services":
        old_ip, new_ip = old["spec"].get("clusterIP"), new["spec"].get("clusterIP")
        if new_ip and new_ip != old_ip:
            errs.append(f'spec.clusterIPs[0]: Invalid value: []string{{"{new_ip}"}}: may not change once set')
        new["spec"].setdefault("clusterIP", old_ip)
        if old["spec"].get("clusterIPs"):
            new["spec"].setdefault("clusterIPs", old["spec"]["clusterIPs"])
        _drop_node_ports_on_type_change(old, new)
        errs += _service_errors(cluster, new, update=True)
        _keep_node_ports(old, new)
        if not errs:
            _allocate_node_ports_on_update(cluster, old, new)
    elif resource in ("deployments", "replicasets"):
        if new["spec"].get("selector") != old["spec"].get("selector"):
            errs.append(f"spec.selector: Invalid value: {_go_selector(new['spec'].get('selector'))}: "
                        "field is immutable")
        errs += _workload_errors(cluster, new)
    elif resource == "pods":
        quantity.default_requests(new.get("spec") or {})
        quantity.canonicalize(new.get("spec") or {})
        if new.get("spec", {}).get("containers") != old.get("spec", {}).get("containers"):
            images_only = [dict(c, image=None) for c in new["spec"].get("containers", [])] == \
                          [dict(c, image=None) for c in old["spec"].get("containers", [])]
            if not images_only:
                errs.append("spec: Forbidden: pod updates may not change fields other than "
                            "`spec.containers[*].image`, `spec.initContainers[*].image`, "
                            "`spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing "
                            "tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 "
                            "if it was previously negative)")
        new["spec"] = {**old["spec"], "containers": new["spec"].get("containers", old["spec"]["containers"])}
    if errs:
        raise Invalid(RESOURCES[resource][0], new["metadata"]["name"], errs)


def _decode_quantities(resource: str, obj: dict) -> None:
    """The API server's decoder refuses a quantity that does not parse before any validation runs."""
    if resource not in ("pods", "deployments", "replicasets"):
        return
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    if resource != "pods":
        template = spec.get("template") if isinstance(spec.get("template"), dict) else {}
        spec = template.get("spec") if isinstance(template.get("spec"), dict) else {}
    problem = quantity.decode_error(spec)
    if problem:
        kind, version = RESOURCES[resource][0], str(obj.get("apiVersion") or "v1").rsplit("/", 1)[-1]
        raise BadRequest(f'{kind} in version "{version}" cannot be handled as a {kind}: {problem}')


def _go_selector(sel) -> str:
    ml = (sel or {}).get("matchLabels") or {}
    inner = ", ".join(f'"{k}":"{v}"' for k, v in sorted(ml.items()))
    return f"v1.LabelSelector{{MatchLabels:map[string]string{{{inner}}}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}"


_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_LABEL_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")


def _label_errors(labels, field: str) -> list[str]:
    errs = []
    if labels is None:
        return errs
    if not isinstance(labels, dict):
        return [f"{field}: Invalid value: must be a map of strings"]
    for k, v in labels.items():
        if not isinstance(v, str):
            errs.append(f'{field}: Invalid value: "{v}": label values must be strings')
            continue
        name = str(k).rsplit("/", 1)[-1]
        if not _LABEL_NAME.match(name) or len(name) > 63:
            errs.append(f'{field}: Invalid value: "{k}": name part must consist of alphanumeric characters, '
                        "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  "
                        "or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
        if not _LABEL_VALUE.match(v) or len(v) > 63:
            msg = ("must be no more than 63 characters" if len(v) > 63 else
                   "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                   "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                   "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
            errs.append(f'{field}: Invalid value: "{v}": {msg}')
    return errs


# ---------------------------------------------------------------------------------- pods
def _container_errors(spec: dict, path: str) -> list[str]:
    errs = []
    containers = spec.get("containers")
    if not containers:
        return [f"{path}.containers: Required value"]
    seen = set()
    for i, c in enumerate(containers):
        cpath = f"{path}.containers[{i}]"
        cname = c.get("name") or ""
        if not cname:
            errs.append(f"{cpath}.name: Required value")
        elif not DNS1123_LABEL.match(cname):
            errs.append(f'{cpath}.name: Invalid value: "{cname}": {MSG_1123_LABEL}')
        elif cname in seen:
            errs.append(f'{cpath}.name: Duplicate value: "{cname}"')
        seen.add(cname)
        if not c.get("image"):
            errs.append(f"{cpath}.image: Required value")
        c.setdefault("imagePullPolicy", _pull_policy(c.get("image") or ""))
        c.setdefault("resources", {})
        errs += quantity.resource_errors(c, cpath)
        c.setdefault("terminationMessagePath", "/dev/termination-log")
        c.setdefault("terminationMessagePolicy", "File")
        for j, p in enumerate(c.get("ports") or []):
            port = p.get("containerPort")
            if not isinstance(port, int) or not 1 <= port <= 65535:
                errs.append(f"{cpath}.ports[{j}].containerPort: Invalid value: {port}: "
                            "must be between 1 and 65535, inclusive")
            p.setdefault("protocol", "TCP")
    quantity.canonicalize(spec)
    return errs


def _pull_policy(image: str) -> str:
    last = image.rsplit("/", 1)[-1]
    if "@" in image:
        return "IfNotPresent"
    if ":" not in last or last.endswith(":latest"):
        return "Always"
    return "IfNotPresent"


def _pod_spec_defaults(spec: dict) -> None:
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("securityContext", {})
    spec.setdefault("terminationGracePeriodSeconds", 30)


def _pod_errors(cluster: "Cluster", obj: dict) -> list[str]:
    spec = obj.setdefault("spec", {})
    quantity.default_requests(spec)
    errs = _container_errors(spec, "spec")
    rp = spec.get("restartPolicy", "Always")
    if rp not in ("Always", "OnFailure", "Never"):
        errs.append(f'spec.restartPolicy: Unsupported value: "{rp}": supported values: "Always", "OnFailure", "Never"')
    _pod_spec_defaults(spec)
    spec.setdefault("enableServiceLinks", True)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    spec.setdefault("priority", 0)
    spec.setdefault("serviceAccountName", "default")
    spec.setdefault("serviceAccount", "default")
    spec.setdefault("tolerations", [
        {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
        {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}])
    obj.setdefault("status", {"phase": "Pending"})["qosClass"] = quantity.qos_class(spec)
    if not errs:
        _mount_service_account_token(cluster, spec)
    return errs


SA_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"


def _mount_service_account_token(cluster: "Cluster", spec: dict) -> None:
    """The ServiceAccount admission plugin: a projected token volume mounted in every container."""
    if spec.get("automountServiceAccountToken") is False:
        return
    containers = spec.get("containers") or []
    if any(m.get("mountPath") == SA_MOUNT_PATH for c in containers for m in c.get("volumeMounts") or ()):
        return
    from .names import generate_name
    name = generate_name("kube-api-access-", cluster.rng)
    spec.setdefault("volumes", []).append({"name": name, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
        {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                    "path": "namespace"}]}}]}})
    for c in containers:
        c.setdefault("volumeMounts", []).append({"mountPath": SA_MOUNT_PATH, "name": name, "readOnly": True})


# ---------------------------------------------------------------------------------- workloads
def _workload_errors(cluster: "Cluster", obj: dict) -> list[str]:
    spec = obj.setdefault("spec", {})
    errs = []
    replicas = spec.setdefault("replicas", 1)
    if not isinstance(replicas, int) or isinstance(replicas, bool):
        errs.append(f"spec.replicas: Invalid value: {replicas!r}: must be an integer")
    elif replicas < 0:
        errs.append(f"spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0")
    elif replicas > INT32_MAX:
        errs.append(f"spec.replicas: Invalid value: {replicas}: must be less than or equal to {INT32_MAX}")
    sel = spec.get("selector")
    template = spec.setdefault("template", {})
    tlabels = (template.get("metadata") or {}).get("labels") or {}
    if not sel or not (sel.get("matchLabels") or sel.get("matchExpressions")):
        errs.append("spec.selector: Required value")
    else:
        from .selectors import from_label_selector
        if not from_label_selector(sel).matches(tlabels):
            errs.append("spec.template.metadata.labels: Invalid value: map[string]string{"
                        + ", ".join(f'"{k}":"{v}"' for k, v in sorted(tlabels.items()))
                        + "}: `selector` does not match template `labels`")
    tspec = template.setdefault("spec", {})
    errs += _container_errors(tspec, "spec.template.spec")
    _pod_spec_defaults(tspec)
    template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    if obj["kind"] == "Deployment":
        strategy = spec.setdefault("strategy", {})
        if not strategy:
            strategy.update({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        spec.setdefault("revisionHistoryLimit", 10)
        spec.setdefault("progressDeadlineSeconds", 600)
    obj["metadata"].setdefault("generation", 1)
    obj.setdefault("status", {})
    return errs


# ---------------------------------------------------------------------------------- services
def _service_errors(cluster: "Cluster", obj: dict, update: bool = False) -> list[str]:
    spec = obj.setdefault("spec", {})
    errs = []
    stype = spec.setdefault("type", "ClusterIP")
    if stype not in ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"):
        return [f'spec.type: Unsupported value: "{stype}": supported values: "ClusterIP", '
                '"ExternalName", "LoadBalancer", "NodePort"']
    cip = spec.get("clusterIP")
    if cip == "None" and stype in ("NodePort", "LoadBalancer"):
        errs.append(f"spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for {stype} services")
    if stype == "ExternalName":
        if not spec.get("externalName"):
            errs.append("spec.externalName: Required value")
    ports = spec.get("ports") or []
    if not ports and cip != "None" and stype != "ExternalName":
        errs.append("spec.ports: Required value")
    names = set()
    for i, p in enumerate(ports):
        port = p.get("port")
        if not isinstance(port, int) or not 1 <= port <= 65535:
            errs.append(f"spec.ports[{i}].port: Invalid value: {port}: must be between 1 and 65535, inclusive")
        proto = p.setdefault("protocol", "TCP")
        if proto not in ("TCP", "UDP", "SCTP"):
            errs.append(f'spec.ports[{i}].protocol: Unsupported value: "{proto}": supported values: "SCTP", "TCP", "UDP"')
        if len(ports) > 1 and not p.get("name"):
            errs.append(f"spec.ports[{i}].name: Required value")
        if p.get("name"):
            if p["name"] in names:
                errs.append(f'spec.ports[{i}].name: Duplicate value: "{p["name"]}"')
            names.add(p["name"])
        tp = p.setdefault("targetPort", port)
        if isinstance(tp, int) and not 1 <= tp <= 65535:
            errs.append(f"spec.ports[{i}].targetPort: Invalid value: {tp}: must be between 1 and 65535, inclusive")
        if "nodePort" in p and stype == "ClusterIP":
            errs.append(f"spec.ports[{i}].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")
    if cip and cip != "None" and not update and not ipam.service_ip_in_range(cip):
        errs.append(f'spec.clusterIPs: Invalid value: []string{{"{cip}"}}: failed to allocate IP {cip}: the provided IP '
                    f"({cip}) is not in the valid range. The range of valid IPs is {ipam.SERVICE_CIDR}")
    affinity = spec.setdefault("sessionAffinity", "None")
    if affinity not in ("None", "ClientIP"):
        errs.append(f'spec.sessionAffinity: Unsupported value: "{affinity}": supported values: "ClientIP", "None"')
    if affinity == "ClientIP":
        spec.setdefault("sessionAffinityConfig", {"clientIP": {"timeoutSeconds": 10800}})
    if stype != "ExternalName":
        spec.setdefault("ipFamilies", ["IPv4"])
        spec.setdefault("ipFamilyPolicy", "SingleStack")
        spec.setdefault("internalTrafficPolicy", "Cluster")
    if stype in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    if stype == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)
    obj.setdefault("status", {"loadBalancer": {}})
    return errs


def _keep_node_ports(old: dict, new: dict) -> None:
    old_ports = {(p.get("port"), p.get("protocol")): p.get("nodePort") for p in old["spec"].get("ports") or []}
    for p in new["spec"].get("ports") or []:
        np = old_ports.get((p.get("port"), p.get("protocol")))
        if np and "nodePort" not in p and new["spec"].get("type") in ("NodePort", "LoadBalancer"):
            p["nodePort"] = np


def _drop_node_ports_on_type_change(old: dict, new: dict) -> None:
    """dropTypeDependentFields: leaving NodePort/LoadBalancer clears node ports the user left as they were."""
    if old["spec"].get("type") not in ("NodePort", "LoadBalancer"):
        return
    if new["spec"].get("type", "ClusterIP") not in ("ClusterIP", "ExternalName"):
        return
    kept = {p.get("nodePort") for p in old["spec"].get("ports") or [] if p.get("nodePort")}
    for p in new["spec"].get("ports") or []:
        if isinstance(p, dict) and p.get("nodePort") in kept:
            del p["nodePort"]


def _allocate_node_ports_on_update(cluster: "Cluster", old: dict, new: dict) -> None:
    """An update to NodePort/LoadBalancer gets node ports for ports without one (as on create)."""
    if new["spec"].get("type") not in ("NodePort", "LoadBalancer"):
        return
    own = {p.get("nodePort") for p in old["spec"].get("ports") or [] if p.get("nodePort")}
    taken = used_node_ports(cluster) - own
    for i, p in enumerate(new["spec"].get("ports") or []):
        if p.get("nodePort"):
            if p["nodePort"] not in own:
                ipam.check_requested_node_port(new["metadata"]["name"], i, p["nodePort"], taken)
        else:
            p["nodePort"] = ipam.allocate_node_port(taken | own, cluster.rng)
        taken.add(p["nodePort"])


def _namespace_errors(cluster: "Cluster", obj: dict) -> list[str]:
    if not obj.get("spec"):
        obj["spec"] = {"finalizers": ["kubernetes"]}
    if not (obj.get("status") or {}).get("phase"):
        obj["status"] = {"phase": "Active"}
    labels = obj["metadata"].setdefault("labels", {})
    labels["kubernetes.io/metadata.name"] = obj["metadata"]["name"]
    return []


def _configmap_errors(cluster: "Cluster", obj: dict) -> list[str]:
    errs = []
    for key, value in (obj.get("data") or {}).items():
        if not re.match(r"^[-._a-zA-Z0-9]+$", str(key)):
            errs.append(f'data[{key}]: Invalid value: "{key}": a valid config key must consist of alphanumeric '
                        "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used "
                        "for validation is '[-._a-zA-Z0-9]+')")
        if not isinstance(value, str):
            errs.append(f"data[{key}]: Invalid value: must be a string")
    return errs


_VALIDATORS = {
    "pods": _pod_errors,
    "deployments": _workload_errors,
    "replicasets": _workload_errors,
    "services": _service_errors,
    "namespaces": _namespace_errors,
    "configmaps": _configmap_errors,
}


# ---------------------------------------------------------------------------------- allocation
def used_cluster_ips(cluster: "Cluster") -> set[str]:
    return {s["spec"].get("clusterIP") for s in cluster.objects["services"].values()}


def used_node_ports(cluster: "Cluster") -> set[int]:
    return {p["nodePort"] for s in cluster.objects["services"].values()
            for p in s["spec"].get("ports") or [] if p.get("nodePort")}


def allocate(cluster: "Cluster", resource: str, obj: dict, dry_run: bool) -> None:
    """ClusterIP and NodePort allocation (kept out of dry runs, as the API server does)."""
    if resource != "services":
        return
    spec, name = obj["spec"], obj["metadata"]["name"]
    if dry_run:
        return
    if spec["type"] == "ExternalName":
        return
    cip = spec.get("clusterIP")
    used = used_cluster_ips(cluster)
    if cip == "None":
        spec["clusterIPs"] = ["None"]
    elif cip:
        ipam.check_requested_cluster_ip(name, cip, used)
        spec["clusterIPs"] = [cip]
    else:
        spec["clusterIP"] = ipam.allocate_cluster_ip(used, cluster.rng)
        spec["clusterIPs"] = [spec["clusterIP"]]
    if spec["type"] in ("NodePort", "LoadBalancer"):
        taken = used_node_ports(cluster)
        for i, p in enumerate(spec.get("ports") or []):
            if p.get("nodePort"):
                ipam.check_requested_node_port(name, i, p["nodePort"], taken)
            else:
                p["nodePort"] = ipam.allocate_node_port(taken, cluster.rng)
            taken.add(p["nodePort"])
