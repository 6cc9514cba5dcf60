"""The sh language: parsing (with each shell's error wording) and running, as a transcript."""
from __future__ import annotations

import pytest

from webapp.cluster.clock import ManualClock
from webapp.shell.fs import FileTree, LayeredFS
from webapp.shell.host import Host, Resolver
from webapp.shell.lang import (IncompleteInput, ParseError, ShellExit, ShellState, execute,
                               parse)
from webapp.shell.lang.ast import CmdSub, For, Lit, Param, SimpleCommand
from webapp.shell.programs import Budget, LimitExceeded, Stream, load_all


class FakeHost(Host):
    """A small machine: every registered program, files in a LayeredFS, chosen flavours."""

    def __init__(self, flavor: str = "ash", tools: str = "busybox", user: str = "root",
                 home: str = "/root") -> None:
        self.shell_flavor, self.tools, self.user, self.home = flavor, tools, user, home
        self.hostname = "box"
        self.resolver = Resolver("10.96.0.10", ("default.svc.cluster.local",), 5)
        self.fs = LayeredFS(FileTree(), {"/etc/hostname": lambda: "box\n"},
                            dirs=("/tmp", home, "/etc"), user=user, writable=(home, "/tmp"))

    def has_program(self, name: str) -> bool:
        return name in load_all() and name not in ("kubectl",)

    def tool_flavor(self, name: str) -> str:
        return self.tools

    def read_file(self, path):
        return self.fs.read(path)

    def write_file(self, path, text, append=False):
        return self.fs.write(path, text, append)

    def is_dir(self, path):
        return self.fs.is_dir(path)

    def list_dir(self, path):
        return self.fs.list_dir(path)

    def prompt(self, cwd, exit_code=0):
        return "/ # "


class FakeWorld:
    def __init__(self) -> None:
        self.clock = ManualClock()
        self.cleared = False

    def request_clear(self) -> None:
        self.cleared = True


class Shell:
    """Runs lines like the terminal does: stdout and stderr interleaved, status kept."""

    def __init__(self, flavor: str = "ash", **host_args) -> None:
        self.host = FakeHost(flavor, **host_args)
        self.world = FakeWorld()
        self.state = ShellState(cwd=self.host.home, env={"HOME": self.host.home, "PATH": "/bin"})

    def run(self, line: str, budget: int = 50_000) -> tuple[str, int]:
        out = Stream()
        err = Stream(sink=out)
        self.state.history.append(line)
        try:
            script = parse(line, self.host.shell_flavor)
        except ParseError as e:
            return e.message + "\n", 2
        status = execute(script, self.state, self.host, self.world, out=out, err=err,
                         budget=Budget(budget))
        return out.getvalue(), status


@pytest.fixture
def sh() -> Shell:
    return Shell("ash")


@pytest.fixture
def bash() -> Shell:
    return Shell("bash", tools="gnu", user="learner", home="/home/learner")


# ---- parsing

def test_parse_is_immutable_and_structured():
    script = parse('for f in a "$X" $(echo b); do echo $f; done')
    loop = script.items[0].command.first.commands[0]
    assert isinstance(loop, For) and loop.name == "f"
    assert loop.words[1] == (Param("X", quoted=True),)
    assert isinstance(loop.words[2][0], CmdSub)
    with pytest.raises(Exception):
        loop.name = "g"  # frozen


def test_parse_words_keep_quoting():
    simple = parse("echo 'a b'\"$HOME\"c").items[0].command.first.commands[0]
    assert isinstance(simple, SimpleCommand)
    assert simple.words[1] == (Lit("a b", True), Param("HOME", quoted=True), Lit("c"))


@pytest.mark.parametrize("flavor,message", [
    ("ash", 'sh: syntax error: unexpected "done"'),
    ("bash", "bash: syntax error near unexpected token `done'"),
    ("dash", 'sh: 1: Syntax error: "done" unexpected'),
])
def test_syntax_error_wording(flavor, message):
    with pytest.raises(ParseError) as e:
        parse("done", flavor)
    assert e.value.message == message


def test_syntax_error_expecting_and_newline():
    with pytest.raises(ParseError) as e:
        parse("for i in 1 2; done")
    assert e.value.message == 'sh: syntax error: unexpected "done" (expecting "do")'
    with pytest.raises(ParseError) as e:
        parse("echo >", "bash")
    assert e.value.message == "bash: syntax error near unexpected token `newline'"
    with pytest.raises(ParseError) as e:
        parse("echo hi )", "ash")
    assert e.value.message == 'sh: syntax error: unexpected ")"'


