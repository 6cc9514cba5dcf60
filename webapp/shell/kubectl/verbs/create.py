"""`kubectl create` and its generators: deployment, namespace, service <type>, configmap.

The objects are built here exactly as kubectl 1.24 builds them client-side (formats.md §2.1);
defaulting, names and validation are the API server's.
"""
from __future__ import annotations

import re

from webapp.cluster.errors import ApiError

from ..errors import KubectlError, error
from ..flags import Flag, parse_go_int
from ..registry import verb
from ..resources import BY_PLURAL
from . import _common as c
from ._manifests import load_manifests

DEPLOY = BY_PLURAL["deployments"]
SERVICES = BY_PLURAL["services"]
GEN_FLAGS = (c.DRY_RUN, c.FIELD_MANAGER, c.SAVE_CONFIG, c.VALIDATE, *c.PRINT_FLAGS)


def _meta(inv, name: str, labels: dict | None = None) -> dict:
    meta: dict = {"creationTimestamp": None}
    if labels:
        meta["labels"] = labels
    meta["name"] = name
    if inv.namespace_given:
        meta["namespace"] = inv.namespace
    return meta


def _submit(inv, obj: dict, rtype, wrap: str | None) -> int:
    """Send (or, for --dry-run=client, only print) a generated object; report like kubectl."""
    mode = c.dry_run(inv)
    c.check_output(inv)
    if mode == "client":
        c.report(inv, obj, rtype, "created", mode)
        return 0
    body = dict(obj)
    if rtype.namespaced:
        body["metadata"] = dict(obj["metadata"], namespace=inv.namespace)
    try:
        stored = inv.cluster.create(body, dry_run=(mode == "server"))
    except ApiError as e:
        if wrap is None:
            raise
        raise error(f"{wrap}: {c.server_error_text(e)}") from None
    c.report(inv, stored, rtype, "created", mode)
    return 0


# ---- kubectl create -f ------------------------------------------------------------------------

@verb("create", "Make resources from a file or from standard input",
      group="Basic Commands (Beginner)",
      long="Make resources described in a file or piped in on standard input.\n\nManifests may be JSON or YAML.",
      examples="""
      # Make the pod that pod.json describes
      kubectl create -f ./pod.json

      # The same, reading the manifest from a pipe
      cat pod.json | kubectl create -f -
      """,
      usage="-f FILENAME",
      flags=(c.DRY_RUN, c.FILENAME, c.FIELD_MANAGER, c.SAVE_CONFIG, c.VALIDATE, *c.PRINT_FLAGS,
             Flag("edit", "bool", help="Open the object in an editor first, then create it"),
             Flag("raw", help="A raw path to POST to on the API server, sent over the connection the kubeconfig sets up."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename."),
             c.SELECTOR))
def create(inv) -> int:
    if not inv.flags["filename"]:
        from .. import help as helptext
        from ..registry import ROOT
        if inv.args:
            raise inv.usage_error(f"Unexpected args: [{' '.join(inv.args)}]")
        inv.err.write("Error: must specify one of -f and -k\n\n")
        inv.err.write(helptext.render(inv.verb, ROOT))
        return 1
    mode = c.dry_run(inv)
    fmt = c.check_output(inv)
    status = 0
    for doc in load_manifests(inv, inv.flags["filename"]):
        try:
            obj = doc.with_namespace(inv)
            stored = obj if mode == "client" else inv.cluster.create(obj, dry_run=(mode == "server"))
            if fmt:
                c.print_object(inv, stored, fmt, doc.rtype)
            else:
                inv.print(f"{doc.rtype.ref(doc.name)} created{c.dry_suffix(mode)}")
        except ApiError as e:
            inv.warn(doc.source_error("creating", e))
            status = 1
        except KubectlError as e:
            inv.warn(e.text)
            status = 1
    return status


# ---- create deployment --------------------------------------------------------------------

@verb("create deployment", "Make a deployment with the given name",
      aliases=("deploy",), usage="NAME --image=image -- [COMMAND] [args...]",
      long="Make a deployment called NAME.",
      examples="""
      # One nginx pod, managed by a deployment called nginx
      kubectl create deployment nginx --image=nginx

      # Run a command of your choice in the container instead of the image's default
      kubectl create deployment debugger --image=busybox -- sleep 3600

      # Three nginx replicas
      kubectl create deployment nginx --image=nginx --replicas=3

      # Declare that the nginx container listens on port 80
      kubectl create deployment nginx --image=nginx --port=80
      """,
      flags=(*GEN_FLAGS,
             Flag("image", "stringArray", required=True,
                  help="Image to run; give it more than once for a pod with several containers."),
             Flag("port", "int32", default=-1, help="containerPort to declare on the deployment's container."),
             Flag("replicas", "int32", short="r", default=1, help="How many pod replicas to run; 1 when not given.")))
def create_deployment(inv) -> int:
    name = c.exactly_one_name(inv)
    images, command = inv.flags["image"], inv.dash_args
    if len(images) > 1 and command:
        raise error("cannot specify multiple --image options and command")
    labels = {"app": name}
    containers = []
    for image in images:
        container: dict = {}
        if command:
            container["command"] = list(command)
        container["image"] = image
        container["name"] = c.container_name_from_image(image, inv.cluster.rng)
        container["resources"] = {}
        containers.append(container)
    if inv.flags["port"] >= 0 and containers:
        containers[0]["ports"] = [{"containerPort": inv.flags["port"]}]
    obj = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": _meta(inv, name, dict(labels)),
        "spec": {"replicas": inv.flags["replicas"], "selector": {"matchLabels": dict(labels)},
                 "strategy": {},
                 "template": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                              "spec": {"containers": containers}}},
        "status": {},
    }
    return _submit(inv, obj, DEPLOY, "failed to create deployment")


