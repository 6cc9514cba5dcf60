"""kubectl's JSONPath templates (client-go util/jsonpath): the parser (`jsonpath.py` executes).

Supported as kubectl does: text outside `{}`, `.field` (with `\\.` escapes), `['key']`, `[n]`,
`[a:b:c]`, `[*]`, `.*`, `..field`, unions `[a,b]`, filters `[?(@.x == "y")]` / `[?(@.x)]`,
`{range ...}{end}`, quoted strings `{"\\n"}`, `@` and `$`. Missing keys give nothing (kubectl's
`--allow-missing-template-keys=true`); errors carry client-go's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field



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
                raise JSONPathError(f"unrecognized character in action: U+{ord(ch):04X} {ch!r}")

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
