"""Builtins that run more shell code: sh/bash/ash/dash (-c, a script file or stdin), eval and
`.`/source."""
from __future__ import annotations

from .builtins import BUILTINS, Builtin, _err, builtin
from .errors import IncompleteInput, ParseError, shell_prefix
from .interp import Interpreter
from .parser import parse


def _nested_flavor(sh: Interpreter, name: str) -> str:
    if name == "bash":
        return "bash"
    if name in ("ash", "dash"):
        return name
    return getattr(sh.host, "sh_flavor", None) or sh.flavor


def _shell(sh, argv, io) -> int:
    name = argv[0].rsplit("/", 1)[-1]
    flavor = _nested_flavor(sh, name)
    args = argv[1:]
    while args and args[0] in ("-i", "-l", "-s", "-e", "-x", "--login", "--norc", "-"):
        args = args[1:]
    if args and args[0] == "-c":
        if len(args) < 2:
            io.err.write(f"{shell_name_for(flavor)}: -c: option requires an argument\n")
            return 2
        return sh.run_nested_shell(args[1], io, flavor=flavor, args=args[3:],
                                   name=args[2] if len(args) > 2 else name)
    if args and args[0].startswith("-") and args[0] != "-":
        io.err.write(f"{shell_name_for(flavor)}: {args[0]}: invalid option\n")
        return 2
    if args:
        from ..fs import resolve_path
        text = sh.host.read_file(resolve_path(sh.state.cwd, args[0]))
        if text is None:
            io.err.write(f"{shell_name_for(flavor)}: {args[0]}: No such file or directory\n"
                         if flavor == "bash" else f"sh: can't open '{args[0]}': "
                         "No such file or directory\n" if flavor == "ash"
                         else f"sh: 0: cannot open {args[0]}: No such file\n")
            return 127 if flavor != "dash" else 2
        return sh.run_nested_shell(text, io, flavor=flavor, args=args[1:], name=args[0])
    return sh.run_nested_shell(io.stdin.rest(), io, flavor=flavor, args=[], name=name)


def shell_name_for(flavor: str) -> str:
    return "bash" if flavor == "bash" else "sh"


for _name in ("sh", "bash", "dash", "ash", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/ash",
              "/bin/dash", "/usr/bin/sh"):
    BUILTINS[_name] = Builtin(_name.rsplit("/", 1)[-1] if _name != "/bin/sh" else "sh", _shell)


@builtin("eval")
def _eval(sh, argv, io) -> int:
    source = " ".join(argv[1:])
    try:
        script = parse(source, sh.flavor)
    except ParseError as e:
        io.err.write(e.message + "\n")
        return 2
    except IncompleteInput:
        io.err.write(f"{shell_prefix(sh.flavor)}syntax error: unexpected end of file\n")
        return 2
    return sh.run_script(script, io)


@builtin(".", "source")
def _source(sh, argv, io) -> int:
    from ..fs import resolve_path
    if len(argv) < 2:
        _err(sh, io, f"{argv[0]}: filename argument required")
        return 2
    text = sh.host.read_file(resolve_path(sh.state.cwd, argv[1]))
    if text is None:
        if sh.flavor == "bash":
            _err(sh, io, f"{argv[1]}: No such file or directory")
            return 1
        _err(sh, io, f"{argv[0]}: can't open '{argv[1]}': No such file or directory")
        return 2
    return _eval(sh, ["eval", text], io)
