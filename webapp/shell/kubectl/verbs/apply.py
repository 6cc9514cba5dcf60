"""`kubectl apply -f`: create what is missing, merge what changed (`created`/`configured`/`unchanged`).

The merge is client-side apply's three-way rule, simplified: fields in the manifest win, fields
that were in the last applied configuration but are gone from the manifest are removed, and
everything else the server set (IPs, defaults, status) is kept. Lists of named items
(containers, ports) merge by name, as strategic merge patch does.
"""
from __future__ import annotations

import copy
import json

from webapp.cluster.errors import ApiError, NotFound

from ..errors import KubectlError, error
from ..flags import Flag
from ..registry import verb
from . import _common as c
from ._manifests import load_manifests

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def _merge(live, desired, last):
    """Three-way merge of one value; returns the new live value."""
    if isinstance(desired, dict) and isinstance(live, dict):
        out = dict(live)
        last = last if isinstance(last, dict) else {}
        for key in last:
            if key not in desired:
                out.pop(key, None)
        for key, value in desired.items():
            out[key] = _merge(live.get(key), value, last.get(key))
        return out
    key = _merge_key(live, desired)
    if key:
        by_key = {x[key]: x for x in live}
        last_by_key = {x[key]: x for x in last or [] if isinstance(x, dict) and key in x}
        return [_merge(by_key[x[key]], x, last_by_key.get(x[key])) if x[key] in by_key
                else copy.deepcopy(x) for x in desired]
    return copy.deepcopy(desired)


def _merge_key(live, desired) -> str | None:
    """The strategic-merge key of a list of objects (containers by name, ports by port)."""
    if not (isinstance(desired, list) and isinstance(live, list) and desired):
        return None
    items = desired + live
    if not all(isinstance(x, dict) for x in items):
        return None
    for key in ("name", "containerPort", "port", "mountPath", "ip"):
        if all(key in x for x in items):
            return key
    return None


def _annotated(obj: dict) -> dict:
    """The object with its own last-applied annotation (kubectl stores the manifest as JSON)."""
    out = copy.deepcopy(obj)
    annotations = out["metadata"].setdefault("annotations", {})
    annotations.pop(LAST_APPLIED, None)
    if not annotations:
        out["metadata"].pop("annotations")
    text = json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n"
    out["metadata"].setdefault("annotations", {})[LAST_APPLIED] = text
    return out


@verb("apply", "Make resources match the manifests in files or on stdin", group="Advanced Commands",
      usage="(-f FILENAME | -k DIRECTORY)",
      long="Make resources match the manifests in files or on standard input. Every manifest needs a name; "
           "a resource that does not exist yet is created. Apply keeps track of what it set, so create "
           "your resources with 'apply' (or 'create --save-config') from the start.\n\nManifests may be JSON or YAML.",
      examples="""
      # Bring the pod in line with pod.json
      kubectl apply -f ./pod.json

      # The same, reading the manifest from a pipe
      cat pod.json | kubectl apply -f -
      """,
      flags=(c.DRY_RUN, c.FILENAME, c.SELECTOR, c.VALIDATE, *c.PRINT_FLAGS,
             Flag("field-manager", default="kubectl-client-side-apply", help="The manager name recorded as owner of the fields this command sets."),
             Flag("force", "bool", help="When true, drop objects from the API at once, skipping graceful shutdown."),
             Flag("kustomize", short="k", help="A kustomization folder to build and apply. Not allowed together with -f or -R."),
             Flag("overwrite", "bool", default=True, help="Where your manifest and the live object disagree, let the manifest win"),
             Flag("prune", "bool", help="Remove objects that apply (or create --save-config) made earlier but that the manifests no longer list. Use it with -l or --all."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename."),
             Flag("server-side", "bool", help="When true, the API server works out the changes instead of kubectl."),
             Flag("wait", "bool", help="When true, with --prune, return only once the pruned objects are gone, finalizers included.")))
def apply(inv) -> int:
    if inv.flags["kustomize"]:
        raise error(f'must build at directory: not a valid directory: evalsymlink failure on '
                    f"'{inv.flags['kustomize']}' : lstat {inv.flags['kustomize']}: no such file or directory")
    if not inv.flags["filename"]:
        raise error("must specify one of -f and -k")
    mode = c.dry_run(inv)
    fmt = c.check_output(inv)
    status = 0
    for doc in load_manifests(inv, inv.flags["filename"]):
        try:
            obj = doc.with_namespace(inv)
            if not doc.name:
                raise error(f'error when retrieving current configuration of:\nResource: '
                            f'"{doc.rtype.api_version}, Resource={doc.rtype.plural}", GroupVersionKind: '
                            f'"{doc.rtype.api_version}, Kind={doc.rtype.kind}"\nName: "", Namespace: '
                            f'"{obj["metadata"].get("namespace", "")}"\nfrom server for: "{doc.source}": '
                            "resource name may not be empty")
            result, word = _apply_one(inv, doc, obj, mode)
        except ApiError as e:
            op = "creating" if isinstance(e, NotFound) else "patching"
            inv.warn(doc.source_error(op if e.reason != "AlreadyExists" else "creating", e))
            status = 1
            continue
        except KubectlError as e:
            inv.warn(e.text)
            status = 1
            continue
        if fmt:
            c.print_object(inv, result, fmt, doc.rtype)
        else:
            inv.print(f"{doc.rtype.ref(doc.name)} {word}{c.dry_suffix(mode)}")
    return status


def _apply_one(inv, doc, obj: dict, mode: str) -> tuple[dict, str]:
    ns = obj["metadata"].get("namespace")
    try:
        live = inv.cluster.get(doc.rtype.plural, ns, doc.name)
    except NotFound:
        body = _annotated(obj)
        if mode == "client":
            return body, "created"
        try:
            return inv.cluster.create(body, dry_run=(mode == "server")), "created"
        except ApiError as e:
            if e.reason == "Invalid":
                raise
            raise KubectlError(doc.source_error("creating", e)) from None
    annotations = live["metadata"].get("annotations") or {}
    last_text = annotations.get(LAST_APPLIED)
    if last_text is None:
        inv.warn(f"Warning: resource {doc.rtype.plural} /{doc.name} is missing the {LAST_APPLIED} annotation "
                 "which is required by kubectl apply. kubectl apply should only be used on resources created "
                 "declaratively by either kubectl create --save-config or kubectl apply. The missing annotation "
                 "will be patched automatically.".replace(" /", "/"))
    try:
        last = json.loads(last_text) if last_text else {}
    except ValueError:
        last = {}
    desired = _annotated(obj)
    merged = _merge(live, desired, _annotated(last) if last else {})
    merged["metadata"]["resourceVersion"] = live["metadata"].get("resourceVersion")
    if merged == live:
        return live, "unchanged"
    if mode == "client":
        return merged, "configured"
    if mode == "server":
        return merged, "configured"
    try:
        return inv.cluster.replace(merged), "configured"
    except ApiError as e:
        if e.reason == "Invalid":
            raise
        raise KubectlError(doc.source_error("patching", e)) from None
