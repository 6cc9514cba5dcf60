"""Go's text/template lexer (text/template/parse/lex.go): the tokens of a template, ending at EOF
or at the first lexical error (an "error" token with Go's message, as the lexer stops there)."""
from __future__ import annotations

from dataclasses import dataclass

NAME = "output"          # kubectl names its template "output"

_KEYWORDS = {".": "dot", "block": "block", "break": "break", "continue": "continue", "define": "define",
             "else": "else", "end": "end", "if": "if", "range": "range", "nil": "nil",
             "template": "template", "with": "with"}
_SPACE = " \t\r\n"


class TemplateParseError(Exception):
    """str() is text/template's parse error (`template: output:LINE: ...`)."""


@dataclass
class Tok:
    typ: str        # text leftDelim rightDelim space field variable identifier string rawString
    val: str        # number char bool dot nil pipe assign declare leftParen rightParen
    pos: int        # comment error eof, or a keyword
    line: int

    def __str__(self) -> str:
        if self.typ == "eof":
            return "EOF"
        if self.typ == "error":
            return self.val
        if self.typ in _KEYWORDS.values():
            return f"<{self.val}>"
        if len(self.val) > 10:
            return _go_quote(self.val[:10]) + "..."
        return _go_quote(self.val)


def _go_quote(s: str) -> str:
    from ..flags import go_quote
    return go_quote(s)


def _is_alnum(ch: str) -> bool:
    return ch == "_" or ch.isalnum()


def lex(text: str) -> list[Tok]:
    """All tokens up to EOF or the first lexical error (Go's lexer stops there too)."""
    toks: list[Tok] = []
    pos, n = 0, len(text)

    def line_at(p: int) -> int:
        return 1 + text.count("\n", 0, p)

    def emit(typ: str, start: int, end: int) -> None:
        toks.append(Tok(typ, text[start:end], start, line_at(start)))

    def fail(msg: str, at: int) -> list[Tok]:
        toks.append(Tok("error", msg, at, line_at(at)))
        return toks

    while True:
        # text up to the next "{{"
        i = text.find("{{", pos)
        if i < 0:
            if pos < n:
                emit("text", pos, n)
            toks.append(Tok("eof", "", n, line_at(n)))
            return toks
        trim = text[i + 2:i + 3] == "-" and text[i + 3:i + 4] in tuple(_SPACE) and i + 3 < n
        end = i
        if trim:
            while end > pos and text[end - 1] in _SPACE:
                end -= 1
        if end > pos:
            emit("text", pos, end)
        pos = i + 2
        after = 2 if trim else 0
        if text.startswith("/*", pos + after):
            pos += after
            close = text.find("*/", pos + 2)
            if close < 0:
                return fail("unclosed comment", i)
            pos = close + 2
            rtrim = text[pos:pos + 1] in tuple(_SPACE) and text[pos + 1:pos + 2] == "-" and text.startswith("}}", pos + 2)
            if not rtrim and not text.startswith("}}", pos):
                return fail("comment ends before closing delimiter", i)
            pos += (2 if rtrim else 0) + 2
            if rtrim:
                while pos < n and text[pos] in _SPACE:
                    pos += 1
            continue
        emit("leftDelim", i, i + 2)
        pos += after
        depth = 0
        action_start = i
        while True:
            # at a right delimiter?
            rtrim = pos + 1 < n and text[pos] in _SPACE and text[pos + 1] == "-" and text.startswith("}}", pos + 2)
            if rtrim or text.startswith("}}", pos):
                if depth:
                    return fail("unclosed left paren", pos)
                if rtrim:
                    pos += 2
                emit("rightDelim", pos, pos + 2)
                pos += 2
                if rtrim:
                    while pos < n and text[pos] in _SPACE:
                        pos += 1
                break
            if pos >= n:
                msg = "unclosed action"
                if line_at(action_start) != line_at(n):
                    msg += f" started at {NAME}:{line_at(action_start)}"
                return fail(msg, n)
            ch = text[pos]
            start = pos
            if ch in _SPACE:
                while pos < n and text[pos] in _SPACE:
                    pos += 1
                # " -}}": leave the last space to the trim marker
                if text[pos - 1:pos] in tuple(_SPACE) and text[pos:pos + 1] == "-" and text.startswith("}}", pos + 1):
                    pos -= 1
                    if pos == start:
                        continue
                emit("space", start, pos)
                continue
            pos += 1
            if ch == "=":
                emit("assign", start, pos)
            elif ch == ":":
                if text[pos:pos + 1] != "=":
                    return fail("expected :=", pos)
                pos += 1
                emit("declare", start, pos)
            elif ch == "|":
                emit("pipe", start, pos)
            elif ch == '"':
                pos = _quoted_end(text, pos, '"')
                if pos < 0:
                    return fail("unterminated quoted string", start)
                emit("string", start, pos)
            elif ch == "`":
                close = text.find("`", pos)
                if close < 0:
                    return fail("unterminated raw quoted string", start)
                pos = close + 1
                emit("rawString", start, pos)
            elif ch == "'":
                pos = _quoted_end(text, pos, "'")
                if pos < 0:
                    return fail("unterminated character constant", start)
                emit("charConst", start, pos)
            elif ch in "$.":
                if ch == "." and text[pos:pos + 1].isdigit():
                    pos = start
                    pos = _lex_number(text, pos)
                    if pos < 0:
                        return fail(f"bad number syntax: {_go_quote(text[start:-pos])}", start)
                    emit("number", start, pos)
                    continue
                while pos < n and _is_alnum(text[pos]):
                    pos += 1
                if not _at_terminator(text, pos):
                    return fail(f"bad character {_unicode(text[pos])}", pos)
                if ch == "." and pos == start + 1:
                    emit("dot", start, pos)
                else:
                    emit("variable" if ch == "$" else "field", start, pos)
            elif ch in "+-" or ch.isdigit():
                pos = _lex_number(text, start)
                if pos < 0:
                    return fail(f"bad number syntax: {_go_quote(text[start:-pos])}", start)
                emit("number", start, pos)
            elif _is_alnum(ch):
                while pos < n and _is_alnum(text[pos]):
                    pos += 1
                if not _at_terminator(text, pos):
                    return fail(f"bad character {_unicode(text[pos])}", pos)
                word = text[start:pos]
                typ = _KEYWORDS.get(word) or ("bool" if word in ("true", "false") else "identifier")
                emit(typ, start, pos)
            elif ch == "(":
                depth += 1
                emit("leftParen", start, pos)
            elif ch == ")":
                depth -= 1
                if depth < 0:
                    return fail(f"unexpected right paren {_unicode(ch)}", start)
                emit("rightParen", start, pos)
            elif ch.isprintable() and ord(ch) < 128:
                emit("char", start, pos)
            else:
                return fail(f"unrecognized character in action: {_unicode(ch)}", start)


