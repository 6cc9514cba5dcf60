"""`kubectl annotate`: set (`key=value`), overwrite (`--overwrite`) or drop (`key-`) annotations.

Also home of `select_objects`, the TYPE NAME / TYPE/NAME / -l / --all / -f object finder that
annotate, patch and wait share (kubectl's resource builder with ContinueOnError).
"""
from __future__ import annotations

import copy
import re

from webapp.cluster.errors import ApiError, Invalid

from ..errors import KubectlError, error
from ..flags import Flag
from ..registry import verb
from ..resources import parse_targets
from . import _common as c
from .label import split_pairs

CHANGE_CAUSE = "kubernetes.io/change-cause"
_NAME_PART = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_NAME_MSG = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
             "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
             "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
_PREFIX_MSG = ("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
               "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
               "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
_QUALIFIED_MSG = ("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
                  "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                  "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
                  "subdomain prefix and '/' (e.g. 'example.com/MyName')")
TOTAL_ANNOTATION_BYTES = 256 * 1024


def annotation_errors(annotations: dict | None) -> list[str]:
    """The API server's ValidateAnnotations: qualified-name keys, at most 256 KiB in all."""
    errs: list[str] = []
    total = 0
    for key, value in (annotations or {}).items():
        total += len(str(key)) + len(str(value))
        k = str(key).lower()
        parts = k.split("/")
        where = f'metadata.annotations: Invalid value: "{key}": '
        if len(parts) > 2:
            errs.append(where + _QUALIFIED_MSG)
            continue
        name = parts[-1]
        if len(parts) == 2:
            prefix = parts[0]
            if not prefix:
                errs.append(where + "prefix part must be non-empty")
            elif len(prefix) > 253:
                errs.append(where + "prefix part must be no more than 253 characters")
            elif not _SUBDOMAIN.match(prefix):
                errs.append(where + _PREFIX_MSG)
        if not name:
            errs.append(where + "name part must be non-empty")
        elif len(name) > 63:
            errs.append(where + "name part must be no more than 63 characters")
        elif not _NAME_PART.match(name):
            errs.append(where + _NAME_MSG)
    if total > TOTAL_ANNOTATION_BYTES:
        errs.append(f"metadata.annotations: Too long: must have at most {TOTAL_ANNOTATION_BYTES} bytes")
    return errs


def check_annotations(obj: dict) -> None:
    """Raise the server's Invalid error when the object's annotations would be refused."""
    errs = annotation_errors(obj["metadata"].get("annotations"))
    if errs:
        raise Invalid(obj["kind"], obj["metadata"]["name"], errs)


def parse_pairs(pairs: list[str]) -> tuple[dict[str, str], list[str]]:
    """ParsePairs: values keep everything after the first `=`; bad words are listed together."""
    new, remove, bad = {}, [], []
    for p in pairs:
        if "=" in p and not p.startswith("="):
            key, _, value = p.partition("=")
            new[key] = value
        elif p.endswith("-") and p != "-":
            remove.append(p[:-1])
        else:
            bad.append(p)
    if bad:
        raise error("invalid annotation format: " + ", ".join(bad))
    both = [r for r in remove if r in new]
    if both:
        raise error("can not both modify and remove the following annotation(s) in the same command: "
                    + ", ".join(both))
    return new, remove


def select_objects(inv, resources: list[str], problems: list[str], allow_all: bool = True) -> list:
    """(rtype, live object) pairs the words, -f, -l and --all name; lookup failures go to `problems`.

    allow_all=False refuses the `all` resource word (as patch does)."""
    f = inv.flags
    if f.get("filename"):
        from ._manifests import load_manifests
        out = []
        for m in load_manifests(inv, f["filename"]):
            obj = m.with_namespace(inv)
            try:
                out.append((m.rtype, inv.cluster.get(m.rtype.plural, obj["metadata"].get("namespace"), m.name)))
            except ApiError as e:
                problems.append(e.kubectl_text())
        return out
    targets = parse_targets(resources, allow_all)
    if not targets:
        raise error(c.NO_RESOURCES)
    selector = f.get("selector") or ""
    everywhere = f.get("all-namespaces")
    if f.get("all") or selector or any(t.name is None for t in targets):
        if any(t.name is None for t in targets) and not (f.get("all") or selector):
            raise error("resource(s) were provided, but no name was specified")
        sel = c.parse_selector(selector) if selector else None
        out = []
        for t in targets:
            ns = None if everywhere or not t.rtype.namespaced else inv.namespace
            out += [(t.rtype, o) for o in inv.cluster.list(t.rtype.plural, ns, sel)
                    if t.name is None or o["metadata"]["name"] == t.name]
        return out
    out = []
    for t in targets:
        try:
            out.append((t.rtype, c.fetch(inv, t)))
        except ApiError as e:
            problems.append(e.kubectl_text())
    return out


def finish(inv, problems: list[str]) -> int:
    """ContinueOnError's ending: one error as CheckErr prints it, several one per line."""
    if not problems:
        return 0
    if len(problems) == 1:
        text = problems[0]
        raise KubectlError(text if text.startswith(("error: ", "Error from server", "The ")) else f"error: {text}")
    raise KubectlError("\n".join(p[len("error: "):] if p.startswith("error: ") else p for p in problems))


@verb("annotate", "Set or remove annotations on resources", group="Settings Commands", complete_args="types",
      usage="[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]",
      long="Set or remove annotations on one or more resources.\n\n"
           "Annotations are notes attached to an object: unlike labels they are never used to select "
           "objects, and their values may be long free text, JSON for instance. Tools often keep their "
           "own bookkeeping in them.\n\n"
           "Giving a key that is already set is refused unless you pass --overwrite. KEY- removes a key. "
           "With --resource-version the change is only made while the object is still at that version.",
      examples="""
      # Note on the nginx service who looks after it
      kubectl annotate service nginx owner='team web'

      # The same for the object described in svc.yaml
      kubectl annotate -f svc.yaml owner='team web'

      # Replace a note that is already there
      kubectl annotate --overwrite service nginx owner='team api'

      # Note something on every pod of the namespace
      kubectl annotate pods --all checked=yes

      # Only if nobody changed the service since version 42
      kubectl annotate service nginx owner='team web' --resource-version=42

      # Show the annotations of the service
      kubectl annotate service nginx --list

      # Take the note off again
      kubectl annotate service nginx owner-
      """,
      flags=(c.DRY_RUN, c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             Flag("field-manager", default="kubectl-annotate",
                  help="The manager name recorded as owner of the fields this command sets."),
             Flag("all", "bool", help="Act on every object of the given types in the namespace."),
             Flag("all-namespaces", "bool", short="A", help="Look for the objects in every namespace."),
             Flag("field-selector", help="Only act on objects whose fields match this query ('=', '==' and '!=')."),
             Flag("kustomize", short="k", help="A kustomization folder naming the objects to annotate."),
             Flag("list", "bool", help="Print the annotations the objects carry."),
             Flag("local", "bool", help="Change the manifest given with -f and print it; the cluster is left alone."),
             Flag("overwrite", "bool", help="Let a given key replace a value that is already set."),
             Flag("record", "bool", help="Deprecated: store this command line in the kubernetes.io/change-cause annotation."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename."),
             Flag("resource-version", help="Only make the change while the object is at this resourceVersion; needs exactly one object.")))
def annotate(inv) -> int:
    f = inv.flags
    if f["list"] and f["output"]:
        raise error("--list and --output may not be specified together")
    resources, pairs = split_pairs(inv.args, "annotation")
    new, remove = parse_pairs(pairs)
    if f["all"] and f["selector"]:
        raise error("cannot set --all and --selector at the same time")
    if f["all"] and f["field-selector"]:
        raise error("cannot set --all and --field-selector at the same time")
    if f["local"]:
        if resources:
            raise error("can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set")
        if not f["filename"]:
            raise error("one or more files must be specified as -f rsrc.yaml or --filename=rsrc.json")
    elif not resources and not f["filename"]:
        raise error("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not new and not remove and not f["list"]:
        raise error("at least one annotation update is required")
    mode = c.dry_run(inv)
    if f["local"] and mode == "server":
        raise error("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
    fmt = c.check_output(inv)
    problems: list[str] = []
    if f["local"]:
        from ._manifests import load_manifests
        found = [(m.rtype, m.with_namespace(inv)) for m in load_manifests(inv, f["filename"])]
    else:
        found = select_objects(inv, resources, problems)
    single = _single_item(inv, resources, found)
    if f["resource-version"] and not single:
        raise error("--resource-version may only be used with a single resource")
    for rtype, obj in found:
        try:
            updated = _updated(inv, obj, new, remove)
            if not (mode == "client" or f["local"] or f["list"]):
                check_annotations(updated)
                updated = inv.cluster.replace(updated) if mode == "none" else updated
        except ApiError as e:
            problems.append(e.kubectl_text())
            continue
        except KubectlError as e:
            problems.append(e.text)
            continue
        name = obj["metadata"]["name"]
        if f["list"]:
            indent = ""
            if not single:
                indent = " "
                inv.print(f"Listing annotations for {rtype.kind}.{rtype.group}/{name}:")
            for k, v in sorted((updated["metadata"].get("annotations") or {}).items()):
                inv.print(f"{indent}{k}={v}")
        elif fmt:
            c.print_object(inv, updated, fmt, rtype)
        else:
            inv.print(f"{rtype.ref(name)} annotated{c.dry_suffix('client' if f['local'] else mode)}")
    return finish(inv, problems)


def _single_item(inv, resources: list[str], found: list) -> bool:
    """IntoSingleItemImplied: one TYPE NAME or TYPE/NAME (or one object from -f), no -l/--all."""
    f = inv.flags
    if f["all"] or f["selector"]:
        return False
    if f["filename"] or f["local"]:
        return len(found) == 1
    if len(resources) == 1:
        return "/" in resources[0]
    return len(resources) == 2 and "/" not in resources[0] and "," not in resources[0]


def _updated(inv, obj: dict, new: dict[str, str], remove: list[str]) -> dict:
    f = inv.flags
    current = obj["metadata"].get("annotations") or {}
    if not f["overwrite"]:
        clashes = [f"'{k}' already has a value ({current[k]})" for k in new if k in current and k != CHANGE_CAUSE]
        if clashes:
            raise error("--overwrite is false but found the following declared annotation(s): " + "; ".join(clashes))
    updated = copy.deepcopy(obj)
    merged = dict(current)
    merged.update(new)
    for key in remove:
        merged.pop(key, None)
    if f["record"]:
        merged[CHANGE_CAUSE] = "kubectl annotate " + " ".join(inv.args) + " --record=true"
    if merged:
        updated["metadata"]["annotations"] = merged
    else:
        updated["metadata"].pop("annotations", None)
    if f["resource-version"]:
        updated["metadata"]["resourceVersion"] = f["resource-version"]
    return updated
