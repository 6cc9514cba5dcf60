"""`kubectl patch`: change live objects with a strategic merge, JSON merge or JSON patch.

The three patch kinds are applied as the API server applies them (strategic merge knows the
list keys learners meet: containers/env/volumes by name, container ports by containerPort,
service ports by port); the result then goes through `cluster.replace()` so admission (IPs,
node ports, validation) sees it like any other update.
"""
from __future__ import annotations

import copy
import json

from webapp.cluster.errors import ApiError, BadRequest

from ..errors import KubectlError, error
from ..flags import Flag, go_quote
from ..registry import verb
from ..resources import parse_targets
from . import _common as c
from .annotate import check_annotations, finish

PATCH_TYPES = ("json", "merge", "strategic")
_REJECTED = "the server rejected our request due to an error in our request"
_SERVER_OWNED = ("uid", "creationTimestamp", "generation", "ownerReferences", "deletionTimestamp",
                 "deletionGracePeriodSeconds", "resourceVersion", "managedFields")


class UnknownServerError(ApiError):
    """A server error without a reason: kubectl prints `Error from server: <message>`."""

    reason = ""

    def kubectl_text(self) -> str:
        return f"Error from server: {self.message}"


class InvalidRequest(ApiError):
    """A 422 without kind or name: kubectl prints `The request is invalid: ...`."""

    reason, code = "Invalid", 422

    def kubectl_text(self) -> str:
        return f"The request is invalid: {self.message}"


# ---- Go's %v, as server messages print maps and values ------------------------------------------

def go_value(v) -> str:
    """fmt's %v of a decoded JSON value: map[k:v ...] with sorted keys, [a b], <nil>."""
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{go_value(v[k])}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(go_value(x) for x in v) + "]"
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(int(v)) if v == int(v) and abs(v) < 1e21 else repr(v)
    return str(v)


def _go_json_kind(v) -> str:
    return {dict: "object", list: "array", str: "string", bool: "bool"}.get(type(v), "number")


# ---- strategic merge patch -------------------------------------------------------------------

def merge_key(kind: str, path: tuple[str, ...]) -> str | None:
    """The patchMergeKey of the list at `path` (field names from the object's root), if it has one."""
    last = path[-1] if path else ""
    if last in ("containers", "initContainers", "ephemeralContainers", "volumes", "imagePullSecrets", "env"):
        return "name"
    if last == "ports":
        if kind == "Service" and path == ("spec", "ports"):
            return "port"
        if len(path) >= 2 and path[-2] in ("containers", "initContainers"):
            return "containerPort"
    return {"volumeMounts": "mountPath", "hostAliases": "ip", "conditions": "type",
            "ownerReferences": "uid"}.get(last)


