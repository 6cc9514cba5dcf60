"""Facts about the cluster and the client: `version`, `cluster-info`, `api-resources`, `options`."""
from __future__ import annotations

import json

from ..errors import error
from ..flags import Flag
from ..registry import GLOBAL_FLAGS, verb
from ..resources import RESOURCE_TYPES
from . import _common as c
from .config import table

CLIENT = {"major": "1", "minor": "24", "gitVersion": "v1.24.3",
          "gitCommit": "aef86a93758dc3cb2c658dd9657ab4ad4afc21cb", "gitTreeState": "clean",
          "buildDate": "2022-07-13T14:30:46Z", "goVersion": "go1.18.3", "compiler": "gc",
          "platform": "linux/amd64"}
SERVER = dict(CLIENT, buildDate="2022-07-13T14:23:26Z")
KUSTOMIZE = "v4.5.4"
VERSION_WARNING = ("WARNING: This version information is deprecated and will be replaced with the output "
                   "from kubectl version --short.  Use --output=yaml|json to get the full version.")


def _go_struct(info: dict) -> str:
    keys = ("Major", "Minor", "GitVersion", "GitCommit", "GitTreeState", "BuildDate", "GoVersion",
            "Compiler", "Platform")
    return "version.Info{" + ", ".join(f'{k}:"{info[k[0].lower() + k[1:]]}"' for k in keys) + "}"


@verb("version", "Show which versions the client and the server run", usage="",
      long="Show the versions of kubectl and of the API server of the current context.",
      examples="# Both versions\nkubectl version",
      flags=(Flag("client", "bool", help="When true, show kubectl's version alone, without asking the server."),
             Flag("output", short="o", values=("yaml", "json"), help="Either 'yaml' or 'json'."),
             Flag("short", "bool", help="When true, show only the version numbers.")))
def version(inv) -> int:
    fmt = inv.flags["output"]
    if fmt not in ("", "yaml", "json"):
        raise error("--output must be 'yaml' or 'json'")
    client_only = inv.flags["client"]
    if fmt:
        doc = {"clientVersion": CLIENT, "kustomizeVersion": KUSTOMIZE}
        if not client_only:
            doc["serverVersion"] = SERVER
        inv.out.write(c.yaml_text(doc) if fmt == "yaml" else json.dumps(doc, indent=2) + "\n")
        return 0
    if inv.flags["short"]:
        inv.print(f"Client Version: {CLIENT['gitVersion']}")
        inv.print(f"Kustomize Version: {KUSTOMIZE}")
        if not client_only:
            inv.print(f"Server Version: {SERVER['gitVersion']}")
        return 0
    inv.warn(VERSION_WARNING)
    inv.print(f"Client Version: {_go_struct(CLIENT)}")
    inv.print(f"Kustomize Version: {KUSTOMIZE}")
    if not client_only:
        inv.print(f"Server Version: {_go_struct(SERVER)}")
    return 0


@verb("cluster-info", "Show where the control plane and cluster services are", group="Cluster Management Commands", usage="",
      long="Show the address of the control plane, and of the services labelled kubernetes.io/cluster-service=true. "
           "For a much fuller picture when hunting a problem, run 'kubectl cluster-info dump'.",
      examples="# Where is the API server, where is DNS?\nkubectl cluster-info")
def cluster_info(inv) -> int:
    if inv.args:
        raise inv.usage_error(f"unknown command {json.dumps(' '.join(inv.args))}")
    server = inv.kubeconfig.server
    inv.print(f"Kubernetes control plane is running at {server}")
    from webapp.cluster.selectors import parse_selector
    for svc in inv.cluster.list("services", "kube-system", parse_selector("kubernetes.io/cluster-service=true")):
        meta = svc["metadata"]
        label = (meta.get("labels") or {}).get("kubernetes.io/name") or meta["name"]
        ports = svc["spec"].get("ports") or []
        port = (ports[0].get("name") or str(ports[0]["port"])) if ports else ""
        suffix = f":{port}" if port else ""
        inv.print(f"{label} is running at {server}/api/v1/namespaces/kube-system/services/{meta['name']}{suffix}/proxy")
    inv.print()
    inv.print("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")
    return 0


@verb("api-resources", "List the resource types the server offers", usage="",
      long="List the resource types the API server offers, with short names and API groups.",
      examples="""
      # Every resource type
      kubectl api-resources

      # With extra columns, such as the verbs each type allows
      kubectl api-resources -o wide

      # Only the types that live in a namespace
      kubectl api-resources --namespaced=true
      """,
      flags=(Flag("api-group", help="Only types of this API group."),
             Flag("cached", "bool", help="Read the list from the local cache when there is one."),
             Flag("namespaced", "bool", default=True, help="When false, list the types that are not namespaced; when true, those that are."),
             Flag("no-headers", "bool", help="Leave out the header line of the table (it has one unless you say so)."),
             Flag("output", short="o", values=("wide", "name"), help="How to print the result: (wide, name)."),
             Flag("sort-by", help="When set, order the list by 'name' or by 'kind'."),
             Flag("verbs", "stringSlice", help="Only types that allow all of these verbs.")))
def api_resources(inv) -> int:
    f = inv.flags
    if f["output"] not in ("", "wide", "name"):
        raise error(f'--output {f["output"]} is not available')
    if f["sort-by"] not in ("", "name", "kind"):
        raise error(f'--sort-by accepts only name or kind')
    types = list(RESOURCE_TYPES)
    if "namespaced" in inv.set_flags:
        types = [t for t in types if t.namespaced == f["namespaced"]]
    if "api-group" in inv.set_flags:
        types = [t for t in types if t.group == f["api-group"]]
    if f["verbs"]:
        types = [t for t in types if all(v in t.verbs for v in f["verbs"])]
    if f["sort-by"]:
        types.sort(key=lambda t: t.plural if f["sort-by"] == "name" else t.kind)
    if f["output"] == "name":
        for t in types:
            inv.print(t.qualified)
        return 0
    header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    if f["output"] == "wide":
        header.append("VERBS")
    rows = [] if f["no-headers"] else [header]
    for t in types:
        row = [t.plural, ",".join(t.short_names), t.api_version, str(t.namespaced).lower(), t.kind]
        if f["output"] == "wide":
            row.append("[" + " ".join(t.verbs) + "]")
        rows.append(row)
    if rows:
        inv.out.write(table(rows))
    return 0


@verb("options", "Show the flags that every command accepts", usage="",
      long="Show the flags that every command accepts",
      examples="# The global flags\nkubectl options")
def options(inv) -> int:
    inv.print("Every kubectl command accepts these options:")
    inv.print()
    lines = []
    for flag in sorted(GLOBAL_FLAGS, key=lambda fl: fl.name):
        head = f"-{flag.short}, --{flag.name}" if flag.short else f"--{flag.name}"
        lines.append(f"    {head}={flag.default_text()}:\n\t{flag.help}\n")
    inv.out.write("\n".join(lines))
    return 0
