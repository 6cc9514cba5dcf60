"""kubectl's command-line flag grammar (spf13/pflag as kubectl configures it).

`Flag` declares one flag; `parse(words, flags)` splits a command line into flag values and
positional words the way pflag does: `--x=v`, `--x v`, `-x v`, `-xv`, `-x=v`, grouped bool
shorthands (`-it`), `--x=false`, repeated flags appending to list flags, `--` ending flag parsing,
and `_` in long names read as `-`. Errors carry pflag's exact wording (`FlagError`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

# kinds: what pflag calls the value type (it decides parsing and how help shows the default)
KINDS = ("string", "bool", "int", "int32", "stringArray", "stringSlice", "duration")


class FlagError(Exception):
    """A flag the parser rejects; str() is pflag's message (without `error: `)."""


@dataclass(frozen=True)
class Flag:
    """One flag: long name, optional one-letter shorthand, kind, default and help line."""

    name: str
    kind: str = "string"
    default: Any = None
    short: str = ""
    help: str = ""
    required: bool = False
    hidden: bool = False
    no_opt: str | None = None     # value used when the flag is given without one (pflag NoOptDefVal)
    values: tuple[str, ...] = ()  # known values, offered by Tab completion

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown flag kind {self.kind!r}")
        if self.default is None:
            object.__setattr__(self, "default", _ZERO[self.kind]())
        if self.kind == "bool" and self.no_opt is None:
            object.__setattr__(self, "no_opt", "true")

    @property
    def takes_value(self) -> bool:
        """True when `--x v` consumes the next word (no NoOptDefVal)."""
        return self.no_opt is None

    def default_text(self) -> str:
        """The default as kubectl's help shows it: `'none'`, `[]`, `false`, `-1`, `1m0s`."""
        return show_value(self.kind, self.default)

    def convert(self, raw: str) -> Any:
        """Parse one raw value; raises FlagError with pflag's `invalid argument` wording."""
        try:
            return _CONVERT[self.kind](raw)
        except ValueError as e:
            shown = f"-{self.short}, --{self.name}" if self.short else f"--{self.name}"
            raise FlagError(f"invalid argument {go_quote(raw)} for {go_quote(shown)} flag: {e}") from None


def _zero_list() -> list:
    return []


_ZERO = {"string": str, "bool": bool, "int": int, "int32": int, "stringArray": _zero_list,
         "stringSlice": _zero_list, "duration": float}


def go_quote(s: str) -> str:
    """Go's strconv.Quote for the strings error messages show."""
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def parse_go_int(s: str, bits: int = 64) -> int:
    """strconv.ParseInt(s, 0, bits): sign, 0x/0o/0b/0 prefixes, `_` separators; Go's errors."""
    syntax = ValueError(f"strconv.ParseInt: parsing {go_quote(s)}: invalid syntax")
    body, neg = s, False
    if body[:1] in "+-" and body:
        neg, body = body[0] == "-", body[1:]
    base, digits = 10, body
    low = body.lower()
    if low.startswith(("0x", "0o", "0b")):
        base, digits = {"x": 16, "o": 8, "b": 2}[low[1]], body[2:]
    elif low.startswith("0") and len(body) > 1:
        base, digits = 8, body[1:]
    if not digits or digits.startswith("_") and base == 10:
        raise syntax
    if "_" in digits:
        # Go accepts `_` only between digits (or right after a base prefix)
        if digits.endswith("_") or "__" in digits or (digits.startswith("_") and base == 10):
            raise syntax
        digits = digits.replace("_", "")
        if not digits:
            raise syntax
    value = 0
    for ch in digits.lower():
        d = _DIGITS.find(ch)
        if d < 0 or d >= base:
            raise syntax
        value = value * base + d
    value = -value if neg else value
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise ValueError(f"strconv.ParseInt: parsing {go_quote(s)}: value out of range")
    return value


def parse_go_bool(s: str) -> bool:
    """strconv.ParseBool."""
    if s in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if s in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError(f"strconv.ParseBool: parsing {go_quote(s)}: invalid syntax")


_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0,
                   "m": 60.0, "h": 3600.0}
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def parse_go_duration(s: str) -> float:
    """time.ParseDuration, in seconds."""
    bad = ValueError(f"time: invalid duration {go_quote(s)}")
    body, sign = s, 1.0
    if body[:1] in "+-" and body:
        sign, body = (-1.0 if body[0] == "-" else 1.0), body[1:]
    if body == "0":
        return 0.0
    if not body:
        raise bad
    pos, total = 0, 0.0
    while pos < len(body):
        m = _DURATION_PART.match(body, pos)
        if not m:
            if re.match(r"(\d+(?:\.\d*)?|\.\d+)", body[pos:]):
                unit = re.sub(r"^[\d.]+", "", body[pos:])
                if not unit:
                    raise ValueError(f"time: missing unit in duration {go_quote(s)}")
                raise ValueError(f"time: unknown unit {go_quote(unit)} in duration {go_quote(s)}")
            raise bad
        total += float(m.group(1)) * _DURATION_UNITS[m.group(2)]
        pos = m.end()
    return sign * total


