"""kubectl's `-o go-template` printer: Go's text/template executed on the object as encoding/json
decodes it into a map[string]interface{} (every number a float64), with missingkey=default (a
missing key prints `<no value>`) unless --allow-missing-template-keys=false.

`compile_template(text)` parses (raises TemplateParseError, str() = `template: output:1: ...`);
`execute(tree, data, allow_missing)` returns the output or raises TemplateExecError carrying the
output written before the failure and text/template's message
(`template: output:1:2: executing "output" at <.x.y>: ...`).
"""
from __future__ import annotations

from .gotemplate_funcs import MISSING, SIGNATURES, FuncError, call, go_v, is_true, type_name
from .gotemplate_nodes import (Action, Bool, Branch, Break, Chain, Command, Continue, Dot, Field,
                               Identifier, Nil, Number, Pipe, String, TemplateCall, Text, Variable)
from .gotemplate_parse import NAME, TemplateParseError, Tree, parse

__all__ = ["compile_template", "execute", "TemplateParseError", "TemplateExecError", "to_template_data"]

MAX_STEPS = 200_000          # evaluation steps of one execution (a bound, not a Go limit)
MAX_OUTPUT = 1_000_000       # characters
MAX_CALL_DEPTH = 100         # nested {{template}} calls; Go words its own limit as below


class TemplateExecError(Exception):
    """Execution failed: `partial` is what was written before, str() the text/template error."""

    def __init__(self, message: str, partial: str) -> None:
        super().__init__(message)
        self.partial = partial


class _Stop(Exception):
    pass


class _BreakLoop(Exception):
    pass


class _ContinueLoop(Exception):
    pass


def compile_template(text: str) -> Tree:
    return parse(text, SIGNATURES)


