"""The parsed form of a command line: immutable values built by `parse` before anything runs.

Words are tuples of parts. A part is one of Lit, Param, CmdSub, Arith; each carries `quoted`
(inside double or single quotes), which decides field splitting and globbing at expansion time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Lit:
    text: str
    quoted: bool = False


@dataclass(frozen=True)
class Param:
    """$NAME, ${NAME}, ${NAME:-word} and friends (op is '', ':-', '-', ':=', '=', ':+', '+',
    ':?', '?', '#' for ${#NAME})."""

    name: str
    op: str = ""
    arg: "Word | None" = None
    quoted: bool = False


@dataclass(frozen=True)
class CmdSub:
    """$(...) or `...`: the inner script, parsed with the outer one."""

    script: "Script"
    quoted: bool = False


@dataclass(frozen=True)
class Arith:
    """$((expr)): the expression is a word (expanded first, then evaluated)."""

    expr: "Word"
    quoted: bool = False


Part = Union[Lit, Param, CmdSub, Arith]
Word = tuple  # tuple[Part, ...]


@dataclass(frozen=True)
class HereDoc:
    body: Word          # already split into parts; a quoted delimiter gives one quoted Lit
    strip_tabs: bool


@dataclass(frozen=True)
class Redir:
    """fd OP target: '>', '>>', '<', '>&', '<&', '&>', '&>>', '<<' (target is a HereDoc), '<>'."""

    fd: int
    op: str
    target: "Word | HereDoc"


@dataclass(frozen=True)
class Assign:
    name: str
    value: Word


@dataclass(frozen=True)
class SimpleCommand:
    assigns: tuple = ()    # tuple[Assign, ...]
    words: tuple = ()      # tuple[Word, ...]
    redirs: tuple = ()     # tuple[Redir, ...]


@dataclass(frozen=True)
class Pipeline:
    commands: tuple        # tuple[Command, ...]
    negate: bool = False


@dataclass(frozen=True)
class AndOr:
    """first, then (op, pipeline) pairs with op '&&' or '||', evaluated left to right."""

    first: Pipeline
    rest: tuple = ()


@dataclass(frozen=True)
class Item:
    command: AndOr
    background: bool = False   # `&`: we run it in the foreground (see parser docs)


@dataclass(frozen=True)
class Script:
    items: tuple = ()      # tuple[Item, ...]


@dataclass(frozen=True)
class BraceGroup:
    body: Script
    redirs: tuple = ()


@dataclass(frozen=True)
class Subshell:
    body: Script
    redirs: tuple = ()


@dataclass(frozen=True)
class If:
    clauses: tuple         # tuple[(cond Script, body Script), ...]: if + elifs
    else_body: "Script | None" = None
    redirs: tuple = ()


@dataclass(frozen=True)
class Loop:
    cond: Script
    body: Script
    until: bool = False
    redirs: tuple = ()


@dataclass(frozen=True)
class For:
    name: str
    words: "tuple | None"  # None: `for x; do` iterates "$@"
    body: Script
    redirs: tuple = ()


@dataclass(frozen=True)
class CaseArm:
    patterns: tuple        # tuple[Word, ...]
    body: Script


@dataclass(frozen=True)
class Case:
    subject: Word
    arms: tuple
    redirs: tuple = ()


@dataclass(frozen=True)
class FuncDef:
    name: str
    body: object           # a compound command
    source: str            # its text, so the shell state can store it as plain JSON


Command = Union[SimpleCommand, BraceGroup, Subshell, If, Loop, For, Case, FuncDef]
