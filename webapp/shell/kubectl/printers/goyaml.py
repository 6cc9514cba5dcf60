"""YAML exactly as kubectl's `-o yaml` writes it: sigs.k8s.io/yaml over gopkg.in/yaml.v2.

The object goes through JSON, then yaml.v2 emits it: map keys in yaml.v2's order (numbers inside
keys compared as numbers), block style, sequences not indented inside mappings, strings plain
unless they would read back as another type (`"80"`, `"true"`, `""`, timestamps) or contain
characters plain style forbids, long lines folded after column 80, multi-line strings as `|`.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal

_BEST_WIDTH = 80
_BREAKS = "\r\n\x85\u2028\u2029"
_BOOL_NULL = {"", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
              "true", "True", "TRUE", "n", "N", "no", "No", "NO", "off", "Off", "OFF",
              "false", "False", "FALSE", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
              "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"}
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
_BIN = re.compile(r"^-?0b[01]+$")
_TIMESTAMP = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}"
    r"(?:(?:[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))"
    r"|(?: \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?))?$")


def _resolves_to_str(s: str) -> bool:
    """yaml.v2's resolve(): would this text, written plain, read back as a string?"""
    if s in _BOOL_NULL:
        return False
    hint = s[:1]
    if hint == ".":
        return _FLOAT.match(s) is None
    if hint and (hint.isdigit() or hint in "+-"):
        if _TIMESTAMP.match(s):
            return False
        plain = s.replace("_", "")
        if _INT.match(plain) or _FLOAT.match(plain) or _BIN.match(plain):
            return False
    return True


def _printable(ch: str) -> bool:
    c = ord(ch)
    return (c == 0x0A or 0x20 <= c <= 0x7E or 0xA0 <= c <= 0xD7FF
            or (0xE000 <= c <= 0xFFFD and c != 0xFEFF))


def _analyze(s: str) -> tuple[bool, bool, bool]:
    """libyaml's scalar analysis: (block plain allowed, single quotes allowed, literal allowed)."""
    block_ind = s.startswith(("---", "..."))
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = special = line_breaks = False
    prev_space = prev_break = False
    preceded_ws = True
    n = len(s)
    for i, ch in enumerate(s):
        followed_ws = i + 1 >= n or s[i + 1] in " \t"
        if i == 0:
            if ch in "#,[]{}&*!|>'\"%@`":
                block_ind = True
            if ch in "?:" and followed_ws:
                block_ind = True
            if ch == "-" and followed_ws:
                block_ind = True
        else:
            if ch == ":" and followed_ws:
                block_ind = True
            if ch == "#" and preceded_ws:
                block_ind = True
        if not _printable(ch):
            special = True
        if ch == " ":
            leading_space |= i == 0
            trailing_space |= i == n - 1
            break_space |= prev_break
            prev_space, prev_break = True, False
        elif ch in _BREAKS:
            line_breaks = True
            leading_break |= i == 0
            trailing_break |= i == n - 1
            space_break |= prev_space
            prev_space, prev_break = False, True
        else:
            prev_space = prev_break = False
        preceded_ws = ch in " \t" or ch in _BREAKS
    plain = single = block = True
    if leading_space or leading_break or trailing_space or trailing_break:
        plain = False
    if trailing_space:
        block = False
    if break_space:
        plain = single = False
    if space_break or special:
        plain = single = block = False
    if line_breaks or block_ind:
        plain = False
    return plain, single, block


def scalar_style(s: str, simple_key: bool = False) -> str:
    """'plain', 'single', 'double' or 'literal', as yaml.v2 picks for a string."""
    can_plain = _resolves_to_str(s) and not _BASE60.match(s)
    plain_ok, single_ok, block_ok = _analyze(s)
    if "\n" in s:
        style = "literal"
    elif can_plain:
        style = "plain"
    else:
        style = "double"
    if style == "plain" and (not plain_ok or (s == "" and simple_key)):
        style = "single"
    if style == "single" and not single_ok:
        style = "double"
    if style == "literal" and (not block_ok or simple_key):
        style = "double"
    return style


