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
            raise error("couldn't retrieve selectors via --selector flag or introspection: "
                        "the pod has no labels and cannot be exposed")
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


@verb("expose", "Put a new Kubernetes service in front of a replication controller, service, "
      "deployment or pod", group="Basic Commands (Beginner)", complete_args="types",
      usage="(-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] "
            "[--name=name] [--external-ip=external-ip-of-service] [--type=type]",
      long="Make a new Kubernetes service for an existing resource.\n\n"
           "kubectl finds the pod, service, deployment, replica set or replication controller you name and "
           "gives the new service the same selector that resource uses, listening on the port you ask for. "
           "Deployments and replica sets can only be exposed when their selector is a plain matchLabels "
           "map, since that is the only kind of selector a service can hold. Without --port, a resource "
           "with several ports has every one of them copied to the service. Without --labels, the service "
           "takes its labels from the exposed resource.\n\n"
           "Resources you can name here (case does not matter):\n\n"
           " pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)",
      examples="""
      # Give the nginx deployment a service on port 80 that forwards to container port 8000
      kubectl expose deployment nginx --port=80 --target-port=8000

      # Expose the pod valid-pod on port 444, calling the service "frontend"
      kubectl expose pod valid-pod --port=444 --name=frontend

      # Add a second service "nginx-https" next to the nginx service: port 443 goes to 8443
      kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https
      """,
      flags=(c.DRY_RUN, c.FIELD_MANAGER, c.SAVE_CONFIG, c.FILENAME, *c.PRINT_FLAGS,
             Flag("port", help="Port the service listens on. When left out, the exposed resource's ports are copied."),
             Flag("target-port", help="Container port (number or name) that traffic is sent to. May be left out."),
             Flag("protocol", help="Network protocol of the new service; TCP when not given."),
             Flag("name", help="Name to give the object this command creates."),
             Flag("type", values=("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
                  help="Service type: ClusterIP, NodePort, LoadBalancer, or ExternalName; ClusterIP when not given."),
             Flag("cluster-ip", help="Cluster IP for the service. Empty lets the cluster pick one; 'None' makes a headless service."),
             Flag("external-ip", help="An extra IP address, outside Kubernetes' control, on which the service also accepts traffic. When that address routes to a node, clients can reach the service there as well as on its cluster IP."),
             Flag("load-balancer-ip", help="Address to ask the LoadBalancer for. Empty means the cloud provider hands out a temporary one."),
             Flag("selector", help="Label selector for the service; only key=value (equality) terms work. Empty (the default) copies the selector of the exposed resource."),
             Flag("labels", short="l", help="Labels to put on the service this command creates."),
             Flag("session-affinity", help="Session affinity of the service when set; either 'None' or 'ClientIP'"),
             Flag("override-type", default="merge", help="How --overrides is combined with the generated object: json, merge, or strategic."),
             Flag("overrides", help="JSON to lay over the object kubectl generates, when given. It must carry a valid apiVersion field."),
             Flag("record", "bool", help="Store the kubectl command line in an annotation on the resource."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename.")))
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
