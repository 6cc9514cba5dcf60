"""What every `kubectl describe` shares: the prefix writer (tabwriter with padding 2), labels and
annotations blocks, tolerations, and the Events table built from the cluster's Event objects."""
from __future__ import annotations

from .duration import parse_time, since
from .tabwriter import TabWriter

MAX_ANNOTATION_LEN = 140
SKIP_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration"}


class PrefixWriter:
    """describe's PrefixWriter: `write(level, text)` indents by two spaces per level."""

    def __init__(self) -> None:
        self.tw = TabWriter(minwidth=0, padding=2)
        self.done: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.tw.write("  " * level + text)

    def line(self, text: str) -> None:
        """WriteLine: the text and a newline, without the level prefix."""
        self.tw.write(text + "\n")

    def flush(self) -> None:
        self.done.append(self.tw.flush())

    def text(self) -> str:
        self.flush()
        return "".join(self.done)


def labels_block(w: PrefixWriter, title: str, labels: dict | None, initial: str = "") -> None:
    """printLabelsMultilineWithIndent: one `k=v` per line, `<none>` when empty."""
    w.write(0, f"{initial}{title}:\t")
    keys = sorted(labels or {})
    if not keys:
        w.line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, f"{initial}\t")
        w.write(0, f"{key}={labels[key]}\n")


def annotations_block(w: PrefixWriter, title: str, annotations: dict | None) -> None:
    """printAnnotationsMultiline: `k: v`, long or multi-line values on their own lines."""
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k not in SKIP_ANNOTATIONS)
    if not keys:
        w.line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = str(annotations[key])
        if value.endswith("\n"):
            value = value[:-1]
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for part in value.split("\n"):
                shown = part[:MAX_ANNOTATION_LEN - 2] + "..." if len(part) > MAX_ANNOTATION_LEN - 2 else part
                w.write(0, f"\t  {shown}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def tolerations_block(w: PrefixWriter, title: str, tolerations: list | None, initial: str = "") -> None:
    w.write(0, f"{initial}{title}:\t")
    items = sorted(tolerations or [], key=lambda t: t.get("key") or "")
    if not items:
        w.line("<none>")
        return
    for i, t in enumerate(items):
        if i:
            w.write(0, f"{initial}\t")
        text = t.get("key") or ""
        if t.get("value"):
            text += "=" + t["value"]
        if t.get("effect"):
            text += ":" + t["effect"]
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, text + "\n")


def events_for(cluster, obj: dict) -> list[dict]:
    """The Events whose involvedObject is this object (name, kind, namespace, uid)."""
    meta = obj.get("metadata") or {}
    ns = meta.get("namespace")
    found = []
    for ev in cluster.list("events", ns if ns else None):
        io = ev.get("involvedObject") or {}
        if io.get("name") != meta.get("name") or io.get("kind") != obj.get("kind"):
            continue
        if ns and (io.get("namespace") or ns) != ns:
            continue
        if io.get("uid") and meta.get("uid") and io["uid"] != meta["uid"]:
            continue
        found.append(ev)
    return found


def events_block(w: PrefixWriter, events: list[dict] | None, now: float) -> None:
    """DescribeEvents: `Events:  <none>` or the Type/Reason/Age/From/Message table."""
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    ordered = sorted(events, key=lambda e: parse_time(e.get("lastTimestamp")) or 0.0)
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for e in ordered:
        first = since(e.get("eventTime"), now) if parse_time(e.get("eventTime")) else since(e.get("firstTimestamp"), now)
        series = e.get("series")
        if series:
            interval = f"{since(series.get('lastObservedTime'), now)} (x{series.get('count')} over {first})"
        elif (e.get("count") or 0) > 1:
            interval = f"{since(e.get('lastTimestamp'), now)} (x{e['count']} over {first})"
        else:
            interval = first
        source = (e.get("source") or {}).get("component") or e.get("reportingComponent") or ""
        w.write(1, f"{e.get('type', '')}\t{e.get('reason', '')}\t{interval}\t{source}\t"
                   f"{(e.get('message') or '').strip()}\n")


def controller_of(obj: dict) -> str:
    """`ReplicaSet/nginx-8f458dc5b` for the owner reference marked controller."""
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref.get('kind')}/{ref.get('name')}"
    return ""
