"""The sh language of the terminal: parse a line first, then run it.

    script = parse(text, flavor="ash")        # immutable; ParseError / IncompleteInput
    status = execute(script, state, host, world, out=out, err=err, budget=budget)

`execute` raises ShellExit for `exit` in the top-level shell and lets LimitExceeded through.
"""
from .errors import IncompleteInput, ParseError, ShellExit
from .interp import execute
from .parser import parse
from .state import ShellState
from . import builtins as _builtins  # noqa: F401  (fills the builtin table)

__all__ = ["parse", "execute", "ShellState", "ParseError", "IncompleteInput", "ShellExit"]