_ESCAPES = {0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r",
            0x1B: "e", 0x22: '"', 0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P"}


def _key_less(a, b) -> bool:
    """yaml.v2's keyList.Less for the string keys JSON objects have."""
    ar, br = str(a), str(b)
    for i in range(min(len(ar), len(br))):
        ca, cb = ar[i], br[i]
        if ca == cb:
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and ar[j].isdigit():
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and ar[ai].isdigit():
            an = an * 10 + int(ar[ai])
            ai += 1
        bi = i
        while bi < len(br) and br[bi].isdigit():
            bn = bn * 10 + int(br[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(ar) < len(br)


_KEY_ORDER = functools.cmp_to_key(lambda a, b: -1 if _key_less(a, b) else (1 if _key_less(b, a) else 0))


def _shortest(f: float) -> tuple[str, int]:
    """The shortest digits that read back as f, and the decimal point position (Go's digs.dp)."""
    sign, digits, exp = Decimal(repr(abs(f))).normalize().as_tuple()
    text = "".join(map(str, digits)) or "0"
    return text, len(text) + exp


def go_float(f: float, fmt: str = "g") -> str:
    """strconv.FormatFloat(f, fmt, -1, 64) for fmt 'g' (yaml.v2), 'e' or 'f' (encoding/json)."""
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    neg = "-" if f < 0 else ""
    if f == 0:
        return neg + "0"
    digits, dp = _shortest(f)
    exp = dp - 1
    if fmt == "e" or (fmt == "g" and (exp < -4 or exp >= 6)):
        mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{neg}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if dp <= 0:
        return f"{neg}0.{'0' * -dp}{digits}"
    if dp >= len(digits):
        return neg + digits + "0" * (dp - len(digits))
    return f"{neg}{digits[:dp]}.{digits[dp:]}"


def normalize(value):
    """What a JSON round trip leaves: tuples as lists, integral floats as ints."""
    if isinstance(value, dict):
        return {str(k): normalize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalize(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 63:
        return int(value)
    return value


class _Emitter:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.col = 0

    def put(self, text: str) -> None:
        self.parts.append(text)
        self.col += len(text)

    def newline(self, indent: int) -> None:
        self.parts.append("\n" + " " * indent)
        self.col = indent

    # -- scalars
    def scalar(self, value, indent: int, simple_key: bool = False) -> None:
        if value is None:
            self.put("null")
        elif value is True:
            self.put("true")
        elif value is False:
            self.put("false")
        elif isinstance(value, int):
            self.put(str(value))
        elif isinstance(value, float):
            text = go_float(value)
            self.put({"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text))
        else:
            self.string(str(value), indent, simple_key)

    def string(self, s: str, indent: int, simple_key: bool) -> None:
        style = scalar_style(s, simple_key)
        breaks_ok = not simple_key
        if style == "plain":
            self._folded(s, indent, breaks_ok, quote="")
        elif style == "single":
            self._folded(s.replace("'", "''"), indent, breaks_ok, quote="'")
        elif style == "double":
            self._double(s, indent, breaks_ok)
        else:
            self._literal(s, indent)

    def _folded(self, s: str, indent: int, breaks_ok: bool, quote: str) -> None:
        self.put(quote)
        spaces = False
        n = len(s)
        for i, ch in enumerate(s):
            if ch == " ":
                nxt_space = i + 1 < n and s[i + 1] == " "
                edge_ok = (i > 0 and i < n - 1) if quote else True
                if breaks_ok and not spaces and self.col > _BEST_WIDTH and not nxt_space and edge_ok:
                    self.newline(indent)
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put(ch)
                spaces = False
        self.put(quote)

    def _double(self, s: str, indent: int, breaks_ok: bool) -> None:
        self.put('"')
        spaces = False
        n = len(s)
        for i, ch in enumerate(s):
            c = ord(ch)
            if not _printable(ch) or c == 0xFEFF or ch in _BREAKS or ch in '"\\':
                if c in _ESCAPES:
                    self.put("\\" + _ESCAPES[c])
                elif c <= 0xFF:
                    self.put(f"\\x{c:02X}")
                elif c <= 0xFFFF:
                    self.put(f"\\u{c:04X}")
                else:
                    self.put(f"\\U{c:08X}")
                spaces = False
            elif ch == " ":
                if breaks_ok and not spaces and self.col > _BEST_WIDTH and 0 < i < n - 1:
                    self.newline(indent)
                    if s[i + 1] == " ":
                        self.put("\\")
                else:
                    self.put(ch)
                spaces = True
            else:
                self.put(ch)
                spaces = False
        self.put('"')

    def _literal(self, s: str, indent: int) -> None:
        self.put("|")
        if s[:1] in (" ",) or s[:1] in _BREAKS:
            self.put("2")
        if not s or s[-1] not in _BREAKS:
            self.put("-")
        elif len(s) == 1 or s[-2] in _BREAKS:
            self.put("+")
        lines = s.split("\n")
        if s.endswith("\n"):
            lines.pop()
        for line in lines:
            if line:
                self.newline(indent)
                self.put(line)
            else:
                self.parts.append("\n")
                self.col = 0

    # -- collections
    def node(self, value, indent: int) -> None:
        """A value whose first character goes at the current position (a `- ` item or top level)."""
        if isinstance(value, dict) and value:
            self.mapping(value, indent)
        elif isinstance(value, list) and value:
            self.sequence(value, indent)
        elif isinstance(value, dict):
            self.put("{}")
        elif isinstance(value, list):
            self.put("[]")
        else:
            self.scalar(value, indent)

    def mapping(self, d: dict, indent: int) -> None:
        for i, key in enumerate(sorted(d, key=_KEY_ORDER)):
            if i:
                self.newline(indent)
            self.scalar(key, indent, simple_key=True)
            self.put(":")
            value = d[key]
            if isinstance(value, dict) and value:
                self.newline(indent + 2)
                self.mapping(value, indent + 2)
            elif isinstance(value, list) and value:
                self.newline(indent)
                self.sequence(value, indent)
            else:
                self.put(" ")
                self.node(value, indent + 2)

    def sequence(self, items: list, indent: int) -> None:
        for i, item in enumerate(items):
            if i:
                self.newline(indent)
            self.put("- ")
            self.node(item, indent + 2)


def to_yaml(obj) -> str:
    """The YAML document kubectl prints for an object (ends with a newline)."""
    em = _Emitter()
    em.node(normalize(obj), 0)
    return "".join(em.parts) + "\n"
