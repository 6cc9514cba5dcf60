"""File tools over the host's virtual files: cat, ls, touch, mkdir, rm, rmdir, cp, mv.

They use `proc.host.fs` (a webapp.shell.fs.LayeredFS) for anything beyond read/write/list."""
from __future__ import annotations

import math
import posixpath
import time

from ..fs import resolve_path
from . import Proc, program
from .textio import bad_option, charge, flavor, read_input, scan, usage_error


def _q(proc: Proc, name: str) -> str:
    """How the tool quotes a file name in errors: GNU in a UTF-8 locale uses ‘’, busybox ''."""
    return f"\u2018{name}\u2019" if flavor(proc) == "gnu" else f"'{name}'"


def _fs(proc: Proc):
    return getattr(proc.host, "fs", None)


def _now(proc: Proc) -> float:
    clock = getattr(proc.world, "clock", None) or getattr(_fs(proc), "clock", None)
    return float(clock.now()) if clock is not None else 0.0


def _endless(proc: Proc, path: str) -> bool:
    """/dev/zero and /dev/urandom never end: write until the pipe or the output limit stops us."""
    if path not in ("/dev/zero", "/dev/urandom", "/dev/random"):
        return False
    if path == "/dev/zero":
        block = "\0" * 4096
    else:  # fixed bytes: the simulation has no real entropy and needs none
        block = "".join(chr((k * 2654435761 >> 7) % 256) for k in range(4096))
    while True:
        proc.budget.spend()
        proc.out.write(block)


@program("cat", "print files", flags=("-n",))
def cat(proc: Proc) -> int:
    opts, files, bad = scan(proc.argv[1:], "nbAEsTuv")
    if bad:
        return bad_option(proc, bad, "[-nbvteA] [FILE]...")
    status, number = 0, 0
    for name in files or ["-"]:
        if name != "-" and _endless(proc, resolve_path(proc.cwd, name)):
            return 0
        text = read_input(proc, name)
        if text is None:
            status = 1
            continue
        if "n" in opts or "b" in opts:
            out = []
            for line in text.splitlines(keepends=True):
                if "b" in opts and line in ("\n",):
                    out.append(line)
                    continue
                number += 1
                out.append(f"{number:6d}\t{line}")
            text = "".join(out)
        proc.out.write(text)
    return status


def _mode(info) -> str:
    if info.is_dir:
        return "drwxr-xr-x" if info.writable or info.owner == "root" else "drwxr-xr-x"
    return "-rw-r--r--" if info.writable or info.owner == "root" else "-rw-r--r--"


def _stamp(t: float, now: float) -> str:
    tm = time.gmtime(t)
    recent = now - 15778476 <= t <= now + 3600  # six months, as ls decides
    return time.strftime("%b %e %H:%M", tm) if recent else time.strftime("%b %e  %Y", tm)


def _columns(names: list[str], width: int = 80) -> str:
    """GNU/busybox ls for a terminal: as many columns as fit, filled top to bottom."""
    if not names:
        return ""
    n = len(names)
    for cols in range(n, 0, -1):
        rows = math.ceil(n / cols)
        cols_used = math.ceil(n / rows)
        widths = [max(len(names[i]) for i in range(c * rows, min((c + 1) * rows, n)))
                  for c in range(cols_used)]
        if sum(widths) + 2 * (cols_used - 1) <= width or cols == 1:
            lines = []
            for r in range(rows):
                cells = []
                for c in range(cols_used):
                    i = c * rows + r
                    if i < n:
                        last = c == cols_used - 1 or (c + 1) * rows + r >= n
                        cells.append(names[i] if last else names[i].ljust(widths[c] + 2))
                lines.append("".join(cells))
            return "\n".join(lines) + "\n"
    return "\n".join(names) + "\n"