# ---- create namespace -----------------------------------------------------------------------

@verb("create namespace", "Make a namespace with the given name", aliases=("ns",),
      usage="NAME [--dry-run=server|client|none]",
      long="Make a namespace called NAME.",
      examples="""
      # A namespace for experiments
      kubectl create namespace test
      """,
      flags=GEN_FLAGS)
def create_namespace(inv) -> int:
    name = c.exactly_one_name(inv)
    obj = {"apiVersion": "v1", "kind": "Namespace",
           "metadata": {"creationTimestamp": None, "name": name}, "spec": {}, "status": {}}
    return _submit(inv, obj, BY_PLURAL["namespaces"], None)


# ---- create configmap -----------------------------------------------------------------------

_CM_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


def _cm_key_check(key: str) -> None:
    if not _CM_KEY.match(key) or len(key) > 253:
        raise error(f'"{key}" is not a valid key name for a ConfigMap: a valid config key must consist '
                    "of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or "
                    "'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")


@verb("create configmap", "Make a config map from files, a folder or literal values",
      aliases=("cm",), usage="NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none]",
      long="Make a config map whose data comes from files, a folder, or values typed on the command line.\n\n"
           "One config map can hold any number of key/value pairs.",
      examples="""
      # Two keys given on the command line
      kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2

      # One key per file: the file's name is the key, its text the value
      kubectl create configmap my-config --from-file=path/to/bar
      """,
      flags=(*GEN_FLAGS,
             Flag("from-literal", "stringArray", help="A key and its value, written key=value, to store in the config map"),
             Flag("from-file", "stringSlice", help="A file to store: its base name becomes the key, unless you write key=path to choose the key. A folder stores each file in it whose name is a valid config map key."),
             Flag("from-env-file", "stringSlice", help="A file of key=value lines, each of which becomes an entry of the config map."),
             Flag("append-hash", "bool", help="Add a hash of the config map's content to the end of its name.")))
def create_configmap(inv) -> int:
    name = c.exactly_one_name(inv)
    data: dict[str, str] = {}

    def put(key: str, value: str) -> None:
        _cm_key_check(key)
        if key in data:
            raise error(f'cannot add key "{key}", another key by that name already exists in Data for '
                        f'ConfigMap "{name}"')
        data[key] = value

    for src in inv.flags["from-file"]:
        key, eq, path = src.partition("=")
        if not eq:
            key, path = src.rsplit("/", 1)[-1], src
        text = inv.world.read_workstation_file(path)
        if text is None:
            raise error(f"stat {path}: no such file or directory")
        put(key, text)
    for src in inv.flags["from-literal"]:
        if src.startswith("=") or "=" not in src:
            raise error(f"invalid literal source {src}, expected key=value")
        key, value = src.split("=", 1)
        put(key, value.strip("\"'"))
    for path in inv.flags["from-env-file"]:
        text = inv.world.read_workstation_file(path)
        if text is None:
            raise error(f"open {path}: no such file or directory")
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                key, _, value = line.partition("=")
                put(key, value)
    obj: dict = {"apiVersion": "v1"}
    if data:
        obj["data"] = data
    obj.update({"kind": "ConfigMap", "metadata": _meta(inv, name)})
    return _submit(inv, obj, BY_PLURAL["configmaps"], "failed to create configmap")


# ---- create service <type> ------------------------------------------------------------------

