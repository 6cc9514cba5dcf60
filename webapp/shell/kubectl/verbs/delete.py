"""`kubectl delete`: by name, TYPE/NAME, -l, --all or -f. With --wait (the default) kubectl blocks
until the objects are gone: here the session's time skips ahead to that moment instead."""
from __future__ import annotations

from webapp.cluster.errors import ApiError, NotFound

from ..errors import error
from ..flags import Flag
from ..registry import verb
from ..resources import parse_targets
from . import _common as c

_FORCE_WARNING = ("warning: Immediate deletion does not wait for confirmation that the running resource "
                  "has been terminated. The resource may continue to run on the cluster indefinitely.")


@verb("delete", "Remove resources named in files or on stdin, by type and name, or by type and label",
      group="Basic Commands (Intermediate)", complete_args="types",
      usage="([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)])",
      long="Remove resources: those described in files or on standard input, those named by type and name, "
           "or those of a type whose labels match a selector.\n\n"
           "Manifests may be JSON or YAML. Pick one way of naming what to remove per call: files, "
           "type and names, or type and label selector.\n\n"
           "Pods and some other kinds stop gracefully: they get a default number of seconds to shut down "
           "(the grace period) before they are killed. Choose another number with --grace-period, or use "
           "--now for a grace period of 1.",
      examples="""
      # Remove whatever pod.json describes
      kubectl delete -f ./pod.json

      # Remove the deployment and the service that are both called nginx
      kubectl delete deployment,service nginx

      # Remove every pod and service labelled app=nginx
      kubectl delete pods,services -l app=nginx

      # Stop the debugger deployment's pods almost at once (it then starts new ones)
      kubectl delete pods -l app=debugger --now

      # Remove every pod in the test namespace
      kubectl delete pods --all -n test
      """,
      flags=(c.FILENAME, c.SELECTOR, c.DRY_RUN,
             Flag("all", "bool", help="Remove every resource of the given types in the namespace."),
             Flag("all-namespaces", "bool", short="A", help="When set, look in every namespace; the current context's namespace, and any --namespace, are ignored."),
             Flag("cascade", default="background", no_opt="background", help='One of "background", "orphan" or "foreground": what happens to dependents (such as the pods a ReplicaSet made). background when not given.'),
             Flag("field-selector", help="Only act on objects whose fields match this query; '=', '==' and '!=' are understood (e.g. --field-selector status.phase=Running). Each type allows only a few fields here."),
             Flag("force", "bool", help="When true, drop the objects from the API at once, skipping graceful shutdown. Doing so can leave things inconsistent or lose data, so kubectl asks you to confirm."),
             Flag("grace-period", "int", default=-1, help="Seconds the resource gets to shut down cleanly; a negative number means the resource's own default. 1 stops it at once; 0 is allowed only together with --force."),
             Flag("ignore-not-found", "bool", help='Do not fail when the resource is already gone. On by default with --all.'),
             Flag("now", "bool", help="When true, tell the resources to stop right away (--grace-period=1)."),
             Flag("output", short="o", values=("name",), help="Output style; \"-o name\" prints just resource/name."),
             Flag("raw", help="A raw path to send DELETE to on the API server, over the connection the kubeconfig sets up."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename."),
             Flag("timeout", "duration", help="How long to wait for the removal before giving up; 0 picks a time from the object's size"),
             Flag("wait", "bool", default=True, help="When true, return only once the resources are gone, finalizers included.")))
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
    failures: list[str] = []  # kubectl reports what it could not delete after what it deleted
    pending: list[tuple] = []  # what --wait waits for
    for rtype, ns, name in _victims(inv):
        try:
            if mode == "none":
                gone = inv.cluster.delete(rtype.plural, ns, name, grace=None if grace < 0 else grace)
                pending.append((rtype.plural, ns, name, gone["metadata"].get("uid")))
            else:
                inv.cluster.get(rtype.plural, ns, name)
        except NotFound as e:
            if not ignore_missing:
                failures.append(e.kubectl_text())
                status = 1
            continue
        except ApiError as e:
            failures.append(e.kubectl_text())
            status = 1
            continue
        found += 1
        if f["output"] == "name":
            inv.print(rtype.ref(name))
        elif f["force"] and grace == 0:
            inv.print(f"{rtype.quoted(name)} force deleted{c.dry_suffix(mode)}")
        else:
            inv.print(f"{rtype.quoted(name)} deleted{c.dry_suffix(mode)}")
    for text in failures:
        inv.warn(text)
    if pending and f["wait"]:
        timeout = f["timeout"] if f["timeout"] and f["timeout"] > 0 else 600.0
        if not inv.world.wait_until_gone(pending, timeout):
            raise error("timed out waiting for the condition")
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
