"""Virtual files: the writable tree, the generated layer, permissions, capacity, and the
workstation host built on them."""
from __future__ import annotations

import json

import pytest

from webapp.cluster.clock import ManualClock
from webapp.shell.fs import FileTree, LayeredFS, resolve_path
from webapp.shell.hosts import WorkstationHost
from webapp.shell.lang import ShellState, execute, parse
from webapp.shell.programs import Budget, Stream


@pytest.fixture
def fs() -> LayeredFS:
    calls = {"n": 0}

    def resolv() -> str:
        calls["n"] += 1
        return f"nameserver 10.96.0.10\n# read {calls['n']}\n"

    return LayeredFS(FileTree(capacity=100), {"/etc/resolv.conf": resolv},
                     dirs=("/home/learner", "/tmp"), user="learner",
                     writable=("/home/learner", "/tmp"), clock=ManualClock(1000.0))


def test_resolve_path():
    assert resolve_path("/home/learner", "a/../b/./c") == "/home/learner/b/c"
    assert resolve_path("/tmp", "/etc//hosts") == "/etc/hosts"
    assert resolve_path("/", "..") == "/"
    assert resolve_path("/tmp", "") == "/tmp"


def test_generated_files_are_computed_when_read(fs):
    assert fs.read("/etc/resolv.conf").endswith("# read 1\n")
    assert fs.read("/etc/resolv.conf").endswith("# read 2\n")
    assert fs.is_dir("/etc") and fs.list_dir("/etc") == ["resolv.conf"]


def test_writes_directories_and_listing(fs):
    assert fs.write("/home/learner/a.txt", "hi\n") is None
    assert fs.write("/home/learner/a.txt", "more\n", append=True) is None
    assert fs.read("/home/learner/a.txt") == "hi\nmore\n"
    assert fs.mkdir("/home/learner/d/e", parents=True) is None
    assert fs.mkdir("/home/learner/d") == "File exists"
    assert fs.list_dir("/home/learner") == ["a.txt", "d"]
    assert fs.stat("/home/learner/a.txt").size == 8
    assert fs.stat("/home/learner/a.txt").mtime == 1000.0
    assert fs.stat("/home/learner/a.txt").owner == "learner"


def test_errors_are_errno_texts(fs):
    assert fs.write("/etc/resolv.conf", "x") == "Permission denied"
    assert fs.write("/etc/new", "x") == "Permission denied"
    assert fs.write("/nope/x", "x") == "No such file or directory"
    assert fs.write("/home/learner", "x") == "Is a directory"
    fs.write("/home/learner/f", "x")
    assert fs.write("/home/learner/f/g", "x") == "Not a directory"
    assert fs.remove("/home/learner/missing") == "No such file or directory"
    assert fs.remove("/home/learner") == "Is a directory"


def test_capacity_is_enforced(fs):
    assert fs.write("/tmp/big", "x" * 90) is None
    assert fs.write("/tmp/more", "y" * 20) == "No space left on device"
    assert fs.write("/tmp/big", "z" * 95) is None   # replacing counts the difference only


def test_root_copies_generated_files_up_and_can_remove_them():
    fs = LayeredFS(FileTree(), {"/etc/hosts": lambda: "127.0.0.1\tlocalhost\n"}, user="root")
    assert fs.write("/etc/hosts", "10.0.0.1 x\n", append=True) is None
    assert fs.read("/etc/hosts") == "127.0.0.1\tlocalhost\n10.0.0.1 x\n"
    assert fs.remove("/etc/hosts") is None
    assert fs.read("/etc/hosts") is None and fs.list_dir("/etc") == []


def test_tree_serializes_to_json():
    tree = FileTree()
    fs = LayeredFS(tree, {}, dirs=("/tmp",))
    fs.mkdir("/tmp/d")
    fs.write("/tmp/d/f", "é\n")
    again = FileTree.from_dict(json.loads(json.dumps(tree.to_dict())))
    fs2 = LayeredFS(again, {}, dirs=("/tmp",))
    assert fs2.read("/tmp/d/f") == "é\n" and fs2.is_dir("/tmp/d")


def _run(host: WorkstationHost, state: ShellState, line: str) -> tuple[str, int]:
    out = Stream()
    status = execute(parse(line, host.shell_flavor), state, host, None, out=out,
                     err=Stream(sink=out), budget=Budget(50_000))
    return out.getvalue(), status


def test_workstation_host():
    tree = FileTree()
    host = WorkstationHost(tree, clock=ManualClock())
    state = ShellState(cwd=host.home, env=host.default_env())
    assert host.prompt("/home/learner") == "$ "
    assert host.resolver.nameserver == "127.0.0.53"
    out, _ = _run(host, state, "tail -n 3 /etc/resolv.conf")
    assert out == "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n"
    assert host.tool_flavor("nslookup") == "bind918" and host.tool_flavor("grep") == "gnu"
    assert host.has_program("grep") and host.has_program("cat")
    assert _run(host, state, "echo x >> /etc/hosts") == \
        ("bash: /etc/hosts: Permission denied\n", 1)
    _run(host, state, "cat > web.yaml <<EOF\nkind: Service\nEOF")
    assert tree.files["/home/learner/web.yaml"] == "kind: Service\n"  # feeds kubectl apply -f
    assert _run(host, state, "sh -c 'cd /nope'") == ("sh: 1: cd: can't cd to /nope\n", 2)


def test_ls_long_and_columns():
    host = WorkstationHost(FileTree(), clock=ManualClock(1661342400.0))
    state = ShellState(cwd=host.home, env=host.default_env())
    _run(host, state, "echo hello > a.txt; mkdir dir")
    out, _ = _run(host, state, "ls -l")
    assert out == ("total 8\n"
                   "-rw-r--r-- 1 learner learner    6 Aug 24 12:00 a.txt\n"
                   "drwxr-xr-x 2 learner learner 4096 Aug 24 12:00 dir\n")
    assert _run(host, state, "ls") == ("a.txt  dir\n", 0)
    assert _run(host, state, "ls | cat") == ("a.txt\ndir\n", 0)
    assert _run(host, state, "ls nope") == \
        ("ls: cannot access \u2018nope\u2019: No such file or directory\n", 2)
    assert _run(host, state, "rm dir") == ("rm: cannot remove \u2018dir\u2019: Is a directory\n", 1)
    assert _run(host, state, "cp a.txt b.txt; mv b.txt c.txt; ls") == ("a.txt  c.txt  dir\n", 0)
