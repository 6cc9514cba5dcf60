"""JSON as kubectl's `-o json` writes it: Go's json.MarshalIndent with 4 spaces, keys sorted,
`<`, `>` and `&` escaped as \\u003c, \\u003e, \\u0026 (Go escapes HTML by default)."""
from __future__ import annotations

from .goyaml import go_float, normalize

_ESC = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t",
        "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def quote(s: str) -> str:
    """encoding/json's string encoding."""
    out = ['"']
    for ch in s:
        if ch in _ESC:
            out.append(_ESC[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _number(f: float) -> str:
    if abs(f) != 0 and (abs(f) < 1e-6 or abs(f) >= 1e21):
        text = go_float(f, "e")
        # encoding/json cleans e-09 to e-9
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return text
    return go_float(f, "f")


def _encode(value, indent: str, step: str, parts: list[str]) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(str(value))
    elif isinstance(value, float):
        parts.append(_number(value))
    elif isinstance(value, str):
        parts.append(quote(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = indent + step
        parts.append("{")
        for i, key in enumerate(sorted(value)):
            parts.append(("," if i else "") + "\n" + inner + quote(key) + ": ")
            _encode(value[key], inner, step, parts)
        parts.append("\n" + indent + "}")
    elif isinstance(value, list):
        if not value:
            parts.append("[]")
            return
        inner = indent + step
        parts.append("[")
        for i, item in enumerate(value):
            parts.append(("," if i else "") + "\n" + inner)
            _encode(item, inner, step, parts)
        parts.append("\n" + indent + "]")
    else:
        parts.append(quote(str(value)))


def to_json(obj, step: str = "    ") -> str:
    """json.MarshalIndent(obj, "", step) plus the newline kubectl adds."""
    parts: list[str] = []
    _encode(normalize(obj), "", step, parts)
    return "".join(parts) + "\n"


def compact(obj) -> str:
    """json.Marshal (no spaces), as JSONPath prints maps and lists."""
    parts: list[str] = []
    _encode_compact(normalize(obj), parts)
    return "".join(parts)


def _encode_compact(value, parts: list[str]) -> None:
    if isinstance(value, dict):
        parts.append("{")
        for i, key in enumerate(sorted(value)):
            parts.append(("," if i else "") + quote(key) + ":")
            _encode_compact(value[key], parts)
        parts.append("}")
    elif isinstance(value, list):
        parts.append("[")
        for i, item in enumerate(value):
            if i:
                parts.append(",")
            _encode_compact(item, parts)
        parts.append("]")
    else:
        _encode(value, "", "", parts)
