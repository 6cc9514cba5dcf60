"""kubectl's JSONPath templates (client-go util/jsonpath): parse once, then execute on plain data.

Supported as kubectl does: text outside `{}`, `.field` (with `\\.` escapes), `['key']`, `[n]`,
`[a:b:c]`, `[*]`, `.*`, `..field`, unions `[a,b]`, filters `[?(@.x == "y")]` / `[?(@.x)]`,
`{range ...}{end}`, quoted strings `{"\\n"}`, `@` and `$`. Missing keys give nothing (kubectl's
`--allow-missing-template-keys=true`); errors carry client-go's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gojson import compact
from .goyaml import go_float


class JSONPathError(Exception):
    """Parse or execution error; str() is client-go's message."""


# ---- nodes -------------------------------------------------------------------------------------

@dataclass
class Text:
    text: str


@dataclass
class Field:
    name: str


@dataclass
class Wildcard:
    pass


@dataclass
class Recursive:
    pass


@dataclass
class Array:
    params: list  # three (known, value, derived) triples


@dataclass
class Union:
    lists: list


@dataclass
class Filter:
    left: list
    right: list
    op: str


@dataclass
class Ident:
    name: str


@dataclass
class Literal:
    value: object


@dataclass
class Action:
    nodes: list = field(default_factory=list)


_DICT_KEY = re.compile(r"^'([^']*)'$")
_SLICE = re.compile(r"^(-?\d*)(:-?\d*)?(:-?\d*)?$")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$", re.S)
_TERMINATORS = set(" \t\r\n.,[]$@{}")


