"""`kubectl explain RESOURCE[.field...] [--recursive]` in the 1.24 layout (kubectl/pkg/explain).

`explain_schema.json` holds the facts of the Kubernetes 1.24 API for the kinds this cluster serves
(Pod, Service, Endpoints, EndpointSlice, Deployment, ReplicaSet, DaemonSet, Namespace, Node,
ConfigMap, Event, ServiceAccount) and every type they reach: field names, types, required flags and
enum values, nothing else. Each type is a list of [name, type(, required 0|1(, [enum values]))];
a type is "string" | "integer" | "boolean" | "number" | "object" | "ref:<pkg.Type>" | "[]<type>" |
"map[string]<type>". Descriptions are our own, in `explain_text.py`; what has none prints as
kubectl prints an empty description.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..errors import KubectlError, error
from ..flags import Flag, go_quote
from ..registry import verb
from ..resources import lookup
from .explain_text import field_text, type_text

_SCHEMA_FILE = Path(__file__).with_name("explain_schema.json")
_WRAP = 80


@lru_cache(maxsize=1)
def _schema() -> dict:
    with _SCHEMA_FILE.open(encoding="utf-8") as f:
        return json.load(f)


def _type_name(texpr: str) -> str:
    """explain.GetTypeName: Object for kinds, []X, map[string]X, else the primitive."""
    if texpr.startswith("[]"):
        return "[]" + _type_name(texpr[2:])
    if texpr.startswith("map[string]"):
        return "map[string]" + _type_name(texpr[11:])
    if texpr.startswith("ref:") or texpr == "object":
        return "Object"
    return texpr


# ---- text layout (explain.Formatter) ------------------------------------------------------------

def _starts_new_line(last_word: str, line: str) -> bool:
    import re
    if last_word.endswith(":") or line.startswith("    "):
        return True
    stripped = line.strip()
    return not stripped or re.match(r"^(\d+\.?|-|\*)\s", stripped) is not None


def wrap_string(text: str, width: int) -> list[str]:
    """kubectl's wrapString: words refilled to `width` bytes, keeping code blocks, blank lines,
    list items and breaks after a colon."""
    wrapped: list[str] = []
    words: list[str] = []
    last = ""

    def flush() -> None:
        nonlocal words, last
        if words:
            last = ""
            wrapped.append(" ".join(words))
            words = []

    for line in text.split("\n"):
        if line.startswith("    "):
            flush()
            wrapped.append(line)
            continue
        if wrapped and not line.strip():
            flush()
            wrapped.append("")
            continue
        if _starts_new_line(last, line):
            flush()
        for word in line.split():
            last = word
            if words and len(" ".join(words + [word]).encode()) > width:
                flush()
            words.append(word)
    flush()
    return wrapped


class _Out:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + text if text else "")

    def wrapped(self, indent: int, text: str) -> None:
        for part in wrap_string(text, _WRAP - indent):
            self.write(indent, part)

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


# ---- the model printer --------------------------------------------------------------------------

def _field_doc(tname: str, entry: list) -> str:
    """Our text for a field, then its enum values in the "Possible enum values" list the 1.24 API
    server appends to a description."""
    text = field_text(tname, entry[0], tname in _schema()["roots"].values())
    enum = entry[3] if len(entry) > 3 else []
    if enum:
        values = "\n".join(f' - `"{value}"`' for value in enum)
        text = (text + "\n\n" if text else "") + "Possible enum values:\n" + values
    return text


def _fields(out: _Out, tname: str, indent: int) -> None:
    for entry in _schema()["types"][tname]:
        name, texpr, required = entry[0], entry[1], len(entry) > 2 and entry[2]
        out.write(indent, f"{name}\t<{_type_name(texpr)}>" + (" -required-" if required else ""))
        out.wrapped(indent + 2, _field_doc(tname, entry))  # an empty description prints no line
        out.write(0, "")


def _recursive_fields(out: _Out, texpr: str, indent: int, visiting: set[str]) -> None:
    while texpr.startswith(("[]", "map[string]")):
        texpr = texpr[2:] if texpr.startswith("[]") else texpr[11:]
    if not texpr.startswith("ref:") or texpr in visiting:
        return
    visiting.add(texpr)
    for name, sub, *_ in _schema()["types"][texpr[4:]]:
        out.write(indent, f"{name}\t<{_type_name(sub)}>")
        _recursive_fields(out, sub, indent + 3, visiting)
    visiting.discard(texpr)


def _description(out: _Out, descriptions: list[str]) -> None:
    out.write(0, "DESCRIPTION:")
    empty = True
    for i, desc in enumerate(descriptions):
        if not desc:
            continue
        if i:
            out.write(0, "")
        empty = False
        out.wrapped(5, desc)
    if empty:
        out.wrapped(5, "<empty>")


def explain_text(kind: str, group_version: str, root: str, path: list[str], recursive: bool) -> str:
    """What `kubectl explain` prints for a kind's root type and a field path (KubectlError when a
    field does not exist)."""
    types = _schema()["types"]
    texpr, field_desc, name = "ref:" + root, None, path[-1] if path else ""
    for step in path:                        # explain.LookupSchemaForField
        inner = texpr
        while inner.startswith(("[]", "map[string]")):
            inner = inner[2:] if inner.startswith("[]") else inner[11:]
        if not inner.startswith("ref:"):
            break                            # a primitive answers for any deeper path
        found = next((f for f in types[inner[4:]] if f[0] == step), None)
        if found is None:
            raise error(f"field {go_quote(step)} does not exist")
        texpr, field_desc = found[1], _field_doc(inner[4:], found)
    out = _Out()
    out.write(0, f"KIND:     {kind}")
    out.write(0, f"VERSION:  {group_version}")
    out.write(0, "")
    descriptions = [] if field_desc is None else [field_desc]
    type_name = _type_name(texpr)
    inner = texpr
    while inner.startswith(("[]", "map[string]")):
        inner = inner[2:] if inner.startswith("[]") else inner[11:]
        descriptions.append("")              # an array's or map's items carry no description
    if inner.startswith("ref:"):
        if name:
            out.write(0, f"RESOURCE: {name} <{type_name}>")
            out.write(0, "")
        _description(out, descriptions + [type_text(inner[4:])])
        out.write(0, "")
        out.write(0, "FIELDS:")
        if recursive:
            _recursive_fields(out, inner, 3, set())
        else:
            _fields(out, inner[4:], 3)
        return out.text()
    if inner == "object":
        _description(out, descriptions)
        return out.text()
    out.write(0, f"FIELD:    {name} <{type_name}>")
    out.write(0, "")
    _description(out, descriptions[:1] if field_desc is not None else descriptions)
    return out.text()


@verb("explain", "Show the fields of a resource type and what they hold", usage="RESOURCE",
      group="Basic Commands (Intermediate)",
      flags=(Flag("recursive", "bool", help="List nested fields at every depth, names and types only"),
             Flag("api-version", help="Explain the type as a particular group/version serves it (such as apps/v1)")),
      complete_args="types",
      long="Show what a resource type is made of: its fields, their types, and what each one is for.\n\n"
           "Reach a nested field by joining names with dots:\n\n"
           "  <type>.<fieldName>[.<fieldName>]\n\n"
           "With --recursive the whole tree of field names below the chosen one is printed, leaving out "
           "the explanations. The field list comes from the schema the API server publishes.\n\n"
           'Run "kubectl api-resources" to see every type the server knows.',
      examples="""
      # What a pod is made of
      kubectl explain pods

      # One field of a pod, and the fields inside it
      kubectl explain pods.spec.containers""")
def explain(inv) -> int:
    if not inv.args:
        raise error('You must specify the type of resource to explain. Use "kubectl api-resources" for a '
                    "complete list of supported resources.\n")
    if len(inv.args) > 1:
        raise error("We accept only this format: explain RESOURCE\n")
    request = inv.args[0].removesuffix(".")
    parts = request.split(".")
    rtype = lookup(parts[0])
    if rtype is None:  # a NoResourceMatchError: CheckErr prints it without "error: "
        raise KubectlError(f"the server doesn't have a resource type {go_quote(parts[0].lower())}")
    group_resource = rtype.plural + (f".{rtype.group}" if rtype.group else "")
    if request.startswith(group_resource):
        path = request[len(group_resource):].split(".")[1:]
    else:
        path = parts[1:]
    group_version = f"{rtype.group}/{rtype.version}" if rtype.group else rtype.version
    api_version = inv.flags.get("api-version") or ""
    root = _schema()["roots"].get(rtype.kind)
    if api_version and api_version != group_version:
        group, _, version = api_version.rpartition("/")
        raise error(f'couldn\'t find resource for "{group}/{version}, Kind={rtype.kind}"')
    if root is None:
        raise error(f'couldn\'t find resource for "{rtype.group}/{rtype.version}, Kind={rtype.kind}"')
    inv.out.write(explain_text(rtype.kind, group_version, root, path, bool(inv.flags.get("recursive"))))
    return 0
