"""`kubectl label`: add, overwrite (`--overwrite`) or remove (`key-`) labels on objects."""
from __future__ import annotations

import copy
import re

from webapp.cluster.errors import ApiError

from ..errors import error
from ..flags import Flag
from ..registry import verb
from ..resources import parse_targets
from . import _common as c

_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
              "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
              "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


def split_pairs(args: list[str], kind: str = "label") -> tuple[list[str], list[str]]:
    """GetResourcesAndPairs: resources first, then key=value / key- changes."""
    resources, pairs = [], []
    for s in args:
        is_pair = ("=" in s and not s.startswith("=")) or (s.endswith("-") and s != "-")
        if is_pair:
            pairs.append(s)
        elif pairs:
            raise error(f"all resources must be specified before {kind} changes: {s}")
        else:
            resources.append(s)
    return resources, pairs


def parse_changes(pairs: list[str]) -> tuple[dict[str, str], list[str]]:
    labels, remove = {}, []
    for spec in pairs:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2:
                raise error(f"invalid label spec: {spec}")
            if not _VALUE.match(parts[1]) or len(parts[1]) > 63:
                msg = _VALUE_MSG if len(parts[1]) <= 63 else "must be no more than 63 characters"
                raise error(f'invalid label value: "{spec}": {msg}')
            labels[parts[0]] = parts[1]
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise error(f"unknown label spec: {spec}")
    if any(r in labels for r in remove):
        raise error("can not both modify and remove a label in the same command")
    return labels, remove


@verb("label", "Add, change or remove labels of resources", group="Settings Commands", complete_args="types",
      usage="[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]",
      long="Add, change or remove labels of resources.\n\n"
           " *  Keys and values are at most 63 characters, start with a letter or digit, and otherwise hold "
           "letters, digits, '-', '.' and '_'.\n"
           " *  A key may have a prefix: a DNS subdomain and one '/', as in example.com/my-app.\n"
           " *  A label that already exists is only changed with --overwrite; without it, trying is an "
           "error.\n"
           " *  With --resource-version, the change is made against that version of the object; without "
           "it, against the version the object has now.",
      examples="""
      # Give the pod nginx the label tier=web
      kubectl label pods nginx tier=web

      # Change tier to frontend even though the pod already has a tier
      kubectl label --overwrite pods nginx tier=frontend

      # Label every pod of the namespace
      kubectl label pods --all env=test

      # Take the tier label off again (no error if it is missing)
      kubectl label pods nginx tier-
      """,
      flags=(c.DRY_RUN, c.FIELD_MANAGER, c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             Flag("all", "bool", help="Act on every resource of the given types in the namespace"),
             Flag("all-namespaces", "bool", short="A", help="When true, act in every namespace."),
             Flag("list", "bool", help="When true, print the labels the resource has."),
             Flag("local", "bool", help="When true, work on the local manifest only and leave the API server alone."),
             Flag("overwrite", "bool", help="When true, labels that exist may be given new values; when false, such a change is refused."),
             Flag("resource-version", help="When set, the change only goes through if the object is still at this resourceVersion. Needs exactly one resource."),
             Flag("field-selector", help="Only act on objects whose fields match this query ('=', '==' and '!=')."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename.")))
def label(inv) -> int:
    f = inv.flags
    resources, pairs = split_pairs(inv.args)
    if not resources and not f["filename"]:
        raise error("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    labels, remove = parse_changes(pairs)
    if not labels and not remove and not f["list"]:
        raise error("at least one label update is required")
    mode = c.dry_run(inv)
    fmt = c.check_output(inv)
    status = 0
    for rtype, obj in _objects(inv, resources):
        name = obj["metadata"]["name"]
        if f["list"]:
            for k, v in sorted((obj["metadata"].get("labels") or {}).items()):
                inv.print(f"{k}={v}")
            continue
        current = dict(obj["metadata"].get("labels") or {})
        if not f["overwrite"]:
            clashes = [f"'{k}' already has a value ({current[k]}), and --overwrite is false"
                       for k, v in labels.items() if k in current and current[k] != v]
            if clashes:
                raise error(clashes[0] if len(clashes) == 1 else "[" + ", ".join(clashes) + "]")
        new = dict(current)
        new.update(labels)
        for key in remove:
            if key not in new:
                inv.warn(f'label "{key}" not found.')
            new.pop(key, None)
        msg = "not labeled"
        if new != current:
            # kubectl's updateDataChangeMsg: a smaller object without --overwrite reads "unlabeled"
            msg = "unlabeled" if not f["overwrite"] and len(new) < len(current) else "labeled"
            updated = copy.deepcopy(obj)
            if new:
                updated["metadata"]["labels"] = new
            else:
                updated["metadata"].pop("labels", None)
            if f["resource-version"]:
                updated["metadata"]["resourceVersion"] = f["resource-version"]
            if mode == "none":
                try:
                    obj = inv.cluster.replace(updated)
                except ApiError as e:
                    inv.warn(e.kubectl_text())
                    status = 1
                    continue
            else:
                obj = updated
        if fmt:
            c.print_object(inv, obj, fmt, rtype)
        else:
            inv.print(f"{rtype.ref(name)} {msg}{c.dry_suffix(mode)}")
    return status


def _objects(inv, resources: list[str]) -> list:
    f = inv.flags
    if f["filename"]:
        from ._manifests import load_manifests
        out = []
        for m in load_manifests(inv, f["filename"]):
            o = m.with_namespace(inv)
            out.append((m.rtype, inv.cluster.get(m.rtype.plural, o["metadata"].get("namespace"), m.name)))
        return out
    targets = parse_targets(resources)
    if f["all"] or f["selector"]:
        sel = c.parse_selector(f["selector"]) if f["selector"] else None
        out = []
        for t in targets:
            ns = None if f["all-namespaces"] or not t.rtype.namespaced else inv.namespace
            out += [(t.rtype, o) for o in inv.cluster.list(t.rtype.plural, ns, sel)
                    if t.name is None or o["metadata"]["name"] == t.name]
        return out
    if any(t.name is None for t in targets):
        raise error("resource(s) were provided, but no name was specified")
    return [(t.rtype, c.fetch(inv, t)) for t in targets]