def go_duration_text(seconds: float) -> str:
    """time.Duration.String for whole seconds and above: `1m0s`, `30s`, `0s`."""
    whole = int(seconds)
    if whole == 0:
        return "0s"
    h, rest = divmod(whole, 3600)
    m, sec = divmod(rest, 60)
    if h:
        return f"{h}h{m}m{sec}s"
    if m:
        return f"{m}m{sec}s"
    return f"{sec}s"


def _as_list(raw: str) -> list[str]:
    return [raw]


def _as_slice(raw: str) -> list[str]:
    # stringSlice reads its value as one CSV record
    return [] if raw == "" else [p.strip('"') for p in raw.split(",")]


_CONVERT = {
    "string": str,
    "bool": parse_go_bool,
    "int": lambda s: parse_go_int(s, 64),
    "int32": lambda s: parse_go_int(s, 32),
    "stringArray": _as_list,
    "stringSlice": _as_slice,
    "duration": parse_go_duration,
}


def show_value(kind: str, value: Any) -> str:
    if kind == "string":
        return f"'{value}'"
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("stringArray", "stringSlice"):
        return "[" + ",".join(value) + "]"
    if kind == "duration":
        return go_duration_text(value)
    return str(value)


@dataclass
class Parsed:
    """The outcome of parsing: values (defaults filled), which flags were given, positional words."""

    values: dict[str, Any]
    given: set[str] = field(default_factory=set)
    args: list[str] = field(default_factory=list)
    dash_args: list[str] = field(default_factory=list)
    dashed: bool = False     # a `--` was on the line (cobra's ArgsLenAtDash >= 0)


def normalize(name: str) -> str:
    """component-base's WordSepNormalizeFunc: `target_port` is `target-port`."""
    return name.replace("_", "-")


class FlagSet:
    """The flags one command accepts (its own plus kubectl's global ones), by long and short name."""

    def __init__(self, flags: Iterable[Flag]) -> None:
        self.by_name: dict[str, Flag] = {}
        self.by_short: dict[str, Flag] = {}
        for f in flags:
            if f.name in self.by_name:
                continue  # a command's own flag shadows a global one of that name, shorthand too
            self.by_name[f.name] = f
            if f.short:
                self.by_short.setdefault(f.short, f)

    def lookup(self, long_name: str) -> Flag | None:
        return self.by_name.get(normalize(long_name))

    def defaults(self) -> dict[str, Any]:
        return {n: (list(f.default) if isinstance(f.default, list) else f.default)
                for n, f in self.by_name.items()}


def _store(parsed: Parsed, flag: Flag, raw: str) -> None:
    value = flag.convert(raw)
    if flag.kind in ("stringArray", "stringSlice"):
        if flag.name not in parsed.given:
            parsed.values[flag.name] = []
        parsed.values[flag.name].extend(value)
    else:
        parsed.values[flag.name] = value
    parsed.given.add(flag.name)


def parse(words: list[str], flagset: FlagSet) -> Parsed:
    """Parse like pflag with interspersed positionals; raises FlagError on the first bad flag."""
    parsed = Parsed(values=flagset.defaults())
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        i += 1
        if word == "--":
            parsed.dashed = True
            parsed.dash_args = list(words[i:])
            break
        if len(word) < 2 or word[0] != "-":
            parsed.args.append(word)
            continue
        if word.startswith("--"):
            body = word[2:]
            if not body or body[0] in "-=":
                raise FlagError(f"bad flag syntax: {word}")
            name, eq, value = body.partition("=")
            flag = flagset.lookup(name)
            if flag is None:
                raise FlagError(f"unknown flag: --{name}")
            if eq:
                _store(parsed, flag, value)
            elif not flag.takes_value:
                _store(parsed, flag, flag.no_opt)
            elif i < n:
                _store(parsed, flag, words[i])
                i += 1
            else:
                raise FlagError(f"flag needs an argument: --{name}")
            continue
        # one or more shorthands: -it, -r3, -r=3, -n test
        shorts = word[1:]
        while shorts:
            c = shorts[0]
            flag = flagset.by_short.get(c)
            if flag is None:
                raise FlagError(f"unknown shorthand flag: '{c}' in -{shorts}")
            if len(shorts) > 2 and shorts[1] == "=":
                _store(parsed, flag, shorts[2:])
                shorts = ""
            elif not flag.takes_value:
                _store(parsed, flag, flag.no_opt)
                shorts = shorts[1:]
            elif len(shorts) > 1:
                _store(parsed, flag, shorts[1:])
                shorts = ""
            elif i < n:
                _store(parsed, flag, words[i])
                i += 1
                shorts = ""
            else:
                raise FlagError(f"flag needs an argument: '{c}' in -{c}")
    return parsed