@program("ls", "list what a folder holds", flags=("-l", "-a", "-1", "-A", "-d"))
def ls(proc: Proc) -> int:
    opts, operands, bad = scan(proc.argv[1:], "laA1dhrtFR")
    if bad:
        return bad_option(proc, bad, "[-1AaCxdLHRFplinshrSXvctu] [FILE]...")
    fs = _fs(proc)
    targets = operands or ["."]
    status, blocks_out = 0, []
    files, dirs = [], []
    for name in targets:
        path = resolve_path(proc.cwd, name)
        if proc.host.is_dir(path) and "d" not in opts:
            dirs.append((name, path))
        elif proc.host.read_file(path) is not None or proc.host.is_dir(path):
            files.append((name, path))
        else:
            proc.err.write(f"ls: cannot access {_q(proc, name)}: No such file or directory\n"
                           if flavor(proc) == "gnu" else f"ls: {name}: No such file or directory\n")
            status = 2 if flavor(proc) == "gnu" else 1
    now = _now(proc)

    def render(entries: list[tuple[str, str]], with_total: bool) -> str:
        if "r" in opts:
            entries = entries[::-1]
        if "l" not in opts:
            names = [e[0] for e in entries]
            if proc.interactive and "1" not in opts:
                return _columns(names)
            return "".join(n + "\n" for n in names)
        infos = [(n, fs.stat(p) if fs else None) for n, p in entries]
        sizes = [str(i.size) if i else "0" for _, i in infos]
        width = max((len(s) for s in sizes), default=1)
        owner_width = max((len(i.owner) for _, i in infos if i), default=1)
        lines = []
        if with_total:
            total = sum(math.ceil(i.size / 4096) * 4 for _, i in infos if i)
            lines.append(f"total {total}")
        for (name, info), size in zip(infos, sizes):
            if info is None:
                continue
            owner = info.owner
            stamp = _stamp(info.mtime or now, now)
            links = 2 if info.is_dir else 1
            if flavor(proc) == "gnu":
                lines.append(f"{_mode(info)} {links} {owner:<{owner_width}} {owner:<{owner_width}} "
                             f"{size.rjust(width)} "
                             f"{stamp} {name}")
            else:
                lines.append(f"{_mode(info)} {links:4d} {owner:<8} {owner:<8} {size:>9} "
                             f"{stamp} {name}")
        return "".join(line + "\n" for line in lines)

    if files:
        blocks_out.append(render(sorted(files), False))
    for k, (name, path) in enumerate(dirs):
        names = proc.host.list_dir(path) or []
        if "a" in opts:
            names = [".", ".."] + names
        elif "A" not in opts:
            names = [n for n in names if not n.startswith(".")]
        entries = [(n, resolve_path(path, n)) for n in sorted(names, key=_ls_key)]
        header = f"{name}:\n" if len(targets) > 1 else ""
        blocks_out.append(header + render(entries, True))
    proc.out.write("\n".join(b for b in blocks_out))
    return status


def _ls_key(name: str):
    return name.lstrip(".").lower() or name  # GNU in a UTF-8 locale ignores case and dots


@program("touch", "create files or update their time")
def touch(proc: Proc) -> int:
    opts, files, bad = scan(proc.argv[1:], "acm")
    if bad:
        return bad_option(proc, bad, "[-c] [-d DATE] [-t DATE] [-r FILE] FILE...")
    if not files:
        return usage_error(proc, "missing file operand", "[-c] FILE...")
    status = 0
    for name in files:
        path = resolve_path(proc.cwd, name)
        text = proc.host.read_file(path)
        if proc.host.is_dir(path):
            continue
        problem = proc.host.write_file(path, text or "")
        if problem:
            proc.err.write(f"touch: cannot touch {_q(proc, name)}: {problem}\n"
                           if flavor(proc) == "gnu" else f"touch: {name}: {problem}\n")
            status = 1
    return status


@program("mkdir", "create folders", flags=("-p",))
def mkdir(proc: Proc) -> int:
    opts, names, bad = scan(proc.argv[1:], "pv", "m")
    if bad:
        return bad_option(proc, bad, "[-m MODE] [-p] DIRECTORY...")
    if not names:
        return usage_error(proc, "missing operand", "[-m MODE] [-p] DIRECTORY...")
    fs, status = _fs(proc), 0
    for name in names:
        problem = fs.mkdir(resolve_path(proc.cwd, name), parents="p" in opts) if fs \
            else "Read-only file system"
        if problem:
            proc.err.write(f"mkdir: cannot create directory {_q(proc, name)}: {problem}\n"
                           if flavor(proc) == "gnu"
                           else f"mkdir: can't create directory '{name}': {problem}\n")
            status = 1
    return status


