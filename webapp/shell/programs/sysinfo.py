"""What a machine says about itself: env, printenv, hostname, whoami, id, uname, date, ps,
nproc, which, and xargs (which runs other commands through the shell)."""
from __future__ import annotations

import re
import time

from . import Proc, program
from .textio import bad_option, flavor, scan

KERNEL_RELEASE = "5.15.0-46-generic"      # Ubuntu 22.04 kernel of mid-2022 (the node's, too)
KERNEL_VERSION = "#49-Ubuntu SMP Thu Aug 4 18:03:25 UTC 2022"


def _run_command(proc: Proc, argv: list[str], env_extra: list | None = None) -> int:
    """Runs argv as the shell would (builtins and programs) with this program's streams."""
    shell = getattr(proc, "shell", None)
    if shell is None:
        proc.err.write(f"{proc.name}: {argv[0]}: No such file or directory\n")
        return 127
    from ..lang.streams import IO, Input
    io = IO(Input(proc.stdin), proc.out, proc.err, tty=proc.interactive)
    if env_extra:
        return shell.run_program(argv, env_extra, io)
    return shell.invoke(argv, [], io)


@program("env", "print the environment, or run a command in a changed one")
def env(proc: Proc) -> int:
    args = proc.argv[1:]
    extra, clear = [], False
    while args and (args[0] in ("-i", "-") or re.match(r"[A-Za-z_]\w*=", args[0])):
        if args[0] in ("-i", "-"):
            clear = True
        else:
            name, _, value = args[0].partition("=")
            extra.append((name, value))
        args = args[1:]
    if args:
        return _run_command(proc, args, extra or None)
    base = {} if clear else dict(proc.env)
    base.update(extra)
    proc.out.write("".join(f"{k}={v}\n" for k, v in base.items()))
    return 0


@program("printenv", "print environment variables")
def printenv(proc: Proc) -> int:
    names = proc.argv[1:]
    if not names:
        proc.out.write("".join(f"{k}={v}\n" for k, v in proc.env.items()))
        return 0
    status = 0
    for name in names:
        if name in proc.env:
            proc.out.write(proc.env[name] + "\n")
        else:
            status = 1
    return status


@program("hostname", "show the machine's name", flags=("-i", "-f", "-s"))
def hostname(proc: Proc) -> int:
    opts, operands, bad = scan(proc.argv[1:], "ifsdI")
    if bad:
        return bad_option(proc, bad, "[-sfid] [HOSTNAME | -F FILE]")
    if operands:
        proc.err.write("hostname: you must be root to change the host name\n"
                       if flavor(proc) == "gnu" and proc.host.user != "root"
                       else "hostname: sethostname: Operation not permitted\n")
        return 1
    if "i" in opts or "I" in opts:
        proc.out.write(proc.host.ip + ("\n" if "i" in opts else " \n"))
        return 0
    name = proc.host.hostname
    if "s" in opts:
        name = name.split(".")[0]
    elif "f" in opts:
        name = getattr(proc.host, "fqdn", None) or name
    proc.out.write(name + "\n")
    return 0


@program("whoami", "print the user name")
def whoami(proc: Proc) -> int:
    proc.out.write(proc.host.user + "\n")
    return 0


def _groups(proc: Proc) -> list[tuple[int, str]]:
    groups = getattr(proc.host, "groups", None)
    if groups is not None:
        return list(groups())
    return [(0, "root")] if proc.host.user == "root" else [(1000, proc.host.user)]


@program("id", "print user and group ids", flags=("-u", "-g", "-n"))
def id_(proc: Proc) -> int:
    opts, _, bad = scan(proc.argv[1:], "ugnG")
    if bad:
        return bad_option(proc, bad, "[-ugGnr] [USER]")
    uid = getattr(proc.host, "uid", 0 if proc.host.user == "root" else 1000)
    groups = _groups(proc)
    if "u" in opts:
        proc.out.write((proc.host.user if "n" in opts else str(uid)) + "\n")
    elif "g" in opts:
        proc.out.write((groups[0][1] if "n" in opts else str(groups[0][0])) + "\n")
    elif "G" in opts:
        proc.out.write(" ".join(n if "n" in opts else str(g) for g, n in groups) + "\n")
    else:
        listed = ",".join(f"{g}({n})" for g, n in groups)
        proc.out.write(f"uid={uid}({proc.host.user}) gid={groups[0][0]}({groups[0][1]}) "
                       f"groups={listed}\n")
    return 0


