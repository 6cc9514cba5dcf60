"""sh grammar: lists, and-or chains, pipelines, simple and compound commands, redirections.

`parse(text, flavor)` turns a whole input (one or more lines) into an immutable `Script` before
anything runs. Errors are worded like the shell named by `flavor` ("ash" by default, "bash",
"dash"). Input that stops inside a construct raises IncompleteInput (the terminal asks for more).

Supported beyond plain commands: `;` `&&` `||` `|` `!`, redirections (`>` `>>` `<` `2>` `2>&1`
`>&2` `&>` `<<EOF` `<<'EOF'` `<<-EOF`), `for`, `while`, `until`, `if/elif/else`, `case`, `{ }`,
`( )`, `name() { ...; }`, `NAME=value` prefixes, comments. A trailing `&` is accepted and the
command runs in the foreground (the terminal has no job control; nothing extra is printed).
"""
from __future__ import annotations

from functools import lru_cache

from .ast import (AndOr, Assign, Case, CaseArm, For, FuncDef, HereDoc, If, Item, Lit, Loop,
                  Pipeline, Redir, Script, SimpleCommand, Subshell, BraceGroup)
from .errors import IncompleteInput, ParseError, syntax_message
from .lexer import NAME_RE, REDIR_OPS, Lexer, Token

RESERVED = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "case", "esac",
                      "while", "until", "for", "{", "}", "!", "in"})
_NOT_A_START = frozenset({"then", "else", "elif", "fi", "do", "done", "esac", "}"})


