"""`kubectl patch`: change live objects with a strategic merge, JSON merge or JSON patch.

The patch is applied as the API server applies it (`_patching`); the result then goes through
`cluster.replace()` so admission (IPs, node ports, validation) sees it like any other update.
"""
from __future__ import annotations

from webapp.cluster.errors import ApiError, BadRequest

from ..errors import KubectlError, error
from ..flags import Flag, go_quote
from ..registry import verb
from . import _common as c
from ._patching import apply_patch, parse_patch_text, server_view
from .annotate import check_annotations, finish, select_objects

PATCH_TYPES = ("json", "merge", "strategic")


# ---- the verb ----------------------------------------------------------------------------------

@verb("patch", "Change fields of a resource in place with a patch", group="Advanced Commands",
      complete_args="types", usage="(-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]",
      long="Change fields of a live resource by sending a patch: only what the patch names changes.\n\n"
           "The patch is JSON or YAML, given inline with -p or read from a file with --patch-file. "
           "--type chooses how it is read: strategic (the default) merges maps and merges well-known "
           "lists such as containers or service ports item by item; merge follows RFC 7386, where "
           "lists are replaced whole and null removes a field; json is a list of RFC 6902 operations "
           "(add, replace, remove, move, copy, test) addressed by paths like /spec/type.\n\n"
           "Custom resources have no strategic merge rules; use --type merge or --type json for them.",
      examples="""
      # Turn the nginx service into a NodePort service
      kubectl patch service nginx -p '{"spec":{"type":"NodePort"}}'

      # The same patch written as YAML
      kubectl patch service nginx -p $'spec:\\n  type: NodePort'

      # Scale a deployment by patching its replicas
      kubectl patch deployment nginx -p '{"spec":{"replicas":3}}'

      # Change the image of the container named nginx in a pod (containers merge by name)
      kubectl patch pod nginx -p '{"spec":{"containers":[{"name":"nginx","image":"nginx:1.23"}]}}'

      # A JSON patch: replace the port of the first service port
      kubectl patch service nginx --type='json' -p='[{"op": "replace", "path": "/spec/ports/0/port", "value": 8080}]'

      # Drop a label with a merge patch
      kubectl patch service nginx --type merge -p '{"metadata":{"labels":{"tier":null}}}'
      """,
      flags=(c.DRY_RUN, c.FILENAME, *c.PRINT_FLAGS,
             Flag("field-manager", default="kubectl-patch",
                  help="The manager name recorded as owner of the fields this command sets."),
             Flag("kustomize", short="k", help="A kustomization folder naming the objects to patch."),
             Flag("local", "bool", help="Patch the manifest given with -f and print the result; the cluster is left alone."),
             Flag("patch", short="p", help="The patch itself, as JSON or YAML."),
             Flag("patch-file", help="A file holding the patch, as JSON or YAML."),
             Flag("record", "bool", help="Deprecated: store this command line in the kubernetes.io/change-cause annotation."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename."),
             Flag("subresource", help="Patch this subresource (status or scale) instead of the object; an alpha feature."),
             Flag("type", default="strategic", values=PATCH_TYPES,
                  help="How the patch is read: json (RFC 6902), merge (RFC 7386) or strategic.")))
def patch(inv) -> int:
    f = inv.flags
    if f["patch"] and f["patch-file"]:
        raise error("cannot specify --patch and --patch-file together")
    if not f["patch"] and not f["patch-file"]:
        raise error("must specify --patch or --patch-file containing the contents of the patch")
    if f["local"] and inv.args:
        raise error("cannot specify --local and server resources")
    mode = c.dry_run(inv)
    if f["local"] and mode == "server":
        raise error("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    ptype = f["type"].lower()
    if ptype not in PATCH_TYPES:
        raise error(f"--type must be one of [json merge strategic], not {go_quote(f['type'])}")
    if f["subresource"] and f["subresource"] not in ("status", "scale"):
        raise error(f'invalid subresource value: {go_quote(f["subresource"])}. Must be one of [status scale]')
    fmt = c.check_output(inv)
    text = f["patch"]
    if f["patch-file"]:
        text = inv.world.read_workstation_file(f["patch-file"])
        if text is None:
            raise error(f"unable to read patch file: open {f['patch-file']}: no such file or directory")
    body = parse_patch_text(text)
    problems: list[str] = []
    count = 0
    for rtype, live in _targets(inv, problems):
        count += 1
        try:
            result, changed = _patch_one(inv, rtype, live, body, ptype, mode)
        except ApiError as e:
            problems.append(e.kubectl_text())
            continue
        except KubectlError as e:
            problems.append(e.text)
            continue
        if fmt:
            c.print_object(inv, result, fmt, rtype)
        else:
            word = "patched" if changed else "patched (no change)"
            inv.print(f"{rtype.ref(live['metadata']['name'])} {word}{c.dry_suffix('client' if f['local'] else mode)}")
    if count == 0 and not problems:
        raise error("no objects passed to patch")
    return finish(inv, problems)


def _targets(inv, problems: list[str]) -> list:
    if inv.flags["local"]:
        if not inv.flags["filename"]:
            raise error(c.NO_RESOURCES)
        from ._manifests import load_manifests
        return [(m.rtype, m.with_namespace(inv)) for m in load_manifests(inv, inv.flags["filename"])]
    return select_objects(inv, inv.args, problems, allow_all=False)


def _patch_one(inv, rtype, live: dict, body, ptype: str, mode: str) -> tuple[dict, bool]:
    """Patch one object; returns what to print and whether anything changed."""
    if inv.flags["local"] or mode == "client":
        result = apply_patch(live["kind"], live, body, ptype)
        return result, result != live
    result = server_view(live, apply_patch(live["kind"], live, body, ptype))
    name = result["metadata"].get("name")
    if name != live["metadata"]["name"]:
        raise BadRequest(f"the name of the object ({name}) does not match the name on the URL "
                         f"({live['metadata']['name']})")
    if inv.flags["record"]:
        ann = result["metadata"].setdefault("annotations", {})
        ann["kubernetes.io/change-cause"] = "kubectl patch " + " ".join(inv.args) + " --record=true"
    if result == live:
        return live, False
    check_annotations(result)
    if mode == "server":
        return result, True
    stored = inv.cluster.replace(result)
    return stored, True