def strategic_merge(kind: str, original, patch, path: tuple[str, ...] = ()):
    """StrategicMergePatch of one value: maps merge (null deletes), keyed lists merge by key."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return _strip_directives(patch)
    if patch.get("$patch") == "delete":
        return None
    out = copy.deepcopy(original) if isinstance(original, dict) else {}
    for key, value in patch.items():
        if key.startswith("$"):
            if key.startswith("$deleteFromPrimitiveList/") and isinstance(value, list):
                field = key.split("/", 1)[1]
                if isinstance(out.get(field), list):
                    out[field] = [x for x in out[field] if x not in value]
            continue
        if value is None:
            out.pop(key, None)
            continue
        sub = (*path, key)
        if isinstance(value, list):
            out[key] = _merge_list(kind, out.get(key), value, sub)
        elif isinstance(value, dict):
            merged = strategic_merge(kind, out.get(key), value, sub)
            if merged is None:
                out.pop(key, None)
            else:
                out[key] = merged
        else:
            out[key] = copy.deepcopy(value)
    return out


def _strip_directives(value):
    if isinstance(value, dict):
        return {k: _strip_directives(v) for k, v in value.items() if not k.startswith("$")}
    if isinstance(value, list):
        return [_strip_directives(v) for v in value]
    return value


def _merge_list(kind: str, original, patch: list, path: tuple[str, ...]):
    if path == ("metadata", "finalizers"):
        have = list(original) if isinstance(original, list) else []
        return have + [x for x in patch if x not in have]
    key = merge_key(kind, path)
    if key is None or not isinstance(original, list):
        if key is not None:
            _require_keys(patch, key)
            return [_strip_directives(x) for x in patch if not (isinstance(x, dict) and x.get("$patch") == "delete")]
        return _strip_directives(patch)
    if any(isinstance(x, dict) and x.get("$patch") == "replace" for x in patch):
        return [_strip_directives(x) for x in patch if not (isinstance(x, dict) and "$patch" in x)]
    _require_keys(patch, key)
    out = copy.deepcopy(original)
    for item in patch:
        found = next((i for i, o in enumerate(out) if isinstance(o, dict) and o.get(key) == item[key]), None)
        if item.get("$patch") == "delete":
            if found is not None:
                out.pop(found)
            continue
        if found is None:
            out.append(_strip_directives({k: v for k, v in item.items() if v is not None}))
        else:
            out[found] = strategic_merge(kind, out[found], item, path)
    return out


def _require_keys(items: list, key: str) -> None:
    for item in items:
        if not isinstance(item, dict):
            raise BadRequest("invalid patch format of primitive list" if not isinstance(item, list)
                             else "lists of lists are not supported")
        if key not in item:
            raise UnknownServerError(f"map: {go_value(item)} does not contain declared merge key: {key}")


# ---- JSON merge patch (RFC 7386) ---------------------------------------------------------------

def json_merge(original, patch):
    """RFC 7386: objects merge recursively, null removes a key, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(original) if isinstance(original, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = json_merge(out.get(key), value)
    return out


# ---- JSON patch (RFC 6902), as evanphx/json-patch v4.12 applies it -----------------------------

class _PatchFailed(Exception):
    pass


def _tokens(path) -> list[str]:
    if not isinstance(path, str) or (path and not path.startswith("/")):
        raise _PatchFailed()
    return [t.replace("~1", "/").replace("~0", "~") for t in path.split("/")[1:]] if path else []


def _parent(doc, tokens: list[str]):
    node = doc
    for t in tokens[:-1]:
        if isinstance(node, dict) and isinstance(node.get(t), (dict, list)):
            node = node[t]
        elif isinstance(node, list) and _index(t, len(node), False) is not None \
                and isinstance(node[_index(t, len(node), False)], (dict, list)):
            node = node[_index(t, len(node), False)]
        else:
            raise _PatchFailed()
    if not tokens:
        raise _PatchFailed()
    return node, tokens[-1]


def _index(token: str, length: int, adding: bool) -> int | None:
    try:
        i = int(token)
    except ValueError:
        return None
    if i < 0:
        i += length
    return i if 0 <= i < length + (1 if adding else 0) else None


def _get(doc, path):
    node, key = _parent(doc, _tokens(path))
    if isinstance(node, dict):
        if key not in node:
            raise _PatchFailed()
        return node[key]
    i = _index(key, len(node), False)
    if i is None:
        raise _PatchFailed()
    return node[i]


def _put(doc, path, value, adding: bool) -> None:
    node, key = _parent(doc, _tokens(path))
    if isinstance(node, dict):
        node[key] = value
        return
    if key == "-" and adding:
        node.append(value)
        return
    i = _index(key, len(node), adding)
    if i is None:
        raise _PatchFailed()
    if adding:
        node.insert(i, value)
    else:
        node[i] = value


def _remove(doc, path) -> None:
    node, key = _parent(doc, _tokens(path))
    if isinstance(node, dict):
        if key not in node:
            raise _PatchFailed()
        del node[key]
        return
    i = _index(key, len(node), False)
    if i is None:
        raise _PatchFailed()
    node.pop(i)


def json_patch(original: dict, ops) -> dict:
    """Apply RFC 6902 operations; the server's errors for a patch it cannot decode or apply."""
    if not isinstance(ops, list):
        raise BadRequest(f"json: cannot unmarshal {_go_json_kind(ops)} into Go value of type jsonpatch.Patch")
    for op in ops:
        if op is not None and not isinstance(op, dict):
            raise BadRequest(f"json: cannot unmarshal {_go_json_kind(op)} into Go value of type jsonpatch.Operation")
    doc = copy.deepcopy(original)
    try:
        for op in ops:
            kind = (op or {}).get("op")
            if kind == "add":
                _put(doc, op.get("path"), copy.deepcopy(op.get("value")), adding=True)
            elif kind == "replace":
                _put(doc, op.get("path"), copy.deepcopy(op.get("value")), adding=False)
            elif kind == "remove":
                _remove(doc, op.get("path"))
            elif kind in ("move", "copy"):
                value = copy.deepcopy(_get(doc, op.get("from")))
                if kind == "move":
                    _remove(doc, op.get("from"))
                _put(doc, op.get("path"), value, adding=True)
            elif kind == "test":
                if _get(doc, op.get("path")) != op.get("value"):
                    raise _PatchFailed()
            else:
                raise _PatchFailed()
    except _PatchFailed:
        raise InvalidRequest(_REJECTED) from None
    return doc


# ---- what the typed decode refuses -----------------------------------------------------------

def _int32_fields(obj: dict) -> list:
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    values = [spec.get("replicas")] if "replicas" in spec else []
    for p in spec.get("ports") or [] if isinstance(spec.get("ports"), list) else []:
        if isinstance(p, dict):
            values += [p[k] for k in ("port", "nodePort") if k in p]
    return values


def check_decodable(result: dict, patch_text_value) -> None:
    """FromUnstructured's refusal of a wrong-typed integer field (`"replicas": "3"`)."""
    for v in _int32_fields(result):
        if isinstance(v, (str, bool, dict, list)):
            problem = "unrecognized type: int32"
        elif isinstance(v, float) and v != int(v):
            problem = "cannot convert float64 to int32"
        else:
            continue
        raise InvalidRequest(f"patch: Invalid value: {go_quote(go_value(patch_text_value))}: {problem}")


def apply_patch(kind: str, live: dict, patch, ptype: str) -> dict:
    """The object the server would store after `patch` of type `ptype` (before admission)."""
    if ptype == "json":
        result = json_patch(live, patch)
    elif ptype == "merge":
        if patch is None:
            raise BadRequest("Invalid JSON Patch")
        result = json_merge(live, patch)
    else:
        if patch is not None and not isinstance(patch, dict):
            raise BadRequest(f"json: cannot unmarshal {_go_json_kind(patch)} into Go value of type "
                             "map[string]interface {}")
        result = strategic_merge(kind, live, patch or {})
    if not isinstance(result, dict):
        raise InvalidRequest(f"patch: Invalid value: {go_quote(json.dumps(result))}: couldn't get version/kind; "
                             "json parse error: json: cannot unmarshal " + _go_json_kind(result) + " into Go value of "
                             'type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string '
                             '"json:\\"kind,omitempty\\"" }')
    check_decodable(result, patch)
    return result


def server_view(live: dict, result: dict) -> dict:
    """What the update strategy keeps: server-owned metadata and status come from the live object."""
    out = copy.deepcopy(result)
    meta = out.get("metadata") if isinstance(out.get("metadata"), dict) else {}
    out["metadata"] = meta
    for key in _SERVER_OWNED:
        meta.pop(key, None)
        if key in live["metadata"]:
            meta[key] = copy.deepcopy(live["metadata"][key])
    out["apiVersion"], out["kind"] = live["apiVersion"], live["kind"]
    out.pop("status", None)
    if "status" in live:
        out["status"] = copy.deepcopy(live["status"])
    return out


def parse_patch_text(text: str):
    """yaml.ToJSON of the --patch text (JSON is YAML); kubectl's error when it does not parse."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    import yaml
    from ._manifests import _go_yaml_problem, _jsonable
    try:
        return _jsonable(yaml.safe_load(text))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1) if mark else 1
        raise error(f"unable to parse {go_quote(text)}: yaml: line {line}: "
                    f"{_go_yaml_problem(e.problem or 'did not find expected key')}") from None
    except (yaml.YAMLError, RecursionError):
        raise error(f"unable to parse {go_quote(text)}: yaml: invalid document") from None


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
    f = inv.flags
    if f["filename"] or f["local"]:
        from ._manifests import load_manifests
        if not f["filename"]:
            raise error(c.NO_RESOURCES)
        out = []
        for m in load_manifests(inv, f["filename"]):
            obj = m.with_namespace(inv)
            if f["local"]:
                out.append((m.rtype, obj))
                continue
            try:
                out.append((m.rtype, inv.cluster.get(m.rtype.plural, obj["metadata"].get("namespace"), m.name)))
            except ApiError as e:
                problems.append(e.kubectl_text())
        return out
    targets = parse_targets(inv.args, allow_all=False)
    if not targets:
        raise error(c.NO_RESOURCES)
    if any(t.name is None for t in targets):
        raise error("resource(s) were provided, but no name was specified")
    out = []
    for t in targets:
        try:
            out.append((t.rtype, c.fetch(inv, t)))
        except ApiError as e:
            problems.append(e.kubectl_text())
    return out


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
