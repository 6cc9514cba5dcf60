"""Tokens and words of sh: quotes, backslashes, $-expansions, `...`, operators and heredoc bodies.

The lexer is context-free except for what sh itself needs: `$(...)` and backticks are parsed as
nested scripts right where they appear (so nesting is exact), and heredoc bodies are read at the
newline that follows their redirection.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .ast import Arith, CmdSub, HereDoc, Lit, Param
from .errors import IncompleteInput, ParseError, plain_syntax_message

META = " \t\n;&|<>()"
OPERATORS = ("&>>", "<<-", "&&", "||", ";;", "<<", ">>", ">&", "<&", "<>", ">|", "&>",
             ";", "&", "|", "(", ")", "<", ">")
REDIR_OPS = frozenset({"<", ">", ">>", "<<", "<<-", ">&", "<&", "<>", ">|", "&>", "&>>"})
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SPECIAL_PARAMS = "?$#@*!-0123456789"
MAX_NESTING = 50  # deeper nesting is refused: no learner needs it and it bounds recursion


@dataclass
class Token:
    kind: str              # 'WORD', 'OP', 'NEWLINE', 'EOF'
    value: str             # raw text (for WORD) or the operator
    parts: tuple = ()      # WORD only: the parsed word
    fd: int | None = None  # OP redirections with an explicit descriptor (2>...)
    pos: int = 0

    @property
    def plain(self) -> str | None:
        """The word's text if it is a single unquoted literal (reserved words, names)."""
        if self.kind == "WORD" and len(self.parts) == 1 and isinstance(self.parts[0], Lit) \
                and not self.parts[0].quoted:
            return self.parts[0].text
        return None


@dataclass
class _PendingHeredoc:
    node: HereDoc
    delimiter: str
    quoted: bool


