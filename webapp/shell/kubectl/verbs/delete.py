"""`kubectl delete`: by name, TYPE/NAME, -l, --all or -f. Deletion never blocks (--wait is ignored):
pods go Terminating and disappear when the cluster's clock says so."""
from __future__ import annotations

from webapp.cluster.errors import ApiError, NotFound

from ..errors import error
from ..flags import Flag
from ..registry import verb
from ..resources import parse_targets
from . import _common as c

_FORCE_WARNING = ("warning: Immediate deletion does not wait for confirmation that the running resource "
                  "has been terminated. The resource may continue to run on the cluster indefinitely.")


@verb("delete", "Delete resources by file names, stdin, resources and names, or by resources and label selector",
      group="Basic Commands (Intermediate)", complete_args="types",
      usage="([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)])",
      long="Delete resources by file names, stdin, resources and names, or by resources and label selector.\n\n"
           "JSON and YAML formats are accepted. Only one type of argument may be specified: file names, "
           "resources and names, or resources and label selector.\n\n"
           "Some resources, such as pods, support graceful deletion. These resources define a default period "
           "before they are forcibly terminated (the grace period) but you may override that value with the "
           "--grace-period flag, or pass --now to set a grace-period of 1.",
      examples="""
      # Delete a pod using the type and name specified in pod.json
      kubectl delete -f ./pod.json

      # Delete pods and services with same names "baz" and "foo"
      kubectl delete pod,service baz foo

      # Delete pods and services with label name=myLabel
      kubectl delete pods,services -l name=myLabel

      # Delete a pod with minimal delay
      kubectl delete pod foo --now

      # Delete all pods
      kubectl delete pods --all
      """,
      flags=(c.FILENAME, c.SELECTOR, c.DRY_RUN,
             Flag("all", "bool", help="Delete all resources, in the namespace of the specified resource types."),
             Flag("all-namespaces", "bool", short="A", help="If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."),
             Flag("cascade", default="background", no_opt="background", help='Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.'),
             Flag("field-selector", help="Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."),
             Flag("force", "bool", help="If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation."),
             Flag("grace-period", "int", default=-1, help="Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion)."),
             Flag("ignore-not-found", "bool", help='Treat "resource not found" as a successful delete. Defaults to "true" when --all is specified.'),
             Flag("now", "bool", help="If true, resources are signaled for immediate shutdown (same as --grace-period=1)."),
             Flag("output", short="o", values=("name",), help="Output mode. Use \"-o name\" for shorter output (resource/name)."),
             Flag("raw", help="Raw URI to DELETE to the server.  Uses the transport specified by the kubeconfig file."),
             Flag("recursive", "bool", short="R", help="Process the directory used in -f, --filename recursively."),
             Flag("timeout", "duration", help="The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object"),
             Flag("wait", "bool", default=True, help="If true, wait for resources to be gone before returning. This waits for finalizers.")))
def delete(inv) -> int:
    f = inv.flags
    grace = f["grace-period"]
    if f["all"] and f["selector"]:
        raise error("cannot set --all and --selector at the same time")
    if f["now"]:
        if grace != -1:
            raise error("--now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not f["force"]:
        grace = 1     # kubectl turns --grace-period=0 into 1 unless --force is given
    if f["force"] and grace < 0:
        grace = 0
    if f["force"] and grace > 0:
        raise error("--force and --grace-period greater than 0 cannot be specified together")
    if f["output"] not in ("", "name"):
        raise error(f'unable to match a printer suitable for the output format "{f["output"]}", allowed formats are: name')
    if f["force"] and grace == 0:
        inv.warn(_FORCE_WARNING)
    mode = c.dry_run(inv)
    ignore_missing = f["ignore-not-found"] or f["all"]
    status, found = 0, 0
    for rtype, ns, name in _victims(inv):
        try:
            if mode == "none":
                inv.cluster.delete(rtype.plural, ns, name, grace=None if grace < 0 else grace)
            else:
                inv.cluster.get(rtype.plural, ns, name)
        except NotFound as e:
            if not ignore_missing:
                inv.warn(e.kubectl_text())
                status = 1
            continue
        except ApiError as e:
            inv.warn(e.kubectl_text())
            status = 1
            continue
        found += 1
        if f["output"] == "name":
            inv.print(rtype.ref(name))
        elif f["force"] and grace == 0:
            inv.print(f"{rtype.quoted(name)} force deleted{c.dry_suffix(mode)}")
        else:
            inv.print(f"{rtype.quoted(name)} deleted{c.dry_suffix(mode)}")
    if found == 0 and status == 0 and (f["all"] or f["selector"]):
        inv.print("No resources found")
    return status


def _victims(inv) -> list[tuple]:
    """(type, namespace, name) for everything the command line names, in order."""
    f = inv.flags
    if f["filename"]:
        if inv.args:
            raise error("Unexpected args: " + "[" + " ".join(inv.args) + "]")
        from ._manifests import load_manifests
        out = []
        for m in load_manifests(inv, f["filename"]):
            obj = m.with_namespace(inv)
            out.append((m.rtype, obj["metadata"].get("namespace"), m.name))
        return out
    targets = parse_targets(inv.args)
    if not targets:
        raise error(c.NO_RESOURCES)
    everywhere = f["all-namespaces"]
    if f["all"] or f["selector"]:
        if any(t.name for t in targets):
            raise error("name cannot be provided when a selector is specified")
        sel = c.parse_selector(f["selector"]) if f["selector"] else None
        out = []
        for t in targets:
            ns = None if everywhere or not t.rtype.namespaced else inv.namespace
            out += [(t.rtype, o["metadata"].get("namespace"), o["metadata"]["name"])
                    for o in inv.cluster.list(t.rtype.plural, ns, sel)]
        return out
    if any(t.name is None for t in targets):
        raise error("resource(s) were provided, but no name was specified")
    return [(t.rtype, c.namespace_for(inv, t.rtype), t.name) for t in targets]
