"""`-o` formats other than tables: yaml, json, name, jsonpath, custom-columns (kubectl's printers).

`parse_output(value, template)` turns the flag into an `OutputSpec` or raises `OutputError` with
kubectl's wording; `print_generic(items, single, spec)` renders what `kubectl get` prints for one
object (`single`) or for a `List` of them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from . import gotemplate, jsonpath
from .gojson import compact, to_json
from .gotemplate_funcs import go_v
from .goyaml import to_yaml
from .tabwriter import TabWriter

ALLOWED = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json",
           "jsonpath", "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile",
           "wide", "yaml")


class OutputError(Exception):
    """A printer kubectl cannot build; str() is the message without `error: `."""


class TemplatePrintError(Exception):
    """A go-template that failed while printing: kubectl writes `stdout` (the partial output and
    its debugging dump) to stdout, then `message` (without `error: `) to stderr, and exits 1."""

    def __init__(self, message: str, stdout: str) -> None:
        super().__init__(message)
        self.message, self.stdout = message, stdout


@dataclass
class OutputSpec:
    kind: str                      # "table", "wide", "yaml", "json", "name", "jsonpath", "custom-columns",
    template: list = field(default_factory=list)        # "go-template"; parsed JSONPath
    raw: str = ""
    columns: list = field(default_factory=list)         # (header, parsed JSONPath)
    as_json: bool = False
    go_template: object = None                          # parsed go-template (gotemplate.Tree)
    allow_missing: bool = True                          # --allow-missing-template-keys

    @property
    def human(self) -> bool:
        return self.kind in ("table", "wide")


def parse_output(value: str, template: str = "", read_file=None, allow_missing: bool = True) -> OutputSpec:
    """The printer for `-o value` (and `--template`). `read_file(path) -> str | None` reads
    `-o go-template-file=PATH` (None: no such file)."""
    fmt, eq, arg = value.partition("=")
    if not value:
        if template:
            fmt, arg = "go-template", template
        else:
            return OutputSpec("table")
    if not eq and template:
        arg = template
    if fmt in ("", "wide") and not eq:
        return OutputSpec("table" if not fmt else "wide")
    if fmt in ("yaml", "json", "name") and not eq:
        return OutputSpec(fmt)
    if fmt in ("jsonpath", "jsonpath-as-json"):
        if not arg:
            raise OutputError("template format specified but no template given")
        try:
            return OutputSpec("jsonpath", template=jsonpath.parse(arg), raw=arg,
                              as_json=fmt == "jsonpath-as-json")
        except jsonpath.JSONPathError as e:
            raise OutputError(f"error parsing jsonpath {arg}, {e}") from None
    if fmt == "custom-columns":
        return OutputSpec("custom-columns", columns=parse_custom_columns(arg), raw=arg)
    if fmt in ("go-template", "template", "go-template-file", "templatefile"):
        return _go_template_spec(fmt, arg, read_file, allow_missing)
    if fmt in ("jsonpath-file", "custom-columns-file"):
        raise OutputError(f"{fmt} output is not available in this simulated cluster; "
                          "use -o jsonpath=... or -o custom-columns=... instead")
    raise OutputError(f'unable to match a printer suitable for the output format "{value}", '
                      f"allowed formats are: {','.join(ALLOWED)}")


def _go_template_spec(fmt: str, arg: str, read_file, allow_missing: bool) -> OutputSpec:
    """GoTemplatePrintFlags.ToPrinter: read the file, parse as template "output"."""
    if not arg:
        raise OutputError("template format specified but no template given")
    if fmt in ("go-template-file", "templatefile"):
        text = read_file(arg) if read_file is not None else None
        if text is None:
            raise OutputError(f"error reading --template {arg}, open {arg}: no such file or directory\n")
        arg = text
    try:
        tree = gotemplate.compile_template(arg)
    except gotemplate.TemplateParseError as e:
        raise OutputError(f"error parsing template {arg}, {e}\n") from None
    return OutputSpec("go-template", raw=arg, go_template=tree, allow_missing=allow_missing)


def go_template_output(spec: OutputSpec, data: dict) -> str:
    """GoTemplatePrinter.PrintObj: on failure, the debugging dump kubectl writes to stdout."""
    decoded = gotemplate.to_template_data(data)
    try:
        return gotemplate.execute(spec.go_template, spec.raw, decoded, spec.allow_missing)
    except gotemplate.TemplateExecError as e:
        from ..flags import go_quote
        dump = (f"Error executing template: {e}. Printing more information for debugging the template:\n"
                f"\ttemplate was:\n\t\t{spec.raw}\n"
                f"\traw data was:\n\t\t{compact(data)}\n"
                f"\tobject given to template engine was:\n\t\t{go_v(decoded)}\n\n")
        raise TemplatePrintError(f"error executing template {go_quote(spec.raw)}: {e}", e.partial + dump) from None


def parse_custom_columns(spec: str) -> list:
    if not spec:
        raise OutputError("custom-columns format specified but no custom columns given")
    columns = []
    for part in spec.split(","):
        header, colon, path = part.partition(":")
        if not colon:
            raise OutputError(f"unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        try:
            columns.append((header, jsonpath.parse(jsonpath.relaxed(path))))
        except jsonpath.JSONPathError as e:
            raise OutputError(str(e)) from None
    return columns


def as_list(items: list[dict]) -> dict:
    """The `List` kubectl wraps several objects in."""
    return {"apiVersion": "v1", "items": list(items), "kind": "List", "metadata": {"resourceVersion": ""}}


def strip_managed_fields(obj: dict) -> dict:
    meta = obj.get("metadata")
    if isinstance(meta, dict) and "managedFields" in meta:
        obj = dict(obj)
        obj["metadata"] = {k: v for k, v in meta.items() if k != "managedFields"}
    return obj


def object_name(obj: dict) -> str:
    """`-o name`: `kind.group/name` in lower case (`deployment.apps/nginx`, `service/nginx`)."""
    group = (obj.get("apiVersion") or "").rpartition("/")[0]
    kind = (obj.get("kind") or "").lower()
    name = (obj.get("metadata") or {}).get("name", "")
    return f"{kind}.{group}/{name}" if group else f"{kind}/{name}"


def print_generic(items: list[dict], single: bool, spec: OutputSpec, no_headers: bool = False) -> str:
    """What kubectl prints for non-table formats: one object, or a List of all of them.

    Raises jsonpath.JSONPathError when a JSONPath cannot be executed, TemplatePrintError when a
    go-template fails.
    """
    items = [strip_managed_fields(o) for o in items]
    data = items[0] if single and len(items) == 1 else as_list(items)
    if spec.kind == "yaml":
        return to_yaml(data)
    if spec.kind == "json":
        return to_json(data)
    if spec.kind == "name":
        return "".join(object_name(o) + "\n" for o in (data["items"] if "items" in data and data.get("kind") == "List" else [data]))
    if spec.kind == "jsonpath":
        return jsonpath.execute(spec.template, data, as_json=spec.as_json)
    if spec.kind == "go-template":
        return go_template_output(spec, data)
    if spec.kind == "custom-columns":
        objs = data["items"] if data.get("kind") == "List" and "items" in data else [data]
        return custom_columns(objs, spec.columns, no_headers)
    raise OutputError(f"unknown output {spec.kind}")


def custom_columns(objs: list[dict], columns: list, no_headers: bool) -> str:
    writer = TabWriter(minwidth=6, padding=3, remember_widths=True)
    if not no_headers:
        writer.write("\t".join(h for h, _ in columns) + "\n")
    for obj in objs:
        cells = []
        for _, template in columns:
            found = [v for group in jsonpath.find_results(template, obj) for v in group]
            cells.append(",".join(jsonpath.go_v(v) for v in found) if found else "<none>")
        writer.write("\t".join(cells) + "\n")
    return writer.flush()


# ---- --sort-by -------------------------------------------------------------------------------

def natural_less(a: str, b: str) -> bool:
    """sortorder.NaturalLess: digit runs compare as numbers, digits before other characters."""
    i = j = 0
    while i < len(a) and j < len(b):
        ca, cb = a[i], b[j]
        da, db = ca.isdigit(), cb.isdigit()
        if da != db:
            return da
        if not da:
            if ca != cb:
                return ca < cb
            i += 1
            j += 1
            continue
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        nz_a, nz_b = i, j
        while i < len(a) and a[i].isdigit():
            i += 1
        while j < len(b) and b[j].isdigit():
            j += 1
        if i - nz_a != j - nz_b:
            return i - nz_a < j - nz_b
        if a[nz_a:i] != b[nz_b:j]:
            return a[nz_a:i] < b[nz_b:j]
        if nz_a != nz_b:
            return nz_a < nz_b
    return len(a) < len(b)


def _value_less(x, y) -> bool:
    if isinstance(x, str) and isinstance(y, str):
        return natural_less(x, y)
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and not isinstance(x, bool):
        return x < y
    return False


def sort_objects(objs: list[dict], field_spec: str) -> list[dict]:
    """kubectl's --sort-by: by the first value the JSONPath finds; objects without it first."""
    try:
        template = jsonpath.parse(jsonpath.relaxed(field_spec))
    except jsonpath.JSONPathError as e:
        raise OutputError(f"sorting error: {e}") from None
    keyed = []
    found_once = False
    for obj in objs:
        groups = jsonpath.find_results(template, obj)
        value = groups[0][0] if groups and groups[0] else None
        found_once |= value is not None
        keyed.append((value, obj))
    if objs and not found_once:
        raise OutputError(f'couldn\'t find any field with path "{jsonpath.relaxed(field_spec)}" '
                          "in the list of objects")

    def cmp(a, b) -> int:
        if a[0] is None:
            return -1 if b[0] is not None else 0
        if b[0] is None:
            return 1
        return -1 if _value_less(a[0], b[0]) else (1 if _value_less(b[0], a[0]) else 0)

    return [o for _, o in sorted(keyed, key=functools.cmp_to_key(cmp))]