def _quoted_end(text: str, pos: int, quote: str) -> int:
    """Just past the `quote` closing a quoted token whose body starts at pos; -1 when a newline or
    the end of the text comes first. A backslash escapes the next character."""
    while True:
        c = text[pos:pos + 1]
        pos += 1
        if c == "\\" and text[pos:pos + 1] not in ("", "\n"):
            pos += 1
            continue
        if c in ("", "\n"):
            return -1
        if c == quote:
            return pos


def _unicode(ch: str) -> str:
    """Go's %#U: U+0023 '#'."""
    return f"U+{ord(ch):04X} '{ch}'" if ch.isprintable() else f"U+{ord(ch):04X}"


def _at_terminator(text: str, pos: int) -> bool:
    if pos >= len(text):
        return True
    return text[pos] in _SPACE + ".,|:)(" or text[pos] == "}"


def _lex_number(text: str, pos: int) -> int:
    """End of the number at pos, or -(end) when it is malformed (Go's scanNumber)."""
    n = len(text)
    if text[pos:pos + 1] in ("+", "-"):
        pos += 1
    digits = "0123456789_"
    if text[pos:pos + 1] == "0" and text[pos + 1:pos + 2] in ("x", "X", "o", "O", "b", "B"):
        digits = {"x": "0123456789abcdefABCDEF_", "o": "01234567_", "b": "01_"}[text[pos + 1].lower()]
        pos += 2
    while pos < n and text[pos] in digits:
        pos += 1
    if text[pos:pos + 1] == ".":
        pos += 1
        while pos < n and text[pos] in digits:
            pos += 1
    if len(digits) == 11 and text[pos:pos + 1] in ("e", "E"):
        pos += 1
        if text[pos:pos + 1] in ("+", "-"):
            pos += 1
        while pos < n and text[pos] in "0123456789_":
            pos += 1
    if pos < n and _is_alnum(text[pos]):
        return -(pos + 1)
    return pos