def to_template_data(value):
    """What json.Unmarshal into interface{} gives: numbers become float64."""
    if isinstance(value, dict):
        return {str(k): to_template_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_template_data(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _line_col(text: str, pos: int) -> tuple[int, int]:
    before = text[:pos]
    nl = before.rfind("\n")
    return 1 + before.count("\n"), pos if nl < 0 else pos - nl - 1


class _State:
    def __init__(self, tree: Tree, text: str, allow_missing: bool) -> None:
        self.tree, self.text, self.allow_missing = tree, text, allow_missing
        self.out: list[str] = []
        self.size = 0
        self.node = None
        self.vars: list[tuple[str, object, bool]] = []
        self.steps = 0
        self.depth = 0

    # ---- errors
    def at(self, node) -> None:
        self.node = node

    def errorf(self, msg: str) -> None:
        if self.node is None:
            raise _Stop(f"template: {NAME}: {msg}")
        line, col = _line_col(self.text, self.node.pos)
        raise _Stop(f'template: {NAME}:{line}:{col}: executing "{NAME}" at <{self.node}>: {msg}')

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            self.node = None
            self.errorf("execution stopped: the template does more work than this session allows")

    def write(self, s: str) -> None:
        self.size += len(s)
        if self.size > MAX_OUTPUT:
            self.node = None
            self.errorf("execution stopped: the output is larger than this session allows")
        self.out.append(s)

    # ---- variables: (name, value, boxed)
    def var(self, name: str):
        for n, v, boxed in reversed(self.vars):
            if n == name:
                return v, boxed
        self.errorf(f"undefined variable: {name}")

    def set_var(self, name: str, value, boxed: bool) -> None:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i] = (name, value, boxed)
                return
        self.errorf(f"undefined variable: {name}")

    # ---- walking
    def walk(self, dot, nodes: list) -> None:
        for node in nodes:
            self.tick()
            self.at(node)
            if isinstance(node, Text):
                self.write(node.text)
            elif isinstance(node, Action):
                val = self.pipeline(dot, node.pipe)
                if not node.pipe.decl:
                    self.at(node)
                    self.write(go_v(val))
            elif isinstance(node, Branch):
                if node.kind == "range":
                    self.walk_range(dot, node)
                else:
                    self.walk_if_with(dot, node)
            elif isinstance(node, Break):
                raise _BreakLoop()
            elif isinstance(node, Continue):
                raise _ContinueLoop()
            elif isinstance(node, TemplateCall):
                self.walk_template(dot, node)

    def walk_if_with(self, dot, node: Branch) -> None:
        mark = len(self.vars)
        val = self.pipeline(dot, node.pipe)
        if is_true(val):
            self.walk((val, False) if node.kind == "with" else dot, node.body)
        elif node.else_body is not None:
            self.walk(dot, node.else_body)
        del self.vars[mark:]

    def walk_range(self, dot, node: Branch) -> None:
        mark = len(self.vars)
        val = self.pipeline(dot, node.pipe)
        inner = len(self.vars)
        if isinstance(val, list):
            pairs = list(enumerate(val))
        elif isinstance(val, dict):
            pairs = [(k, val[k]) for k in sorted(val)]
        elif val is MISSING:
            pairs = []
        else:
            self.errorf(f"range can't iterate over {go_v(val)}")
        try:
            for key, elem in pairs:
                if node.pipe.decl:
                    name, _, _ = self.vars[inner - 1]
                    self.vars[inner - 1] = (name, elem, True)
                if len(node.pipe.decl) > 1:
                    name, _, _ = self.vars[inner - 2]
                    self.vars[inner - 2] = (name, key, False)
                try:
                    self.walk((elem, True), node.body)
                except _ContinueLoop:
                    pass
                del self.vars[inner:]
        except _BreakLoop:
            pass
        if not pairs and node.else_body is not None:
            self.walk(dot, node.else_body)
        del self.vars[mark:]

    def walk_template(self, dot, node: TemplateCall) -> None:
        body = self.tree.templates.get(node.name)
        if body is None:
            self.errorf(f"template {_quote(node.name)} not defined")
        if self.depth >= MAX_CALL_DEPTH:
            self.errorf("exceeded maximum template depth (100000)")
        new_dot = (self.pipeline(dot, node.pipe), False) if node.pipe else (MISSING, False)
        saved = self.vars
        self.vars = [("$", *new_dot)]
        self.depth += 1
        try:
            self.walk(new_dot, body)
        finally:
            self.depth -= 1
            self.vars = saved

    # ---- evaluation: dot and values travel as (value, boxed); boxed = static type interface{}
    def pipeline(self, dot, pipe: Pipe):
        self.at(pipe)
        value = _NO_FINAL
        for cmd in pipe.cmds:
            value = self.command(dot, cmd, value)
            if value is None:       # an interface{} holding nil digs down to an invalid value
                value = MISSING
        for name in pipe.decl:
            if pipe.is_assign:
                self.set_var(name, value, False)
            else:
                self.vars.append((name, value, False))
        return value

    def not_a_function(self, args: list, final) -> None:
        if len(args) > 1 or final is not _NO_FINAL:
            self.errorf(f"can't give argument to non-function {args[0]}")

    def command(self, dot, cmd: Command, final):
        self.tick()
        first = cmd.args[0]
        if isinstance(first, Field):
            self.at(first)
            return self.field_chain(dot, dot, first.idents, cmd.args, final)
        if isinstance(first, Chain):
            return self.chain(dot, first, cmd.args, final)
        if isinstance(first, Identifier):
            return self.function(dot, first, cmd, cmd.args, final)
        if isinstance(first, Pipe):
            self.not_a_function(cmd.args, final)
            return self.pipeline(dot, first)
        if isinstance(first, Variable):
            return self.variable(dot, first, cmd.args, final)
        self.at(first)
        self.not_a_function(cmd.args, final)
        if isinstance(first, Bool):
            return first.value
        if isinstance(first, Dot):
            return dot[0]
        if isinstance(first, Nil):
            self.errorf("nil is not a command")
        if isinstance(first, Number):
            return first.value
        if isinstance(first, String):
            return first.value
        self.errorf(f"can't evaluate command {_quote(str(first))}")

    def variable(self, dot, node: Variable, args, final):
        self.at(node)
        value, boxed = self.var(node.idents[0])
        if len(node.idents) == 1:
            self.not_a_function(args, final)
            return value
        return self.field_chain(dot, (value, boxed), node.idents[1:], args, final)

    def chain(self, dot, node: Chain, args, final):
        self.at(node)
        if isinstance(node.node, Nil):
            self.errorf(f"indirection through explicit nil in {node}")
        pipe = self.arg(dot, node.node)
        return self.field_chain(dot, (pipe, False), node.fields, args, final)

    def field_chain(self, dot, receiver, idents: list, args, final):
        value, boxed = receiver
        for name in idents[:-1]:
            value, boxed = self.field(value, boxed, name, False), True
        has_args = len(args) > 1 or final is not _NO_FINAL
        return self.field(value, boxed, idents[-1], has_args)

    def field(self, receiver, boxed: bool, name: str, has_args: bool):
        if receiver is MISSING:
            if not self.allow_missing:
                self.errorf(f"nil data; no entry for key {_quote(name)}")
            return MISSING
        typ = "interface {}" if boxed else type_name(receiver)
        if receiver is None:
            self.errorf(f"nil pointer evaluating {typ}.{name}")
        if isinstance(receiver, dict):
            if has_args:
                self.errorf(f"{name} is not a method but has arguments")
            if name in receiver:
                return receiver[name]
            if not self.allow_missing:
                self.errorf(f"map has no entry for key {_quote(name)}")
            return MISSING
        self.errorf(f"can't evaluate field {name} in type {typ}")

    def function(self, dot, node: Identifier, cmd: Command, args: list, final):
        self.at(node)
        name = node.name
        fixed, variadic = SIGNATURES[name]
        operands = args[1:]
        count = len(operands) + (final is not _NO_FINAL)
        if variadic and count < fixed:
            self.errorf(f"wrong number of args for {name}: want at least {fixed} got {len(operands)}")
        if not variadic and count != fixed:
            self.errorf(f"wrong number of args for {name}: want {fixed} got {count}")
        if name in ("and", "or"):
            value = MISSING
            for op in operands:
                value = _nil_to_missing(self.arg(dot, op))
                if is_true(value) == (name == "or"):
                    return value
            return _nil_to_missing(final) if final is not _NO_FINAL else value
        values = [self.arg(dot, op) for op in operands]
        if final is not _NO_FINAL:
            values.append(final)
        if name in ("printf", "print", "println", "html", "urlquery", "exists", "base64decode"):
            values = [None if v is MISSING else v for v in values]
        try:
            return call(name, values)
        except FuncError as e:
            self.at(cmd)
            self.errorf(f"error calling {name}: {e}")

    def arg(self, dot, node):
        self.at(node)
        if isinstance(node, Dot):
            return dot[0]
        if isinstance(node, Nil):
            return None
        if isinstance(node, Field):
            return self.field_chain(dot, dot, node.idents, [node], _NO_FINAL)
        if isinstance(node, Variable):
            return self.variable(dot, node, [], _NO_FINAL)
        if isinstance(node, Pipe):
            return self.pipeline(dot, node)
        if isinstance(node, Identifier):
            return self.function(dot, node, node, [node], _NO_FINAL)
        if isinstance(node, Chain):
            return self.chain(dot, node, [], _NO_FINAL)
        if isinstance(node, (Bool, Number, String)):
            return node.value
        self.errorf(f"can't handle {node} for arg of type interface {{}}")


class _NoFinal:
    pass


_NO_FINAL = _NoFinal()


def _nil_to_missing(v):
    return MISSING if v is None else v


def _quote(s: str) -> str:
    from ..flags import go_quote
    return go_quote(s)


def execute(tree: Tree, text: str, data, allow_missing: bool = True) -> str:
    """Run the template on `data` (already JSON-shaped: see to_template_data)."""
    state = _State(tree, text, allow_missing)
    root = (data, False)
    state.vars.append(("$", data, False))
    try:
        state.walk(root, tree.root)
    except _Stop as stop:
        raise TemplateExecError(str(stop), "".join(state.out)) from None
    except (_BreakLoop, _ContinueLoop):  # the parser rejects these outside range
        pass
    return "".join(state.out)
