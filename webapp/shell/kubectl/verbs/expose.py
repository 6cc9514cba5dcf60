"""`kubectl expose`: build a Service for a deployment, replica set, pod or service (formats.md §2.3)."""
from __future__ import annotations

from ..errors import error
from ..flags import Flag
from ..registry import verb
from ..resources import BY_PLURAL
from . import _common as c

SERVICES = BY_PLURAL["services"]
_EXPOSABLE = ("pods", "services", "deployments", "replicasets")


def _selector_of(obj: dict, plural: str) -> dict:
    """MapBasedSelectorForObject."""
    if plural == "pods":
        labels = obj["metadata"].get("labels") or {}
        if not labels:
            raise error("the pod has no labels and cannot be exposed")
        return dict(labels)
    if plural == "services":
        sel = obj["spec"].get("selector") or {}
        if not sel:
            raise error("the service has no pod selector set")
        return dict(sel)
    sel = obj["spec"].get("selector") or {}
    if sel.get("matchExpressions"):
        raise error(f'couldn\'t convert expressions - "{sel["matchExpressions"]}" to map-based selector format')
    return dict(sel.get("matchLabels") or {})


def _pod_spec(obj: dict, plural: str) -> dict:
    return obj["spec"] if plural == "pods" else obj["spec"].get("template", {}).get("spec", {})


def _ports_of(obj: dict, plural: str) -> tuple[list[str], dict[str, str]]:
    """PortsForObject and ProtocolsForObject: port numbers as text, and port -> protocol."""
    if plural == "services":
        ports = obj["spec"].get("ports") or []
        return ([str(p["port"]) for p in ports],
                {str(p["port"]): p.get("protocol", "TCP") for p in ports})
    ports, protocols = [], {}
    for container in _pod_spec(obj, plural).get("containers") or []:
        for p in container.get("ports") or []:
            ports.append(str(p["containerPort"]))
            protocols[str(p["containerPort"])] = p.get("protocol", "TCP")
    return ports, protocols


def _int_or_name(text: str):
    try:
        return int(text)
    except ValueError:
        return text


