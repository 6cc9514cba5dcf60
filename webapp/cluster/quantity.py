"""Kubernetes resource quantities (apimachinery's resource.Quantity, 1.24) and pod resource accounting.

`parse_quantity` reads a quantity as the API server's decoder does (same errors), `canonical`
prints it as Quantity.String() does, and `pod_requests`/`fit_reasons`/`qos_class` give what
the scheduler and the pod strategy compute from a pod's containers.
"""
from __future__ import annotations

import math
from fractions import Fraction

FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
SUFFIX_ERROR = "unable to parse quantity's suffix"

_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL_BY_EXP = {e: s for s, e in _DECIMAL.items()}
_BINARY_BY_EXP = {e // 10: s for s, e in _BINARY.items()}
_SUFFIX_CHARS = set("eEinumkKMGTP")
_NANO = Fraction(1, 10 ** 9)
_MAX_EXPONENT = 10 ** 4  # far beyond any real quantity; keeps 10**n cheap for hostile input

CPU, MEMORY = "cpu", "memory"


class QuantityError(ValueError):
    """A string that is not a quantity; the message is apimachinery's."""


class Quantity:
    """An exact value and the format it was written in ('DecimalSI', 'BinarySI', 'DecimalExponent')."""

    __slots__ = ("value", "format")

    def __init__(self, value: Fraction, fmt: str = "DecimalSI") -> None:
        self.value, self.format = value, fmt

    def milli(self) -> int:
        """MilliValue(): thousandths, rounded up (what the scheduler adds for cpu)."""
        return math.ceil(self.value * 1000)

    def whole(self) -> int:
        """Value(): rounded up to an integer (what the scheduler adds for memory)."""
        return math.ceil(self.value)

    def __str__(self) -> str:
        return canonical(self)


def _split(text: str) -> tuple[bool, str, str, str]:
    """parseQuantityString: sign, integer digits, fraction digits and suffix, or QuantityError."""
    pos, end, positive = 0, len(text), True
    if text[0] in "+-":
        positive = text[0] == "+"
        pos = 1
    start = pos
    while pos < end and text[pos].isdigit() and text[pos].isascii():
        pos += 1
    num, denom = text[start:pos], ""
    if pos < end and text[pos] == ".":
        pos += 1
        d0 = pos
        while pos < end and text[pos].isdigit() and text[pos].isascii():
            pos += 1
        denom = text[d0:pos]
    suffix_start = pos
    while pos < end and text[pos] in _SUFFIX_CHARS:
        pos += 1
    if pos < end and text[pos] in "+-":
        pos += 1
    while pos < end and text[pos].isdigit() and text[pos].isascii():
        pos += 1
    if pos < end:
        raise QuantityError(FORMAT_ERROR)
    return positive, num or "0", denom, text[suffix_start:]


def _interpret(suffix: str) -> tuple[int, int, str]:
    if suffix in _DECIMAL:
        return 10, _DECIMAL[suffix], "DecimalSI"
    if suffix in _BINARY:
        return 2, _BINARY[suffix], "BinarySI"
    if len(suffix) > 1 and suffix[0] in "eE":
        digits = suffix[1:]
        body = digits[1:] if digits[:1] in ("+", "-") else digits
        if body.isdigit() and body.isascii() and abs(int(digits)) <= _MAX_EXPONENT:
            return 10, int(digits), "DecimalExponent"
    raise QuantityError(SUFFIX_ERROR)


def parse_quantity(raw) -> Quantity:
    """ParseQuantity (as the JSON decoder applies it): numbers and strings; raises QuantityError."""
    if raw is None:
        return Quantity(Fraction(0))
    if isinstance(raw, bool):
        text = "true" if raw else "false"
    elif isinstance(raw, (int, float)):
        text = repr(raw) if isinstance(raw, float) else str(raw)
    elif isinstance(raw, str):
        text = raw
    else:
        raise QuantityError(FORMAT_ERROR)
    if not text or len(text) > 256:
        raise QuantityError(FORMAT_ERROR)
    if text == "0":
        return Quantity(Fraction(0))
    positive, num, denom, suffix = _split(text)
    base, exponent, fmt = _interpret(suffix)
    value = Fraction(int(num + denom), 10 ** len(denom)) * Fraction(base) ** exponent
    if value and value % _NANO:
        value = math.ceil(value / _NANO) * _NANO  # apimachinery rounds up to the nano scale
    return Quantity(value if positive else -value, fmt)


def canonical(q: Quantity) -> str:
    """Quantity.String(): the shortest exact form in the quantity's own format."""
    value, fmt = q.value, q.format
    if value == 0:
        return "0"
    sign, value = ("-" if value < 0 else ""), abs(value)
    if fmt == "BinarySI" and (value < 1024 or value.denominator != 1):
        fmt = "DecimalSI"  # small or fractional binary quantities print in decimal
    if fmt == "BinarySI":
        mantissa, exp = value.numerator, 0
        while mantissa % 1024 == 0 and exp < 6:
            mantissa //= 1024
            exp += 1
        return f"{sign}{mantissa}{_BINARY_BY_EXP.get(exp, '')}"
    mantissa, exp = value * 10 ** 9, -9  # an integer: values are kept at nano precision
    mantissa = int(mantissa)
    while mantissa % 10 == 0:
        mantissa //= 10
        exp += 1
    while exp % 3:
        mantissa *= 10
        exp -= 1
    if fmt == "DecimalExponent":
        return f"{sign}{mantissa}" + (f"e{exp}" if exp else "")
    while exp > 18:
        mantissa *= 1000
        exp -= 3
    return f"{sign}{mantissa}{_DECIMAL_BY_EXP[exp]}"


# ------------------------------------------------------------------------------ pods
def _amounts(container: dict, key: str) -> dict[str, Quantity]:
    table = (container.get("resources") or {}).get(key) or {}
    out = {}
    for name, raw in table.items() if isinstance(table, dict) else ():
        try:
            out[name] = parse_quantity(raw)
        except QuantityError:
            continue  # admission refuses these; stored objects never hold one
    return out


def pod_requests(pod: dict) -> tuple[int, int]:
    """The pod's (milli-cpu, memory bytes) request as the scheduler counts it: the sum over its
    containers, or the largest init container's request when that is bigger."""
    spec = pod.get("spec") or {}
    cpu = mem = 0
    for c in spec.get("containers") or ():
        req = _amounts(c, "requests")
        cpu += req[CPU].milli() if CPU in req else 0
        mem += req[MEMORY].whole() if MEMORY in req else 0
    for c in spec.get("initContainers") or ():
        req = _amounts(c, "requests")
        cpu = max(cpu, req[CPU].milli() if CPU in req else 0)
        mem = max(mem, req[MEMORY].whole() if MEMORY in req else 0)
    return cpu, mem


def fit_reasons(node: dict, bound: list[dict], pod_cpu: int, pod_mem: int) -> list[str]:
    """NodeResourcesFit's reasons a node with these pods bound to it cannot take a pod requesting
    (milli-cpu, memory bytes); empty when it fits. Pods that finished no longer count."""
    alloc = node.get("status", {}).get("allocatable") or {}
    bound = [p for p in bound if p.get("status", {}).get("phase") not in ("Succeeded", "Failed")]
    reasons = []
    if len(bound) + 1 > parse_quantity(alloc.get("pods", 110)).whole():
        reasons.append("Too many pods")
    if not pod_cpu and not pod_mem:
        return reasons
    used = [pod_requests(p) for p in bound]
    if pod_cpu > parse_quantity(alloc.get("cpu", 0)).milli() - sum(u[0] for u in used):
        reasons.append("Insufficient cpu")
    if pod_mem > parse_quantity(alloc.get("memory", 0)).whole() - sum(u[1] for u in used):
        reasons.append("Insufficient memory")
    return reasons


def qos_class(spec: dict) -> str:
    """GetPodQOS (1.24): Guaranteed when every container (init ones too) limits cpu and memory and
    requests equal limits; BestEffort when nothing is requested or limited; Burstable otherwise."""
    requests: dict[str, Fraction] = {}
    limits: dict[str, Fraction] = {}
    guaranteed = True
    for c in list(spec.get("containers") or ()) + list(spec.get("initContainers") or ()):
        for name, q in _amounts(c, "requests").items():
            if name in (CPU, MEMORY) and q.value > 0:
                requests[name] = requests.get(name, Fraction(0)) + q.value
        found = set()
        for name, q in _amounts(c, "limits").items():
            if name in (CPU, MEMORY) and q.value > 0:
                found.add(name)
                limits[name] = limits.get(name, Fraction(0)) + q.value
        if found != {CPU, MEMORY}:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and requests == limits:
        return "Guaranteed"
    return "Burstable"


# ------------------------------------------------------------------------------ admission
_CONTAINER_RESOURCES = {CPU, MEMORY, "ephemeral-storage"}


def decode_error(spec: dict) -> str | None:
    """The decoder's complaint about the first quantity in a pod spec that does not parse, if any."""
    for c in list(spec.get("containers") or ()) + list(spec.get("initContainers") or ()):
        resources = c.get("resources") if isinstance(c, dict) else None
        if resources is None:
            continue
        if not isinstance(resources, dict):
            return ("json: cannot unmarshal " + _go_json_type(resources) + " into Go struct field "
                    "Container.spec.containers.resources of type v1.ResourceRequirements")
        for key in ("limits", "requests"):
            table = resources.get(key)
            if table is None:
                continue
            if not isinstance(table, dict):
                return ("json: cannot unmarshal " + _go_json_type(table) + " into Go struct field "
                        f"ResourceRequirements.spec.containers.resources.{key} of type v1.ResourceList")
            for raw in table.values():
                try:
                    parse_quantity(raw)
                except QuantityError as e:
                    return str(e)
    return None


def _go_json_type(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def resource_errors(container: dict, path: str) -> list[str]:
    """ValidateResourceRequirements (1.24) for one container whose quantities all parse."""
    resources = container.get("resources") or {}
    limits = {k: parse_quantity(v) for k, v in (resources.get("limits") or {}).items()}
    requests = {k: parse_quantity(v) for k, v in (resources.get("requests") or {}).items()}
    errs = []
    for key, table in (("limits", limits), ("requests", requests)):
        for name in sorted(table):
            field = f"{path}.resources.{key}[{name}]"
            if name not in _CONTAINER_RESOURCES and not name.startswith("hugepages-") and "/" not in name:
                errs.append(f'{field}: Invalid value: "{name}": must be a standard resource for containers')
            if table[name].value < 0:
                errs.append(f'{field}: Invalid value: "{table[name]}": must be greater than or equal to 0')
            if key == "requests" and name in limits and table[name].value > limits[name].value:
                errs.append(f'{path}.resources.requests: Invalid value: "{table[name]}": '
                            f"must be less than or equal to {name} limit")
    return errs


def default_requests(spec: dict) -> None:
    """SetDefaults_Pod: a container with limits but no request for a resource requests its limit
    (pods only: templates keep what was written)."""
    for c in list(spec.get("containers") or ()) + list(spec.get("initContainers") or ()):
        resources = c.get("resources")
        if not isinstance(resources, dict) or not resources.get("limits"):
            continue
        requests = resources.setdefault("requests", {})
        for name, value in resources["limits"].items():
            requests.setdefault(name, value)


def canonicalize(spec: dict) -> None:
    """Quantities are stored as the API server prints them back ("0.5" -> "500m", "1024Mi" -> "1Gi")."""
    for c in list(spec.get("containers") or ()) + list(spec.get("initContainers") or ()):
        for key in ("limits", "requests"):
            table = (c.get("resources") or {}).get(key)
            if isinstance(table, dict):
                for name, raw in table.items():
                    table[name] = canonical(parse_quantity(raw))
