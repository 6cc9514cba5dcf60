"""Field and character tools: cut, tr, tee (GNU or busybox flavour)."""
from __future__ import annotations

import re

from ..fs import resolve_path
from . import Proc, program
from .textio import (bad_option, charge, flavor, join_lines, missing_value, read_input, scan,
                     split_lines, usage_error)


def _gnu_quote(text: str) -> str:
    return f"\u2018{text}\u2019"


def _ranges(spec: str) -> list[tuple[int, int]] | None:
    out = []
    for piece in spec.split(","):
        m = re.fullmatch(r"(\d*)(-?)(\d*)", piece)
        if not m or not (m.group(1) or m.group(3)) or (not m.group(2) and not m.group(1)):
            return None
        lo = int(m.group(1)) if m.group(1) else 1
        hi = int(m.group(3)) if m.group(3) else (10 ** 9 if m.group(2) else lo)
        if lo == 0:
            return None
        out.append((lo, hi))
    return out


@program("cut", "select fields or characters of each line", flags=("-d", "-f", "-c", "-s"))
def cut(proc: Proc) -> int:
    opts, files, bad = scan(proc.argv[1:], "sn", "dfcb")
    if bad:
        return missing_value(proc, bad[-1], "[OPTIONS] [FILE]...") if bad.startswith("missing:") \
            else bad_option(proc, bad, "[OPTIONS] [FILE]...")
    spec = opts.get("f") or opts.get("c") or opts.get("b")
    if spec is None:
        return usage_error(proc, "you must specify a list of bytes, characters, or fields",
                           "[OPTIONS] [FILE]...")
    ranges = _ranges(spec)
    if ranges is None:
        if flavor(proc) == "gnu":
            return usage_error(proc, "invalid field range" if "-" in spec
                               else f"invalid field value {_gnu_quote(spec)}", "")
        proc.err.write(f"cut: invalid range '{spec}'\n" if "-" in spec else
                       "cut: fields and positions are numbered from 1\n")
        return 1
    delim = opts.get("d", "\t")
    if len(delim) != 1:
        return usage_error(proc, "the delimiter must be a single character", "")
    out, status = [], 0
    for name in files or ["-"]:
        text = read_input(proc, name, "plain")
        if text is None:
            status = 1
            continue
        for line in split_lines(text):
            if "f" in opts:
                if delim not in line:
                    if "s" not in opts:
                        out.append(line)
                    continue
                parts = line.split(delim)
                keep = [p for i, p in enumerate(parts, 1) if any(lo <= i <= hi for lo, hi in ranges)]
                out.append(delim.join(keep))
            else:
                out.append("".join(c for i, c in enumerate(line, 1)
                                   if any(lo <= i <= hi for lo, hi in ranges)))
    proc.out.write(join_lines(out))
    return status


_CLASSES = {"upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "lower": "abcdefghijklmnopqrstuvwxyz",
            "digit": "0123456789", "space": " \t\n\r\f\v", "blank": " \t",
            "punct": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"}
_CLASSES["alpha"] = _CLASSES["upper"] + _CLASSES["lower"]
_CLASSES["alnum"] = _CLASSES["alpha"] + _CLASSES["digit"]
_TR_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
           "v": "\v"}


def _tr_set(spec: str) -> str:
    chars, i = [], 0
    while i < len(spec):
        m = re.match(r"\[:(\w+):\]", spec[i:])
        if m and m.group(1) in _CLASSES:
            chars.extend(_CLASSES[m.group(1)])
            i += len(m.group())
            continue
        c = spec[i]
        if c == "\\" and i + 1 < len(spec):
            m = re.match(r"[0-7]{1,3}", spec[i + 1:])
            if m:
                c, i = chr(int(m.group(), 8)), i + len(m.group())
            else:
                c, i = _TR_ESC.get(spec[i + 1], spec[i + 1]), i + 1
        if i + 2 < len(spec) and spec[i + 1] == "-":
            end = spec[i + 2]
            if ord(end) >= ord(c):
                chars.extend(chr(k) for k in range(ord(c), min(ord(end), ord(c) + 65536) + 1))
                i += 3
                continue
        chars.append(c)
        i += 1
    return "".join(chars)


@program("tr", "swap or drop characters", flags=("-d", "-s", "-c"))
def tr(proc: Proc) -> int:
    opts, sets, bad = scan(proc.argv[1:], "dscC")
    if bad:
        return bad_option(proc, bad, "[-cds] STRING1 [STRING2]")
    need = 1 if "d" in opts or ("s" in opts and len(sets) == 1) else 2
    if len(sets) < need:
        if not sets:
            return usage_error(proc, "missing operand", "[-cds] STRING1 [STRING2]")
        return usage_error(proc, f"missing operand after {_gnu_quote(sets[0])}\n"
                           "Two strings must be given when translating.", "[-cds] STRING1 [STRING2]")
    text = proc.stdin
    charge(proc, text)
    set1 = _tr_set(sets[0])
    complement = "c" in opts or "C" in opts
    member = (lambda ch: ch not in set1) if complement else (lambda ch: ch in set1)
    if "d" in opts:
        text = "".join(ch for ch in text if not member(ch))
        squeeze = _tr_set(sets[1]) if len(sets) > 1 else ""
    elif len(sets) > 1:
        set2 = _tr_set(sets[1])
        if complement:
            text = "".join(set2[-1] if member(ch) and set2 else ch for ch in text)
        else:
            set2 = (set2 + set2[-1:] * len(set1))[:len(set1)] if set2 else set1
            table = dict(zip(set1, set2))
            text = "".join(table.get(ch, ch) for ch in text)
        squeeze = set2
    else:
        squeeze = set1
    if "s" in opts:
        out = []
        for ch in text:
            if out and out[-1] == ch and ch in squeeze:
                continue
            out.append(ch)
        text = "".join(out)
    proc.out.write(text)
    return 0


@program("tee", "copy input to files and output", flags=("-a",))
def tee(proc: Proc) -> int:
    opts, files, bad = scan(proc.argv[1:], "ai")
    if bad:
        return bad_option(proc, bad, "[-ai] [FILE]...")
    text, status = proc.stdin, 0
    charge(proc, text)
    for name in files:
        problem = proc.host.write_file(resolve_path(proc.cwd, name), text, append="a" in opts)
        if problem:
            proc.err.write(f"tee: {name}: {problem}\n" if flavor(proc) == "gnu"
                           else f"tee: can't open '{name}': {problem}\n")
            status = 1
    proc.out.write(text)
    return status
