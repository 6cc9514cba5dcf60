"""test / [ : strings, integers and file checks, with `!`, `-a`, `-o` and parentheses."""
from __future__ import annotations

import re

from .builtins import builtin
from .streams import IO

_UNARY_FILE = frozenset("-e -f -d -s -r -w -x -L -h -p -S -b -c".split())
_INT_OPS = {"-eq": lambda a, b: a == b, "-ne": lambda a, b: a != b, "-lt": lambda a, b: a < b,
            "-le": lambda a, b: a <= b, "-gt": lambda a, b: a > b, "-ge": lambda a, b: a >= b}
_STR_OPS = {"=": lambda a, b: a == b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
            "<": lambda a, b: a < b, ">": lambda a, b: a > b}


class TestError(Exception):
    pass


class _Test:
    def __init__(self, sh, args: list[str], name: str) -> None:
        self.sh, self.args, self.i, self.name = sh, args, 0, name

    def fail(self, text: str) -> TestError:
        if self.sh.flavor == "bash":
            return TestError(f"bash: {self.name}: {text}")
        if self.sh.flavor == "dash":
            return TestError(f"sh: 1: {self.name}: {text}")
        return TestError(f"sh: {text}")

    def integer(self, text: str) -> int:
        if re.fullmatch(r"\s*[+-]?\d+\s*", text):
            return int(text)
        if self.sh.flavor == "bash":
            raise self.fail(f"{text}: integer expression expected")
        if self.sh.flavor == "dash":
            raise self.fail(f"Illegal number: {text}")
        raise self.fail(f"{text}: bad number")

    def more(self) -> bool:
        return self.i < len(self.args)

    def take(self) -> str:
        if not self.more():
            raise self.fail("argument expected")
        self.i += 1
        return self.args[self.i - 1]

    def expr_or(self) -> bool:
        value = self.expr_and()
        while self.more() and self.args[self.i] == "-o":
            self.i += 1
            value = self.expr_and() or value
        return value

    def expr_and(self) -> bool:
        value = self.primary()
        while self.more() and self.args[self.i] == "-a":
            self.i += 1
            value = self.primary() and value
        return value

    def primary(self) -> bool:
        left = len(self.args) - self.i
        tok = self.take()
        if tok == "!" and self.more():
            return not self.primary()
        if tok == "(" and left >= 3 and self.args[self.i + 1:self.i + 2] != ["="]:
            value = self.expr_or()
            if self.take() != ")":
                raise self.fail("closing paren expected")
            return value
        if self.more() and (self.args[self.i] in _STR_OPS or self.args[self.i] in _INT_OPS):
            op = self.take()
            right = self.take()
            if op in _INT_OPS:
                return _INT_OPS[op](self.integer(tok), self.integer(right))
            return _STR_OPS[op](tok, right)
        if tok in ("-n", "-z") and self.more():
            value = self.take()
            return bool(value) if tok == "-n" else not value
        if tok in _UNARY_FILE and self.more():
            return self.file_test(tok, self.take())
        return tok != ""

    def file_test(self, op: str, path_text: str) -> bool:
        from ..fs import resolve_path
        host = self.sh.host
        path = resolve_path(self.sh.state.cwd, path_text) if path_text else ""
        is_dir = bool(path) and host.is_dir(path)
        text = host.read_file(path) if path and not is_dir else None
        exists = is_dir or text is not None
        if op == "-d":
            return is_dir
        if op == "-f":
            return text is not None
        if op == "-s":
            return is_dir or bool(text)
        if op in ("-e", "-r"):
            return exists
        if op == "-w":
            return exists and (host.user == "root" or path.startswith((host.home, "/tmp")))
        if op == "-x":
            return is_dir
        return False


def run_test(sh, argv: list[str], io: IO) -> int:
    name = argv[0]
    args = argv[1:]
    if name == "[":
        if not args or args[-1] != "]":
            if sh.flavor == "bash":
                io.err.write("bash: [: missing `]'\n")
            else:
                io.err.write(f"{'sh: 1: [: ' if sh.flavor == 'dash' else 'sh: '}missing ]\n")
            return 2
        args = args[:-1]
    if not args:
        return 1
    t = _Test(sh, args, name)
    try:
        value = t.expr_or()
        if t.more():
            raise t.fail(f"{t.args[t.i]}: unexpected operator" if sh.flavor == "dash"
                         else "too many arguments" if sh.flavor == "bash"
                         else f"{t.args[t.i]}: unknown operand")
    except TestError as e:
        io.err.write(str(e) + "\n")
        return 2
    return 0 if value else 1


builtin("test", "[")(run_test)
