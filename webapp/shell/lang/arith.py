"""$(( ... )): integer arithmetic as sh does it (64-bit, C operators, names read as variables)."""
from __future__ import annotations

import re
from typing import Callable

_TOKEN = re.compile(r"\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|"
                    r"<<=|>>=|\*\*|&&|\|\||==|!=|<=|>=|<<|>>|\+=|-=|\*=|/=|%=|\+\+|--|"
                    r"[-+*/%()<>!~&|^=?:,])")
_BINARY = {  # operator: precedence (higher binds tighter)
    "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6,
    "<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8,
    "+": 9, "-": 9, "*": 10, "/": 10, "%": 10, "**": 11,
}
_ASSIGN = ("=", "+=", "-=", "*=", "/=", "%=")
_MASK = (1 << 64) - 1


class ArithError(Exception):
    """`kind` is 'syntax' or 'zero'; `token` the offending text."""

    def __init__(self, kind: str, token: str = "") -> None:
        super().__init__(kind)
        self.kind, self.token = kind, token


def _wrap(v: int) -> int:
    v &= _MASK
    return v - (1 << 64) if v >> 63 else v


def evaluate(text: str, get: Callable[[str], str | None], set_: Callable[[str, str], None],
             depth: int = 0) -> int:
    """Evaluates `text`; names are looked up with `get` (empty/unset is 0)."""
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or not m.group(1):
            raise ArithError("syntax", text[pos:].strip())
        tokens.append(m.group(1))
        pos = m.end()
    if not tokens:
        return 0
    p = _Eval(tokens, get, set_, depth)
    value = p.ternary()
    if p.i != len(tokens):
        raise ArithError("syntax", tokens[p.i])
    return value


class _Eval:
    def __init__(self, tokens, get, set_, depth) -> None:
        self.t, self.i, self.get, self.set, self.depth = tokens, 0, get, set_, depth

    def peek(self) -> str | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise ArithError("syntax", "")
        self.i += 1
        return tok

    def var(self, name: str) -> int:
        raw = (self.get(name) or "").strip()
        if not raw:
            return 0
        if re.fullmatch(r"-?\d+", raw):
            return _wrap(int(raw))
        if self.depth > 8:  # a variable naming itself
            raise ArithError("syntax", raw)
        return evaluate(raw, self.get, self.set, self.depth + 1)

    def ternary(self) -> int:
        if self.i + 1 < len(self.t) and _is_name(self.t[self.i]) and self.t[self.i + 1] in _ASSIGN:
            name, op = self.take(), self.take()
            rhs = self.ternary()
            value = rhs if op == "=" else _apply(op[0], self.var(name), rhs)
            self.set(name, str(value))
            return value
        cond = self.binary(1)
        if self.peek() == "?":
            self.take()
            a = self.ternary()
            if self.take() != ":":
                raise ArithError("syntax", ":")
            b = self.ternary()
            return a if cond else b
        return cond

    def binary(self, min_prec: int) -> int:
        left = self.unary()
        while True:
            op = self.peek()
            prec = _BINARY.get(op or "")
            if prec is None or prec < min_prec:
                return left
            self.take()
            right = self.binary(prec + (0 if op == "**" else 1))
            left = _apply(op, left, right)

    def unary(self) -> int:
        tok = self.take()
        if tok in ("-", "+", "!", "~"):
            v = self.unary()
            return {"-": -v, "+": v, "!": int(not v), "~": ~v}[tok]
        if tok in ("++", "--") and _is_name(self.peek() or ""):
            name = self.take()
            v = self.var(name) + (1 if tok == "++" else -1)
            self.set(name, str(v))
            return v
        if tok == "(":
            v = self.ternary()
            if self.take() != ")":
                raise ArithError("syntax", ")")
            return v
        if tok[0].isdigit():
            try:
                return _wrap(int(tok, 0) if not re.fullmatch(r"0\d+", tok) else int(tok, 8))
            except ValueError:
                raise ArithError("syntax", tok) from None
        if _is_name(tok):
            v = self.var(tok)
            if self.peek() in ("++", "--"):
                self.set(tok, str(v + (1 if self.take() == "++" else -1)))
            return v
        raise ArithError("syntax", tok)


def _is_name(tok: str) -> bool:
    return bool(tok) and (tok[0].isalpha() or tok[0] == "_")


def _apply(op: str, a: int, b: int) -> int:
    if op in ("/", "%"):
        if b == 0:
            raise ArithError("zero", str(b))
        q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)  # C truncates toward zero
        return _wrap(q if op == "/" else a - q * b)
    if op == "**":
        if b < 0:
            raise ArithError("syntax", str(b))
        return _wrap(pow(a, b, 1 << 64))  # modular: exact 64-bit wrap-around, and fast
    ops = {
        "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
        "<<": lambda: a << (b & 63), ">>": lambda: a >> (b & 63),
        "<": lambda: int(a < b), ">": lambda: int(a > b), "<=": lambda: int(a <= b),
        ">=": lambda: int(a >= b), "==": lambda: int(a == b), "!=": lambda: int(a != b),
        "&": lambda: a & b, "|": lambda: a | b, "^": lambda: a ^ b,
        "&&": lambda: int(bool(a and b)), "||": lambda: int(bool(a or b)),
    }
    return _wrap(ops[op]())