@program("uname", "show the kernel and machine type", flags=("-a", "-r", "-s", "-m", "-n"))
def uname(proc: Proc) -> int:
    opts, _, bad = scan(proc.argv[1:], "asnrvmpio")
    if bad:
        return bad_option(proc, bad, "[-amnrspvio]")
    gnu = flavor(proc) == "gnu"
    fields = [("s", "Linux"), ("n", proc.host.hostname), ("r", KERNEL_RELEASE),
              ("v", KERNEL_VERSION), ("m", "x86_64")]
    if gnu:
        fields += [("p", "x86_64"), ("i", "x86_64"), ("o", "GNU/Linux")]
    else:
        fields += [("o", "Linux")]
    if "a" in opts:
        chosen = [v for k, v in fields]
    else:
        chosen = [v for k, v in fields if k in opts] or ["Linux"]
    proc.out.write(" ".join(chosen) + "\n")
    return 0


def _clock_now(proc: Proc) -> float:
    clock = getattr(proc.world, "clock", None)
    return float(clock.now()) if clock is not None else 0.0


@program("date", "print the date and time (UTC)", flags=("-u", "-R", "-I"))
def date(proc: Proc) -> int:
    now = _clock_now(proc)
    tm = time.gmtime(int(now))
    fmt = "%a %b %e %H:%M:%S UTC %Y"
    for arg in proc.argv[1:]:
        if arg.startswith("+"):
            fmt = arg[1:].replace("%Z", "UTC").replace("%z", "+0000").replace(
                "%N", f"{int((now % 1) * 1e9):09d}").replace("%s", str(int(now)))
        elif arg == "-R":
            fmt = "%a, %d %b %Y %H:%M:%S +0000"
        elif arg in ("-I", "--iso-8601"):
            fmt = "%Y-%m-%d"
        elif arg in ("-u", "--utc"):
            continue
        else:
            proc.err.write(f"date: invalid date \u2018{arg}\u2019\n" if flavor(proc) == "gnu"
                           else f"date: invalid date '{arg}'\n")
            return 1
    proc.out.write(time.strftime(fmt, tm) + "\n")
    return 0


@program("ps", "list processes (simple)", flags=("-e", "-f", "aux"))
def ps(proc: Proc) -> int:
    listing = getattr(proc.host, "processes", None)
    processes = listing() if listing is not None else \
        [(1234, proc.host.user, "bash"), (1240, proc.host.user, "ps")]
    if flavor(proc) == "busybox":
        lines = ["PID   USER     TIME  COMMAND"]
        lines += [f"{pid:5d} {user:<8} {'0:00':>5} {cmd}" for pid, user, cmd in processes]
    else:
        lines = ["    PID TTY          TIME CMD"]
        lines += [f"{pid:7d} pts/0    00:00:00 {cmd.split()[0].rsplit('/', 1)[-1]}"
                  for pid, _, cmd in processes]
    proc.out.write("\n".join(lines) + "\n")
    return 0


@program("nproc", "number of processors")
def nproc(proc: Proc) -> int:
    proc.out.write(f"{getattr(proc.host, 'cpus', 2)}\n")
    return 0


@program("which", "show where a command lives")
def which(proc: Proc) -> int:
    names = [a for a in proc.argv[1:] if not a.startswith("-")]
    status = 0 if names else 1
    shell = getattr(proc, "shell", None)
    for name in names:
        base = shell.program_name(name) if shell is not None else None
        if base is None:
            status = 1
            continue
        locate = getattr(proc.host, "program_path", None)
        proc.out.write((locate(base) if locate else f"/usr/bin/{base}") + "\n")
    return status


@program("xargs", "build command lines from input", flags=("-n", "-I"))
def xargs(proc: Proc) -> int:
    opts, command, bad = _xargs_options(proc.argv[1:])
    if bad:
        return bad_option(proc, bad, "[OPTIONS] [PROG ARGS]")
    command = command or ["echo"]
    words = proc.stdin.split("\n") if "I" in opts else proc.stdin.split()
    words = [w for w in words if w != ""]
    proc.stdin = ""
    status = 0
    if "I" in opts:
        marker = opts["I"]
        batches = [[part.replace(marker, w) for part in command] for w in words]
    else:
        size = int(opts["n"]) if opts.get("n", "").isdigit() and int(opts["n"]) > 0 else None
        if size is None:
            batches = [command + words] if words or "-r" not in opts else []
        else:
            batches = [command + words[i:i + size] for i in range(0, len(words), size)] or \
                [command]
    for argv in batches:
        proc.budget.spend()
        code = _run_command(proc, argv)
        if code:
            status = 123 if 1 <= code <= 125 else code
    return status


def _xargs_options(argv: list[str]):
    opts, i = {}, 0
    while i < len(argv):
        a = argv[i]
        if a in ("-n", "-I", "-d", "-P", "-L") and i + 1 < len(argv):
            opts[a[1]] = argv[i + 1]
            i += 2
        elif re.fullmatch(r"-[nIdPL].+", a):
            opts[a[1]] = a[2:]
            i += 1
        elif a in ("-r", "-t", "-0", "--no-run-if-empty"):
            opts[a] = True
            i += 1
        elif a.startswith("-") and a != "-":
            return opts, [], a
        else:
            return opts, argv[i:], None
    return opts, [], None
