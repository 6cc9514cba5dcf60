"""Ages and timestamps as kubectl prints them (apimachinery's duration rules, Go's time layouts)."""
from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_TS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _whole(seconds: float) -> int:
    # Go's int(d.Seconds()) truncates toward zero
    return int(math.trunc(seconds))


def human_duration(seconds: float) -> str:
    """apimachinery's HumanDuration: `119s`, `2m1s`, `10m`, `3h59m`, `8h`, `2d3h`, `729d`, `2y1d`."""
    s = _whole(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rem = s % 60
        return f"{minutes}m" if rem == 0 else f"{minutes}m{rem}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rem = minutes % 60
        return f"{hours}h" if rem == 0 else f"{hours}h{rem}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rem = hours % 24
        return f"{hours // 24}d" if rem == 0 else f"{hours // 24}d{rem}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y" if days == 0 else f"{years}y{days}d"
    return f"{hours // 24 // 365}y"


def short_human_duration(seconds: float) -> str:
    """apimachinery's ShortHumanDuration: one unit only (`13s`, `5m`, `3h`, `2d`, `1y`)."""
    s = _whole(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 60:
        return f"{s}s"
    if s // 60 < 60:
        return f"{s // 60}m"
    hours = s // 3600
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{hours // 24 // 365}y"


def parse_time(value) -> float | None:
    """Seconds since the epoch of an RFC 3339 timestamp (`...Z`, fractions, offsets); None if unset."""
    if not isinstance(value, str) or not value:
        return None
    m = _TS.match(value)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    try:
        base = datetime(y, mo, d, h, mi, s, tzinfo=timezone.utc).timestamp()
    except ValueError:
        return None
    frac = float(m.group(7)) if m.group(7) else 0.0
    zone = m.group(8)
    offset = 0
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        offset = sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return base + frac - offset


def since(timestamp, now: float) -> str:
    """translateTimestampSince: the HumanDuration since a timestamp, `<unknown>` when unset."""
    t = parse_time(timestamp)
    if t is None:
        return "<unknown>"
    return human_duration(now - t)


def until(timestamp, now: float) -> str:
    """translateTimestampUntil: the HumanDuration until a timestamp (describe's `lasts`)."""
    t = parse_time(timestamp)
    if t is None:
        return "<unknown>"
    return human_duration(t - now)


def rfc1123z(timestamp) -> str:
    """Go's time.RFC1123Z layout in UTC: `Wed, 24 Aug 2022 12:00:00 +0000`."""
    t = parse_time(timestamp)
    if t is None:
        t = -62135596800.0  # Go's zero time
    dt = _EPOCH + timedelta(seconds=int(math.floor(t)))
    return (f"{_DAYS[dt.weekday()]}, {dt.day:02d} {_MONTHS[dt.month - 1]} {dt.year:04d} "
            f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d} +0000")
