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
    """(time, pod) per request in arrival order, when the cluster keeps one (for the second chart)."""
    raw = (getattr(live.terminal.cluster, "traffic", None) or {}).get("timeline") or []
    out = []
    for item in raw[-5000:]:
        if isinstance(item, (list, tuple)) and len(item) >= 2:
            out.append((item[0], str(item[-1])))
        elif isinstance(item, dict) and "pod" in item:
            out.append((item.get("t", 0), str(item["pod"])))
    return out or None


def history_of(live, limit: int = 200) -> list[str]:
    return list(getattr(live.terminal, "history", []) or [])[-limit:]
