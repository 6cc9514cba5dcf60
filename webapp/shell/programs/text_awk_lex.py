"""awk's tokens: numbers, strings, names, keywords, operators and /regex/ literals (a `/` is a
regex where an operand may start, division elsewhere)."""
from __future__ import annotations

import re

_TOKEN = re.compile(r"""
    (?P<ws>[ \t]+|\\\n|\#[^\n]*)
  | (?P<nl>\n)
  | (?P<num>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\+\+|--|\+=|-=|\*=|/=|%=|\^=|==|!=|<=|>=|&&|\|\||!~|>>|[-+*/%^!<>=~?:,;(){}\[\]$|])
""", re.X)
_KEYWORDS = {"BEGIN", "END", "print", "printf", "if", "else", "while", "for", "in", "next",
             "exit", "delete", "getline", "do", "break", "continue"}
_FUNCS = {"length", "substr", "index", "split", "toupper", "tolower", "sprintf", "int", "sub",
          "gsub", "match", "sqrt", "exp", "log", "sin", "cos", "atan2", "system"}
_ESC = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", "r": "\r", "a": "\a", "b": "\b"}


class AwkError(Exception):
    pass


def lex(src: str) -> list[tuple[str, object]]:
    """(kind, value) tokens of an awk program, ending with ("eof", None); AwkError on bad text."""
    toks, i, prev = [], 0, None
    while i < len(src):
        if src[i] == "/" and (prev is None or prev[0] in ("op", "nl", "kw") and
                              prev[1] not in (")", "]", "$", "++", "--")):
            j, buf = i + 1, []
            while j < len(src) and src[j] != "/":
                if src[j] == "\\" and j + 1 < len(src):
                    buf.append(src[j:j + 2] if src[j + 1] != "/" else "/")
                    j += 2
                    continue
                if src[j] == "\n":
                    raise AwkError("runaway regular expression /" + "".join(buf)[:10] + " ...")
                buf.append(src[j])
                j += 1
            if j >= len(src):
                raise AwkError("runaway regular expression /" + "".join(buf)[:10] + " ...")
            prev = ("re", "".join(buf))
            toks.append(prev)
            i = j + 1
            continue
        m = _TOKEN.match(src, i)
        if not m:
            raise AwkError(f"syntax error at or near {src[i]}")
        i = m.end()
        kind = m.lastgroup
        text = m.group()
        if kind == "ws":
            continue
        if kind == "num":
            prev = ("num", float(text))
        elif kind == "str":
            prev = ("str", re.sub(r"\\(.)", lambda e: _ESC.get(e.group(1), "\\" + e.group(1)),
                                  text[1:-1]))
        elif kind == "name":
            prev = ("kw" if text in _KEYWORDS else "fn" if text in _FUNCS else "name", text)
        elif kind == "nl":
            prev = ("nl", "\n")
        else:
            prev = ("op", text)
        toks.append(prev)
    toks.append(("eof", None))
    return toks