@program("rm", "remove files", flags=("-r", "-f", "-rf"))
def rm(proc: Proc) -> int:
    opts, names, bad = scan(proc.argv[1:], "rRfiv")
    if bad:
        return bad_option(proc, bad, "[-irf] FILE...")
    if not names and "f" not in opts:
        return usage_error(proc, "missing operand", "[-irf] FILE...")
    fs, status = _fs(proc), 0
    for name in names:
        path = resolve_path(proc.cwd, name)
        if not (proc.host.is_dir(path) or proc.host.read_file(path) is not None):
            if "f" not in opts:
                proc.err.write(f"rm: cannot remove {_q(proc, name)}: No such file or directory\n"
                               if flavor(proc) == "gnu"
                               else f"rm: can't remove '{name}': No such file or directory\n")
                status = 1
            continue
        recursive = "r" in opts or "R" in opts
        if proc.host.is_dir(path) and not recursive:
            proc.err.write(f"rm: cannot remove {_q(proc, name)}: Is a directory\n"
                           if flavor(proc) == "gnu" else f"rm: '{name}' is a directory\n")
            status = 1
            continue
        problem = fs.remove(path, recursive=recursive) if fs else "Read-only file system"
        if problem:
            proc.err.write(f"rm: cannot remove {_q(proc, name)}: {problem}\n"
                           if flavor(proc) == "gnu" else f"rm: can't remove '{name}': {problem}\n")
            status = 1
    return status


@program("rmdir", "delete folders that are empty")
def rmdir(proc: Proc) -> int:
    fs, status = _fs(proc), 0
    for name in proc.argv[1:]:
        path = resolve_path(proc.cwd, name)
        listing = proc.host.list_dir(path)
        problem = "No such file or directory" if listing is None and \
            proc.host.read_file(path) is None else "Not a directory" if listing is None else \
            "Directory not empty" if listing else (fs.remove(path, True) if fs else None)
        if problem:
            proc.err.write(f"rmdir: failed to remove {_q(proc, name)}: {problem}\n"
                           if flavor(proc) == "gnu" else f"rmdir: '{name}': {problem}\n")
            status = 1
    return status


def _copy_or_move(proc: Proc, move: bool) -> int:
    opts, names, bad = scan(proc.argv[1:], "rRfiapvn")
    tool = proc.name
    if bad:
        return bad_option(proc, bad, "[-fipv] SOURCE... DEST")
    if len(names) < 2:
        if not names:
            return usage_error(proc, "missing file operand", "SOURCE DEST")
        return usage_error(proc, f"missing destination file operand after {_q(proc, names[0])}",
                           "SOURCE DEST")
    *sources, dest = names
    dest_path = resolve_path(proc.cwd, dest)
    into_dir = proc.host.is_dir(dest_path)
    if len(sources) > 1 and not into_dir:
        proc.err.write(f"{tool}: target {_q(proc, dest)} is not a directory\n"
                       if flavor(proc) == "gnu" else f"{tool}: '{dest}' is not a directory\n")
        return 1
    fs, status = _fs(proc), 0
    for src in sources:
        src_path = resolve_path(proc.cwd, src)
        text = proc.host.read_file(src_path)
        if text is None:
            if proc.host.is_dir(src_path):
                message = f"-r not specified; omitting directory {_q(proc, src)}" if not move \
                    else f"cannot move {_q(proc, src)}: Is a directory"
                proc.err.write(f"{tool}: {message}\n")
            else:
                proc.err.write(f"{tool}: cannot stat {_q(proc, src)}: No such file or directory\n"
                               if flavor(proc) == "gnu"
                               else f"{tool}: can't stat '{src}': No such file or directory\n")
            status = 1
            continue
        target = posixpath.join(dest_path, posixpath.basename(src_path)) if into_dir else dest_path
        charge(proc, text)
        problem = proc.host.write_file(target, text)
        if problem is None and move and fs is not None:
            problem = fs.remove(src_path)
        if problem:
            shown = posixpath.join(dest, posixpath.basename(src_path)) if into_dir else dest
            proc.err.write(f"{tool}: cannot create regular file {_q(proc, shown)}: {problem}\n"
                           if flavor(proc) == "gnu"
                           else f"{tool}: can't create '{shown}': {problem}\n")
            status = 1
    return status


@program("cp", "copy files")
def cp(proc: Proc) -> int:
    return _copy_or_move(proc, move=False)


@program("mv", "move or rename files")
def mv(proc: Proc) -> int:
    return _copy_or_move(proc, move=True)

