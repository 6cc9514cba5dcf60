"""Redirections: files on the host, /dev/null, /dev/stdout, /dev/stderr, dups and heredocs."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..programs import Stream
from .ast import HereDoc
from .expand import expand_word, word_chunks
from .streams import IO, Input, NullStream

if TYPE_CHECKING:
    from .interp import Interpreter

FILE_CAPTURE_LIMIT = 1 << 20


class RedirectError(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _fail(sh: "Interpreter", word: str, reason: str, creating: bool) -> RedirectError:
    """Worded as each shell words it; `reason` is the errno text."""
    flavor = sh.flavor
    if flavor == "bash":
        return RedirectError(f"bash: {word}: {reason}", 1)
    if reason == "No such file or directory":
        reason = {"ash": "nonexistent directory" if creating else "no such file",
                  "dash": "Directory nonexistent" if creating else "No such file"}.get(flavor, reason)
    verb = ("can't create" if creating else "can't open") if flavor != "dash" else \
        ("cannot create" if creating else "cannot open")
    return RedirectError(f"{sh.prefix()}{verb} {word}: {reason}", 2)


def apply_redirs(sh: "Interpreter", redirs: tuple, io: IO) -> IO:
    """A new IO for the command, after its redirections (left to right). Output files are
    created (or truncated) now and filled by `flush_files` when the command ends."""
    new = io.with_()  # always a fresh IO: its pending files are this command's alone
    if not redirs:
        return new
    for r in redirs:
        if r.op == "<<":
            body = _heredoc_text(sh, r.target)
            if r.fd == 0:
                new.stdin = Input(body)
            continue
        word = expand_word(sh, r.target)
        if r.op in (">&", "<&"):
            if word in ("1", "2", "0"):
                source = {"1": new.out, "2": new.err, "0": new.out}[word]
                if r.fd == 1:
                    new.out, new.tty = source, False
                elif r.fd == 2:
                    new.err = source
                continue
            if word == "-":
                if r.fd == 1:
                    new.out = NullStream()
                elif r.fd == 2:
                    new.err = NullStream()
                continue
            if r.op == "<&" or word.isdigit():
                raise RedirectError(_bad_fd(sh, word), 1 if sh.flavor == "bash" else 2)
            stream = _open_output(sh, word, False, new)   # bash: >&file is &>file
            new.out = new.err = stream
            new.tty = False
            continue
        if r.op in ("<", "<>"):
            new.stdin = Input(_read_input(sh, word))
            continue
        append = r.op in (">>", "&>>")
        stream = _open_output(sh, word, append, new)
        if r.op in ("&>", "&>>"):
            new.out = new.err = stream
            new.tty = False
        elif r.fd == 1:
            new.out, new.tty = stream, False
        elif r.fd == 2:
            new.err = stream
    return new


def _bad_fd(sh: "Interpreter", word: str) -> str:
    if sh.flavor == "bash":
        return f"bash: {word}: Bad file descriptor"
    return f"{sh.prefix()}{word}: bad file descriptor" if sh.flavor == "ash" else \
        f"{sh.prefix()}{word}: Bad file descriptor"


def _heredoc_text(sh: "Interpreter", doc: HereDoc) -> str:
    return "".join(t for t, _ in word_chunks(sh, doc.body, False))


def _read_input(sh: "Interpreter", word: str) -> str:
    from ..fs import resolve_path
    if word == "/dev/null":
        return ""
    if word == "/dev/zero":  # endless: hand over as much as a pipe holds
        return "\0" * FILE_CAPTURE_LIMIT
    path = resolve_path(sh.state.cwd, word)
    text = sh.host.read_file(path)
    if text is None:
        if sh.host.is_dir(path):
            if sh.flavor == "bash":
                raise RedirectError(f"bash: {word}: Is a directory", 1)
            return ""
        raise _fail(sh, word, "No such file or directory", creating=False)
    return text


def _open_output(sh: "Interpreter", word: str, append: bool, io: IO) -> Stream:
    from ..fs import resolve_path
    if word in ("/dev/null",):
        return NullStream()
    if word in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/dev/tty"):
        return io.out
    if word in ("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"):
        return io.err
    if word == "":
        if sh.flavor == "bash":
            raise RedirectError("bash: : No such file or directory", 1)
        raise _fail(sh, word, "No such file or directory", creating=True)
    path = resolve_path(sh.state.cwd, word)
    if sh.host.is_dir(path):
        raise _fail(sh, word, "Is a directory", creating=True)
    problem = sh.host.write_file(path, "", append=True)
    if problem is None and not append:
        problem = sh.host.write_file(path, "", append=False)
    if problem is not None:
        raise _fail(sh, word, problem, creating=True)
    stream = Stream(FILE_CAPTURE_LIMIT)
    io.pending_files.append((path, stream))
    return stream


def flush_files(sh: "Interpreter", io: IO) -> None:
    """Writes what the command sent into its output files."""
    for path, stream in io.pending_files:
        text = stream.getvalue()
        if text:
            problem = sh.host.write_file(path, text, append=True)
            if problem is not None:
                io.err.write(f"{sh.prefix()}write error: {problem}\n")
    io.pending_files.clear()