def _is_alnum(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.pos = 0

    def parse_template(self) -> list:
        root: list = []
        while self.pos < len(self.s):
            brace = self.s.find("{", self.pos)
            if brace < 0:
                root.append(Text(self.s[self.pos:]))
                break
            if brace > self.pos:
                root.append(Text(self.s[self.pos:brace]))
            self.pos = brace + 1
            action = Action()
            self.inside(action.nodes)
            root.append(action)
        return root

    def inside(self, cur: list) -> None:
        while True:
            rest = self.s[self.pos:]
            if rest.startswith("}"):
                self.pos += 1
                return
            if rest.startswith("[?("):
                self.filter(cur)
                continue
            if rest.startswith(".."):
                self.pos += 2
                cur.append(Recursive())
                if self.pos < len(self.s) and _is_alnum(self.s[self.pos]):
                    self.field(cur)
                continue
            if not rest or rest[0] == "\n":
                raise JSONPathError("unclosed action")
            ch = rest[0]
            if ch in " @$":
                self.pos += 1
            elif ch == "[":
                self.array(cur)
            elif ch in "\"'":
                self.quote(cur, ch)
            elif ch == ".":
                self.pos += 1
                self.field(cur)
            elif ch in "+-" or ch.isdigit():
                self.number(cur)
            elif _is_alnum(ch):
                self.identifier(cur)
            else:
                raise JSONPathError(f"unrecognized character in action: U+{ord(ch):04X} {ch!r}".replace("'", "'"))

    def field(self, cur: list) -> None:
        start = self.pos
        while self.pos < len(self.s):
            ch = self.s[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            if ch in _TERMINATORS:
                break
            self.pos += 1
        value = self.s[start:self.pos]
        cur.append(Wildcard() if value == "*" else Field(value.replace("\\", "")))

    def array(self, cur: list) -> None:
        end = self.pos
        while True:
            end += 1
            if end >= len(self.s) or self.s[end] == "\n":
                raise JSONPathError("unterminated array")
            if self.s[end] == "]":
                break
        text = self.s[self.pos + 1:end]
        self.pos = end + 1
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            lists = []
            for part in parts:
                sub = _Parser("[" + part.strip(" ") + "]}")
                nodes: list = []
                sub.inside(nodes)
                lists.append(nodes)
            cur.append(Union(lists))
            return
        m = _DICT_KEY.match(text)
        if m:
            sub = _Parser("." + m.group(1) + "}")
            sub.inside(cur)
            return
        m = _SLICE.match(text)
        if not m:
            raise JSONPathError(f"invalid array index {text}")
        params = []
        groups = list(m.groups())
        for i in range(3):
            raw = groups[i]
            if raw is not None and raw != "":
                if i > 0:
                    raw = raw[1:]
                if i > 0 and raw == "":
                    params.append((False, 0, False))
                else:
                    try:
                        params.append((True, int(raw), False))
                    except ValueError:
                        raise JSONPathError(f"array index {raw} is not a number") from None
            elif i == 1:
                params.append((True, params[0][1] + 1, True))
            else:
                params.append((False, 0, False))
        cur.append(Array(params))

    def filter(self, cur: list) -> None:
        self.pos += 3
        start = self.pos
        begin = end = False
        pair = ""
        while True:
            if self.pos >= len(self.s) or self.s[self.pos] == "\n":
                raise JSONPathError("unterminated filter")
            ch = self.s[self.pos]
            self.pos += 1
            if ch in "\"'":
                if not begin:
                    begin, pair = True, ch
                    continue
                if self.s[self.pos - 2] != "\\" and ch == pair:
                    end = True
            elif ch == ")" and begin == end:
                break
        if self.pos >= len(self.s) or self.s[self.pos] != "]":
            raise JSONPathError("unclosed array expect ]")
        self.pos += 1
        text = self.s[start:self.pos - 2]
        m = _FILTER.match(text)
        if not m:
            cur.append(Filter(_sub(text), [], "exists"))
        else:
            cur.append(Filter(_sub(m.group(1)), _sub(m.group(3)), m.group(2)))

    def quote(self, cur: list, q: str) -> None:
        start = self.pos
        self.pos += 1
        while True:
            if self.pos >= len(self.s):
                raise JSONPathError("unterminated quoted string")
            ch = self.s[self.pos]
            self.pos += 1
            if ch == "\\":
                self.pos += 1
            elif ch == q:
                break
        raw = self.s[start:self.pos]
        cur.append(Text(_unquote(raw)))

    def number(self, cur: list) -> None:
        start = self.pos
        self.pos += 1
        while self.pos < len(self.s) and self.s[self.pos] not in _TERMINATORS:
            self.pos += 1
        text = self.s[start:self.pos]
        try:
            cur.append(Literal(int(text)))
        except ValueError:
            try:
                cur.append(Literal(float(text)))
            except ValueError:
                raise JSONPathError(f"cannot parse number {text}") from None

    def identifier(self, cur: list) -> None:
        start = self.pos
        while self.pos < len(self.s) and self.s[self.pos] not in _TERMINATORS:
            self.pos += 1
        word = self.s[start:self.pos]
        if word in ("true", "false"):
            cur.append(Literal(word == "true"))
        else:
            cur.append(Ident(word))


def _sub(text: str) -> list:
    nodes: list = []
    _Parser(text + "}").inside(nodes)
    return nodes


_SIMPLE_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a",
               "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unquote(raw: str) -> str:
    body = raw[1:-1]
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _SIMPLE_ESC:
                out.append(_SIMPLE_ESC[nxt])
                i += 2
                continue
            if nxt in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[nxt]
                try:
                    out.append(chr(int(body[i + 2:i + 2 + width], 16)))
                    i += 2 + width
                    continue
                except ValueError:
                    pass
            raise JSONPathError(f"unquote string {raw} error invalid syntax")
        out.append(ch)
        i += 1
    return "".join(out)


def parse(template: str) -> list:
    """Parse a template; raises JSONPathError with client-go's message."""
    return _Parser(template).parse_template()


def relaxed(expr: str) -> str:
    """RelaxedJSONPathExpression: `.a.b`, `a.b`, `{a.b}` all become `{.a.b}`."""
    if not expr:
        return expr
    m = re.match(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$", expr)
    if not m:
        raise JSONPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                            "'{name1.name2}' or '{.name1.name2}'")
    return "{." + (m.group(1) or m.group(2)) + "}"


# ---- evaluation --------------------------------------------------------------------------------

_MISSING = object()


class _Run:
    def __init__(self, allow_missing: bool) -> None:
        self.allow_missing = allow_missing
        self.begin_range = self.end_range = self.in_range = 0

    def find(self, nodes: list, data) -> list[list]:
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
                raise JSONPathError(f"{_go_v(value)} is not array or slice and cannot be filtered")
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


def _kind(v) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    return "other"


def _compare(left, right, op: str) -> bool:
    lk, rk = _kind(left), _kind(right)
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


def _go_v(value) -> str:
    """fmt's %v for unstructured data: `map[a:1 b:[x y]]`."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_go_v(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(_go_v(v) for v in value) + "]"
    return str(value)


go_v = _go_v


def text_of(value) -> str:
    """How PrintResults writes one value: maps and lists as compact JSON, the rest as %v."""
    if isinstance(value, (dict, list)):
        return compact(value)
    return _go_v(value)


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