@pytest.mark.parametrize("text", [
    "echo 'open", 'echo "open', "for i in 1 2", "cat <<EOF\nhello", "echo a |", "true &&",
    "echo \\", "if true; then", "echo $(date", "{ echo", "while true; do echo", "echo ${X",
    "case x in", "f() {",
])
def test_incomplete_input_asks_for_more(text):
    with pytest.raises(IncompleteInput):
        parse(text)


def test_incomplete_then_complete():
    parse("for i in 1 2\ndo echo $i\ndone")
    parse("cat <<EOF\nhello\nEOF")


def test_nesting_is_bounded_with_a_syntax_error():
    with pytest.raises(ParseError) as e:
        parse("echo " + "$(" * 2000 + ")" * 2000)
    assert "nesting too deep" in e.value.message


# ---- running

def test_quotes_variables_and_expansions(sh):
    assert sh.run('X="a  b"; echo $X "$X" \'$X\' ${X:-no} ${Y:-def} ${#X}') == \
        ("a b a  b $X a b def 4\n", 0)
    assert sh.run("echo $((3 * (4 + 1) % 7)) $((10 / 3)) $((-7 / 2)) $((2 > 1))") == \
        ("1 3 -3 1\n", 0)


def test_special_parameters(sh):
    assert sh.run("false; echo $?; true; echo $?") == ("1\n0\n", 0)
    assert sh.run("sh -c 'echo $0 $# $1 \"$@\"' name a b") == ("name 2 a a b\n", 0)


def test_command_substitution_nested_and_backticks(sh):
    assert sh.run("echo $(echo a $(echo b `echo c`))") == ("a b c\n", 0)
    assert sh.run('x=$(printf "l1\\nl2\\n\\n"); echo "[$x]"') == ("[l1\nl2]\n", 0)


def test_lists_and_or_negation(sh):
    assert sh.run("true && echo yes || echo no; false && echo yes || echo no") == ("yes\nno\n", 0)
    assert sh.run("! false; echo $?") == ("0\n", 0)


def test_pipelines_and_subshell_isolation(sh):
    assert sh.run("echo hello | tr a-z A-Z | wc -c") == ("6\n", 0)
    assert sh.run("X=1; (X=2; cd /tmp); echo $X; pwd") == ("1\n/root\n", 0)
    assert sh.run("echo x | read v; echo \"[$v]\"") == ("[]\n", 0)  # a stage is a subshell


def test_redirections(sh):
    assert sh.run("echo one > f; echo two >> f; cat f") == ("one\ntwo\n", 0)
    assert sh.run("cat nope 2>/dev/null; echo $?") == ("1\n", 0)
    assert sh.run("cat nope 2>&1 | tr a-z A-Z") == ("CAT: CAN'T OPEN 'NOPE': NO SUCH FILE OR DIRECTORY\n", 0)
    assert sh.run("echo err >&2 2>/dev/null") == ("err\n", 0)
    assert sh.run("{ echo a; echo b; } > g; cat g") == ("a\nb\n", 0)
    assert sh.run("echo x > /dev/stdout; echo y >/dev/null") == ("x\n", 0)


def test_redirection_errors_per_flavor():
    ash, bash, dash = Shell("ash"), Shell("bash", user="learner", home="/home/learner"), \
        Shell("dash")
    assert ash.run("echo x > /nope/f") == ("sh: can't create /nope/f: nonexistent directory\n", 2)
    assert ash.run("cat < missing") == ("sh: can't open missing: no such file\n", 2)
    assert bash.run("echo x > /nope/f") == ("bash: /nope/f: No such file or directory\n", 1)
    assert bash.run("echo x > /etc/hostname") == ("bash: /etc/hostname: Permission denied\n", 1)
    assert dash.run("echo x > /nope/f") == ("sh: 1: cannot create /nope/f: Directory nonexistent\n",
                                            2)


def test_heredocs(sh):
    assert sh.run("X=v; cat <<EOF\na $X\n  b\nEOF") == ("a v\n  b\n", 0)
    assert sh.run("cat <<'EOF'\n$X `x`\nEOF") == ("$X `x`\n", 0)
    assert sh.run("cat <<-EOF\n\tindented\n\tEOF") == ("indented\n", 0)
    assert sh.run("cat > web.yaml <<EOF\nkind: Service\nEOF\ncat web.yaml") == ("kind: Service\n", 0)


def test_compound_commands(sh):
    assert sh.run("for i in 1 2 3; do echo $i; done") == ("1\n2\n3\n", 0)
    assert sh.run("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i") == ("3\n", 0)
    assert sh.run("until false; do echo once; break; done") == ("once\n", 0)
    assert sh.run("if false; then echo a; elif true; then echo b; else echo c; fi") == ("b\n", 0)
    assert sh.run("case web.yaml in *.json) echo j;; *.yaml|*.yml) echo y;; esac") == ("y\n", 0)
    assert sh.run("for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done") == ("1\n3\n", 0)