@verb("expose", "Take a replication controller, service, deployment or pod and expose it as a new "
      "Kubernetes service", group="Basic Commands (Beginner)", complete_args="types",
      usage="(-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] "
            "[--name=name] [--external-ip=external-ip-of-service] [--type=type]",
      long="Expose a resource as a new Kubernetes service.\n\n"
           "Looks up a deployment, service, replica set, replication controller or pod by name and uses the "
           "selector for that resource as the selector for a new service on the specified port. A deployment "
           "or replica set will be exposed as a service only if its selector is convertible to a selector "
           "that service supports, i.e. when the selector contains only the matchLabels component. Note that "
           "if no port is specified via --port and the exposed resource has multiple ports, all will be "
           "re-used by the new service. Also if no labels are specified, the new service will re-use the "
           "labels from the resource it exposes.\n\n"
           "Possible resources include (case insensitive):\n\n"
           " pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)",
      examples="""
      # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000
      kubectl expose deployment nginx --port=80 --target-port=8000

      # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"
      kubectl expose pod valid-pod --port=444 --name=frontend

      # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"
      kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https
      """,
      flags=(c.DRY_RUN, c.FIELD_MANAGER, c.SAVE_CONFIG, c.FILENAME, *c.PRINT_FLAGS,
             Flag("port", help="The port that the service should serve on. Copied from the resource being exposed, if unspecified"),
             Flag("target-port", help="Name or number for the port on the container that the service should direct traffic to. Optional."),
             Flag("protocol", help="The network protocol for the service to be created. Default is 'TCP'."),
             Flag("name", help="The name for the newly created object."),
             Flag("type", values=("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
                  help="Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'."),
             Flag("cluster-ip", help="ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service."),
             Flag("external-ip", help="Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP."),
             Flag("load-balancer-ip", help="IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific)."),
             Flag("selector", help="A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)"),
             Flag("labels", short="l", help="Labels to apply to the service created by this call."),
             Flag("session-affinity", help="If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'"),
             Flag("override-type", default="merge", help="The method used to override the generated object: json, merge, or strategic."),
             Flag("overrides", help="An inlined JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field."),
             Flag("record", "bool", help="Record current kubectl command in the resource annotation."),
             Flag("recursive", "bool", short="R", help="Process the directory used in -f, --filename recursively.")))
def expose(inv) -> int:
    mode = c.dry_run(inv)
    fmt = c.check_output(inv)
    if inv.flags["filename"]:
        from ._manifests import load_manifests
        items = [(m.rtype, m.with_namespace(inv)) for m in load_manifests(inv, inv.flags["filename"])]
        items = [(rt, inv.cluster.get(rt.plural, o["metadata"].get("namespace"), o["metadata"]["name"]))
                 for rt, o in items]
    else:
        items = [(t.rtype, c.fetch(inv, t)) for t in c.targets_with_names(inv, inv.args)]
    for rtype, obj in items:
        if rtype.plural not in _EXPOSABLE:
            kind = rtype.kind + (f".{rtype.group}" if rtype.group else "")
            raise error(f"cannot expose a {kind}")
        svc = _build_service(inv, obj, rtype.plural)
        if mode == "client":
            if inv.namespace_given:
                svc["metadata"]["namespace"] = inv.namespace
            stored = svc
        else:
            body = dict(svc, metadata=dict(svc["metadata"], namespace=obj["metadata"].get("namespace", inv.namespace)))
            stored = inv.cluster.create(body, dry_run=(mode == "server"))
        if fmt:
            c.print_object(inv, stored, fmt, SERVICES)
        else:
            inv.print(f"{SERVICES.ref(stored['metadata']['name'])} exposed{c.dry_suffix(mode)}")
    return 0


def _build_service(inv, obj: dict, plural: str) -> dict:
    f = inv.flags
    name = (f["name"] or obj["metadata"]["name"])[:63]
    selector = c.parse_label_map(f["selector"]) if f["selector"] else _selector_of(obj, plural)
    headless = f["cluster-ip"] == "None"
    port_text, protocols = f["port"], {}
    if not port_text:
        found, protocols = _ports_of(obj, plural)
        if not found and not headless:
            raise error("couldn't find port via --port flag or introspection")
        port_text = ",".join(found)
    ports = []
    texts = port_text.split(",") if port_text else []
    for i, text in enumerate(texts):
        try:
            number = int(text)
        except ValueError:
            raise error(f'strconv.Atoi: parsing "{text}": invalid syntax') from None
        protocol = f["protocol"] or protocols.get(text, "TCP")
        entry: dict = {}
        if len(texts) > 1:
            entry["name"] = f"port-{i + 1}"
        entry["port"] = number
        entry["protocol"] = protocol
        entry["targetPort"] = _int_or_name(f["target-port"]) if f["target-port"] else number
        ports.append(entry)
    labels = c.parse_label_map(f["labels"]) if f["labels"] else dict(obj["metadata"].get("labels") or {})
    meta: dict = {"creationTimestamp": None}
    if labels:
        meta["labels"] = labels
    meta["name"] = name
    spec: dict = {}
    if f["cluster-ip"]:
        spec["clusterIP"] = f["cluster-ip"]
    if f["external-ip"]:
        spec["externalIPs"] = [f["external-ip"]]
    if f["load-balancer-ip"]:
        spec["loadBalancerIP"] = f["load-balancer-ip"]
    if ports:
        spec["ports"] = ports
    spec["selector"] = selector
    if f["session-affinity"]:
        if f["session-affinity"] not in ("None", "ClientIP"):
            raise error(f"unknown session affinity: {f['session-affinity']}")
        spec["sessionAffinity"] = f["session-affinity"]
    if f["type"]:
        spec["type"] = f["type"]
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec,
            "status": {"loadBalancer": {}}}
