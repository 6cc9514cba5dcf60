"""awk's values: numbers and strings convert into each other as awk converts them, and printf's
formatting on top of them."""
from __future__ import annotations

import re

_FMT = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXcseEfgG%])")


def to_num(v) -> float:
    if isinstance(v, float):
        return v
    m = re.match(r"\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+)", v or "")
    return float(m.group()) if m else 0.0


def to_str(v) -> str:
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e16:
            return str(int(v))
        return f"{v:.6g}"
    return v


def awk_format(fmt: str, args: list) -> str:
    out, pos, k = [], 0, 0
    for m in _FMT.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        flags, width, prec, conv = m.groups()
        if conv == "%":
            out.append("%")
            continue
        if width == "*":
            width = str(int(to_num(args[k]))) if k < len(args) else ""
            k += 1
        if prec == "*":
            prec = str(int(to_num(args[k]))) if k < len(args) else ""
            k += 1
        if width and int(width) > 4096:
            width = "4096"
        arg = args[k] if k < len(args) else ""
        k += 1
        spec = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
        if conv == "s":
            out.append((spec + "s") % to_str(arg))
        elif conv == "c":
            text = chr(int(to_num(arg))) if isinstance(arg, float) else to_str(arg)[:1]
            out.append((spec + "s") % text)
        elif conv in "diouxX":
            value = int(to_num(arg))
            out.append((spec + {"i": "d", "u": "d"}.get(conv, conv)) % value)
        else:
            out.append((spec + conv) % to_num(arg))
    out.append(fmt[pos:])
    return "".join(out)
