"""What a shell remembers between command lines: cwd, variables, functions, $?, history."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ShellState:
    """`env` holds exported variables (what programs see); `shell_vars` the unexported ones.
    `functions` maps a name to the source text of its definition (re-parsed when called), so
    the whole state is plain JSON. The terminal appends each line to `history` before running it."""

    cwd: str
    env: dict[str, str]
    last_status: int = 0
    history: list[str] = field(default_factory=list)
    shell_vars: dict[str, str] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)
    positional: list[str] = field(default_factory=list)
    script_name: str = "sh"   # $0
    pid: int = 1              # $$

    def get(self, name: str) -> str | None:
        if name in self.shell_vars:
            return self.shell_vars[name]
        return self.env.get(name)

    def set(self, name: str, value: str) -> None:
        if name in self.env:
            self.env[name] = value
        else:
            self.shell_vars[name] = value

    def export(self, name: str, value: str | None = None) -> None:
        if value is None:
            value = self.shell_vars.pop(name, self.env.get(name, ""))
        else:
            self.shell_vars.pop(name, None)
        self.env[name] = value

    def unset(self, name: str) -> None:
        self.env.pop(name, None)
        self.shell_vars.pop(name, None)

    def all_vars(self) -> dict[str, str]:
        merged = dict(self.env)
        merged.update(self.shell_vars)
        return merged

    def copy(self) -> "ShellState":
        """A subshell's state: changes to it do not reach the parent."""
        return ShellState(self.cwd, dict(self.env), self.last_status, self.history,
                          dict(self.shell_vars), dict(self.functions), list(self.positional),
                          self.script_name, self.pid)

    def to_dict(self) -> dict:
        return {"cwd": self.cwd, "env": dict(self.env), "last_status": self.last_status,
                "history": list(self.history), "shell_vars": dict(self.shell_vars),
                "functions": dict(self.functions), "positional": list(self.positional),
                "script_name": self.script_name, "pid": self.pid}

    @classmethod
    def from_dict(cls, d: dict) -> "ShellState":
        return cls(cwd=d["cwd"], env=dict(d["env"]), last_status=int(d.get("last_status", 0)),
                   history=list(d.get("history", [])), shell_vars=dict(d.get("shell_vars", {})),
                   functions=dict(d.get("functions", {})),
                   positional=list(d.get("positional", [])),
                   script_name=d.get("script_name", "sh"), pid=int(d.get("pid", 1)))