class Parser(Lexer):
    def sub_parser(self, text: str) -> "Parser":
        return Parser(text, self.flavor, self.depth + 1)

    # ---- helpers
    def error(self, tok: Token, expecting: str | None = None) -> Exception:
        if tok.kind == "EOF":
            return IncompleteInput("unexpected end of input")
        if tok.kind == "NEWLINE":
            text = "newline"
        elif tok.kind == "WORD":
            text = tok.value if (self.flavor == "bash" or tok.plain in RESERVED) else "word"
        else:
            text = tok.value
        return ParseError(syntax_message(self.flavor, text, expecting))

    def at_word(self, word: str) -> bool:
        return self.peek().plain == word

    def expect_word(self, word: str) -> None:
        tok = self.peek()
        if tok.plain != word:
            raise self.error(tok, word)
        self.take()

    def skip_newlines(self) -> None:
        while self.peek().kind == "NEWLINE":
            self.take()

    # ---- lists
    def parse_script(self) -> Script:
        script = self.parse_list(frozenset(), frozenset())
        tok = self.peek()
        if tok.kind != "EOF":
            raise self.error(tok)
        return script

    def parse_until_paren(self) -> Script:
        script = self.parse_list(frozenset(), frozenset({")"}))
        tok = self.peek()
        if tok.kind == "OP" and tok.value == ")":
            self.take()
            return script
        raise self.error(tok)

    def parse_list(self, stop_words: frozenset, stop_ops: frozenset) -> Script:
        items = []
        while True:
            self.skip_newlines()
            tok = self.peek()
            if tok.kind == "EOF" or (tok.kind == "OP" and tok.value in stop_ops):
                break
            if tok.plain in stop_words:
                break
            command = self.parse_and_or()
            tok = self.peek()
            if tok.kind == "OP" and tok.value in (";", "&"):
                self.take()
                items.append(Item(command, tok.value == "&"))
                continue
            items.append(Item(command))
            if tok.kind == "NEWLINE":
                continue
            break
        return Script(tuple(items))

    def parse_body(self, stop_words: frozenset, stop_ops: frozenset = frozenset()) -> Script:
        """A compound list that must not be empty (`if true; then fi` is an error)."""
        body = self.parse_list(stop_words, stop_ops)
        if not body.items:
            raise self.error(self.peek())
        return body

    def parse_and_or(self) -> AndOr:
        first = self.parse_pipeline()
        rest = []
        while True:
            tok = self.peek()
            if tok.kind == "OP" and tok.value in ("&&", "||"):
                self.take()
                self.skip_newlines()
                rest.append((tok.value, self.parse_pipeline()))
            else:
                return AndOr(first, tuple(rest))

    def parse_pipeline(self) -> Pipeline:
        negate = False
        while self.at_word("!"):
            self.take()
            negate = not negate
        commands = [self.parse_command()]
        while True:
            tok = self.peek()
            if tok.kind == "OP" and tok.value == "|":
                self.take()
                self.skip_newlines()
                commands.append(self.parse_command())
            else:
                return Pipeline(tuple(commands), negate)

    # ---- commands
    def parse_command(self):
        tok = self.peek()
        word = tok.plain
        if tok.kind == "OP" and tok.value == "(":
            self.take()
            self.nest()
            body = self.parse_body(frozenset(), frozenset({")"}))
            tok = self.peek()
            if not (tok.kind == "OP" and tok.value == ")"):
                raise self.error(tok, ")")
            self.take()
            self.unnest()
            return Subshell(body, self.parse_redirs())
        if word in ("if", "while", "until", "for", "case", "{"):
            self.nest()
            command = getattr(self, "parse_" + {"{": "brace"}.get(word, word))()
            self.unnest()
            return command
        if word in _NOT_A_START or tok.kind in ("NEWLINE", "EOF") or \
                (tok.kind == "OP" and tok.value not in REDIR_OPS):
            raise self.error(tok)
        if word is not None and self._function_follows():
            if self.flavor == "dash" and not NAME_RE.fullmatch(word):
                raise ParseError("sh: 1: Syntax error: Bad function name")
            return self.parse_function()  # bash and busybox accept any word, e.g. `:`
        return self.parse_simple()

    def _function_follows(self) -> bool:
        j = self.i
        while j < self.n and self.s[j] in " \t":
            j += 1
        if not self.s.startswith("(", j):
            return False
        j += 1
        while j < self.n and self.s[j] in " \t":
            j += 1
        return self.s.startswith(")", j)

    def parse_function(self) -> FuncDef:
        name_tok = self.take()
        self.take()  # (
        self.take()  # )
        self.skip_newlines()
        tok = self.peek()
        if tok.plain not in ("{", "if", "while", "until", "for", "case") and \
                not (tok.kind == "OP" and tok.value == "("):
            raise self.error(tok)
        self.nest()
        body = self.parse_command()
        self.unnest()
        source = self.s[name_tok.pos:self.i].rstrip("\n")
        return FuncDef(name_tok.value, body, source)

    def parse_simple(self) -> SimpleCommand:
        assigns, words, redirs = [], [], []
        while True:
            tok = self.peek()
            if tok.kind == "OP" and tok.value in REDIR_OPS:
                redirs.append(self.parse_redir())
            elif tok.kind == "WORD":
                self.take()
                assign = None if words else _assignment(tok)
                if assign is not None:
                    assigns.append(assign)
                else:
                    words.append(tok.parts)
            else:
                break
        return SimpleCommand(tuple(assigns), tuple(words), tuple(redirs))

    def parse_redirs(self) -> tuple:
        redirs = []
        while True:
            tok = self.peek()
            if tok.kind == "OP" and tok.value in REDIR_OPS:
                redirs.append(self.parse_redir())
            else:
                return tuple(redirs)

    def parse_redir(self) -> Redir:
        op_tok = self.take()
        op = op_tok.value
        fd = op_tok.fd
        if fd is None:
            fd = 0 if op in ("<", "<<", "<<-", "<&", "<>") else 1
        tok = self.peek()
        if tok.kind != "WORD":
            raise self.error(tok if tok.kind != "EOF" else Token("NEWLINE", "\n"))
        self.take()
        if op in ("<<", "<<-"):
            delimiter = "".join(p.text for p in tok.parts if isinstance(p, Lit))
            if any(not isinstance(p, Lit) for p in tok.parts):
                delimiter = tok.value  # `<<$X` uses the text as written
            quoted = any(c in tok.value for c in "'\"\\")
            node = HereDoc((), op == "<<-")
            self.add_heredoc(node, delimiter, quoted)
            return Redir(fd, "<<", node)
        return Redir(fd, op, tok.parts)

    # ---- compound commands
    def parse_brace(self) -> BraceGroup:
        self.take()
        body = self.parse_body(frozenset({"}"}))
        self.expect_word("}")
        return BraceGroup(body, self.parse_redirs())

    def parse_if(self) -> If:
        self.take()
        clauses = []
        while True:
            cond = self.parse_body(frozenset({"then"}))
            self.expect_word("then")
            body = self.parse_body(frozenset({"elif", "else", "fi"}))
            clauses.append((cond, body))
            if self.at_word("elif"):
                self.take()
                continue
            break
        else_body = None
        if self.at_word("else"):
            self.take()
            else_body = self.parse_body(frozenset({"fi"}))
        self.expect_word("fi")
        return If(tuple(clauses), else_body, self.parse_redirs())

    def parse_while(self, until: bool = False) -> Loop:
        self.take()
        cond = self.parse_body(frozenset({"do"}))
        self.expect_word("do")
        body = self.parse_body(frozenset({"done"}))
        self.expect_word("done")
        return Loop(cond, body, until, self.parse_redirs())

    def parse_until(self) -> Loop:
        return self.parse_while(until=True)

    def parse_for(self) -> For:
        self.take()
        tok = self.peek()
        if tok.plain is None or not NAME_RE.fullmatch(tok.plain):
            if tok.kind == "EOF":
                raise self.error(tok)
            if self.flavor == "bash" and tok.kind == "WORD":
                raise ParseError(f"bash: `{tok.value}': not a valid identifier")
            raise self.error(tok)
        name = self.take().value
        words = None
        self.skip_newlines()
        if self.at_word("in"):
            self.take()
            collected = []
            while self.peek().kind == "WORD":
                collected.append(self.take().parts)
            words = tuple(collected)
            tok = self.peek()
            if tok.kind == "OP" and tok.value == ";" or tok.kind == "NEWLINE":
                self.take()
            elif tok.kind != "EOF":
                raise self.error(tok)
        elif self.peek().kind == "OP" and self.peek().value == ";":
            self.take()
        self.skip_newlines()
        self.expect_word("do")
        body = self.parse_body(frozenset({"done"}))
        self.expect_word("done")
        return For(name, words, body, self.parse_redirs())

    def parse_case(self) -> Case:
        self.take()
        tok = self.peek()
        if tok.kind != "WORD":
            raise self.error(tok)
        subject = self.take().parts
        self.skip_newlines()
        self.expect_word("in")
        arms = []
        while True:
            self.skip_newlines()
            tok = self.peek()
            if tok.plain == "esac":
                self.take()
                break
            if tok.kind == "OP" and tok.value == "(":
                self.take()
            patterns = []
            while True:
                tok = self.peek()
                if tok.kind != "WORD":
                    raise self.error(tok)
                patterns.append(self.take().parts)
                tok = self.peek()
                if tok.kind == "OP" and tok.value == "|":
                    self.take()
                    continue
                if tok.kind == "OP" and tok.value == ")":
                    self.take()
                    break
                raise self.error(tok, ")")
            body = self.parse_list(frozenset({"esac"}), frozenset({";;"}))
            arms.append(CaseArm(tuple(patterns), body))
            tok = self.peek()
            if tok.kind == "OP" and tok.value == ";;":
                self.take()
                continue
            if tok.plain == "esac":
                self.take()
                break
            raise self.error(tok)
        return Case(subject, tuple(arms), self.parse_redirs())


def _assignment(tok: Token) -> Assign | None:
    first = tok.parts[0] if tok.parts else None
    if not isinstance(first, Lit) or first.quoted or "=" not in first.text:
        return None
    name, _, rest = first.text.partition("=")
    if not NAME_RE.fullmatch(name):
        return None
    value = ((Lit(rest),) if rest else ()) + tuple(tok.parts[1:])
    return Assign(name, value)


def parse(text: str, flavor: str = "ash"):
    """Parses `text` into an immutable Script. Raises ParseError (worded like `flavor`'s shell)
    or IncompleteInput (the text stops inside a construct)."""
    return _parse_cached(text, flavor)


@lru_cache(maxsize=256)
def _parse_cached(text: str, flavor: str):
    try:
        return Parser(text, flavor).parse_script()
    except RecursionError:
        raise ParseError(syntax_message(flavor, "(")) from None
