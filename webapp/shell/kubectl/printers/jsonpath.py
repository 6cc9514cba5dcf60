"""kubectl's JSONPath templates (client-go util/jsonpath): parse once, then execute on plain data.

Supported as kubectl does: text outside `{}`, `.field` (with `\\.` escapes), `['key']`, `[n]`,
`[a:b:c]`, `[*]`, `.*`, `..field`, unions `[a,b]`, filters `[?(@.x == "y")]` / `[?(@.x)]`,
`{range ...}{end}`, quoted strings `{"\\n"}`, `@` and `$`. Missing keys give nothing (kubectl's
`--allow-missing-template-keys=true`); errors carry client-go's wording.
"""
from __future__ import annotations

from .gojson import compact
from .gotemplate_funcs import go_v, scalar_kind
from .jsonpath_parse import (Action, Array, Field, Filter, Ident, JSONPathError, Literal, Recursive, Text,
                             Union, Wildcard, parse, relaxed)

__all__ = ["JSONPathError", "parse", "relaxed", "execute", "find_results", "go_v", "text_of"]


class _Run:
    def __init__(self, allow_missing: bool) -> None:
        self.allow_missing = allow_missing
        self.begin_range = self.end_range = self.in_range = 0

    def find(self, nodes: list, data) -> tuple[list[list], int]:
        full: list[list] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            results = self.walk([data], node)
            if self.end_range > 0 and self.end_range <= self.in_range:
                self.end_range -= 1
                return full, i
            if self.begin_range > 0:
                self.begin_range -= 1
                self.in_range += 1
                end_at = len(nodes)
                if results:
                    for value in results:
                        nested, end_at = self._find_sub(nodes[i + 1:], value)
                        full.extend(nested)
                else:
                    _, end_at = self._find_sub(nodes[i + 1:], None)
                self.in_range -= 1
                i = i + 1 + end_at + 1
                continue
            full.append(results)
            i += 1
        return full, len(nodes)

    def _find_sub(self, nodes: list, data):
        found, end_at = self.find(nodes, data)
        return found, end_at

    def walk(self, values: list, node) -> list:
        if isinstance(node, Action):
            for sub in node.nodes:
                values = self.walk(values, sub)
            return values
        if isinstance(node, Text):
            return [node.text]
        if isinstance(node, Literal):
            return [node.value]
        if isinstance(node, Field):
            return self.field(values, node.name)
        if isinstance(node, Array):
            return self.array(values, node.params)
        if isinstance(node, Wildcard):
            return [v for value in values for v in _children(value)]
        if isinstance(node, Recursive):
            return self.recursive(values)
        if isinstance(node, Union):
            out = []
            for lst in node.lists:
                out += self.walk(values, Action(lst))
            return out
        if isinstance(node, Filter):
            return self.filter(values, node)
        if isinstance(node, Ident):
            if node.name == "range":
                self.begin_range += 1
                return values
            if node.name == "end":
                if self.in_range > 0:
                    self.end_range += 1
                    return []
                raise JSONPathError("not in range, nothing to end")
            raise JSONPathError(f"unrecognized identifier {node.name}")
        raise JSONPathError(f"unexpected Node {node}")

    def field(self, values: list, name: str) -> list:
        out = []
        for value in values:
            if isinstance(value, dict) and name in value and value[name] is not None:
                out.append(value[name])
        if not out and values and not self.allow_missing:
            raise JSONPathError(f"{name} is not found")
        return out

    def array(self, values: list, params: list) -> list:
        out = []
        for value in values:
            if value is None:
                continue
            if not isinstance(value, list):
                raise JSONPathError(f"{_go_type(value)} is not array or slice")
            n = len(value)
            (k0, start, _), (k1, stop, derived), (k2, step, _) = params
            start = start if k0 else 0
            if start < 0:
                start += n
            stop = stop if k1 else n
            if stop < 0 or (stop == 0 and derived):
                stop += n
            if stop == start:
                return out
            if start >= n or start < 0:
                raise JSONPathError(f"array index out of bounds: index {start}, length {n}")
            if stop > n or stop < 0:
                raise JSONPathError(f"array index out of bounds: index {stop - 1}, length {n}")
            if start > stop:
                raise JSONPathError(f"starting index {start} is greater than ending index {stop}")
            if k2 and step <= 0:
                raise JSONPathError("step must be > 0")
            out += value[start:stop:step if k2 else 1]
        return out

    def recursive(self, values: list) -> list:
        out = []
        for value in values:
            kids = _children(value)
            if kids:
                out.append(value)
                out += self.recursive([k for k in kids if not isinstance(k, int)])
        return out

    def filter(self, values: list, node: Filter) -> list:
        out = []
        for value in values:
            if not isinstance(value, list):
                raise JSONPathError(f"{go_v(value)} is not array or slice and cannot be filtered")
            for item in value:
                try:
                    lefts = self.walk([item], Action(node.left))
                except JSONPathError:
                    if node.op == "exists":
                        continue
                    raise
                if node.op == "exists":
                    if lefts:
                        out.append(item)
                    continue
                if not lefts:
                    continue
                if len(lefts) > 1:
                    raise JSONPathError("can only compare one element at a time")
                rights = self.walk([item], Action(node.right))
                if not rights:
                    continue
                if len(rights) > 1:
                    raise JSONPathError("can only compare one element at a time")
                if _compare(lefts[0], rights[0], node.op):
                    out.append(item)
        return out


def _children(value) -> list:
    if isinstance(value, dict):
        return [value[k] for k in sorted(value) if value[k] is not None]
    if isinstance(value, list):
        return [v for v in value if v is not None]
    if isinstance(value, str):
        return list(value.encode())  # Go indexes a string's bytes
    return []


def _compare(left, right, op: str) -> bool:
    lk, rk = scalar_kind(left), scalar_kind(right)
    if op not in ("==", "!=", "<", ">", "<=", ">="):
        raise JSONPathError(f"unrecognized filter operator {op}")
    if lk != rk or lk == "other":
        if op in ("==", "!=") and lk == rk:
            raise JSONPathError("uncomparable type")
        raise JSONPathError("incompatible types for comparison")
    if lk == "bool" and op not in ("==", "!="):
        raise JSONPathError("invalid type for comparison")
    return {"==": left == right, "!=": left != right, "<": left < right, ">": left > right,
            "<=": left <= right, ">=": left >= right}[op]


def _go_type(value) -> str:
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    return "string"


def text_of(value) -> str:
    """How PrintResults writes one value: maps and lists as compact JSON, the rest as %v."""
    if isinstance(value, (dict, list)):
        return compact(value)
    return go_v(value)


def find_results(nodes: list, data, allow_missing: bool = True) -> list[list]:
    """FindResults: one list of values per template part (ranges expanded)."""
    run = _Run(allow_missing)
    found, _ = run.find(nodes, data)
    return found


def execute(nodes: list, data, allow_missing: bool = True, as_json: bool = False) -> str:
    """Execute a parsed template: values of one part separated by spaces, parts concatenated."""
    out = []
    for group in find_results(nodes, data, allow_missing):
        if as_json:
            from .gojson import to_json
            out.append(to_json(list(group)))
            continue
        out.append(" ".join(text_of(v) for v in group))
    return "".join(out)
