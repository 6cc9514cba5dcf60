"""grep and sed, with POSIX basic/extended regular expressions mapped onto Python's."""
from __future__ import annotations

import re

from ..fs import resolve_path
from . import Proc, program
from .textio import bad_option, charge, flavor, missing_value, read_input, scan, split_lines

_POSIX_CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z",
                  "lower": "a-z", "space": r" \t\n\r\f\v", "blank": r" \t", "xdigit": "0-9A-Fa-f",
                  "punct": r"!-/:-@\[-`{-~", "print": r" -~", "graph": r"!-~", "cntrl": r"\x00-\x1f"}


class RegexError(Exception):
    pass


def posix_to_python(pattern: str, extended: bool) -> str:
    """Translates a POSIX BRE/ERE into Python syntax (classes, escaped groups, literal braces)."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            body = []
            while j < n and pattern[j] != "]":
                m = re.match(r"\[:(\w+):\]", pattern[j:])
                if m:
                    body.append(_POSIX_CLASSES.get(m.group(1), ""))
                    j += len(m.group())
                    continue
                body.append("\\\\" if pattern[j] == "\\" else pattern[j])
                j += 1
            if j >= n:
                raise RegexError("Unmatched [, [^, [:, [., or [=")
            head = "[^" if pattern[i + 1:i + 2] == "^" else "["
            start = i + (2 if head == "[^" else 1)
            first = pattern[start:start + 1]
            text = "".join(body)
            if first == "]":
                text = "\\]" + text[1:]
            out.append(head + text + "]")
            i = j + 1
            continue
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if not extended and nxt in "(){}|+?":
                out.append(nxt)
            elif nxt in "<>":
                out.append(r"\b")
            elif nxt.isdigit() or nxt in "wWsSb.*[]^$\\/":
                out.append("\\" + nxt)
            else:
                out.append(re.escape(nxt))
            i += 2
            continue
        if not extended and c in "(){}|+?":
            out.append("\\" + c)
        elif c == "*" and (not out or out[-1] in ("^", "(")):
            out.append("\\*")  # a leading * is literal
        else:
            out.append(c)
        i += 1
    return "".join(out)


def compile_posix(pattern: str, extended: bool, ignore_case: bool = False) -> re.Pattern:
    try:
        return re.compile(posix_to_python(pattern, extended), re.I if ignore_case else 0)
    except re.error as e:
        msg = str(e)
        if "unbalanced parenthesis" in msg or "missing )" in msg:
            raise RegexError("Unmatched ( or \\(") from None
        if "nothing to repeat" in msg or "multiple repeat" in msg:
            raise RegexError("Invalid preceding regular expression") from None
        raise RegexError("Invalid regular expression") from None


@program("grep", "show the lines that match a pattern",
         flags=("-i", "-v", "-c", "-n", "-E", "-F", "-o", "-q", "-w", "-x", "-l", "-h", "-H",
                "-e", "-m", "-s"))
def grep(proc: Proc) -> int:
    opts, operands, bad = scan(proc.argv[1:], "ivcnEFoqwxlhHsrRzaG", "em")
    usage = "[-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]..."
    if bad:
        if bad.startswith("missing:"):
            missing_value(proc, bad[-1], usage)
            return 2
        bad_option(proc, bad, usage)
        return 2
    patterns = opts.get("e*") or []
    if not patterns:
        if not operands:
            if flavor(proc) == "gnu":
                proc.err.write("Usage: grep [OPTION]... PATTERNS [FILE]...\n"
                               "Try 'grep --help' for more information.\n")
            else:
                bad_option(proc, "", usage)
            return 2
        patterns = [operands.pop(0)]
    expanded = [p for pat in patterns for p in pat.split("\n")]
    try:
        if "F" in opts:
            body = "|".join(re.escape(p) for p in expanded)
        else:
            body = "|".join("(?:" + posix_to_python(p, "E" in opts) + ")" for p in expanded)
        if "w" in opts:
            body = r"(?<!\w)(?:" + body + r")(?!\w)"
        if "x" in opts:
            body = "^(?:" + body + ")$"
        rx = re.compile(body, re.I if "i" in opts else 0)
    except (RegexError, re.error) as e:
        proc.err.write(f"grep: {e if isinstance(e, RegexError) else 'Invalid regular expression'}\n")
        return 2
    files = operands or ["-"]
    show_names = ("H" in opts or len(files) > 1) and "h" not in opts
    limit = int(opts["m"]) if "m" in opts and opts["m"].isdigit() else None
    matched_any, status_err = False, False
    for name in files:
        text = read_input(proc, name) if not ("s" in opts and name != "-") else \
            _quiet_read(proc, name)
        if text is None:
            status_err = True
            continue
        shown = "(standard input)" if name == "-" else name
        count = 0
        for number, line in enumerate(split_lines(text), 1):
            if limit is not None and count >= limit:
                break
            hit = rx.search(line) is not None
            if hit == ("v" in opts):
                continue
            count += 1
            matched_any = True
            if "q" in opts:
                return 0
            if "c" in opts or "l" in opts:
                continue
            prefix = (shown + ":" if show_names else "") + (f"{number}:" if "n" in opts else "")
            if "o" in opts and "v" not in opts:
                for m in rx.finditer(line):
                    if m.group():
                        proc.out.write(prefix + m.group() + "\n")
            else:
                proc.out.write(prefix + line + "\n")
        if "l" in opts and count:
            proc.out.write(shown + "\n")
        elif "c" in opts:
            proc.out.write((shown + ":" if show_names else "") + f"{count}\n")
    if status_err and not ("q" in opts and matched_any):
        return 2
    return 0 if matched_any else 1


def _quiet_read(proc: Proc, name: str) -> str | None:
    path = resolve_path(proc.cwd, name)
    text = proc.host.read_file(path)
    if text is not None:
        charge(proc, text)
    return text


# ---- sed

class _SedCommand:
    __slots__ = ("addr1", "addr2", "negate", "cmd", "regex", "repl", "flags", "text", "active")

    def __init__(self) -> None:
        self.addr1 = self.addr2 = None
        self.negate = False
        self.cmd, self.regex, self.repl, self.flags, self.text = "", None, "", "", ""
        self.active = False


def _sed_parse(script: str, extended: bool) -> list[_SedCommand]:
    cmds, i, n = [], 0, len(script)

    def address():
        nonlocal i
        if i < n and script[i].isdigit():
            m = re.match(r"\d+", script[i:])
            i += len(m.group())
            return int(m.group())
        if i < n and script[i] == "$":
            i += 1
            return "$"
        if i < n and script[i] in "/\\":
            delim = script[i] if script[i] == "/" else script[i + 1]
            i += 1 if script[i] == "/" else 2
            pat = _until(delim)
            return compile_posix(pat, extended)
        return None

    def _until(delim: str) -> str:
        nonlocal i
        buf = []
        while i < n and script[i] != delim:
            if script[i] == "\\" and i + 1 < n:
                buf.append(script[i:i + 2] if script[i + 1] != delim else delim)
                i += 2
                continue
            buf.append(script[i])
            i += 1
        if i >= n:
            raise RegexError(f"unterminated `{'s' if delim else ''}' command")
        i += 1
        return "".join(buf)

    while i < n:
        while i < n and script[i] in " \t\n;":
            i += 1
        if i >= n:
            break
        c = _SedCommand()
        c.addr1 = address()
        if c.addr1 is not None and i < n and script[i] == ",":
            i += 1
            c.addr2 = address()
        while i < n and script[i] == " ":
            i += 1
        if i < n and script[i] == "!":
            c.negate, i = True, i + 1
        if i >= n:
            raise RegexError("missing command")
        c.cmd = script[i]
        i += 1
        if c.cmd == "s":
            delim = script[i]
            i += 1
            pattern = _until(delim)
            c.repl = _until(delim)
            m = re.match(r"[gpiI0-9]*", script[i:])
            c.flags = m.group()
            i += len(c.flags)
            c.regex = compile_posix(pattern, extended, "i" in c.flags or "I" in c.flags)
        elif c.cmd in "aic":
            rest = script[i:].split("\n", 1)[0]
            c.text = rest.lstrip("\\").lstrip()
            i += len(rest)
        elif c.cmd in "pdqP=n":
            pass
        elif c.cmd in "}{":
            raise RegexError("unknown command: `" + c.cmd + "'")
        else:
            raise RegexError(f"unknown command: `{c.cmd}'")
        cmds.append(c)
    return cmds


def _expand_repl(repl: str, m: re.Match) -> str:
    out, i = [], 0
    while i < len(repl):
        ch = repl[i]
        if ch == "\\" and i + 1 < len(repl):
            nxt = repl[i + 1]
            if nxt.isdigit():
                out.append(m.group(int(nxt)) or "" if int(nxt) <= (m.re.groups or 0) else "")
            else:
                out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
            continue
        out.append(m.group(0) if ch == "&" else ch)
        i += 1
    return "".join(out)


def _matches(addr, number: int, line: str, last: bool) -> bool:
    if addr == "$":
        return last
    if isinstance(addr, int):
        return number == addr
    return addr.search(line) is not None


@program("sed", "stream editor (s///, p, d, q, addresses)", flags=("-n", "-e", "-E", "-r", "-i"))
def sed(proc: Proc) -> int:
    opts, operands, bad = scan(proc.argv[1:], "nErsi", "ef")
    if bad:
        if bad.startswith("missing:"):
            return missing_value(proc, bad[-1], "[-inrE] [-f FILE]... [-e CMD]... [FILE]...")
        return bad_option(proc, bad, "[-inrE] [-f FILE]... [-e CMD]... [FILE]...")
    scripts = opts.get("e*") or ([operands.pop(0)] if operands else [])
    if not scripts:
        proc.err.write("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n"
                       if flavor(proc) == "gnu" else "sed: no script specified\n")
        return 1 if flavor(proc) == "gnu" else 1
    try:
        cmds = _sed_parse("\n".join(scripts), "E" in opts or "r" in opts)
    except RegexError as e:
        proc.err.write(f"sed: -e expression #1, char {len(scripts[0])}: {e}\n"
                       if flavor(proc) == "gnu" else f"sed: {e}\n")
        return 1
    quiet = "n" in opts
    files = operands or ["-"]
    status = 0
    for name in (files if "i" in opts else [None]):
        if name is None:
            texts = []
            for f in files:
                t = read_input(proc, f)
                if t is None:
                    status = 2
                else:
                    texts.append(t)
            text = "".join(texts)
        else:
            text = read_input(proc, name)
            if text is None:
                status = 4
                continue
        out, quit_now = _sed_run(cmds, split_lines(text), quiet, proc)
        result = "".join(out)
        if name is None:
            proc.out.write(result)
        else:
            problem = proc.host.write_file(resolve_path(proc.cwd, name), result)
            if problem:
                proc.err.write(f"sed: couldn't open temporary file {name}: {problem}\n")
                status = 4
    return status


def _sed_run(cmds, lines: list[str], quiet: bool, proc: Proc):
    out = []
    total = len(lines)
    for number, line in enumerate(lines, 1):
        last = number == total
        deleted = False
        appended = []
        for c in cmds:
            if c.addr1 is None:
                selected = True
            elif c.addr2 is None:
                selected = _matches(c.addr1, number, line, last)
            else:
                if not c.active and _matches(c.addr1, number, line, last):
                    c.active = True
                    selected = True
                    if isinstance(c.addr2, int) and c.addr2 <= number:
                        c.active = False
                elif c.active:
                    selected = True
                    if _matches(c.addr2, number, line, last) or \
                            (isinstance(c.addr2, int) and number >= c.addr2):
                        c.active = False
                else:
                    selected = False
            if selected == c.negate:
                continue
            if c.cmd == "s":
                count = 0 if "g" in c.flags else int(re.sub(r"\D", "", c.flags) or 1)
                new, n = _substitute(c.regex, c.repl, line, count)
                line = new
                if n and "p" in c.flags:
                    out.append(line + "\n")
            elif c.cmd in "pP":
                out.append(line + "\n")
            elif c.cmd == "=":
                out.append(f"{number}\n")
            elif c.cmd == "d":
                deleted = True
                break
            elif c.cmd == "a":
                appended.append(c.text + "\n")
            elif c.cmd == "i":
                out.append(c.text + "\n")
            elif c.cmd == "c":
                out.append(c.text + "\n")
                deleted = True
                break
            elif c.cmd == "q":
                if not quiet:
                    out.append(line + "\n")
                return out + appended, True
        if not deleted and not quiet:
            out.append(line + "\n")
        out.extend(appended)
    return out, False


def _substitute(rx: re.Pattern, repl: str, line: str, count: int) -> tuple[str, int]:
    """count 0: all matches; N: only the Nth."""
    pieces, pos, seen, done = [], 0, 0, 0
    for m in rx.finditer(line):
        seen += 1
        if count and seen != count:
            continue
        pieces.append(line[pos:m.start()])
        pieces.append(_expand_repl(repl, m))
        pos = m.end()
        done += 1
        if count:
            break
    pieces.append(line[pos:])
    return "".join(pieces), done
