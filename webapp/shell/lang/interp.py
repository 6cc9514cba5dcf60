"""Runs a parsed Script: lists, pipelines (stage by stage, no threads), compound commands,
functions, builtins and programs from the table, with every step counted against the budget."""
from __future__ import annotations

from ..programs import Budget, LimitExceeded, Proc, Stream, load_all
from .ast import (AndOr, BraceGroup, Case, For, FuncDef, If, Loop, Pipeline, Script,
                  SimpleCommand, Subshell)
from .errors import IncompleteInput, ParseError, ShellExit, shell_prefix
from .expand import ExpansionError, expand_pattern, expand_word, expand_words, glob_regex
from .parser import parse
from .redirect import RedirectError, apply_redirs, flush_files
from .state import ShellState
from .streams import IO, Input, PipeFull, PipeStream

MAX_DEPTH = 24   # nested functions, subshells, $(...) and sh -c: deeper is a runaway recursion
BIN_DIRS = ("/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")
# stages that need only the start of their input: a truncated pipe into them is still exact
_PREFIX_READERS = frozenset({"head", "true", "false", ":", "echo", "printf", "exit", "sleep",
                             "read", "pwd", "cd", "clear", "date", "hostname", "whoami"})
# builtins that images also ship as files in /bin or /usr/bin
_ALSO_PROGRAMS = frozenset({"echo", "printf", "true", "false", "test", "[", "sleep", "pwd",
                            "sh", "bash"})
_BUILTINS = None  # the builtins table, imported on first use (builtins import this module)


