"""Go's text/template parser (the subset kubectl's `-o go-template` meets), with Go's
error wording: `template: output:1: unexpected "}" in operand`, `function "foo" not defined`,
`unclosed action`, `undefined variable "$x"`, ...

`parse(text, funcs)` returns a `Tree` (the root list and the named `define`d templates) or raises
`TemplateParseError` whose str() is the text/template message.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .gotemplate_lex import NAME, TemplateParseError, Tok, _go_quote, lex  # noqa: F401
from .gotemplate_nodes import (Action, Bool, Branch, Break, Chain, Command, Continue, Dot, Field,
                               Identifier, Nil, Number, Pipe, String, TemplateCall, Text, Variable)

MAX_DEPTH = 100          # nesting bound (Python recursion), worded as Go 1.21 words it


@dataclass
class Tree:
    root: list
    templates: dict = field(default_factory=dict)   # name -> list of nodes (define/block)


class _Parser:
    def __init__(self, text: str, funcs) -> None:
        self.toks = lex(text)
        self.i = 0
        self.funcs = funcs
        self.vars = ["$"]
        self.range_depth = 0
        self.depth = 0
        self.templates: dict = {}
        self.action_line = 0

    # ---- tokens
    def next(self) -> Tok:
        tok = self.toks[min(self.i, len(self.toks) - 1)]
        self.i += 1
        return tok

    def backup(self, k: int = 1) -> None:
        self.i -= k

    def peek(self) -> Tok:
        return self.toks[min(self.i, len(self.toks) - 1)]

    def next_non_space(self) -> Tok:
        tok = self.next()
        while tok.typ == "space":
            tok = self.next()
        return tok

    def peek_non_space(self) -> Tok:
        tok = self.next_non_space()
        self.backup()
        return tok

    def errorf(self, msg: str, tok: Tok | None = None) -> None:
        line = (tok or self.toks[min(max(self.i - 1, 0), len(self.toks) - 1)]).line
        raise TemplateParseError(f"template: {NAME}:{line}: {msg}")

    def unexpected(self, tok: Tok, context: str) -> None:
        if tok.typ == "error":
            extra = ""
            if self.action_line and self.action_line != tok.line:
                extra = f" in action started at {NAME}:{self.action_line}"
                if tok.val.endswith(" action"):
                    extra = extra[len(" in action"):]
            self.errorf(f"{tok}{extra}", tok)
        self.errorf(f"unexpected {tok} in {context}", tok)

    def expect(self, typ: str, context: str) -> Tok:
        tok = self.next_non_space()
        if tok.typ != typ:
            self.unexpected(tok, context)
        return tok

    # ---- structure
    def parse(self) -> Tree:
        root: list = []
        while self.peek().typ != "eof":
            if self.peek().typ == "leftDelim":
                save = self.i
                self.next()
                if self.next_non_space().typ == "define":
                    self.definition()
                    continue
                self.i = save
            node = self.text_or_action()
            if isinstance(node, tuple):
                self.errorf(f"unexpected {{{{{node[0]}}}}}")
            if node is not None:
                root.append(node)
        return Tree(root, self.templates)

    def definition(self) -> None:
        name_tok = self.next_non_space()
        name = self.template_name(name_tok, "define clause")
        self.expect("rightDelim", "define clause")
        body, end = self.item_list()
        if end[0] != "end":
            self.errorf(f"unexpected {{{{{end[0]}}}}} in define clause")
        self.templates[name] = body

    def template_name(self, tok: Tok, context: str) -> str:
        if tok.typ in ("string", "rawString"):
            return _unquote(tok.val, tok, self)
        self.unexpected(tok, context)
        return ""

    def item_list(self) -> tuple[list, tuple]:
        nodes: list = []
        while self.peek_non_space().typ != "eof":
            node = self.text_or_action()
            if isinstance(node, tuple):
                return nodes, node
            if node is not None:
                nodes.append(node)
        self.errorf("unexpected EOF")
        return nodes, ("",)

    def text_or_action(self):
        tok = self.next_non_space()
        if tok.typ == "text":
            return Text(tok.pos, tok.val)
        if tok.typ == "leftDelim":
            self.action_line = tok.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        self.unexpected(tok, "input")

    def action(self):
        tok = self.next_non_space()
        typ = tok.typ
        if typ == "block":
            return self.block(tok)
        if typ in ("break", "continue"):
            nxt = self.next_non_space()
            if nxt.typ != "rightDelim":
                self.unexpected(nxt, f"{{{{{typ}}}}}")
            if self.range_depth == 0:
                self.errorf(f"{{{{{typ}}}}} outside {{{{range}}}}")
            return (Break if typ == "break" else Continue)(tok.pos)
        if typ == "else":
            if self.peek_non_space().typ == "if":
                return ("else", "if")
            self.expect("rightDelim", "else")
            return ("else",)
        if typ == "end":
            self.expect("rightDelim", "end")
            return ("end",)
        if typ in ("if", "range", "with"):
            return self.control(typ, tok)
        if typ == "template":
            name = self.template_name(self.next_non_space(), "template clause")
            pipe = None
            if self.next_non_space().typ != "rightDelim":
                self.backup()
                pipe = self.pipeline("template clause", "rightDelim")
            return TemplateCall(tok.pos, name, pipe)
        self.backup()
        pipe = self.pipeline("command", "rightDelim")
        return Action(tok.pos, pipe)

    def block(self, tok: Tok):
        name = self.template_name(self.next_non_space(), "block clause")
        pipe = self.pipeline("block clause", "rightDelim")
        body, end = self.item_list()
        if end[0] != "end":
            self.errorf(f"unexpected {{{{{end[0]}}}}} in block clause")
        self.templates[name] = body
        return TemplateCall(tok.pos, name, pipe)

    def control(self, kind: str, tok: Tok) -> Branch:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.errorf("max control structure depth exceeded")
        mark = len(self.vars)
        pipe = self.pipeline(kind, "rightDelim")
        if kind == "range":
            self.range_depth += 1
        body, end = self.item_list()
        if kind == "range":
            self.range_depth -= 1
        else_list = None
        if end[0] == "else":
            if kind == "if" and len(end) == 2:
                self.next_non_space()      # the `if` of `else if`: one {{end}} closes both
                else_list = [self.control("if", tok)]
            else:
                else_list, end2 = self.item_list()
                if end2[0] != "end":
                    self.errorf(f"expected end; found {{{{{end2[0]}}}}}")
        del self.vars[mark:]
        self.depth -= 1
        return Branch(tok.pos, kind, pipe, body, else_list)

    # ---- pipelines
    def pipeline(self, context: str, end: str) -> Pipe:
        first = self.peek_non_space()
        pipe = Pipe(first.pos, [], False, [])
        while True:
            v = self.peek_non_space()
            if v.typ != "variable":
                break
            save = self.i
            self.next_non_space()
            nxt = self.peek_non_space()
            if nxt.typ in ("assign", "declare"):
                pipe.is_assign = nxt.typ == "assign"
                self.next_non_space()
                pipe.decl.append(v.val)
                self.vars.append(v.val)
                break
            if nxt.typ == "char" and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(v.val)
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in ("variable", "rightDelim", "rightParen"):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            self.i = save
            break
        while True:
            tok = self.next_non_space()
            if tok.typ == end:
                if not pipe.cmds:
                    self.errorf(f"missing value for {context}")
                for k, cmd in enumerate(pipe.cmds[1:]):
                    if isinstance(cmd.args[0], (Bool, Dot, Nil, Number, String)):
                        self.errorf(f"non executable command in pipeline stage {k + 2}")
                return pipe
            if tok.typ in ("bool", "charConst", "dot", "field", "identifier", "number", "nil", "rawString",
                           "string", "variable", "leftParen"):
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(tok, context)

    def command(self) -> Command:
        cmd = Command(self.peek_non_space().pos, [])
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            tok = self.next()
            if tok.typ == "space":
                continue
            if tok.typ in ("rightDelim", "rightParen"):
                self.backup()
            elif tok.typ != "pipe":
                self.unexpected(tok, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self):
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == "field":
            fields = []
            chain_pos = self.peek().pos
            while self.peek().typ == "field":
                fields.append(self.next().val[1:])
            if isinstance(node, Field):
                return Field(node.pos, node.idents + fields)
            if isinstance(node, Variable):
                return Variable(node.pos, node.idents + fields)
            if isinstance(node, (Bool, String, Number, Nil, Dot)):
                self.errorf(f"unexpected . after term {_go_quote(str(node))}")
            return Chain(chain_pos, node, fields)
        return node

    def term(self):
        tok = self.next_non_space()
        typ = tok.typ
        if typ == "identifier":
            if tok.val not in self.funcs:
                self.errorf(f"function {_go_quote(tok.val)} not defined", tok)
            return Identifier(tok.pos, tok.val)
        if typ == "dot":
            return Dot(tok.pos)
        if typ == "nil":
            return Nil(tok.pos)
        if typ == "variable":
            name = tok.val
            if name not in self.vars:
                self.errorf(f"undefined variable {_go_quote(name)}", tok)
            return Variable(tok.pos, [name])
        if typ == "field":
            return Field(tok.pos, [tok.val[1:]])
        if typ == "bool":
            return Bool(tok.pos, tok.val == "true")
        if typ in ("number", "charConst"):
            return Number(tok.pos, tok.val, _number(tok, self))
        if typ == "leftParen":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.errorf("max expression depth exceeded")
            pipe = self.pipeline("parenthesized pipeline", "rightParen")
            self.depth -= 1
            return pipe
        if typ in ("string", "rawString"):
            return String(tok.pos, tok.val, _unquote(tok.val, tok, self))
        self.backup()
        return None


def _number(tok: Tok, p: _Parser):
    text = tok.val
    if text.startswith("'"):
        body = _unquote('"' + text[1:-1].replace('"', '\\"') + '"', tok, p)
        if len(body) != 1:
            p.errorf(f"malformed character constant: {text}")
        return ord(body)
    clean = text.replace("_", "")
    try:
        if any(c in clean.lower() for c in ".e") and not clean.lower().startswith(("0x", "-0x", "+0x")):
            value = float(clean)
            return int(value) if value.is_integer() and "." not in clean and "e" not in clean.lower() else value
        return int(clean, 0) if not clean.lstrip("+-").startswith("0") or clean.lstrip("+-") == "0" or \
            clean.lstrip("+-")[1:2].isalpha() else int(clean, 8)
    except ValueError:
        p.errorf(f"illegal number syntax: {_go_quote(text)}")
    return 0


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}


def _unquote(quoted: str, tok: Tok, p: _Parser) -> str:
    """strconv.Unquote for "..." and `...`."""
    if quoted.startswith("`"):
        return quoted[1:-1].replace("\r", "")
    body, out, i = quoted[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        esc = body[i + 1:i + 2]
        if esc in _ESCAPES:
            out.append(_ESCAPES[esc])
            i += 2
        elif esc in ("x", "u", "U") or esc.isdigit():
            size = {"x": 2, "u": 4, "U": 8}.get(esc, 3)
            start = i + (1 if esc.isdigit() else 2)
            digits = body[start:start + size]
            try:
                out.append(chr(int(digits, 8 if esc.isdigit() else 16)))
            except ValueError:
                p.errorf("invalid syntax", tok)
            i = start + size
        else:
            p.errorf("invalid syntax", tok)
    return "".join(out)


def parse(text: str, funcs) -> Tree:
    """The template's tree, or TemplateParseError with text/template's message."""
    return _Parser(text, funcs).parse()
