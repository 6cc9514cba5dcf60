"""Just enough of resource.Quantity for describe's resource sums: parse, add, print canonically."""
from __future__ import annotations

import re
from fractions import Fraction

_SUFFIX = {"": 1, "m": Fraction(1, 1000), "k": 10 ** 3, "M": 10 ** 6, "G": 10 ** 9, "T": 10 ** 12,
           "P": 10 ** 15, "E": 10 ** 18, "Ki": 2 ** 10, "Mi": 2 ** 20, "Gi": 2 ** 30, "Ti": 2 ** 40,
           "Pi": 2 ** 50, "Ei": 2 ** 60}
_Q = re.compile(r"^([+-]?[0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")


class Quantity:
    """A value and the format it prints in: 'binary' (Ki, Mi...) or 'decimal' (m, k, M...)."""

    def __init__(self, value: Fraction = Fraction(0), binary: bool = False) -> None:
        self.value, self.binary = Fraction(value), binary

    @classmethod
    def parse(cls, text) -> "Quantity":
        m = _Q.match(str(text).strip())
        if not m:
            return cls()
        suffix = m.group(2) or ""
        return cls(Fraction(m.group(1)) * _SUFFIX[suffix], suffix.endswith("i"))

    def add(self, other: "Quantity") -> "Quantity":
        if self.value == 0 and not self.binary:
            return Quantity(self.value + other.value, other.binary)
        return Quantity(self.value + other.value, self.binary)

    def milli(self) -> int:
        return int(self.value * 1000)

    def __str__(self) -> str:
        v = self.value
        if v == 0:
            return "0"
        if self.binary and v.denominator == 1:
            for suffix in ("Ei", "Pi", "Ti", "Gi", "Mi", "Ki"):
                if v % _SUFFIX[suffix] == 0:
                    return f"{v // _SUFFIX[suffix]}{suffix}"
            return str(v.numerator)
        if v.denominator == 1:
            for suffix in ("E", "P", "T", "G", "M", "k"):
                if v % _SUFFIX[suffix] == 0:
                    return f"{v // _SUFFIX[suffix]}{suffix}"
            return str(v.numerator)
        milli = v * 1000
        return f"{-(-milli.numerator // milli.denominator)}m"