class ExitShell(Exception):
    """`exit` inside a shell; caught where that shell (subshell, sh -c) ends."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class LoopControl(Exception):
    def __init__(self, kind: str, levels: int) -> None:
        super().__init__(kind)
        self.kind, self.levels = kind, levels


class FunctionReturn(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Interpreter:
    def __init__(self, state: ShellState, host, world, budget: Budget, flavor: str | None = None,
                 depth: int = 0) -> None:
        self.state, self.host, self.world, self.budget = state, host, world, budget
        self.flavor = flavor or getattr(host, "shell_flavor", "ash")
        self.depth = depth
        self.loop_depth = 0
        self.programs = load_all()
        self.cur_err: Stream = Stream()   # where $(...) inside the current command sends stderr
        self._sub_status: int | None = None

    # ---- messages
    def prefix(self) -> str:
        return shell_prefix(self.flavor)

    def say(self, io: IO, message: str) -> None:
        io.err.write(message + "\n")

    def child(self, state: ShellState | None = None, flavor: str | None = None) -> "Interpreter":
        if self.depth + 1 > MAX_DEPTH:
            raise LimitExceeded(f"{self.prefix()}recursion limit reached "
                                f"({MAX_DEPTH} nested shells, functions or substitutions)")
        sub = Interpreter(state or self.state.copy(), self.host, self.world, self.budget,
                          flavor or self.flavor, self.depth + 1)
        sub.cur_err = self.cur_err
        return sub

    # ---- lists
    def run_script(self, script: Script, io: IO) -> int:
        status = self.state.last_status
        for item in script.items:
            status = self.run_and_or(item.command, io)
            self.state.last_status = status
        return status

    def run_and_or(self, node: AndOr, io: IO) -> int:
        status = self.run_pipeline(node.first, io)
        for op, pipeline in node.rest:
            self.state.last_status = status
            if (op == "&&") == (status == 0):
                status = self.run_pipeline(pipeline, io)
        return status

    def run_pipeline(self, node: Pipeline, io: IO) -> int:
        self.budget.spend()
        if len(node.commands) == 1:
            status = self.run_command(node.commands[0], io)
        else:
            status = self._run_stages(node.commands, io)
        return int(not status) if node.negate else status

    def _run_stages(self, commands, io: IO) -> int:
        stdin = io.stdin
        status = 0
        for n, command in enumerate(commands):
            self.budget.spend()
            last = n == len(commands) - 1
            pipe = None if last else PipeStream()
            stage_io = io.with_(stdin=stdin, out=io.out if last else pipe, tty=False)
            stage = self.child()  # each stage runs in a subshell, as in ash and bash
            if stdin.truncated and not _reads_prefix_only(command):
                raise LimitExceeded(f"output limit reached ({stdin.truncated} characters "
                                    "through one pipe)")
            try:
                status = stage.run_command(command, stage_io)
            except PipeFull:
                status = 141
            except ExitShell as e:
                status = e.code
            if pipe is not None:
                stdin = Input(pipe.getvalue(), truncated=pipe.limit if pipe.full else False)
        return status

    # ---- commands
    def run_command(self, node, io: IO) -> int:
        self.cur_err = io.err
        try:
            if isinstance(node, SimpleCommand):
                return self.run_simple(node, io)
            if isinstance(node, FuncDef):
                self.state.functions[node.name] = node.source
                return 0
            inner = apply_redirs(self, node.redirs, io)
            try:
                return self._run_compound(node, inner)
            finally:
                flush_files(self, inner)
        except RedirectError as e:
            self.say(io, e.message)
            return e.status
        except ExpansionError as e:
            self.say(io, e.message)
            return e.status

    def _run_compound(self, node, io: IO) -> int:
        if isinstance(node, BraceGroup):
            return self.run_script(node.body, io)
        if isinstance(node, Subshell):
            sub = self.child()
            try:
                return sub.run_script(node.body, io)
            except ExitShell as e:
                return e.code
        if isinstance(node, If):
            for cond, body in node.clauses:
                if self.run_script(cond, io) == 0:
                    return self.run_script(body, io)
            return self.run_script(node.else_body, io) if node.else_body else 0
        if isinstance(node, Loop):
            return self._run_loop(node, io)
        if isinstance(node, For):
            values = expand_words(self, node.words) if node.words is not None \
                else list(self.state.positional)
            return self._run_for(node, values, io)
        if isinstance(node, Case):
            subject = expand_word(self, node.subject)
            for arm in node.arms:
                for pattern in arm.patterns:
                    if glob_regex([(expand_pattern(self, pattern), "lit")]).fullmatch(subject):
                        return self.run_script(arm.body, io)
            return 0
        raise TypeError(f"unknown command node {node!r}")

    def _run_loop(self, node: Loop, io: IO) -> int:
        status = 0
        self.loop_depth += 1
        try:
            while True:
                self.budget.spend()
                if (self.run_script(node.cond, io) == 0) == node.until:
                    return status
                try:
                    status = self.run_script(node.body, io)
                except LoopControl as c:
                    if c.levels > 1:
                        raise LoopControl(c.kind, c.levels - 1) from None
                    if c.kind == "break":
                        return 0
        finally:
            self.loop_depth -= 1

    def _run_for(self, node: For, values: list[str], io: IO) -> int:
        status = 0
        self.loop_depth += 1
        try:
            for value in values:
                self.budget.spend()
                self.state.set(node.name, value)
                try:
                    status = self.run_script(node.body, io)
                except LoopControl as c:
                    if c.levels > 1:
                        raise LoopControl(c.kind, c.levels - 1) from None
                    if c.kind == "break":
                        return 0
            return status
        finally:
            self.loop_depth -= 1

    def run_simple(self, node: SimpleCommand, io: IO) -> int:
        self.budget.spend()
        self._sub_status = None
        argv = expand_words(self, node.words)
        assigns = [(a.name, expand_word(self, a.value)) for a in node.assigns]
        inner = apply_redirs(self, node.redirs, io)
        try:
            if not argv:
                for name, value in assigns:
                    self.state.set(name, value)
                return self._sub_status if self._sub_status is not None else 0
            return self.invoke(argv, assigns, inner)
        finally:
            flush_files(self, inner)

    def invoke(self, argv: list[str], assigns: list, io: IO) -> int:
        global _BUILTINS
        if _BUILTINS is None:
            from .builtins import BUILTINS   # builtins import this module
            _BUILTINS = BUILTINS
        name = argv[0]
        if name in self.state.functions:
            return self.call_function(name, argv, assigns, io)
        directory, _, base = name.rpartition("/")
        if directory in BIN_DIRS and base in _ALSO_PROGRAMS:
            name, argv = base, [base] + argv[1:]  # /bin/echo is the same as echo here
        builtin = _BUILTINS.get(name)
        if builtin is not None and builtin.available(self):
            saved = {k: self.state.get(k) for k, _ in assigns}
            for k, v in assigns:
                self.state.set(k, v)
            try:
                return builtin.run(self, argv, io)
            finally:
                for k, v in saved.items():
                    if v is None:
                        self.state.unset(k)
                    else:
                        self.state.set(k, v)
        return self.run_program(argv, assigns, io)

    def program_name(self, name: str) -> str | None:
        """The table name for what was typed (`ls`, `/bin/ls`), if this host has it."""
        base = name
        if "/" in name:
            directory, _, base = name.rpartition("/")
            if directory not in BIN_DIRS:
                return None
        spec = self.programs.get(base)
        if spec is None or not self.host.has_program(base):
            return None
        return base

    def run_program(self, argv: list[str], assigns: list, io: IO) -> int:
        name = argv[0]
        base = self.program_name(name)
        if base is None:
            status = self._not_found(name, io)
            self._log(argv, status)
            return status
        env = dict(self.state.env)
        env.update(assigns)
        proc = Proc(argv=list(argv), stdin=io.stdin.rest(), out=io.out, err=io.err, env=env,
                    host=self.host, world=self.world, budget=self.budget, cwd=self.state.cwd,
                    interactive=io.tty)
        proc.shell = self  # lets `xargs`, `env CMD` and `nohup` run other programs
        status = int(self.programs[base].run(proc)) & 0xFF
        self._log(argv, status)
        return status

    def _log(self, argv: list[str], status: int) -> None:
        log = getattr(self.world, "log_command", None)
        if log is not None:  # lesson checks ask what ran where ("nslookup in a pod")
            log(list(argv), status, host=self.host)

    def _not_found(self, name: str, io: IO) -> int:
        if "/" in name:
            from ..fs import resolve_path
            path = resolve_path(self.state.cwd, name)
            if self.host.read_file(path) is not None or self.host.is_dir(path):
                reason = "Is a directory" if self.host.is_dir(path) else "Permission denied"
                if self.flavor == "bash":
                    self.say(io, f"bash: {name}: {reason}")
                else:
                    self.say(io, f"{self.prefix()}{name}: {reason}")
                return 126
            if self.flavor == "bash":
                self.say(io, f"bash: {name}: No such file or directory")
                return 127
        self.say(io, self.host.not_found_message(name))
        return 127

    def call_function(self, name: str, argv: list[str], assigns: list, io: IO) -> int:
        body = _function_body(self.state.functions[name], self.flavor)
        if body is None:
            return self._not_found(name, io)
        if self.depth + 1 > MAX_DEPTH:
            raise LimitExceeded(f"{self.prefix()}recursion limit reached "
                                f"({MAX_DEPTH} nested shells, functions or substitutions)")
        saved_args = self.state.positional
        self.state.positional = list(argv[1:])
        for k, v in assigns:
            self.state.set(k, v)
        self.depth += 1
        try:
            return self.run_command(body, io)
        except FunctionReturn as r:
            return r.code
        finally:
            self.depth -= 1
            self.state.positional = saved_args

    # ---- substitutions and nested shells
    def command_substitution(self, script: Script) -> str:
        out = Stream()
        sub = self.child()
        io = IO(Input(""), out, self.cur_err, tty=False)
        try:
            status = sub.run_script(script, io)
        except ExitShell as e:
            status = e.code
        self._sub_status = status
        self.state.last_status = status
        return out.getvalue().rstrip("\n")

    def run_nested_shell(self, source: str, io: IO, *, flavor: str, args: list[str],
                         name: str) -> int:
        """`sh -c SOURCE NAME ARGS...`: a child shell with the exported environment only."""
        state = ShellState(cwd=self.state.cwd, env=dict(self.state.env),
                           history=self.state.history, positional=list(args),
                           script_name=name, pid=self.state.pid + 1)
        sub = self.child(state, flavor)
        try:
            script = parse(source, flavor)
        except ParseError as e:
            self.say(io, e.message)
            return 2
        except IncompleteInput:
            self.say(io, f"{shell_prefix(flavor)}syntax error: unexpected end of file")
            return 2
        try:
            return sub.run_script(script, io)
        except ExitShell as e:
            return e.code

    def glob(self, chunks: list) -> list[str]:
        """Matches one pattern (its last path component only) against the virtual files."""
        from ..fs import resolve_path
        text = "".join(t for t, _ in chunks)
        directory, slash, _ = text.rpartition("/")
        if any(c in directory for c in "*?"):
            return []
        prefix_len = len(directory) + len(slash)
        rest: list = []
        taken = 0
        for t, k in chunks:  # the chunks of the last component
            if taken + len(t) <= prefix_len:
                taken += len(t)
                continue
            rest.append((t[max(0, prefix_len - taken):], k))
            taken += len(t)
        rx = glob_regex(rest)
        where = resolve_path(self.state.cwd, (directory or "/") if slash else ".")
        names = self.host.list_dir(where) or []
        hidden_ok = "".join(t for t, _ in rest).startswith(".")
        found = sorted(n for n in names if rx.fullmatch(n) and (hidden_ok or not n.startswith(".")))
        return [directory + slash + n for n in found]


def _reads_prefix_only(command) -> bool:
    if not isinstance(command, SimpleCommand) or not command.words:
        return False
    first = command.words[0]
    if len(first) != 1 or not hasattr(first[0], "text"):
        return False
    name = first[0].text.rsplit("/", 1)[-1]
    if name in _PREFIX_READERS:
        return True
    if name == "grep":  # grep -q / -m stop early
        return any(len(w) == 1 and hasattr(w[0], "text") and w[0].text.startswith("-")
                   and ("q" in w[0].text or "m" in w[0].text) for w in command.words[1:])
    return False


def _function_body(source: str, flavor: str):
    try:
        script = parse(source, flavor)
        node = script.items[0].command.first.commands[0]
    except (ParseError, IncompleteInput, IndexError, AttributeError):
        return None
    return node.body if isinstance(node, FuncDef) else None


def execute(script: Script, state: ShellState, host, world, *, out: Stream, err: Stream,
            budget: Budget, stdin: str = "") -> int:
    """Runs `script` in the shell `state` on `host`. Returns the exit status of the last command
    (also stored in state.last_status). `exit` raises ShellExit; a bounded resource running out
    raises LimitExceeded (the terminal prints its message)."""
    sh = Interpreter(state, host, world, budget)
    sh.cur_err = err
    io = IO(Input(stdin), out, err, tty=True)
    try:
        status = sh.run_script(script, io)
    except ExitShell as e:
        state.last_status = e.code
        raise ShellExit(e.code) from None
    except (LoopControl, FunctionReturn) as e:
        status = getattr(e, "code", 0)
    except RecursionError:
        raise LimitExceeded(f"{sh.prefix()}recursion limit reached") from None
    state.last_status = status
    return status
