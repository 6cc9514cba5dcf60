"""`kubectl config`: view and change the kubeconfig (contexts and the current namespace)."""
from __future__ import annotations

import json

from ..errors import error
from ..flags import Flag
from ..registry import verb
from . import _common as c


def table(rows: list[list[str]]) -> str:
    """kubectl's tabwriter layout: each column but the last padded to its widest cell plus 3."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "".join("".join(cell.ljust(w + 3) for cell, w in zip(r, widths)) + r[-1] + "\n" for r in rows)


@verb("config", "Modify kubeconfig files", usage="SUBCOMMAND",
      long="Modify kubeconfig files using subcommands like \"kubectl config set current-context my-context\"\n\n"
           "The loading order follows these rules:\n\n"
           "  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.\n"
           "  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.\n"
           "  3.  Otherwise, ${HOME}/.kube/config is used and no merging takes place.")
def config(inv) -> int:
    from ..registry import _group_without_handler
    return _group_without_handler(inv.verb, inv.args, inv.err)


@verb("config current-context", "Display the current-context", usage="",
      long="Display the current-context.", examples="# Display the current-context\nkubectl config current-context")
def current_context(inv) -> int:
    if not inv.kubeconfig.current:
        raise error("current-context is not set")
    inv.print(inv.kubeconfig.current)
    return 0


@verb("config get-contexts", "Describe one or many contexts", usage="[(-o|--output=)name)]",
      long="Display one or many contexts from the kubeconfig file.",
      examples="""
      # List all the contexts in your kubeconfig file
      kubectl config get-contexts

      # Describe one context in your kubeconfig file
      kubectl config get-contexts my-context
      """,
      flags=(Flag("no-headers", "bool", help="When using the default or custom-column output format, don't print headers (default print headers)."),
             Flag("output", short="o", values=("name",), help="Output format. One of: (name).")))
def get_contexts(inv) -> int:
    kc = inv.kubeconfig
    fmt = inv.flags["output"]
    if fmt not in ("", "name"):
        raise error(f"output must be one of '' or 'name': {fmt}")
    names = sorted(kc.contexts)
    status = 0
    if inv.args:
        missing = [n for n in inv.args if n not in kc.contexts]
        names = [n for n in names if n in inv.args]
        for n in missing:
            inv.warn(f"error: context {n} not found")
            status = 1
    if fmt == "name":
        for n in names:
            inv.print(n)
        return status
    rows = [] if inv.flags["no-headers"] else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
    for n in names:
        ctx = kc.contexts[n]
        rows.append(["*" if n == kc.current else "", n, ctx.cluster, ctx.user, ctx.namespace])
    if rows:
        inv.out.write(table(rows))
    return status


@verb("config get-clusters", "Display clusters defined in the kubeconfig", usage="",
      long="Display clusters defined in the kubeconfig.")
def get_clusters(inv) -> int:
    inv.print("NAME")
    for name in sorted(inv.kubeconfig.clusters):
        inv.print(name)
    return 0


@verb("config use-context", "Set the current-context in a kubeconfig file", aliases=("use",),
      usage="CONTEXT_NAME", long="Set the current-context in a kubeconfig file.",
      examples="# Use the context for the minikube cluster\nkubectl config use-context minikube")
def use_context(inv) -> int:
    if len(inv.args) != 1:
        raise inv.usage_error("Unexpected args: " + str(inv.args).replace("'", "").replace(",", ""))
    name = inv.args[0]
    if name not in inv.kubeconfig.contexts:
        raise error(f'no context exists with the name: "{name}"')
    inv.kubeconfig.use_context(name)
    inv.print(f'Switched to context "{name}".')
    return 0


@verb("config set-context", "Set a context entry in kubeconfig",
      usage="[NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]",
      long="Set a context entry in kubeconfig.\n\nSpecifying a name that already exists will merge new "
           "fields on top of existing values for those fields.",
      examples="""
      # Set the user field on the gce context entry without touching other values
      kubectl config set-context gce --user=cluster-admin
      """,
      flags=(Flag("current", "bool", help="Modify the current context"),
             Flag("cluster", help="cluster for the context entry in kubeconfig"),
             Flag("user", help="user for the context entry in kubeconfig"),
             Flag("namespace", help="namespace for the context entry in kubeconfig")))
def set_context(inv) -> int:
    kc = inv.kubeconfig
    if len(inv.args) > 1:
        raise inv.usage_error("Unexpected args: " + "[" + " ".join(inv.args) + "]")
    if inv.flags["current"]:
        if inv.args:
            raise error("you cannot specify both a context name and --current")
        if not kc.current:
            raise error("no current context is set")
        name = kc.current
    elif inv.args and inv.args[0]:
        name = inv.args[0]
    else:
        raise error("you must specify a non-empty context name or --current")
    given = inv.set_flags
    created = kc.set_context(name,
                             namespace=inv.flags["namespace"] if "namespace" in given else None,
                             cluster=inv.flags["cluster"] if "cluster" in given else None,
                             user=inv.flags["user"] if "user" in given else None)
    inv.print(f'Context "{name}" {"created" if created else "modified"}.')
    return 0


@verb("config delete-context", "Delete the specified context from the kubeconfig", usage="NAME",
      long="Delete the specified context from the kubeconfig.")
def delete_context(inv) -> int:
    if len(inv.args) != 1:
        raise inv.usage_error("Unexpected args: " + "[" + " ".join(inv.args) + "]")
    name = inv.args[0]
    if name not in inv.kubeconfig.contexts:
        raise error(f"cannot delete context {name}, not in $HOME/.kube/config")
    if name == inv.kubeconfig.current:
        inv.warn("warning: this removed your active context, use \"kubectl config use-context\" to select a different one")
    inv.kubeconfig.delete_context(name)
    inv.print(f"deleted context {name} from $HOME/.kube/config")
    return 0


@verb("config rename-context", "Rename a context from the kubeconfig file",
      usage="CONTEXT_NAME NEW_NAME", long="Renames a context from the kubeconfig file.")
def rename_context(inv) -> int:
    if len(inv.args) != 2:
        raise inv.usage_error("Unexpected args: " + "[" + " ".join(inv.args) + "]")
    old, new = inv.args
    if old not in inv.kubeconfig.contexts:
        raise error(f"cannot rename the context {old!r}, it's not in $HOME/.kube/config".replace("'", '"'))
    if new in inv.kubeconfig.contexts:
        raise error(f'cannot rename the context "{old}", the context "{new}" already exists in $HOME/.kube/config')
    inv.kubeconfig.rename_context(old, new)
    inv.print(f'Context "{old}" renamed to "{new}".')
    return 0


@verb("config view", "Display merged kubeconfig settings or a specified kubeconfig file", usage="",
      long="Display merged kubeconfig settings or a specified kubeconfig file.\n\n"
           "You can use --output jsonpath={...} to extract specific values using a jsonpath expression.",
      examples="""
      # Show merged kubeconfig settings
      kubectl config view

      # Show merged kubeconfig settings and raw certificate data
      kubectl config view --raw
      """,
      flags=(c.TEMPLATE_KEYS, c.SHOW_MANAGED, c.TEMPLATE,
             Flag("output", short="o", default="yaml", values=("yaml", "json"), help="Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
             Flag("flatten", "bool", help="Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)"),
             Flag("merge", "bool", default=True, help="Merge the full hierarchy of kubeconfig files"),
             Flag("minify", "bool", help="Remove all information not used by current-context from the output"),
             Flag("raw", "bool", help="Display raw byte data")))
def view(inv) -> int:
    fmt = inv.flags["output"]
    doc = inv.kubeconfig.view(minify=inv.flags["minify"], raw=inv.flags["raw"] or inv.flags["flatten"])
    if fmt == "yaml":
        inv.out.write(c.yaml_text(doc))
    elif fmt == "json":
        order = ("kind", "apiVersion", "preferences", "clusters", "users", "contexts", "current-context")
        inv.out.write(json.dumps({k: doc[k] for k in order}, indent=4) + "\n")
    else:
        c.check_output(inv)
    return 0
