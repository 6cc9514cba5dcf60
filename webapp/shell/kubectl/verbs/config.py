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


@verb("config", "Read and edit kubeconfig files", usage="SUBCOMMAND",
      long="Read and edit kubeconfig files with subcommands such as \"kubectl config use-context my-context\"\n\n"
           "Which files are read:\n\n"
           "  1.  With --kubeconfig, that one file and nothing else. Give the flag at most once; nothing is merged.\n"
           "  2.  Otherwise, when $KUBECONFIG is set, every file in that list (separated as paths are on your system), merged together. A changed value is written back to the file it came from; a new value goes into the first file that exists, or, when none does, into the last file of the list, which is then created.\n"
           "  3.  Otherwise, ${HOME}/.kube/config alone, with nothing merged.")
def config(inv) -> int:
    from ..registry import _group_without_handler
    return _group_without_handler(inv.verb, inv.args, inv.err)


@verb("config current-context", "Print the name of the current context", usage="",
      long="Print the name of the context kubectl uses now.", examples="# Which context is in use?\nkubectl config current-context")
def current_context(inv) -> int:
    if not inv.kubeconfig.current:
        raise error("current-context is not set")
    inv.print(inv.kubeconfig.current)
    return 0


@verb("config get-contexts", "List the contexts, or show one", usage="[(-o|--output=)name)]",
      long="List the contexts of the kubeconfig, or show the ones you name.",
      examples="""
      # Every context, the current one marked with *
      kubectl config get-contexts

      # Just the context called my-context
      kubectl config get-contexts my-context
      """,
      flags=(Flag("no-headers", "bool", help="Leave out the header line of the table (it has one unless you say so)."),
             Flag("output", short="o", values=("name",), help="How to print the result: (name).")))
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


@verb("config get-clusters", "List the clusters the kubeconfig knows", usage="",
      long="List the names of the clusters in the kubeconfig.")
def get_clusters(inv) -> int:
    inv.print("NAME")
    for name in sorted(inv.kubeconfig.clusters):
        inv.print(name)
    return 0


@verb("config use-context", "Switch the kubeconfig to another context", aliases=("use",),
      usage="CONTEXT_NAME", long="Make CONTEXT_NAME the kubeconfig's current context.",
      examples="# From now on, talk to the cluster of the context minikube\nkubectl config use-context minikube")
def use_context(inv) -> int:
    if len(inv.args) != 1:
        raise inv.usage_error("Unexpected args: " + str(inv.args).replace("'", "").replace(",", ""))
    name = inv.args[0]
    if name not in inv.kubeconfig.contexts:
        raise error(f'no context exists with the name: "{name}"')
    inv.kubeconfig.use_context(name)
    inv.print(f'Switched to context "{name}".')
    return 0


@verb("config set-context", "Add or change a context in the kubeconfig",
      usage="[NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]",
      long="Add or change a context in the kubeconfig.\n\nFor a context that exists already, the "
           "fields you give replace their old values and the others stay as they are.",
      examples="""
      # Make the current context use the test namespace by default
      kubectl config set-context --current --namespace=test
      """,
      flags=(Flag("current", "bool", help="Change the context in use now"),
             Flag("cluster", help="cluster the context points to"),
             Flag("user", help="user the context logs in as"),
             Flag("namespace", help="namespace the context uses by default")))
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


@verb("config delete-context", "Remove a context from the kubeconfig", usage="NAME",
      long="Remove the context NAME from the kubeconfig.")
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


@verb("config rename-context", "Give a context of the kubeconfig a new name",
      usage="CONTEXT_NAME NEW_NAME", long="Give the context CONTEXT_NAME the name NEW_NAME.")
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


@verb("config view", "Print the merged kubeconfig, or one kubeconfig file", usage="",
      long="Print the kubeconfig settings kubectl ends up with, or the content of one kubeconfig file.\n\n"
           "To pick out single values, pass a jsonpath expression with --output jsonpath={...}.",
      examples="""
      # The settings in effect (secrets left out)
      kubectl config view

      # The same with the certificate and key data in full
      kubectl config view --raw
      """,
      flags=(c.TEMPLATE_KEYS, c.SHOW_MANAGED, c.TEMPLATE,
             Flag("output", short="o", default="yaml", values=("yaml", "json"), help="How to print the result: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
             Flag("flatten", "bool", help="Put file contents inline so the output stands alone (handy to copy a kubeconfig elsewhere)"),
             Flag("merge", "bool", default=True, help="Combine every kubeconfig file that is loaded"),
             Flag("minify", "bool", help="Leave out everything the current context does not use"),
             Flag("raw", "bool", help="Show certificate and key data as it is stored")))
def view(inv) -> int:
    fmt = inv.flags["output"]
    doc = inv.kubeconfig.view(minify=inv.flags["minify"], raw=inv.flags["raw"] or inv.flags["flatten"])
    if fmt == "yaml":
        inv.out.write(c.yaml_text(doc))
    elif fmt == "json":
        order = ("kind", "apiVersion", "preferences", "clusters", "users", "contexts", "current-context")
        inv.out.write(json.dumps({k: doc[k] for k in order}, indent=4) + "\n")
    else:  # jsonpath / go-template over the kubeconfig document, as `kubectl config view -o ...` allows
        c.print_object(inv, doc, c.check_output(inv))
    return 0