class Lexer:
    def __init__(self, text: str, flavor: str = "ash", depth: int = 0) -> None:
        self.s = text if text.endswith("\n") else text + "\n"  # an interactive line ends here
        self.n = len(self.s)
        self.i = 0
        self.flavor = flavor
        self.depth = depth
        self.heredocs: list[_PendingHeredoc] = []
        self._peeked: Token | None = None

    # ---- errors
    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ParseError(plain_syntax_message(
                self.flavor, f"nesting too deep (more than {MAX_NESTING} levels)"))

    def unnest(self) -> None:
        self.depth -= 1

    def bad_substitution(self, text: str) -> ParseError:
        if self.flavor == "bash":
            return ParseError(f"bash: {text}: bad substitution")
        if self.flavor == "dash":
            return ParseError("sh: 1: Syntax error: Bad substitution")
        return ParseError("sh: syntax error: bad substitution")

    # ---- tokens
    def peek(self) -> Token:
        if self._peeked is None:
            self._peeked = self._next()
        return self._peeked

    def take(self) -> Token:
        tok = self.peek()
        self._peeked = None
        return tok

    def _skip_blanks(self) -> None:
        s = self.s
        while self.i < self.n:
            c = s[self.i]
            if c in " \t":
                self.i += 1
            elif c == "\\" and s.startswith("\\\n", self.i):
                if self.i + 2 >= self.n:
                    raise IncompleteInput("line continuation")
                self.i += 2
            elif c == "#":
                while self.i < self.n and s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def _next(self) -> Token:
        self._skip_blanks()
        pos = self.i
        if self.i >= self.n:
            return Token("EOF", "", pos=pos)
        s = self.s
        c = s[self.i]
        if c == "\n":
            self.i += 1
            self._read_heredocs()
            return Token("NEWLINE", "\n", pos=pos)
        m = re.match(r"\d+(?=[<>])", s[self.i:self.i + 12])
        fd = None
        if m:
            fd = int(m.group()) if len(m.group()) < 4 else 9999
            self.i += len(m.group())
            c = s[self.i]
        if c in ";&|<>()":
            for op in OPERATORS:
                if s.startswith(op, self.i):
                    self.i += len(op)
                    return Token("OP", op, fd=fd, pos=pos)
        parts = self.read_word()
        return Token("WORD", s[pos:self.i], parts=parts, pos=pos)

    # ---- words
    def read_word(self) -> tuple:
        """Reads one word at self.i (up to an unquoted metacharacter)."""
        s, parts, buf = self.s, [], []

        def flush() -> None:
            if buf:
                _add(parts, Lit("".join(buf)))
                buf.clear()

        while self.i < self.n:
            c = s[self.i]
            if c in META:
                break
            if c == "\\":
                nxt = s[self.i + 1] if self.i + 1 < self.n else ""
                if nxt == "\n":
                    if self.i + 2 >= self.n:
                        raise IncompleteInput("line continuation")
                    self.i += 2
                    continue
                flush()
                _add(parts, Lit(nxt, quoted=True))
                self.i += 2
            elif c == "'":
                end = s.find("'", self.i + 1)
                if end < 0:
                    raise IncompleteInput("open single quote")
                flush()
                _add(parts, Lit(s[self.i + 1:end], quoted=True))
                self.i = end + 1
            elif c == '"':
                flush()
                self.i += 1
                for p in self.read_dquoted():
                    _add(parts, p)
            elif c == "$":
                flush()
                _add(parts, self.read_dollar(quoted=False))
            elif c == "`":
                flush()
                _add(parts, self.read_backtick(quoted=False))
            else:
                buf.append(c)
                self.i += 1
        flush()
        return tuple(parts)

    def read_dquoted(self) -> list:
        """Reads up to and including the closing double quote."""
        s, parts, buf = self.s, [], []
        while True:
            if self.i >= self.n:
                raise IncompleteInput("open double quote")
            c = s[self.i]
            if c == '"':
                self.i += 1
                break
            if c == "\\" and self.i + 1 < self.n and s[self.i + 1] in '$`"\\\n':
                if s[self.i + 1] != "\n":
                    buf.append(s[self.i + 1])
                self.i += 2
            elif c in "$`":
                if buf:
                    parts.append(Lit("".join(buf), quoted=True))
                    buf = []
                parts.append(self.read_dollar(True) if c == "$" else self.read_backtick(True))
            else:
                buf.append(c)
                self.i += 1
        if buf or not parts:
            parts.append(Lit("".join(buf), quoted=True))
        return parts

    def read_dollar(self, quoted: bool):
        s, i = self.s, self.i
        nxt = s[i + 1] if i + 1 < self.n else ""
        if s.startswith("$((", i):
            self.i = i + 3
            return Arith(self.read_arith(), quoted)
        if nxt == "(":
            self.i = i + 2
            self.nest()
            script = self.parse_until_paren()   # defined by the parser
            self.unnest()
            return CmdSub(script, quoted)
        if nxt == "{":
            return self.read_braced(quoted)
        m = NAME_RE.match(s, i + 1)
        if m:
            self.i = m.end()
            return Param(m.group(), quoted=quoted)
        if nxt and nxt in SPECIAL_PARAMS:
            self.i = i + 2
            return Param(nxt, quoted=quoted)
        self.i = i + 1
        return Lit("$", quoted)

    def read_braced(self, quoted: bool) -> Param:
        s, start = self.s, self.i
        self.i += 2
        self.nest()
        length = False
        if s.startswith("#", self.i) and self.i + 1 < self.n and s[self.i + 1] != "}":
            length, self.i = True, self.i + 1
        m = NAME_RE.match(s, self.i)
        if m:
            name, self.i = m.group(), m.end()
        elif self.i < self.n and s[self.i] in SPECIAL_PARAMS:
            name, self.i = s[self.i], self.i + 1
        else:
            name = ""
        op, arg = "", None
        for cand in (":-", ":=", ":+", ":?", "##", "%%", "-", "=", "+", "?", "#", "%"):
            if name and not length and s.startswith(cand, self.i):
                op, self.i = cand, self.i + len(cand)
                arg = self.read_brace_arg()
                break
        if self.i >= self.n:
            raise IncompleteInput("open ${")
        if not name or s[self.i] != "}":
            end = s.find("}", self.i)
            if end < 0:
                raise IncompleteInput("open ${")
            raise self.bad_substitution(s[start:end + 1])
        self.i += 1
        self.unnest()
        return Param(name, "#" if length else op, arg, quoted)

    def read_brace_arg(self) -> tuple:
        """The word inside ${NAME:-word}, up to the matching }."""
        s, parts, buf = self.s, [], []
        while True:
            if self.i >= self.n:
                raise IncompleteInput("open ${")
            c = s[self.i]
            if c == "}":
                break
            if c == "\\" and self.i + 1 < self.n:
                if buf:
                    _add(parts, Lit("".join(buf)))
                    buf = []
                _add(parts, Lit(s[self.i + 1], quoted=True))
                self.i += 2
            elif c == "'":
                end = s.find("'", self.i + 1)
                if end < 0:
                    raise IncompleteInput("open single quote")
                if buf:
                    _add(parts, Lit("".join(buf)))
                    buf = []
                _add(parts, Lit(s[self.i + 1:end], quoted=True))
                self.i = end + 1
            elif c == '"':
                if buf:
                    _add(parts, Lit("".join(buf)))
                    buf = []
                self.i += 1
                for p in self.read_dquoted():
                    _add(parts, p)
            elif c in "$`":
                if buf:
                    _add(parts, Lit("".join(buf)))
                    buf = []
                _add(parts, self.read_dollar(False) if c == "$" else self.read_backtick(False))
            else:
                buf.append(c)
                self.i += 1
        if buf:
            _add(parts, Lit("".join(buf)))
        return tuple(parts)

    def read_arith(self) -> tuple:
        """The text of $(( ... )) up to the matching '))', with $-expansions as parts."""
        s, parts, buf, depth = self.s, [], [], 0
        self.nest()
        while True:
            if self.i >= self.n:
                raise IncompleteInput("open $((")
            c = s[self.i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    if s.startswith("))", self.i):
                        self.i += 2
                        break
                    raise ParseError(plain_syntax_message(self.flavor, "missing '))'"))
                depth -= 1
            if c in "$`":
                if buf:
                    parts.append(Lit("".join(buf), True))
                    buf = []
                parts.append(self.read_dollar(True) if c == "$" else self.read_backtick(True))
                continue
            buf.append(c)
            self.i += 1
        if buf:
            parts.append(Lit("".join(buf), True))
        self.unnest()
        return tuple(parts)

    def read_backtick(self, quoted: bool) -> CmdSub:
        s, buf = self.s, []
        self.i += 1
        while True:
            if self.i >= self.n:
                raise IncompleteInput("open backquote")
            c = s[self.i]
            if c == "`":
                self.i += 1
                break
            if c == "\\" and self.i + 1 < self.n and s[self.i + 1] in "$`\\":
                buf.append(s[self.i + 1])
                self.i += 2
                continue
            buf.append(c)
            self.i += 1
        inner = self.sub_parser("".join(buf))
        try:
            script = inner.parse_script()
        except IncompleteInput:
            raise ParseError(plain_syntax_message(self.flavor, "unterminated quoted string")) from None
        return CmdSub(script, quoted)

    # ---- heredocs
    def add_heredoc(self, node: HereDoc, delimiter: str, quoted: bool) -> None:
        self.heredocs.append(_PendingHeredoc(node, delimiter, quoted))

    def _read_heredocs(self) -> None:
        while self.heredocs:
            pending = self.heredocs.pop(0)
            lines = []
            while True:
                if self.i >= self.n:
                    raise IncompleteInput("heredoc without its terminator")
                end = self.s.find("\n", self.i)
                end = self.n if end < 0 else end
                line = self.s[self.i:end]
                self.i = min(end + 1, self.n)
                if pending.node.strip_tabs:
                    line = line.lstrip("\t")
                if line == pending.delimiter:
                    break
                lines.append(line + "\n")
            body = "".join(lines)
            if pending.quoted:
                parts: tuple = (Lit(body, True),)
            else:
                parts = self.heredoc_parts(body)
            object.__setattr__(pending.node, "body", parts)  # filled once, before parse returns

    def heredoc_parts(self, body: str) -> tuple:
        """An unquoted heredoc body: $-expansions and backquotes, backslash before $ ` \\ newline."""
        sub = self.sub_parser(body)
        s, parts, buf = sub.s, [], []
        sub.n = len(body)
        while sub.i < sub.n:
            c = s[sub.i]
            if c == "\\" and sub.i + 1 < sub.n and s[sub.i + 1] in "$`\\\n":
                if s[sub.i + 1] != "\n":
                    buf.append(s[sub.i + 1])
                sub.i += 2
            elif c in "$`":
                if buf:
                    parts.append(Lit("".join(buf), True))
                    buf = []
                parts.append(sub.read_dollar(True) if c == "$" else sub.read_backtick(True))
            else:
                buf.append(c)
                sub.i += 1
        if buf or not parts:
            parts.append(Lit("".join(buf), True))
        return tuple(parts)

    def sub_parser(self, text: str) -> "Lexer":
        raise NotImplementedError  # the parser makes one of its own kind

    def parse_until_paren(self):
        raise NotImplementedError

    def parse_script(self):
        raise NotImplementedError


def _add(parts: list, part) -> None:
    """Appends a part, merging adjacent literals of the same quoting ("" stays a quoted part)."""
    if isinstance(part, Lit) and parts and isinstance(parts[-1], Lit) \
            and parts[-1].quoted == part.quoted:
        parts[-1] = Lit(parts[-1].text + part.text, part.quoted)
        return
    parts.append(part)


__all__ = ["Lexer", "Token", "REDIR_OPS", "NAME_RE"]
