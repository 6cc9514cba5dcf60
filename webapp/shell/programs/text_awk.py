"""awk: the everyday subset (patterns, print/printf, fields, NR/NF/FS/OFS, variables, arrays,
if/while/for, string functions). Ubuntu's awk is mawk; busybox ships its own.

Tokens come from text_awk_lex.py, the evaluator is text_awk_run.py; this module parses and runs
the `awk` command line."""
from __future__ import annotations

import re

from . import Proc, program
from .text_awk_lex import AwkError, lex
from .text_regex import RegexError
from .textio import flavor, read_input, split_lines


class _Next(Exception):
    pass


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Parser:
    def __init__(self, toks) -> None:
        self.t, self.i = toks, 0

    def peek(self, k: int = 0):
        return self.t[min(self.i + k, len(self.t) - 1)]

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def at(self, kind, value=None) -> bool:
        tok = self.peek()
        return tok[0] == kind and (value is None or tok[1] == value)

    def expect(self, kind, value=None):
        if not self.at(kind, value):
            tok = self.peek()
            raise AwkError(f"syntax error at or near {tok[1] if tok[1] is not None else 'end of file'}")
        return self.take()

    def skip_nl(self) -> None:
        while self.at("nl") or self.at("op", ";"):
            self.take()

    def program(self):
        items = []
        self.skip_nl()
        while not self.at("eof"):
            if self.at("kw", "BEGIN") or self.at("kw", "END"):
                kind = self.take()[1]
                self.skip_only_nl()
                items.append((kind, None, self.block()))
            else:
                pattern = None if self.at("op", "{") else self.expr()
                action = self.block() if self.at("op", "{") else None
                items.append(("main", pattern, action))
            self.skip_nl()
        return items

    def skip_only_nl(self) -> None:
        while self.at("nl"):
            self.take()

    def block(self):
        self.expect("op", "{")
        stmts = []
        self.skip_nl()
        while not self.at("op", "}"):
            stmts.append(self.statement())
            self.skip_nl()
        self.take()
        return ("block", stmts)

    def simple_end(self) -> None:
        if self.at("op", ";") or self.at("nl"):
            self.take()

    def statement(self):
        if self.at("op", "{"):
            return self.block()
        tok = self.peek()
        if tok == ("kw", "if"):
            self.take()
            self.expect("op", "(")
            cond = self.expr()
            self.expect("op", ")")
            self.skip_only_nl()
            then = self.statement()
            save = self.i
            self.skip_nl()
            if self.at("kw", "else"):
                self.take()
                self.skip_only_nl()
                return ("if", cond, then, self.statement())
            self.i = save
            return ("if", cond, then, None)
        if tok == ("kw", "while"):
            self.take()
            self.expect("op", "(")
            cond = self.expr()
            self.expect("op", ")")
            self.skip_only_nl()
            return ("while", cond, self.statement())
        if tok == ("kw", "for"):
            self.take()
            self.expect("op", "(")
            if self.peek()[0] == "name" and self.peek(1) == ("kw", "in"):
                var = self.take()[1]
                self.take()
                arr = self.expect("name")[1]
                self.expect("op", ")")
                self.skip_only_nl()
                return ("forin", var, arr, self.statement())
            init = None if self.at("op", ";") else self.expr()
            self.expect("op", ";")
            cond = None if self.at("op", ";") else self.expr()
            self.expect("op", ";")
            step = None if self.at("op", ")") else self.expr()
            self.expect("op", ")")
            self.skip_only_nl()
            return ("for", init, cond, step, self.statement())
        if tok[0] == "kw" and tok[1] in ("print", "printf"):
            self.take()
            args = []
            if not (self.at("op", ";") or self.at("nl") or self.at("op", "}") or
                    self.at("op", ">") or self.at("eof")):
                paren = self.at("op", "(")
                args = [self.expr(no_gt=True)]
                while self.at("op", ","):
                    self.take()
                    args.append(self.expr(no_gt=True))
                if paren and len(args) == 1 and isinstance(args[0], tuple) and args[0][0] == "group":
                    args = list(args[0][1])
            target = None
            if self.at("op", ">") or self.at("op", ">>"):
                mode = self.take()[1]
                target = (mode, self.primary())
            self.simple_end()
            return (tok[1], args, target)
        if tok == ("kw", "next"):
            self.take()
            self.simple_end()
            return ("next",)
        if tok == ("kw", "exit"):
            self.take()
            code = None if (self.at("op", ";") or self.at("nl") or self.at("op", "}")) \
                else self.expr()
            self.simple_end()
            return ("exit", code)
        if tok == ("kw", "delete"):
            self.take()
            name = self.expect("name")[1]
            key = None
            if self.at("op", "["):
                self.take()
                key = self.expr()
                self.expect("op", "]")
            self.simple_end()
            return ("delete", name, key)
        if tok[0] == "kw" and tok[1] in ("break", "continue"):
            self.take()
            self.simple_end()
            return (tok[1],)
        e = self.expr()
        self.simple_end()
        return ("expr", e)

    # expressions, lowest precedence first
    def expr(self, no_gt: bool = False):
        return self.ternary(no_gt)

    def ternary(self, no_gt):
        cond = self.logic_or(no_gt)
        if self.at("op", "?"):
            self.take()
            a = self.ternary(no_gt)
            self.expect("op", ":")
            return ("?", cond, a, self.ternary(no_gt))
        if self.at("op") and self.peek()[1] in ("=", "+=", "-=", "*=", "/=", "%=", "^=") \
                and cond[0] in ("var", "field", "index"):
            op = self.take()[1]
            return ("assign", op, cond, self.ternary(no_gt))
        return cond

    def logic_or(self, no_gt):
        left = self.logic_and(no_gt)
        while self.at("op", "||"):
            self.take()
            self.skip_only_nl()
            left = ("||", left, self.logic_and(no_gt))
        return left

    def logic_and(self, no_gt):
        left = self.member(no_gt)
        while self.at("op", "&&"):
            self.take()
            self.skip_only_nl()
            left = ("&&", left, self.member(no_gt))
        return left

    def member(self, no_gt):
        left = self.match(no_gt)
        while self.at("kw", "in"):
            self.take()
            left = ("in", left, self.expect("name")[1])
        return left

    def match(self, no_gt):
        left = self.compare(no_gt)
        while self.at("op", "~") or self.at("op", "!~"):
            op = self.take()[1]
            left = (op, left, self.compare(no_gt))
        return left

    def compare(self, no_gt):
        left = self.concat(no_gt)
        ops = ("<", "<=", "==", "!=", ">=") + (() if no_gt else (">",))
        if self.at("op") and self.peek()[1] in ops:
            op = self.take()[1]
            return ("cmp", op, left, self.concat(no_gt))
        return left

    def concat(self, no_gt):
        left = self.additive()
        while True:
            tok = self.peek()
            starts = tok[0] in ("num", "str", "name", "fn", "re") or \
                (tok[0] == "op" and tok[1] in ("$", "(", "!", "-", "+", "++", "--"))
            if not starts or (tok[0] == "op" and tok[1] in ("-", "+")):
                return left
            if tok == ("op", "!") and self.peek(1) == ("op", "="):
                return left
            left = ("concat", left, self.additive())

    def additive(self):
        left = self.term()
        while self.at("op", "+") or self.at("op", "-"):
            op = self.take()[1]
            left = ("arith", op, left, self.term())
        return left

    def term(self):
        left = self.unary()
        while self.at("op") and self.peek()[1] in ("*", "/", "%"):
            op = self.take()[1]
            left = ("arith", op, left, self.unary())
        return left

    def unary(self):
        if self.at("op", "!"):
            self.take()
            return ("not", self.unary())
        if self.at("op", "-") or self.at("op", "+"):
            op = self.take()[1]
            return ("arith", op, ("num", 0.0), self.unary())
        return self.power()

    def power(self):
        base = self.postfix()
        if self.at("op", "^"):
            self.take()
            return ("arith", "^", base, self.unary())
        return base

    def postfix(self):
        if self.at("op", "++") or self.at("op", "--"):
            op = self.take()[1]
            return ("incr", op, self.postfix(), True)
        node = self.primary()
        if node[0] in ("var", "field", "index") and (self.at("op", "++") or self.at("op", "--")):
            return ("incr", self.take()[1], node, False)
        return node

    def primary(self):
        tok = self.take()
        kind, value = tok
        if kind == "num":
            return ("num", value)
        if kind == "str":
            return ("str", value)
        if kind == "re":
            return ("re", value)
        if kind == "op" and value == "$":
            return ("field", self.postfix_operand())
        if kind == "op" and value == "(":
            first = self.expr()
            if self.at("op", ","):
                items = [first]
                while self.at("op", ","):
                    self.take()
                    items.append(self.expr())
                self.expect("op", ")")
                return ("group", items)
            self.expect("op", ")")
            return first
        if kind == "fn":
            args = []
            if self.at("op", "("):
                self.take()
                if not self.at("op", ")"):
                    args.append(self.expr())
                    while self.at("op", ","):
                        self.take()
                        args.append(self.expr())
                self.expect("op", ")")
            return ("call", value, args)
        if kind == "name":
            if self.at("op", "["):
                self.take()
                key = self.expr()
                while self.at("op", ","):
                    self.take()
                    key = ("concat", ("concat", key, ("var", "SUBSEP")), self.expr())
                self.expect("op", "]")
                return ("index", value, key)
            return ("var", value)
        raise AwkError(f"syntax error at or near {value if value is not None else 'end of file'}")

    def postfix_operand(self):
        if self.at("op", "++") or self.at("op", "--"):
            return self.postfix()
        return self.primary()


