"""Label selectors: the `-l` syntax kubectl accepts and the matchLabels/matchExpressions of objects."""
from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                  r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$")


class SelectorError(ValueError):
    """A selector string kubectl would reject; str() is the message without the `error: ` prefix."""


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str                  # "=", "!=", "in", "notin", "exists", "!"
    values: tuple[str, ...] = ()

    def matches(self, labels: dict) -> bool:
        has = self.key in labels
        if self.op == "=":
            return has and labels[self.key] == self.values[0]
        if self.op == "!=":
            return not has or labels[self.key] != self.values[0]
        if self.op == "in":
            return has and labels[self.key] in self.values
        if self.op == "notin":
            return not has or labels[self.key] not in self.values
        if self.op == "exists":
            return has
        return not has


@dataclass(frozen=True)
class Selector:
    requirements: tuple[Requirement, ...] = ()

    def matches(self, labels: dict | None) -> bool:
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.requirements


def _split_top(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _check_key(key: str) -> str:
    if not _KEY.match(key) or len(key.rsplit("/", 1)[-1]) > 63:
        raise SelectorError(f"unable to parse requirement: invalid label key \"{key}\": name part must "
                            "consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                            "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                            "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
    return key


def _check_value(value: str) -> str:
    if not _VALUE.match(value) or len(value) > 63:
        raise SelectorError(f"unable to parse requirement: values[0][{value}]: Invalid value: \"{value}\": "
                            "a valid label must be an empty string or consist of alphanumeric characters, "
                            "'-', '_' or '.', and must start and end with an alphanumeric character")
    return value


def parse_selector(text: str) -> Selector:
    """Parse `app=nginx,tier!=db,env in (a,b),!legacy,release` as kubectl does."""
    text = text.strip()
    if not text:
        return Selector()
    reqs = []
    for raw in _split_top(text):
        part = raw.strip()
        if not part:
            raise SelectorError("found '', expected: identifier")
        m = re.match(r"^(\S+?)\s+(in|notin)\s*\((.*)\)$", part)
        if m:
            values = tuple(_check_value(v.strip()) for v in m.group(3).split(",") if v.strip() != "")
            reqs.append(Requirement(_check_key(m.group(1)), m.group(2), values))
            continue
        if part.startswith("!"):
            reqs.append(Requirement(_check_key(part[1:].strip()), "!"))
            continue
        for op in ("!=", "==", "="):
            if op in part:
                key, _, value = part.partition(op)
                reqs.append(Requirement(_check_key(key.strip()), "!=" if op == "!=" else "=",
                                        (_check_value(value.strip()),)))
                break
        else:
            reqs.append(Requirement(_check_key(part), "exists"))
    return Selector(tuple(reqs))


def from_match_labels(match_labels: dict | None) -> Selector:
    return Selector(tuple(Requirement(k, "=", (v,)) for k, v in sorted((match_labels or {}).items())))


def from_label_selector(sel: dict | None) -> Selector:
    """A metav1.LabelSelector (matchLabels + matchExpressions)."""
    sel = sel or {}
    reqs = list(from_match_labels(sel.get("matchLabels")).requirements)
    ops = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}
    for expr in sel.get("matchExpressions") or []:
        reqs.append(Requirement(expr.get("key", ""), ops.get(expr.get("operator"), "exists"),
                                tuple(expr.get("values") or ())))
    return Selector(tuple(reqs))


def format_labels(labels: dict | None) -> str:
    """`k=v,k2=v2` sorted by key (kubectl's selector / labels rendering)."""
    return ",".join(f"{k}={v}" for k, v in sorted((labels or {}).items()))


def format_label_selector(sel: dict | None) -> str:
    sel = sel or {}
    parts = [f"{k}={v}" for k, v in sorted((sel.get("matchLabels") or {}).items())]
    for expr in sel.get("matchExpressions") or []:
        op, key, vals = expr.get("operator"), expr.get("key"), sorted(expr.get("values") or [])
        if op == "In":
            parts.append(f"{key} in ({','.join(vals)})")
        elif op == "NotIn":
            parts.append(f"{key} notin ({','.join(vals)})")
        elif op == "Exists":
            parts.append(key)
        else:
            parts.append(f"!{key}")
    return ",".join(parts)