def _parse_tcp(spec: str) -> tuple[int, object]:
    parts = spec.split(":")
    port = _parse_port(parts[0])
    if len(parts) == 1:
        return port, port
    target = parts[1]
    if target.isdigit():
        n = int(target)
        if not 1 <= n <= 65535:
            raise error("must be between 1 and 65535, inclusive")
        return port, n
    if not re.match(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", target) or len(target) > 15 \
            or not re.search(r"[a-z]", target) or "--" in target:
        raise error("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    return port, target


def _parse_port(text: str) -> int:
    try:
        if not text.isdigit():
            raise ValueError
        value = parse_go_int(text, 64)
        if value > 65535:
            raise KubectlError(f'error: strconv.ParseUint: parsing "{text}": value out of range')
        return value
    except ValueError:
        raise error(f'strconv.ParseUint: parsing "{text}": invalid syntax') from None


def _create_service(inv, svc_type: str) -> int:
    name = c.exactly_one_name(inv)
    tcp = inv.flags.get("tcp", [])
    cluster_ip = inv.flags.get("clusterip", "")
    external = inv.flags.get("external-name", "")
    if cluster_ip == "None" and svc_type != "ClusterIP":
        raise error("ClusterIP=None can only be used with ClusterIP service type")
    if cluster_ip != "None" and not tcp and svc_type != "ExternalName":
        raise error("at least one tcp port specifier must be provided")
    if svc_type == "ExternalName" and not re.match(
            r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", external):
        raise error(f"invalid service external name {external}")
    ports = []
    for spec in tcp:
        port, target = _parse_tcp(spec)
        entry: dict = {"name": spec.replace(":", "-")}
        if inv.flags.get("node-port"):
            entry["nodePort"] = inv.flags["node-port"]
        entry.update({"port": port, "protocol": "TCP", "targetPort": target})
        ports.append(entry)
    spec: dict = {}
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    if external:
        spec["externalName"] = external
    if ports:
        spec["ports"] = ports
    spec["selector"] = {"app": name}
    spec["type"] = svc_type
    obj = {"apiVersion": "v1", "kind": "Service", "metadata": _meta(inv, name, {"app": name}),
           "spec": spec, "status": {"loadBalancer": {}}}
    return _submit(inv, obj, SERVICES, f"failed to create {svc_type} service")


TCP = Flag("tcp", "stringSlice", help="Ports to open, each written '<port>:<targetPort>'.")
_SVC_EXAMPLES = {
    "clusterip": "# Service nginx on port 80, forwarding to port 8080 of pods labelled app=nginx\n"
                 "kubectl create service clusterip nginx --tcp=80:8080\n\n"
                 "# A headless service: DNS names, no cluster IP\nkubectl create service clusterip nginx --clusterip=\"None\"",
    "nodeport": "# Service nginx, also reachable on a port of every node\nkubectl create service nodeport nginx --tcp=80:8080",
    "loadbalancer": "# Service nginx, fronted by a cloud load balancer\nkubectl create service loadbalancer nginx --tcp=80:8080",
    "externalname": "# A DNS alias: the name web answers with a CNAME to example.com\n"
                    "kubectl create service externalname web --external-name example.com",
}


@verb("create service", "Make a service of the type the subcommand names", aliases=("svc",),
      long="Make a service; the subcommand chooses its type.")
def create_service(inv) -> int:
    from ..registry import _group_without_handler
    return _group_without_handler(inv.verb, inv.args, inv.err)


@verb("create service clusterip", "Make a service of type ClusterIP",
      usage="NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none]",
      long="Make a ClusterIP service called NAME.", examples=_SVC_EXAMPLES["clusterip"],
      flags=(*GEN_FLAGS, TCP, Flag("clusterip", help="A cluster IP of your choice, or 'None' for a headless service (no virtual IP, no load balancing).")))
def create_service_clusterip(inv) -> int:
    return _create_service(inv, "ClusterIP")


@verb("create service nodeport", "Make a service of type NodePort",
      usage="NAME [--tcp=port:targetPort] [--dry-run=server|client|none]",
      long="Make a NodePort service called NAME.", examples=_SVC_EXAMPLES["nodeport"],
      flags=(*GEN_FLAGS, TCP, Flag("node-port", "int", help="The port every node opens for this service.")))
def create_service_nodeport(inv) -> int:
    return _create_service(inv, "NodePort")


@verb("create service loadbalancer", "Make a service of type LoadBalancer",
      usage="NAME [--tcp=port:targetPort] [--dry-run=server|client|none]",
      long="Make a LoadBalancer service called NAME.", examples=_SVC_EXAMPLES["loadbalancer"],
      flags=(*GEN_FLAGS, TCP))
def create_service_loadbalancer(inv) -> int:
    return _create_service(inv, "LoadBalancer")


@verb("create service externalname", "Make a service of type ExternalName",
      usage="NAME --external-name external.name [--dry-run=server|client|none]",
      long="Make an ExternalName service called NAME.\n\nSuch a service selects no pods: its DNS name is "
           "an alias for another DNS name, so workloads can reach something that lives outside the "
           "cluster, in another cluster, or on a local machine by a name inside the cluster.",
      examples=_SVC_EXAMPLES["externalname"],
      flags=(*GEN_FLAGS, TCP, Flag("external-name", required=True, help="The DNS name the service is an alias for")))
def create_service_externalname(inv) -> int:
    return _create_service(inv, "ExternalName")
