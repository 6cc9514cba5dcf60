"""Word expansion: ~, $VAR and ${VAR...}, $(...), $((...)), field splitting, `*` globbing.

A word expands to chunks (text, kind): kind 'lit' (unquoted text: globbed, not split), 'exp'
(unquoted expansion result: split and globbed), 'q' (quoted: neither). BREAK separates the
fields of "$@".
"""
from __future__ import annotations

import fnmatch
import re
from typing import TYPE_CHECKING

from ..programs import LimitExceeded
from .arith import ArithError, evaluate
from .ast import Arith, CmdSub, Lit, Param
from .errors import shell_prefix

if TYPE_CHECKING:
    from .interp import Interpreter

BREAK = ("", "break")
MAX_WORD = 1 << 20  # one expanded word may not exceed this many characters


class ExpansionError(Exception):
    """An expansion failed (${X:?}, bad arithmetic): the message is printed, the command fails."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def word_chunks(sh: "Interpreter", word: tuple, first: bool = True) -> list:
    chunks: list = []
    for index, part in enumerate(word):
        if isinstance(part, Lit):
            text = part.text
            if first and index == 0 and not part.quoted and text.startswith("~"):
                text = _tilde(sh, text)
            chunks.append((text, "q" if part.quoted else "lit"))
        elif isinstance(part, Param):
            chunks.extend(_param(sh, part))
        elif isinstance(part, CmdSub):
            text = sh.command_substitution(part.script)
            chunks.append((text, "q" if part.quoted else "exp"))
        elif isinstance(part, Arith):
            expr = "".join(t for t, _ in word_chunks(sh, part.expr, False))
            chunks.append((str(_arith(sh, expr)), "q" if part.quoted else "exp"))
    if sum(len(t) for t, _ in chunks) > MAX_WORD:
        raise LimitExceeded(f"word too long (more than {MAX_WORD} characters)")
    return chunks


def _tilde(sh: "Interpreter", text: str) -> str:
    head, sep, tail = text.partition("/")
    if head == "~":
        return (sh.state.get("HOME") or sh.host.home) + sep + tail
    return text


def _arith(sh: "Interpreter", expr: str) -> int:
    try:
        return evaluate(expr, sh.state.get, sh.state.set)
    except ArithError as e:
        flavor = sh.flavor
        if e.kind == "zero":
            msg = {"bash": f"bash: {expr.strip()}: division by 0 (error token is \"{e.token}\")",
                   "dash": "sh: 1: arithmetic expression: division by zero: "
                           f"\"{expr.strip()}\""}.get(flavor, "sh: divide by zero")
        else:
            msg = {"bash": f"bash: {expr.strip()}: syntax error: operand expected "
                           f"(error token is \"{e.token}\")",
                   "dash": "sh: 1: arithmetic expression: expecting primary: "
                           f"\"{expr.strip()}\""}.get(flavor, "sh: arithmetic syntax error")
        raise ExpansionError(msg, 1 if flavor == "bash" else 2) from None


def _special(sh: "Interpreter", name: str) -> str | None:
    st = sh.state
    if name == "?":
        return str(st.last_status)
    if name == "$":
        return str(st.pid)
    if name == "#":
        return str(len(st.positional))
    if name in "@*":
        return " ".join(st.positional)
    if name == "0":
        return st.script_name
    if name.isdigit():
        n = int(name)
        return st.positional[n - 1] if n <= len(st.positional) else None
    if name == "!":
        return ""
    if name == "-":
        return "hB" if sh.flavor == "bash" else ""
    return st.get(name)


def _param(sh: "Interpreter", part: Param) -> list:
    kind = "q" if part.quoted else "exp"
    if part.name == "@" and part.quoted and not part.op:
        chunks: list = []
        for n, arg in enumerate(sh.state.positional):
            if n:
                chunks.append(BREAK)
            chunks.append((arg, "q"))
        return chunks or [("", "drop")]
    value = _special(sh, part.name)
    op = part.op
    if op == "#" and part.arg is None:
        return [(str(len(value or "")), kind)]
    if op in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
        is_set = value is not None
        usable = is_set and (value != "" or not op.startswith(":"))
        base = op.lstrip(":")
        if base == "-":
            return _param_word(sh, part) if not usable else [(value, kind)]
        if base == "=":
            if usable:
                return [(value, kind)]
            new = "".join(t for t, _ in word_chunks(sh, part.arg or (), False))
            sh.state.set(part.name, new)
            return [(new, kind)]
        if base == "+":
            return _param_word(sh, part) if usable else []
        if not usable:  # ?
            text = "".join(t for t, _ in word_chunks(sh, part.arg or (), False))
            if not text:
                text = "parameter null or not set" if sh.flavor == "bash" else "parameter not set"
            raise ExpansionError(f"{shell_prefix(sh.flavor)}{part.name}: {text}",
                                 1 if sh.flavor == "bash" else 2)
        return [(value, kind)]
    if op in ("#", "##", "%", "%%"):
        pattern = _pattern(sh, part.arg or ())
        return [(_strip(value or "", pattern, op), kind)]
    return [(value, kind)] if value is not None else []


def _param_word(sh: "Interpreter", part: Param) -> list:
    chunks = word_chunks(sh, part.arg or (), False)
    if part.quoted:
        return [(t, "q") for t, _ in chunks]
    return [(t, "exp" if k == "lit" else k) for t, k in chunks]


def _strip(value: str, pattern: str, op: str) -> str:
    rx = re.compile(fnmatch.translate(pattern), re.S)
    spans = range(len(value) + 1)
    if op in ("#", "##"):
        order = spans if op == "#" else reversed(spans)
        for k in order:
            if rx.match(value[:k]):
                return value[k:]
    else:
        order = reversed(spans) if op == "%" else spans
        for k in order:
            if rx.match(value[k:]):
                return value[:k]
    return value


def _pattern(sh: "Interpreter", word: tuple) -> str:
    """A glob pattern from a word: quoted characters match themselves."""
    out = []
    for text, kind in word_chunks(sh, word, False):
        out.append(text if kind in ("lit", "exp") else "".join(
            "[" + c + "]" if c in "*?[" else c for c in text))
    return "".join(out)


def expand_word(sh: "Interpreter", word: tuple) -> str:
    """One string: no splitting, no globbing (assignments, heredocs, redirection targets)."""
    if len(word) == 1 and type(word[0]) is Lit:  # fast path: `> /dev/null`
        part = word[0]
        if (part.quoted or not part.text.startswith("~")) and len(part.text) <= MAX_WORD:
            return part.text
    return "".join(t for t, k in word_chunks(sh, word) if k != "break")


def expand_pattern(sh: "Interpreter", word: tuple) -> str:
    return _pattern(sh, word)


def expand_words(sh: "Interpreter", words) -> list[str]:
    """Fields for a command's argv or a `for` list: split on IFS, then globbed."""
    ifs = sh.state.get("IFS")
    ifs = " \t\n" if ifs is None else ifs
    fields: list[str] = []
    for word in words:
        sh.budget.spend()
        if len(word) == 1 and type(word[0]) is Lit:  # fast path: one plain literal is one field
            part = word[0]
            text = part.text
            if len(text) <= MAX_WORD and (part.quoted or (
                    text and text[0] != "~" and "*" not in text and "?" not in text)):
                fields.append(text)
                continue
        current: list = []      # chunks of the field being built
        started = False         # a field exists (even if empty, when quoted)
        for text, kind in word_chunks(sh, word):
            if kind == "break":
                fields.extend(_finish(sh, current))
                current, started = [], True
                continue
            if kind == "drop":
                continue
            if kind == "exp" and ifs:
                pieces = _split(text, ifs)
                for piece in pieces:
                    if piece is None:  # a separator
                        if started or current:
                            fields.extend(_finish(sh, current))
                        current, started = [], False
                    elif piece:
                        current.append((piece, kind))
                        started = True
                continue
            if text or kind == "q":
                current.append((text, kind))
                started = True
        if started or current:
            fields.extend(_finish(sh, current))
    return fields


def _split(text: str, ifs: str) -> list:
    """Splits text on IFS characters: pieces, with None for each separator (runs collapse)."""
    out: list = []
    buf: list[str] = []
    for c in text:
        if c in ifs:
            out.append("".join(buf))
            out.append(None)
            buf = []
        else:
            buf.append(c)
    out.append("".join(buf))
    return out


def _finish(sh: "Interpreter", chunks: list) -> list[str]:
    text = "".join(t for t, _ in chunks)
    if not any(k != "q" and any(c in t for c in "*?") for t, k in chunks):
        return [text]
    matches = sh.glob(chunks)
    return matches if matches else [text]


def glob_regex(chunks: list) -> "re.Pattern":
    rx = []
    for text, kind in chunks:
        for c in text:
            if kind == "q":
                rx.append(re.escape(c))
            elif c == "*":
                rx.append("[^/]*")
            elif c == "?":
                rx.append("[^/]")
            else:
                rx.append(re.escape(c))
    return re.compile("".join(rx), re.S)
