"""Go's fmt (Sprint, Sprintf, %v) over JSON-decoded values, and text/template's builtin functions
plus the two kubectl adds (`exists`, `base64decode`).

Values: dict/list/str/bool/None as encoding/json decodes into interface{}, float for every JSON
number (Go prints 80, 1e+06), int for template constants and len/index results, and MISSING for
an invalid reflect.Value (a missing map key: prints `<no value>`).
"""
from __future__ import annotations

import base64
import binascii
from urllib.parse import quote_plus

from .goyaml import go_float


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


class FuncError(Exception):
    """A builtin's error; the executor words it `error calling NAME: MESSAGE`."""


def type_name(v) -> str:
    """The dynamic Go type of a value (as %T / error messages print it)."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, list):
        return "[]interface {}"
    return "<nil>"


def go_v(v, top: bool = True) -> str:
    """fmt's %v."""
    if v is MISSING:
        return "<invalid reflect.Value>" if not top else "<no value>"
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return go_float(v, "g")
    if isinstance(v, dict):
        return "map[" + " ".join(f"{k}:{go_v(v[k], False)}" for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(go_v(x, False) for x in v) + "]"
    return str(v)


def sprint(args: list) -> str:
    """fmt.Sprint: spaces between operands when neither is a string."""
    out = []
    for i, a in enumerate(args):
        if i and not isinstance(a, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(go_v(a, False))
    return "".join(out)


def _pad(text: str, width: int | None, minus: bool, zero: bool = False) -> str:
    if width is None or len(text) >= width:
        return text
    if minus:
        return text + " " * (width - len(text))
    if zero:
        sign = text[0] if text[:1] in "+-" else ""
        return sign + "0" * (width - len(text)) + text[len(sign):]
    return " " * (width - len(text)) + text


def _bad(verb: str, v) -> str:
    return f"%!{verb}({type_name(v)}={go_v(v, False)})" if v is not None else f"%!{verb}(<nil>)"


def _format_one(verb: str, v, flags: str, width, prec) -> str:
    minus, plus, zero, sharp, space = ("-" in flags, "+" in flags, "0" in flags, "#" in flags, " " in flags)
    if verb == "s" and isinstance(v, (dict, list)):
        text = go_v(v, False)
    elif verb == "v":
        text = go_v(v, False)
        if plus and isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0:
            text = "+" + text
    elif verb == "s":
        if not isinstance(v, str):
            return _bad(verb, v)
        text = v if prec is None else v[:prec]
    elif verb == "q":
        if not isinstance(v, str):
            return _bad(verb, v)
        from ..flags import go_quote
        text = "`" + v + "`" if sharp and "`" not in v else go_quote(v)
    elif verb == "t":
        if not isinstance(v, bool):
            return _bad(verb, v)
        text = "true" if v else "false"
    elif verb in "dxXob c" and isinstance(v, int) and not isinstance(v, bool):
        base = {"d": 10, "x": 16, "X": 16, "o": 8, "b": 2, "c": 0}[verb]
        if base == 0:
            return chr(v)
        digits = {10: str(abs(v)), 16: f"{abs(v):x}", 8: f"{abs(v):o}", 2: f"{abs(v):b}"}[base]
        if verb == "X":
            digits = digits.upper()
        if sharp and base == 16:
            digits = "0" + verb + digits
        sign = "-" if v < 0 else ("+" if plus else (" " if space else ""))
        text = sign + digits
        return _pad(text, width, minus, zero and not minus)
    elif verb in "xX" and isinstance(v, str):
        text = v.encode().hex()
        text = text.upper() if verb == "X" else text
    elif verb in "fFeEgG" and isinstance(v, float):
        if verb in "gG" and prec is None:
            text = go_float(v, "g")
        else:
            text = f"{v:.{6 if prec is None else prec}{verb if verb != 'F' else 'f'}}"
            if verb in "eE":
                mant, _, exp = text.partition("e" if verb == "e" else "E")
                text = f"{mant}{verb}{exp[0]}{int(exp[1:]):02d}"
        if plus and v >= 0:
            text = "+" + text
        return _pad(text, width, minus, zero and not minus)
    else:
        return _bad(verb, v)
    return _pad(text, width, minus)


def sprintf(fmt: str, args: list) -> str:
    """fmt.Sprintf for the verbs templates use, with Go's %!verb(type=value) for mismatches."""
    out, i, argi, n = [], 0, 0, len(fmt)
    while i < n:
        ch = fmt[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        i += 1
        flags = ""
        while i < n and fmt[i] in "+-# 0":
            flags += fmt[i]
            i += 1
        width = prec = None
        while i < n and fmt[i].isdigit():
            width = (width or 0) * 10 + int(fmt[i])
            i += 1
        if i < n and fmt[i] == ".":
            i += 1
            prec = 0
            while i < n and fmt[i].isdigit():
                prec = prec * 10 + int(fmt[i])
                i += 1
        if i >= n:
            out.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        if verb == "%":
            out.append("%")
            continue
        if argi >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        out.append(_format_one(verb, args[argi], flags, width, prec))
        argi += 1
    if argi < len(args):
        extra = ", ".join(f"{type_name(a)}={go_v(a, False)}" if a is not None else "<nil>" for a in args[argi:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


# ---- truth and comparison ---------------------------------------------------------------------

def is_true(v) -> bool:
    if v is MISSING or v is None:
        return False
    if isinstance(v, (str, dict, list)):
        return len(v) > 0
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v != 0
    return True


def _kind(v) -> str:
    if v is MISSING or v is None:
        return "invalid"
    return scalar_kind(v)


def scalar_kind(v) -> str:
    """The comparison class of a value: bool, int, float, string, or other (maps, lists, nil)."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "string"
    return "other"


def eq(arg1, *rest) -> bool:
    if isinstance(arg1, (dict, list)):
        raise FuncError("invalid type for comparison")
    if not rest:
        raise FuncError("missing argument for comparison")
    k1 = _kind(arg1)
    for arg in rest:
        k2 = _kind(arg)
        if k1 != k2:
            if k1 != "invalid" and k2 != "invalid":
                raise FuncError("incompatible types for comparison")
            truth = False
        elif k1 == "invalid":
            truth = True
        elif k1 == "other":
            raise FuncError("invalid type for comparison")
        else:
            truth = arg1 == arg
        if truth:
            return True
    return False


def lt(a, b) -> bool:
    ka, kb = _kind(a), _kind(b)
    if "invalid" in (ka, kb) or "other" in (ka, kb):
        raise FuncError("invalid type for comparison")
    if ka != kb:
        raise FuncError("incompatible types for comparison")
    if ka == "bool":
        raise FuncError("invalid type for comparison")
    return a < b


def length(item) -> int:
    if item is MISSING:
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    if item is None:
        raise FuncError("len of nil pointer")
    if isinstance(item, str):
        return len(item.encode())
    if isinstance(item, (dict, list)):
        return len(item)
    raise FuncError(f"len of type {type_name(item)}")


def index(item, *indexes):
    if item is MISSING or item is None:
        raise FuncError("index of untyped nil")
    for ix in indexes:
        if item is None:
            raise FuncError("index of nil pointer")
        if isinstance(item, (list, str)):
            if ix is None or ix is MISSING:
                raise FuncError("cannot index slice/array with nil")
            if not isinstance(ix, int) or isinstance(ix, bool):
                raise FuncError(f"cannot index slice/array with type {type_name(ix)}")
            size = len(item.encode()) if isinstance(item, str) else len(item)
            if ix < 0 or ix >= size:
                raise FuncError(f"index out of range: {ix}")
            item = item.encode()[ix] if isinstance(item, str) else item[ix]
        elif isinstance(item, dict):
            if not isinstance(ix, str):
                raise FuncError(f"value has type {type_name(ix)}; should be string")
            item = item.get(ix)
        else:
            raise FuncError(f"can't index item of type {type_name(item)}")
    return item


def exists(item, *indexes) -> bool:
    """kubectl's `exists`: whether a path of map keys / list indexes is present."""
    for ix in indexes:
        if isinstance(item, dict) and isinstance(ix, str) and ix in item:
            item = item[ix]
        elif isinstance(item, list) and isinstance(ix, int) and 0 <= ix < len(item):
            item = item[ix]
        else:
            return False
    return True


def base64decode(v) -> str:
    if not isinstance(v, str):
        raise FuncError(f"wrong type for value; expected string; got {type_name(v)}")
    try:
        return base64.b64decode(v.encode(), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError) as e:
        raise FuncError(f"base64 decode failed: {e}") from None


def html_escape(args: list) -> str:
    s = sprint(args)
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;").replace("\0", "\uFFFD"))


# name -> (fixed argument count, variadic)
SIGNATURES = {
    "and": (1, True), "or": (1, True), "not": (1, False), "len": (1, False), "index": (1, True),
    "print": (0, True), "printf": (1, True), "println": (0, True), "eq": (1, True), "ne": (2, False),
    "lt": (2, False), "le": (2, False), "gt": (2, False), "ge": (2, False), "html": (0, True),
    "urlquery": (0, True), "exists": (1, True), "base64decode": (1, False),
}


def call(name: str, args: list):
    """Run a builtin on evaluated arguments (MISSING already mapped to nil where Go does)."""
    if name == "not":
        return not is_true(args[0])
    if name == "len":
        return length(args[0])
    if name == "index":
        return index(args[0], *args[1:])
    if name == "print":
        return sprint(args)
    if name == "println":
        return " ".join(go_v(a, False) for a in args) + "\n"
    if name == "printf":
        if not isinstance(args[0], str):
            raise FuncError(f"wrong type for value; expected string; got {type_name(args[0])}")
        return sprintf(args[0], args[1:])
    if name == "eq":
        return eq(args[0], *args[1:])
    if name == "ne":
        return not eq(args[0], args[1])
    if name == "lt":
        return lt(args[0], args[1])
    if name == "le":
        return lt(args[0], args[1]) or eq(args[0], args[1])
    if name == "gt":
        return not (lt(args[0], args[1]) or eq(args[0], args[1]))
    if name == "ge":
        return not lt(args[0], args[1])
    if name == "html":
        return html_escape(args)
    if name == "urlquery":
        return quote_plus(sprint(args))
    if name == "exists":
        return exists(args[0], *args[1:])
    if name == "base64decode":
        return base64decode(args[0])
    raise FuncError(f"{name} is not a defined function")