def test_functions(sh):
    assert sh.run("greet() { echo hi $1; return 3; }; greet you; echo $?") == ("hi you\n3\n", 0)
    assert sh.run("greet again") == ("hi again\n", 3)  # kept in the shell state


def test_assignment_prefix_reaches_the_program_only(sh):
    assert sh.run("X=1 printenv X; echo \"[$X]\"") == ("1\n[]\n", 0)
    assert sh.run("export Y=2; printenv Y") == ("2\n", 0)


def test_globbing_in_current_directory(sh):
    sh.run("touch b.yaml a.yaml c.txt")
    assert sh.run("echo *.yaml") == ("a.yaml b.yaml\n", 0)
    assert sh.run("echo *.none '*.yaml'") == ("*.none *.yaml\n", 0)


def test_not_found_per_flavor():
    assert Shell("ash").run("nosuch") == ("sh: nosuch: not found\n", 127)
    assert Shell("bash").run("nosuch x") == ("bash: nosuch: command not found\n", 127)
    assert Shell("dash").run("nosuch") == ("sh: 1: nosuch: not found\n", 127)
    assert Shell("ash").run("/bin/echo hi") == ("hi\n", 0)


def test_cd_pwd(sh, bash):
    assert sh.run("cd /tmp; pwd; cd; pwd") == ("/tmp\n/root\n", 0)
    assert sh.run("cd /x") == ("sh: cd: can't cd to /x: No such file or directory\n", 2)
    assert bash.run("cd /x") == ("bash: cd: /x: No such file or directory\n", 1)


def test_echo_and_printf(sh, bash):
    assert sh.run("echo -n a; echo -e 'b\\tc'; echo -x") == ("ab\tc\n-x\n", 0)
    assert Shell("dash").run("echo -e 'a\\tb'") == ("-e a\tb\n", 0)
    assert bash.run("printf '%s=%d\\n' a 1 b 2") == ("a=1\nb=2\n", 0)
    assert bash.run("printf '[%5s][%-5s][%05d][%x][%o][%c][%%][%b]\\n' ab cd 42 255 8 xyz 'n\\t'") \
        == ("[   ab][cd   ][00042][ff][10][x][%][n\t]\n", 0)
    assert bash.run("printf '%d\\n' abc") == ("bash: printf: abc: invalid number\n0\n", 1)


def test_read_loop_from_heredoc(sh):
    assert sh.run("while read a b; do echo \"$b-$a\"; done <<EOF\n1 x y\n2 z\nEOF") == \
        ("x y-1\nz-2\n", 0)


def test_test_builtin(sh, bash):
    assert sh.run("[ -d /tmp ] && [ ! -f /tmp ] && [ -z '' ] && [ abc != abd ] && echo ok") == \
        ("ok\n", 0)
    assert bash.run("[ 1 -eq a ]") == ("bash: [: a: integer expression expected\n", 2)
    assert bash.run("[ 1 = 1") == ("bash: [: missing `]'\n", 2)
    assert sh.run("test 3 -gt 2 -a 1 -le 1; echo $?") == ("0\n", 0)


def test_type_command_history_clear(sh, bash):
    assert bash.run("type cd ls if; command -v ls") == \
        ("cd is a shell builtin\nls is /usr/bin/ls\nif is a shell keyword\n/usr/bin/ls\n", 0)
    bash.state.history[:] = ["kubectl get pods", "history"]
    out, _ = bash.run("history")
    assert out.startswith("    1  kubectl get pods\n    2  history\n")
    sh.state.history[:] = ["ls"]
    assert sh.run("history")[0] == "   0 ls\n   1 history\n"
    assert sh.run("clear") == ("", 0) and sh.world.cleared


def test_exit_in_top_level_and_subshells(sh):
    with pytest.raises(ShellExit) as e:
        sh.run("exit 3")
    assert e.value.code == 3
    assert sh.run("(exit 4); echo $?; sh -c 'exit 5'; echo $?") == ("4\n5\n", 0)
    assert sh.run("x=$(exit 6); echo $?") == ("6\n", 0)


def test_sleep_returns_and_infinity_is_the_time_limit(sh):
    assert sh.run("sleep 1; echo done") == ("done\n", 0)
    with pytest.raises(LimitExceeded, match="time limit"):
        sh.run("sleep infinity")


def test_state_round_trips_through_json(sh):
    import json
    sh.run("X=1; export Y=2; f() { echo f; }; cd /tmp")
    again = ShellState.from_dict(json.loads(json.dumps(sh.state.to_dict())))
    assert again.cwd == "/tmp" and again.env["Y"] == "2" and again.get("X") == "1"
    sh.state = again
    assert sh.run("f") == ("f\n", 0)
