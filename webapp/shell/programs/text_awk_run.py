"""The awk evaluator: runs the tree built by text_awk's parser over the input records.

Value conversion and printf formatting live in text_awk_values.py (re-exported here)."""
from __future__ import annotations

import math
import re

from ..fs import resolve_path
from . import Proc
from .text_awk_values import awk_format, to_num, to_str
from .text_regex import RegexError, compile_posix

_NUMERIC = re.compile(r"\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)\s*$")


class AwkRuntimeError(Exception):
    pass


class LoopBreak(Exception):
    pass


class LoopContinue(Exception):
    pass


class AwkMachine:
    def __init__(self, proc: Proc, items, fs: str | None) -> None:
        self.proc, self.items = proc, items
        self.vars: dict = {"FS": fs if fs is not None else " ", "OFS": " ", "ORS": "\n",
                           "NR": 0.0, "NF": 0.0, "SUBSEP": "\x1c", "RS": "\n", "FILENAME": ""}
        if fs == "t":
            self.vars["FS"] = "\t"
        self.arrays: dict[str, dict] = {}
        self.fields: list[str] = [""]
        self.ranges: dict = {}
        self.regex_cache: dict = {}
        self.files: dict = {}

    # ---- records
    def set_record(self, line: str) -> None:
        fs = to_str(self.vars["FS"])
        if fs == " ":
            parts = line.split()
        elif len(fs) == 1 and fs != "\\":
            parts = line.split(fs) if line else []
        else:
            parts = self.regex(fs).split(line) if line else []
        self.fields = [line] + parts
        self.vars["NF"] = float(len(parts))

    def get_field(self, n: int) -> str:
        if n < 0:
            raise AwkRuntimeError(f"trying to access out of range field {n}")
        return self.fields[n] if n < len(self.fields) else ""

    def set_field(self, n: int, value: str) -> None:
        if n == 0:
            self.set_record(value)
            return
        while len(self.fields) <= n:
            self.fields.append("")
        self.fields[n] = value
        self.vars["NF"] = float(len(self.fields) - 1)
        self.fields[0] = to_str(self.vars["OFS"]).join(self.fields[1:])

    def regex(self, text: str) -> re.Pattern:
        rx = self.regex_cache.get(text)
        if rx is None:
            try:
                rx = compile_posix(text, extended=True)
            except RegexError as e:
                raise AwkRuntimeError(f"regular expression compile failed ({e})") from None
            self.regex_cache[text] = rx
        return rx

    # ---- running
    def run(self, lines: list[str]) -> int:
        from .text_awk import _Exit, _Next
        code = 0
        try:
            try:
                for kind, _, action in self.items:
                    if kind == "BEGIN":
                        self.execute(action)
                if any(kind != "BEGIN" for kind, _, _ in self.items):
                    for line in lines:
                        self.proc.budget.spend()
                        self.vars["NR"] = to_num(self.vars["NR"]) + 1
                        self.set_record(line)
                        try:
                            self.main_items()
                        except _Next:
                            continue
            except _Exit as e:
                code = e.code
            for kind, _, action in self.items:
                if kind == "END":
                    self.execute(action)
        except _Exit as e:
            code = e.code
        except AwkRuntimeError as e:
            self.proc.err.write(f"awk: run time error: {e}\n")
            code = 2
        self.flush_files()
        return code

    def main_items(self) -> None:
        for index, (kind, pattern, action) in enumerate(self.items):
            if kind != "main":
                continue
            if pattern is not None and not self.truth(self.eval(pattern)):
                continue
            if action is None:
                self.write(self.fields[0] + to_str(self.vars["ORS"]), None)
            else:
                self.execute(action)

    def write(self, text: str, target) -> None:
        if target is None:
            self.proc.out.write(text)
            return
        mode, node = target
        name = to_str(self.eval(node))
        if name in ("/dev/stdout", "-"):
            self.proc.out.write(text)
        elif name == "/dev/stderr":
            self.proc.err.write(text)
        else:
            if name not in self.files:
                self.files[name] = [mode == ">>", []]
            self.files[name][1].append(text)

    def flush_files(self) -> None:
        for name, (append, chunks) in self.files.items():
            problem = self.proc.host.write_file(resolve_path(self.proc.cwd, name),
                                                "".join(chunks), append=append)
            if problem:
                self.proc.err.write(f"awk: cannot open \"{name}\" for output ({problem})\n")

    def execute(self, node) -> None:
        from .text_awk import _Exit, _Next
        kind = node[0]
        if kind == "block":
            for stmt in node[1]:
                self.execute(stmt)
        elif kind == "expr":
            self.eval(node[1])
        elif kind == "print":
            values = [to_str(self.eval(a)) for a in node[1]] if node[1] else [self.fields[0]]
            self.write(to_str(self.vars["OFS"]).join(values) + to_str(self.vars["ORS"]), node[2])
        elif kind == "printf":
            values = [self.eval(a) for a in node[1]]
            if values:
                self.write(awk_format(to_str(values[0]), values[1:]), node[2])
        elif kind == "if":
            if self.truth(self.eval(node[1])):
                self.execute(node[2])
            elif node[3] is not None:
                self.execute(node[3])
        elif kind == "while":
            while self.truth(self.eval(node[1])):
                self.proc.budget.spend()
                try:
                    self.execute(node[2])
                except LoopBreak:
                    break
                except LoopContinue:
                    continue
        elif kind == "for":
            if node[1] is not None:
                self.eval(node[1])
            while node[2] is None or self.truth(self.eval(node[2])):
                self.proc.budget.spend()
                try:
                    self.execute(node[4])
                except LoopBreak:
                    break
                except LoopContinue:
                    pass
                if node[3] is not None:
                    self.eval(node[3])
        elif kind == "forin":
            for key in list(self.arrays.get(node[2], {})):
                self.proc.budget.spend()
                self.vars[node[1]] = key
                try:
                    self.execute(node[3])
                except LoopBreak:
                    break
                except LoopContinue:
                    continue
        elif kind == "next":
            raise _Next()
        elif kind == "exit":
            raise _Exit(int(to_num(self.eval(node[1]))) if node[1] is not None else 0)
        elif kind == "delete":
            if node[2] is None:
                self.arrays.pop(node[1], None)
            else:
                self.arrays.get(node[1], {}).pop(to_str(self.eval(node[2])), None)
        elif kind == "break":
            raise LoopBreak()
        elif kind == "continue":
            raise LoopContinue()

    @staticmethod
    def truth(v) -> bool:
        if isinstance(v, float):
            return v != 0
        return v != ""

    def strnum(self, v) -> bool:
        return isinstance(v, float) or bool(_NUMERIC.match(v))

    def eval(self, node):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "str":
            return node[1]
        if kind == "re":
            return float(bool(self.regex(node[1]).search(self.fields[0])))
        if kind == "var":
            return self.vars.get(node[1], "")
        if kind == "field":
            return self.get_field(int(to_num(self.eval(node[1]))))
        if kind == "index":
            return self.arrays.setdefault(node[1], {}).get(to_str(self.eval(node[2])), "")
        if kind == "group":
            return to_str(self.vars["SUBSEP"]).join(to_str(self.eval(x)) for x in node[1])
        if kind == "concat":
            return to_str(self.eval(node[1])) + to_str(self.eval(node[2]))
        if kind == "arith":
            a, b = to_num(self.eval(node[2])), to_num(self.eval(node[3]))
            op = node[1]
            if op in ("/", "%") and b == 0:
                raise AwkRuntimeError("division by zero" + (" in %" if op == "%" else ""))
            if op == "^":
                try:
                    return float(a ** b) if abs(b) < 4096 else (math.inf if abs(a) > 1 else 1.0)
                except (OverflowError, ZeroDivisionError):
                    return math.inf
            return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0.0,
                    "%": math.fmod(a, b) if b else 0.0}[op]
        if kind == "not":
            return float(not self.truth(self.eval(node[1])))
        if kind == "&&":
            return float(self.truth(self.eval(node[1])) and self.truth(self.eval(node[2])))
        if kind == "||":
            return float(self.truth(self.eval(node[1])) or self.truth(self.eval(node[2])))
        if kind == "?":
            return self.eval(node[2]) if self.truth(self.eval(node[1])) else self.eval(node[3])
        if kind in ("~", "!~"):
            target = to_str(self.eval(node[1]))
            pattern = node[2][1] if node[2][0] == "re" else to_str(self.eval(node[2]))
            hit = bool(self.regex(pattern).search(target))
            return float(hit if kind == "~" else not hit)
        if kind == "in":
            return float(to_str(self.eval(node[1])) in self.arrays.get(node[2], {}))
        if kind == "cmp":
            a, b = self.eval(node[2]), self.eval(node[3])
            if self.strnum(a) and self.strnum(b):
                a, b = to_num(a), to_num(b)
            else:
                a, b = to_str(a), to_str(b)
            return float({"<": a < b, "<=": a <= b, "==": a == b, "!=": a != b,
                          ">=": a >= b, ">": a > b}[node[1]])
        if kind == "assign":
            op, target, value = node[1], node[2], self.eval(node[3])
            if op != "=":
                current = to_num(self.eval(target))
                b = to_num(value)
                if op in ("/=", "%=") and b == 0:
                    raise AwkRuntimeError("division by zero")
                value = {"+=": current + b, "-=": current - b, "*=": current * b,
                         "/=": current / b if b else 0.0, "%=": math.fmod(current, b) if b else 0.0,
                         "^=": current ** b if abs(b) < 4096 else math.inf}[op]
            self.store(target, value)
            return value
        if kind == "incr":
            op, target, prefix = node[1], node[2], node[3]
            old = to_num(self.eval(target))
            new = old + (1 if op == "++" else -1)
            self.store(target, new)
            return new if prefix else old
        if kind == "call":
            return self.call(node[1], node[2])
        raise AwkRuntimeError(f"unknown expression {kind}")

    def store(self, target, value) -> None:
        if target[0] == "var":
            self.vars[target[1]] = value
            if target[1] == "NF":
                n = int(to_num(value))
                self.fields = (self.fields + [""] * n)[:n + 1]
                self.fields[0] = to_str(self.vars["OFS"]).join(self.fields[1:])
        elif target[0] == "field":
            self.set_field(int(to_num(self.eval(target[1]))), to_str(value))
        elif target[0] == "index":
            self.arrays.setdefault(target[1], {})[to_str(self.eval(target[2]))] = value

    def call(self, name: str, args: list):
        vals = lambda: [self.eval(a) for a in args]  # noqa: E731
        if name == "length":
            if not args:
                return float(len(self.fields[0]))
            if args[0][0] == "var" and args[0][1] in self.arrays:
                return float(len(self.arrays[args[0][1]]))
            return float(len(to_str(self.eval(args[0]))))
        if name in ("sub", "gsub"):
            pattern = args[0][1] if args[0][0] == "re" else to_str(self.eval(args[0]))
            repl = to_str(self.eval(args[1]))
            target = args[2] if len(args) > 2 else ("field", ("num", 0.0))
            text = to_str(self.eval(target))
            count = 0

            def replace(m: re.Match) -> str:
                return re.sub(r"\\&|&", lambda r: "&" if r.group() == "\\&" else m.group(), repl)
            new, count = self.regex(pattern).subn(replace, text, count=0 if name == "gsub" else 1)
            if count:
                self.store(target, new)
            return float(count)
        if name == "split":
            text = to_str(self.eval(args[0]))
            sep = to_str(self.eval(args[2])) if len(args) > 2 else to_str(self.vars["FS"])
            parts = text.split() if sep == " " else (text.split(sep) if len(sep) == 1
                                                     else self.regex(sep).split(text))
            self.arrays[args[1][1]] = {str(i): p for i, p in enumerate(parts, 1)}
            return float(len(parts))
        if name == "match":
            text, pattern = to_str(self.eval(args[0])), args[1]
            rx = self.regex(pattern[1] if pattern[0] == "re" else to_str(self.eval(pattern)))
            m = rx.search(text)
            self.vars["RSTART"] = float(m.start() + 1) if m else 0.0
            self.vars["RLENGTH"] = float(len(m.group())) if m else -1.0
            return self.vars["RSTART"]
        v = vals()
        if name == "substr":
            s = to_str(v[0])
            start = round(to_num(v[1])) if len(v) > 1 else 1
            length = round(to_num(v[2])) if len(v) > 2 else len(s) + 1
            begin, end = max(start, 1), min(start + length, len(s) + 1)
            return s[begin - 1:end - 1] if end > begin else ""
        if name == "index":
            return float(to_str(v[0]).find(to_str(v[1])) + 1)
        if name == "toupper":
            return to_str(v[0]).upper()
        if name == "tolower":
            return to_str(v[0]).lower()
        if name == "sprintf":
            return awk_format(to_str(v[0]), v[1:]) if v else ""
        if name == "int":
            return float(int(to_num(v[0]))) if v else 0.0
        if name == "system":
            return 0.0
        funcs = {"sqrt": math.sqrt, "exp": math.exp, "log": math.log, "sin": math.sin,
                 "cos": math.cos}
        try:
            if name == "atan2":
                return math.atan2(to_num(v[0]), to_num(v[1]))
            return float(funcs[name](to_num(v[0])))
        except (ValueError, OverflowError, IndexError):
            return math.nan
