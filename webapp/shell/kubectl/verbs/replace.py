"""`kubectl replace -f FILE`: put the manifest in place of the live object (`service/x replaced`).

With --force the object is deleted, kubectl waits (the session's time skips ahead) until it is
gone, and the manifest is created anew.
"""
from __future__ import annotations

from webapp.cluster.errors import ApiError, NotFound

from ..errors import KubectlError, error
from ..flags import Flag, go_quote
from ..registry import verb
from . import _common as c
from ._manifests import load_manifests
from ._patching import server_view

FORCE_WAIT = 300.0  # kubectl's default wait for the old object to disappear (5 minutes)


@verb("replace", "Swap a resource for the manifest in a file or on stdin", group="Advanced Commands",
      usage="-f FILENAME",
      long="Swap live resources for the manifests given with -f (a file, a folder or - for standard "
           "input), JSON or YAML.\n\n"
           "The manifest must describe the whole object: fields it leaves out are gone afterwards, "
           "apart from what the server assigns itself, such as a service's cluster IP. A good start is "
           "the output of 'kubectl get TYPE NAME -o yaml', edited.\n\n"
           "With --force the resource is deleted and created again, so it gets a new identity.",
      examples="""
      # Swap the nginx service for the one described in svc.yaml
      kubectl replace -f svc.yaml

      # Edit on the fly: change the image of a pod and send the result back
      kubectl get pod mypod -o yaml | sed 's/\\(image: myimage\\):.*$/\\1:v4/' | kubectl replace -f -

      # Delete the service and create it again from the file
      kubectl replace --force -f svc.yaml
      """,
      flags=(c.DRY_RUN, c.FILENAME, c.VALIDATE, c.SAVE_CONFIG, *c.PRINT_FLAGS,
             Flag("cascade", default="background", no_opt="background", values=("background", "orphan", "foreground"),
                  help="With --force, what happens to objects the deleted one owns: background, orphan or foreground."),
             Flag("field-manager", default="kubectl-replace",
                  help="The manager name recorded as owner of the fields this command sets."),
             Flag("force", "bool", help="Delete the resource and create it again instead of updating it."),
             Flag("grace-period", "int", default=-1,
                  help="With --force, seconds the old object is given to stop; -1 keeps the object's own setting."),
             Flag("kustomize", short="k", help="A kustomization folder to build and use instead of -f."),
             Flag("raw", help="Send the file to this path of the API server as is (a PUT)."),
             Flag("record", "bool", help="Deprecated: store this command line in the kubernetes.io/change-cause annotation."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename."),
             Flag("subresource", help="Replace this subresource (status or scale) instead of the object; an alpha feature."),
             Flag("timeout", "duration", help="With --force, how long to wait for the old object to go; 0 means 5 minutes."),
             Flag("wait", "bool", help="With --force, return only once the old resources are gone.")))
def replace(inv) -> int:
    f = inv.flags
    if f["grace-period"] >= 0 and not f["force"]:
        raise error("--grace-period must have --force specified")
    if f["timeout"] and not f["force"]:
        raise error("--timeout must have --force specified")
    if not f["filename"] and not f["kustomize"]:
        raise inv.usage_error("Must specify --filename to replace")
    if f["subresource"] and f["subresource"] not in ("status", "scale"):
        raise error(f'invalid subresource value: {go_quote(f["subresource"])}. Must be one of [status scale]')
    if f["kustomize"]:
        raise error(f"must build at directory: not a valid directory: evalsymlink failure on '{f['kustomize']}' : "
                    f"lstat {f['kustomize']}: no such file or directory")
    mode = c.dry_run(inv)
    fmt = c.check_output(inv)
    docs = load_manifests(inv, f["filename"])
    if f["force"]:
        return _force_replace(inv, docs, fmt)
    problems: list[str] = []
    for doc in docs:
        obj = doc.with_namespace(inv)
        if f["save-config"]:
            from .apply import _annotated
            obj = _annotated(obj)
        if mode == "client":
            _report(inv, doc, obj, fmt, mode)
            continue
        try:
            stored = _replace_one(inv, doc, obj, mode)
        except ApiError as e:
            problems.append(doc.source_error("replacing", e))
            continue
        _report(inv, doc, stored, fmt, mode)
    if problems:
        raise KubectlError("\n".join(problems))
    return 0


def _replace_one(inv, doc, obj: dict, mode: str) -> dict:
    live = inv.cluster.get(doc.rtype.plural, obj["metadata"].get("namespace"), doc.name)
    body = server_view(live, obj)
    asked_rv = obj["metadata"].get("resourceVersion")
    if asked_rv:
        body["metadata"]["resourceVersion"] = str(asked_rv)
    else:
        body["metadata"].pop("resourceVersion", None)
    from .annotate import check_annotations
    check_annotations(body)
    if mode == "server":
        return body
    return inv.cluster.replace(body)


def _report(inv, doc, obj: dict, fmt: str, mode: str) -> None:
    if fmt:
        c.print_object(inv, obj, fmt, doc.rtype)
    else:
        inv.print(f"{doc.rtype.ref(doc.name)} replaced{c.dry_suffix(mode)}")


def _force_replace(inv, docs, fmt: str) -> int:
    """Delete every object, wait until it is gone, then create it from the manifest."""
    f = inv.flags
    grace = f["grace-period"] if f["grace-period"] >= 0 else None
    for doc in docs:
        obj = doc.with_namespace(inv)
        ns = obj["metadata"].get("namespace")
        try:
            inv.cluster.delete(doc.rtype.plural, ns, doc.name, grace)
        except NotFound as e:
            raise KubectlError(e.kubectl_text()) from None
        inv.print(f"{doc.rtype.quoted(doc.name)} deleted")
    limit = f["timeout"] or FORCE_WAIT
    for doc in docs:
        obj = doc.with_namespace(inv)
        if not _wait_gone(inv, doc.rtype.plural, obj["metadata"].get("namespace"), doc.name, limit):
            raise error("timed out waiting for the condition")
    for doc in docs:
        obj = doc.with_namespace(inv)
        obj["metadata"].pop("resourceVersion", None)
        obj["metadata"].pop("uid", None)
        if f["save-config"]:
            from .apply import _annotated
            obj = _annotated(obj)
        stored = inv.cluster.create(obj)
        _report(inv, doc, stored, fmt, "none")
    return 0


def _wait_gone(inv, plural: str, ns: str | None, name: str, limit: float) -> bool:
    """Skip the session's time ahead, one due change at a time, until the object is gone."""
    return inv.world.wait_until(lambda: inv.cluster.find(plural, ns, name) is None, limit)
