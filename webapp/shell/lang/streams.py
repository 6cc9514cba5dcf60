"""The shell's plumbing: a consumable stdin, pipes with a capacity, /dev/null, file capture."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..programs import LimitExceeded, Stream

PIPE_CAPACITY = 1 << 20  # what one pipeline stage may hand to the next


class PipeFull(BaseException):
    """The reader of a pipe has all it can take: the writer stops, as on SIGPIPE.

    A BaseException so that a program's own `except Exception` cannot swallow it."""


class Input:
    """Standard input as the shell sees it: text consumed by the commands that read it.
    `read` takes one line; programs take the rest."""

    __slots__ = ("text", "pos", "truncated")

    def __init__(self, text: str = "", truncated: bool = False) -> None:
        self.text, self.pos, self.truncated = text, 0, truncated

    def rest(self) -> str:
        data = self.text[self.pos:] if self.pos else self.text
        self.pos = len(self.text)
        return data

    def readline(self) -> str | None:
        if self.pos >= len(self.text):
            return None
        end = self.text.find("\n", self.pos)
        end = len(self.text) if end < 0 else end + 1
        line = self.text[self.pos:end]
        self.pos = end
        return line


class PipeStream(Stream):
    """A pipe between two stages: holds up to its capacity, then stops the writer."""

    __slots__ = ("full",)

    def __init__(self, limit: int = PIPE_CAPACITY) -> None:
        super().__init__(limit)
        self.full = False

    def write(self, text: str) -> None:
        if not text:
            return
        room = self.limit - self.size
        if len(text) > room:
            if room > 0:
                self.chunks.append(text[:room])
                self.size += room
            self.full = True
            raise PipeFull()
        self.size += len(text)
        self.chunks.append(text)


class NullStream(Stream):
    """/dev/null: keeps nothing, but an endless writer still meets the output limit."""

    def write(self, text: str) -> None:
        self.size += len(text)
        if self.size > self.limit:
            raise LimitExceeded(f"output limit reached ({self.limit} characters)")


@dataclass
class IO:
    """The three standard descriptors of a running command."""

    stdin: Input
    out: Stream
    err: Stream
    tty: bool = True            # stdin and stdout are the learner's terminal
    pending_files: list = field(default_factory=list)   # (host path, Stream, flavor word)

    def with_(self, **changes) -> "IO":
        new = IO(self.stdin, self.out, self.err, self.tty, [])
        for name, value in changes.items():
            setattr(new, name, value)
        return new
