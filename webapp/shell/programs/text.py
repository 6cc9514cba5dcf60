"""Line tools: seq, yes, wc, head, tail, sort, uniq (GNU or busybox flavour).

cut/tr/tee are in text_fields.py, grep and sed in text_regex.py, awk in text_awk.py; this
module loads them."""
from __future__ import annotations

import re

from ..fs import resolve_path
from . import Proc, program
from .textio import (BUSYBOX_BANNER, bad_option, flavor, join_lines, missing_value,
                     read_input, scan, split_lines, usage_error)

_BLOCK = 1000  # lines written (and budget units charged) per step by endless producers


def _gnu_quote(text: str) -> str:
    return f"\u2018{text}\u2019"


def _seq_number(text: str):
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        return float(text)
    return None


@program("seq", "count from one number to another", flags=("-s", "-w"))
def seq(proc: Proc) -> int:
    args, sep, width = [], "\n", False
    argv = proc.argv[1:]
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "-w":
            width = True
        elif a == "-s" and i + 1 < len(argv):
            sep, i = argv[i + 1], i + 1
        elif a.startswith("-s") and len(a) > 2:
            sep = a[2:]
        elif a.startswith("-") and len(a) > 1 and not re.fullmatch(r"-[\d.]+", a):
            return bad_option(proc, a, "[-w] [-s SEP] [FIRST [INC]] LAST")
        else:
            args.append(a)
        i += 1
    if not args or len(args) > 3:
        if flavor(proc) == "gnu":
            text = "missing operand" if not args else f"extra operand {_gnu_quote(args[3])}"
            return usage_error(proc, text, "")
        proc.err.write(BUSYBOX_BANNER + "\nUsage: seq [-w] [-s SEP] [FIRST [INC]] LAST\n")
        return 1
    nums = []
    for a in args:
        n = _seq_number(a)
        if n is None:
            if flavor(proc) == "gnu":
                return usage_error(proc, f"invalid floating point argument: {_gnu_quote(a)}", "")
            proc.err.write(f"seq: invalid number '{a}'\n")
            return 1
        nums.append(n)
    first, step, last = (1, 1, nums[0]) if len(nums) == 1 else \
        (nums[0], 1, nums[1]) if len(nums) == 2 else tuple(nums)
    if step == 0:
        if flavor(proc) == "gnu":
            return usage_error(proc, f"invalid Zero increment value: {_gnu_quote(args[1])}", "")
        return 1
    decimals = max((len(a.split(".")[1]) if "." in a else 0) for a in args)
    fmt = (lambda v: f"{v:.{decimals}f}") if decimals or isinstance(step, float) else \
        (lambda v: str(int(v)))
    pad = max(len(fmt(first)), len(fmt(last))) if width else 0
    value, count, out = first, 0, []
    while (step > 0 and value <= last) or (step < 0 and value >= last):
        text = fmt(value)
        out.append(text.zfill(pad) if pad and not text.startswith("-") else text)
        count += 1
        if len(out) >= _BLOCK:
            proc.budget.spend(1 + len(out) // 100)
            proc.out.write(sep.join(out) + sep)
            out = []
        value = first + count * step
    if out:
        proc.budget.spend(1 + len(out) // 100)
        proc.out.write(sep.join(out))
    if count:
        proc.out.write("\n")
    return 0


@program("yes", "repeat a line forever (bounded by the output limit)")
def yes(proc: Proc) -> int:
    line = (" ".join(proc.argv[1:]) if len(proc.argv) > 1 else "y") + "\n"
    block = line * max(1, 4096 // len(line))
    while True:  # ends when the pipe is full or the output limit is reached
        proc.budget.spend()
        proc.out.write(block)


def _wc_counts(text: str) -> dict:
    lines = text.split("\n")
    return {"l": text.count("\n"), "w": len(text.split()), "m": len(text),
            "c": len(text.encode("utf-8", "surrogatepass")),
            "L": max((len(s.expandtabs()) for s in lines), default=0)}


@program("wc", "count lines, words and bytes", flags=("-l", "-w", "-c", "-m", "-L"))
def wc(proc: Proc) -> int:
    opts, files, bad = scan(proc.argv[1:], "lwcmL")
    if bad:
        return bad_option(proc, bad, "[-cmlwL] [FILE]...")
    order = [k for k in "lwmcL" if k in opts] or ["l", "w", "c"]
    inputs = files or ["-"]
    rows, status, regular_total, any_stdin = [], 0, 0, False
    for name in inputs:
        text = read_input(proc, name, "plain")
        if text is None:
            status = 1
            continue
        if name == "-":
            any_stdin = True
        else:
            regular_total += len(text.encode("utf-8", "surrogatepass"))
        rows.append((name if files else None, _wc_counts(text)))
    if len(rows) > 1 or (files and len(files) > 1):
        total = {k: sum(c[k] for _, c in rows) for k in "lwmc"}
        total["L"] = max((c["L"] for _, c in rows), default=0)
        rows.append(("total", total))
    if flavor(proc) == "busybox":
        one = len(order) == 1 and len(inputs) <= 1
        for name, counts in rows:
            cells = [f"{counts[k]}" if one else f"{counts[k]:9d}" for k in order]
            line = " ".join(cells)
            proc.out.write(line + (f" {name}\n" if name else "\n"))
        return status
    if len(order) == 1 and len(inputs) == 1:
        width = 1
    else:
        width = max(len(str(regular_total)), 7 if any_stdin else 1)
    for name, counts in rows:
        line = " ".join(f"{counts[k]:{width}d}" for k in order)
        proc.out.write(line + (f" {name}\n" if name else "\n"))
    return status


def _count_option(argv: list[str], letter: str) -> tuple[list[str], None]:
    """Turns `-5` into `-n 5` (the old head/tail form), but not the value of `-n -5`."""
    out = []
    for a in argv:
        if re.fullmatch(r"-\d+", a) and not (out and out[-1] in ("-n", "-c")):
            out += [f"-{letter}", a[1:]]
        else:
            out.append(a)
    return out, None


def _headers(proc: Proc, files: list[str], opts: dict) -> bool:
    return ("v" in opts) or (len(files) > 1 and "q" not in opts)


def _head_pick(items, sign: str, count: int):
    """head's slice of a file's bytes or lines: the first COUNT, or with -COUNT all but the last COUNT."""
    if sign == "-":
        return items[:-count] if count else items
    return items[:count]


def _tail_pick(items, sign: str, count: int):
    """tail's slice of a file's bytes or lines: the last COUNT, or with +COUNT all from the COUNTth on."""
    if sign == "+":
        return items[max(count - 1, 0):]
    return items[-count:] if count else items[:0]


def _head_or_tail(proc: Proc, tool: str, switches: str, pick) -> int:
    # head and tail share their options, their wording and the `==> FILE <==` headers
    argv, _ = _count_option(proc.argv[1:], "n")
    opts, files, bad = scan(argv, switches, "nc")
    if bad:
        return missing_value(proc, bad[-1], "[OPTIONS] [FILE]...") if bad.startswith("missing:") \
            else bad_option(proc, bad, "[OPTIONS] [FILE]...")
    count_text = opts.get("n", opts.get("c", "10"))
    m = re.fullmatch(r"([+-]?)(\d+)", count_text)
    if not m:
        if flavor(proc) == "gnu":
            what = "lines" if "n" in opts else "bytes"
            proc.err.write(f"{tool}: invalid number of {what}: {_gnu_quote(count_text)}\n")
        else:
            proc.err.write(f"{tool}: invalid number '{count_text}'\n")
        return 1
    sign, count = m.group(1), int(m.group(2))
    status, inputs = 0, files or ["-"]
    for n, name in enumerate(inputs):
        text = read_input(proc, name, "reading")
        if text is None:
            status = 1
            continue
        if _headers(proc, inputs, opts):
            shown = "standard input" if name == "-" else name
            proc.out.write(("\n" if n else "") + f"==> {shown} <==\n")
        if "c" in opts:
            data = text.encode("utf-8", "surrogatepass")
            proc.out.write(pick(data, sign, count).decode("utf-8", "replace"))
            continue
        lines = text.split("\n")
        chunks = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        proc.out.write("".join(pick(chunks, sign, count)))
    return status


@program("head", "first lines of input", flags=("-n", "-c", "-q", "-v"))
def head(proc: Proc) -> int:
    return _head_or_tail(proc, "head", "qv", _head_pick)


@program("tail", "last lines of input", flags=("-n", "-c", "-f", "-q", "-v", "-F"))
def tail(proc: Proc) -> int:
    return _head_or_tail(proc, "tail", "fFqv", _tail_pick)  # -f: a simulated file never grows, so we return at once


def _sort_key(line: str, opts: dict):
    field = line
    if "k" in opts:
        spec = opts["k"]
        m = re.match(r"(\d+)(?:\.\d+)?[a-z]*(?:,(\d+)(?:\.\d+)?[a-z]*)?", spec)
        if m:
            start = int(m.group(1)) - 1
            end = int(m.group(2)) if m.group(2) else None
            sep = opts.get("t")
            parts = line.split(sep) if sep else re.findall(r"\s*\S+", line)
            chosen = parts[start:end] if end else parts[start:]
            field = (sep or "").join(chosen) if sep else "".join(chosen)
            if "n" in opts or sep is None:
                field = field.lstrip() if "b" in opts or "n" in opts else field
    if "f" in opts:
        field = field.upper()
    if "n" in opts:
        m = re.match(r"\s*(-?\d+(?:\.\d+)?)", field)
        return (float(m.group(1)) if m else 0.0, )
    return (field, )


@program("sort", "sort lines", flags=("-n", "-r", "-u", "-k", "-t", "-f", "-b", "-s"))
def sort(proc: Proc) -> int:
    opts, files, bad = scan(proc.argv[1:], "nrufbsh", "kto")
    if bad:
        return missing_value(proc, bad[-1], "[-nrufbs] [-k KEY] [-t SEP] [FILE]...") \
            if bad.startswith("missing:") else bad_option(proc, bad, "[-nru] [FILE]...")
    lines, status = [], 0
    for name in files or ["-"]:
        text = read_input(proc, name, "sort")
        if text is None:
            status = 2
            continue
        lines += split_lines(text)
    reverse = "r" in opts
    if "s" in opts or "u" in opts:
        ordered = sorted(lines, key=lambda s: _sort_key(s, opts), reverse=reverse)
    else:  # GNU's last resort: equal keys are ordered by the whole line
        ordered = sorted(lines, key=lambda s: (_sort_key(s, opts), s), reverse=reverse)
    if "u" in opts:
        unique, seen = [], set()
        for line in ordered:
            key = _sort_key(line, opts)
            if key not in seen:
                seen.add(key)
                unique.append(line)
        ordered = unique
    text = join_lines(ordered)
    if "o" in opts:
        problem = proc.host.write_file(resolve_path(proc.cwd, opts["o"]), text)
        if problem:
            proc.err.write(f"sort: open failed: {opts['o']}: {problem}\n")
            return 2
        return status
    proc.out.write(text)
    return status


@program("uniq", "drop repeated adjacent lines", flags=("-c", "-d", "-u", "-i"))
def uniq(proc: Proc) -> int:
    opts, files, bad = scan(proc.argv[1:], "cdui")
    if bad:
        return bad_option(proc, bad, "[-cdu] [INPUT [OUTPUT]]")
    text = read_input(proc, files[0] if files else "-", "plain")
    if text is None:
        return 1
    groups: list[list] = []
    for line in split_lines(text):
        key = line.lower() if "i" in opts else line
        if groups and groups[-1][0] == key:
            groups[-1][2] += 1
        else:
            groups.append([key, line, 1])
    out = []
    for _, line, n in groups:
        if ("d" in opts and n < 2) or ("u" in opts and n > 1):
            continue
        out.append(f"{n:7d} {line}" if "c" in opts else line)
    proc.out.write(join_lines(out))
    return 0


from . import text_awk, text_fields, text_regex  # noqa: E402,F401  (they register themselves)
