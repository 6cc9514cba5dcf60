"""Template contexts shared by the lesson page, the command response and the panel refresh."""
from __future__ import annotations

from webapp.web.i18n import current_lang
from webapp.web.panels import chart_view, snapshot


def workbench(key: str, lesson, live, snap=None) -> dict:
    """Everything the terminal and the panels beside it render from."""
    lang = current_lang()
    snap = snap or snapshot(live)
    timeline = _timeline(live)
    return {
        "key": key, "lesson": lesson, "live": live, "snap": snap, "topo": snap.cluster,
        "chart": chart_view(snap, lang, timeline), "progress": snap.progress,
        "hint_html": live.hint_html(lang), "prompt": live.prompt,
    }


def _timeline(live):
    """The cluster's samples of cumulative requests per pod: [(total, {pod: n}), ...]."""
    raw = (getattr(live.terminal.cluster, "traffic", None) or {}).get("timeline") or []
    out = [(item[1], item[2]) for item in raw if isinstance(item, list) and len(item) == 3]
    return out if len(out) > 1 else None


def history_of(live, limit: int = 200) -> list[str]:
    return list(getattr(live.terminal, "history", []) or [])[-limit:]
