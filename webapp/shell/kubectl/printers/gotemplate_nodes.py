"""The parse tree of a Go text/template; str() of a node is what Go's Node.String() prints (it
appears in execution errors: `executing "output" at <index .spec.ports 5>: ...`)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Text:
    pos: int
    text: str


@dataclass
class Dot:
    pos: int

    def __str__(self) -> str:
        return "."


@dataclass
class Nil:
    pos: int

    def __str__(self) -> str:
        return "nil"


@dataclass
class Bool:
    pos: int
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass
class Number:
    pos: int
    text: str
    value: object        # int or float (a char constant is its code point)

    def __str__(self) -> str:
        return self.text


@dataclass
class String:
    pos: int
    quoted: str
    value: str

    def __str__(self) -> str:
        return self.quoted


@dataclass
class Identifier:
    pos: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass
class Field:
    pos: int
    idents: list

    def __str__(self) -> str:
        return "".join("." + i for i in self.idents)


@dataclass
class Variable:
    pos: int
    idents: list          # ["$x", "field", ...]

    def __str__(self) -> str:
        return ".".join(self.idents)


@dataclass
class Command:
    pos: int
    args: list

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, Pipe) else str(a) for a in self.args)


@dataclass
class Pipe:
    pos: int
    decl: list
    is_assign: bool
    cmds: list

    def __str__(self) -> str:
        head = ", ".join(self.decl) + " := " if self.decl else ""
        return head + " | ".join(str(c) for c in self.cmds)


@dataclass
class Chain:
    pos: int
    node: object
    fields: list

    def __str__(self) -> str:
        base = f"({self.node})" if isinstance(self.node, Pipe) else str(self.node)
        return base + "".join("." + f for f in self.fields)


@dataclass
class Action:
    pos: int
    pipe: Pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


@dataclass
class Branch:
    """if / range / with."""
    pos: int
    kind: str
    pipe: Pipe
    body: list
    else_body: list | None

    def __str__(self) -> str:
        return "{{" + self.kind + " " + str(self.pipe) + "}}"


@dataclass
class Break:
    pos: int

    def __str__(self) -> str:
        return "{{break}}"


@dataclass
class Continue:
    pos: int

    def __str__(self) -> str:
        return "{{continue}}"


@dataclass
class TemplateCall:
    pos: int
    name: str
    pipe: Pipe | None

    def __str__(self) -> str:
        from ..flags import go_quote
        return "{{template " + go_quote(self.name) + (" " + str(self.pipe) if self.pipe else "") + "}}"
