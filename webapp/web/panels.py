"""What the panels beside the terminal show, computed from a live workspace (no templates here)."""
from __future__ import annotations

from dataclasses import dataclass

from webapp.viz import Topology, topology, traffic_figure
from webapp.web.i18n import chart_text


@dataclass(frozen=True)
class ChartView:
    figure: dict | None
    rows: tuple[tuple[str, str, int], ...]   # (pod, through which Service or "", requests)


@dataclass(frozen=True)
class Snapshot:
    """The panels' inputs at one moment, to tell which panels a command changed."""

    cluster: Topology
    traffic: dict
    progress: dict
    prompt: str


def snapshot(live) -> Snapshot:
    t = live.terminal
    return Snapshot(topology(t.cluster, t.namespace), _plain(t.traffic()), live.progress, live.prompt)


def _plain(traffic: dict) -> dict:
    return {"pods": dict(traffic.get("pods") or {}),
            "services": {k: dict(v) for k, v in (traffic.get("services") or {}).items()}}


def chart_view(snap: Snapshot, lang: str, timeline=None) -> ChartView:
    traffic = snap.traffic
    reached = set((traffic.get("services") or {}))
    zero_pods = {f"{snap.cluster.namespace}/{svc.name}": [ep.pod for ep in svc.endpoints if ep.pod and ep.ready]
                 for svc in snap.cluster.services if f"{snap.cluster.namespace}/{svc.name}" in reached}
    figure = traffic_figure(traffic, zero_pods=zero_pods, timeline=timeline, text=chart_text(lang))
    rows = [(pod, svc, int(n)) for svc, pods in sorted((traffic.get("services") or {}).items())
            for pod, n in sorted(pods.items())]
    via = {}
    for _, svc_pods in (traffic.get("services") or {}).items():
        for pod, n in svc_pods.items():
            via[pod] = via.get(pod, 0) + int(n)
    rows += [(pod, "", int(n) - via.get(pod, 0)) for pod, n in sorted((traffic.get("pods") or {}).items())
             if int(n) > via.get(pod, 0)]
    return ChartView(figure, tuple(rows))
