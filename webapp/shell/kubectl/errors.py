"""Errors kubectl prints itself (not the API server's): the `error: ...` family and usage errors.

Verb handlers raise these; the registry prints `text` on stderr and exits with `code`, as
kubectl's `cmdutil.CheckErr` does. Server errors stay `webapp.cluster.errors.ApiError`.
"""
from __future__ import annotations


class KubectlError(Exception):
    """A message printed on stderr as is (no trailing newline needed) with an exit code."""

    def __init__(self, text: str, code: int = 1) -> None:
        super().__init__(text)
        self.text = text
        self.code = code


def error(message: str, code: int = 1) -> KubectlError:
    """`error: <message>` (CheckErr's default rendering)."""
    return KubectlError(f"error: {message}", code)


def usage_error(command_path: str, message: str) -> KubectlError:
    """cmdutil.UsageErrorf: the message, then `See '<command> -h' for help and examples`."""
    return KubectlError(f"error: {message}\nSee '{command_path} -h' for help and examples")


class ExitStatus(Exception):
    """Leave with this status without printing anything more (the output was already written)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code
