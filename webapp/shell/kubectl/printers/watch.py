"""`kubectl get -w`, bounded: the rows a watch prints while the cluster's due changes happen.

A real watch runs until Ctrl-C. Here the watch lets simulated time run (through the world's
`advance(seconds)`, the same hook `sleep` uses) from one due change of the cluster to the next, for
at most `WATCH_HORIZON` seconds, printing a row for every watched object whose printed row changed
(new, modified or deleted objects), and returns once nothing more is due: what a learner would have
seen before pressing Ctrl-C.
"""
from __future__ import annotations

from typing import Callable

from .table import TableOptions, table_lines

WATCH_HORIZON = 60.0   # seconds of simulated time a bounded watch may cover
MAX_STEPS = 200        # due changes followed at most (a bound on work, whatever the cluster does)


def watch_rows(cluster, world, plural: str, list_objects: Callable[[], list[dict]],
               opts: TableOptions, writer, start: list[dict]) -> None:
    """Follow the cluster's due changes and write changed rows to the table writer `writer`."""
    advance = getattr(world, "advance", None)
    if advance is None:
        return
    now0 = cluster.clock.now()
    seen = {_key(o): (_version(o), o) for o in start}
    for _ in range(MAX_STEPS):
        due = world.next_change()
        if due is None or due > now0 + WATCH_HORIZON:
            return
        step = due - cluster.clock.now()
        advance(step if step > 0 else 0.001)
        now = cluster.clock.now()
        current = {_key(o): o for o in list_objects()}
        for key, obj in current.items():
            if key not in seen or seen[key][0] != _version(obj):
                writer.write(_row(plural, obj, now, opts) + "\n")
            seen[key] = (_version(obj), obj)
        for key in [k for k in seen if k not in current]:
            # a deleted object: the watch shows its last state once more, then forgets it
            writer.write(_row(plural, seen.pop(key)[1], now, opts) + "\n")


def _version(obj: dict) -> str:
    return str((obj.get("metadata") or {}).get("resourceVersion", ""))


def _key(obj: dict) -> tuple:
    meta = obj.get("metadata") or {}
    return meta.get("namespace", ""), meta.get("name", "")


def _row(plural: str, obj: dict, now: float, opts: TableOptions) -> str:
    return table_lines(plural, [obj], now, opts, print_headers=False)[0]