from .text_awk_run import AwkMachine  # noqa: E402  (the evaluator)


@program("awk", "run a small program on each input line (common subset)", flags=("-F", "-v"))
def awk(proc: Proc) -> int:
    argv = proc.argv[1:]
    fs, assigns, program_text = None, [], None
    while argv:
        a = argv[0]
        if a == "--":
            argv = argv[1:]
            break
        if a.startswith("-F"):
            fs = a[2:] if len(a) > 2 else (argv[1] if len(argv) > 1 else None)
            argv = argv[1:] if len(a) > 2 else argv[2:]
            if fs is None:
                proc.err.write("awk: option requires an argument -- F\n")
                return 2
        elif a.startswith("-v"):
            spec = a[2:] if len(a) > 2 else (argv[1] if len(argv) > 1 else "")
            argv = argv[1:] if len(a) > 2 else argv[2:]
            assigns.append(spec)
        elif a.startswith("-") and len(a) > 1:
            proc.err.write(f"awk: not an option: {a}\n" if flavor(proc) == "gnu"
                           else f"awk: unrecognized option: {a[1:2]}\n")
            return 2
        else:
            break
    if not argv:
        proc.err.write("usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n"
                       if flavor(proc) == "gnu" else "awk: no program text\n")
        return 2
    program_text, files = argv[0], argv[1:]
    try:
        items = _Parser(lex(program_text)).program()
    except (AwkError, RegexError) as e:
        line = program_text.count("\n") + 1
        proc.err.write(f"awk: line {line}: {e}\n" if flavor(proc) == "gnu"
                       else f"awk: cmd. line:{line}: {e}\n")
        return 2
    machine = AwkMachine(proc, items, fs)
    for spec in assigns:
        name, _, value = spec.partition("=")
        machine.vars[name] = value
    texts = []
    for name in files or ["-"]:
        if "=" in name and re.match(r"[A-Za-z_]\w*=", name):
            n, _, v = name.partition("=")
            machine.vars[n] = v
            continue
        text = read_input(proc, name)
        if text is None:
            return 2
        texts.append(text)
    return machine.run(split_lines("".join(texts)))

