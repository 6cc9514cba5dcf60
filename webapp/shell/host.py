"""The machines a command can run on: the learner's workstation, or a container in a pod.

A Host answers what the shell and programs need to know about the machine: its name, files,
which programs exist and in which flavour (BIND or busybox nslookup, GNU or busybox tools),
how its shell words errors, its prompt, its network identity and its resolver configuration.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resolver:
    """What /etc/resolv.conf says: the name server, the search list and ndots."""

    nameserver: str
    search: tuple[str, ...]
    ndots: int = 1

    def conf_text(self) -> str:
        lines = []
        if self.search:
            lines.append("search " + " ".join(self.search))
        lines.append(f"nameserver {self.nameserver}")
        if self.ndots != 1:
            lines.append(f"options ndots:{self.ndots}")
        return "\n".join(lines) + "\n"


class Host:
    """Base class. Subclasses: WorkstationHost, PodHost (see webapp.shell.hosts)."""

    kind: str = "workstation"          # "workstation" or "pod"
    hostname: str = "workstation"
    shell_flavor: str = "bash"         # "bash", "ash" (busybox), "dash"
    user: str = "learner"
    home: str = "/home/learner"
    ip: str = "192.168.1.10"           # the address others see as the client
    namespace: str | None = None       # pods only
    pod_name: str | None = None        # pods only
    container: str | None = None       # pods only
    resolver: Resolver

    def has_program(self, name: str) -> bool:
        raise NotImplementedError

    def tool_flavor(self, name: str) -> str:
        """Which implementation of a tool this host ships: e.g. nslookup -> 'bind916' | 'busybox'."""
        raise NotImplementedError

    def read_file(self, path: str) -> str | None:
        """Contents of a file, or None when it does not exist (generated files included)."""
        raise NotImplementedError

    def write_file(self, path: str, text: str, append: bool = False) -> str | None:
        """Write a file; returns an error reason ('Permission denied', 'Is a directory',
        'No such file or directory') or None on success."""
        raise NotImplementedError

    def is_dir(self, path: str) -> bool:
        raise NotImplementedError

    def list_dir(self, path: str) -> list[str] | None:
        raise NotImplementedError

    def prompt(self, cwd: str, exit_code: int = 0) -> str:
        raise NotImplementedError

    def not_found_message(self, name: str) -> str:
        """The shell's own words for a missing command (exit 127)."""
        if self.shell_flavor == "bash":
            return f"bash: {name}: command not found"
        if self.shell_flavor == "dash":
            return f"sh: 1: {name}: not found"
        return f"sh: {name}: not found"

    def context_label(self) -> str:
        """The JSON API's `context`: 'workstation' or 'pod/NS/NAME'."""
        if self.kind == "pod":
            return f"pod/{self.namespace}/{self.pod_name}"
        return "workstation"
