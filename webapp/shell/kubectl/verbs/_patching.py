"""The API server's side of `kubectl patch`: strategic merge, JSON merge and JSON patch.

Strategic merge knows the list keys learners meet (containers/env/volumes by name, container
ports by containerPort, service ports by port); errors carry the server's wording.
"""
from __future__ import annotations

import copy
import json

from webapp.cluster.errors import ApiError, BadRequest

from ..errors import error
from ..flags import go_quote

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
    if _flow_key_before_collection(text):
        raise error(f"unable to parse {go_quote(text)}: yaml: did not find expected ',' or '}}'")
    try:
        return _jsonable(yaml.safe_load(text))
    except yaml.MarkedYAMLError as e:
        problem = _go_yaml_problem(_GO_PROBLEMS.get((e.problem or "").split(",")[0].split(" but ")[0],
                                                    e.problem or "did not find expected key"))
        raise error(f"unable to parse {go_quote(text)}: yaml: {_where(e)}{problem}") from None
    except (yaml.YAMLError, RecursionError):
        raise error(f"unable to parse {go_quote(text)}: yaml: unknown problem parsing YAML content") from None


# PyYAML's parser problems in go-yaml's words
_GO_PROBLEMS = {"expected the node content": "did not find expected node content",
                "expected ',' or '}'": "did not find expected ',' or '}'",
                "expected ',' or ']'": "did not find expected ',' or ']'",
                "expected '<document start>'": "did not find expected <document start>"}


def _where(e) -> str:
    """go-yaml's `line N: `: scanner errors count from 1; parser errors print the 0-based line, if not 0."""
    import yaml
    mark = e.problem_mark or e.context_mark
    if isinstance(e, yaml.scanner.ScannerError):
        return f"line {(mark.line if mark else 0) + 1}: "
    line = (e.problem_mark.line if e.problem_mark else 0) or (e.context_mark.line if e.context_mark else 0)
    return f"line {line}: " if line else ""


def _flow_key_before_collection(text: str) -> bool:
    """`{spec:{type:NodePort}}` (JSON whose quotes the shell removed): go-yaml reads `spec:` as one
    plain scalar and then fails on the `{`, where PyYAML would accept it."""
    if not text.lstrip().startswith(("{", "[")):
        return False
    quote = ""
    for i, ch in enumerate(text[:-1]):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == ":" and text[i + 1] in "{[" and i and text[i - 1] not in " \t{[,:\"'":
            return True
    return False
