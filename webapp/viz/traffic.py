"""The traffic chart: requests per pod through each Service, built with plotly.graph_objects."""
from __future__ import annotations

from typing import Iterable

import plotly.graph_objects as go

DEFAULT_TEXT = {
    "title": "Requests per pod",
    "over_time": "How the load spread over time",
    "requests": "requests",
    "request_number": "request #",
    "direct": "direct to pod IP",
}

_PALETTE = ["#326ce5", "#e5a532", "#2ca58d", "#d1495b", "#8e7dbe", "#5c80bc", "#b5651d", "#4d9078"]
# the first Service's bars are solid; a second series (another Service, or direct to pod IPs) is hatched
_PATTERNS = ["", "/", "x", ".", "\\", "+"]


def pod_colours(pods: Iterable[str]) -> dict[str, str]:
    """One colour per pod, by name order: a pod's bar and its running-total line share it."""
    return {pod: _PALETTE[i % len(_PALETTE)] for i, pod in enumerate(sorted(set(pods)))}


def _series(traffic: dict, zero_pods: dict[str, Iterable[str]]) -> dict[str, dict[str, int]]:
    """Service label -> pod -> count; pods a Service selects but never reached show as 0."""
    series: dict[str, dict[str, int]] = {}
    via_services: dict[str, int] = {}
    for svc, pods in sorted((traffic.get("services") or {}).items()):
        counts = {pod: int(n) for pod, n in pods.items()}
        for pod, n in counts.items():
            via_services[pod] = via_services.get(pod, 0) + n
        series[svc] = counts
    for svc, pods in zero_pods.items():
        counts = series.setdefault(svc, {})
        for pod in pods:
            counts.setdefault(pod, 0)
    direct = {pod: int(n) - via_services.get(pod, 0) for pod, n in (traffic.get("pods") or {}).items()}
    direct = {pod: n for pod, n in direct.items() if n > 0}
    if direct:
        series[""] = direct
    return series


def _tick_label(pod: str) -> str:
    """A pod name broken after each dash, so long names fit under narrow (phone-width) bars upright."""
    return "-<br>".join(pod.split("-"))


def traffic_figure(traffic: dict, zero_pods: dict[str, Iterable[str]] | None = None,
                   timeline: list[tuple[int, dict[str, int]]] | None = None,
                   text: dict[str, str] | None = None) -> dict | None:
    """The chart as a plotly.js figure dict, or None when there is nothing to draw yet.

    `traffic` is the JSON API's traffic answer (`{"pods": {...}, "services": {"ns/name": {...}}}`).
    `zero_pods` names pods a Service selects that have no requests yet (their bar starts at 0).
    `timeline` (optional) is samples of (requests so far, {pod: its running total}): it adds a
    second panel with one line per pod, where a pod that joined later starts late.
    """
    words = {**DEFAULT_TEXT, **(text or {})}
    series = _series(traffic, zero_pods or {})
    if not any(series.values()):
        return None
    pods = sorted({pod for counts in series.values() for pod in counts})
    colours = pod_colours([*pods, *(pod for _, counts in timeline or () for pod in counts)])
    fig = go.Figure()
    for i, (svc, counts) in enumerate(series.items()):
        ys = [counts.get(pod) for pod in pods]
        marker = {"color": [colours[pod] for pod in pods]}
        if len(series) > 1:  # the legend tells the series apart by their hatching, not their colour
            marker["pattern"] = {"shape": _PATTERNS[i % len(_PATTERNS)], "fgcolor": "#1d232a", "solidity": 0.25}
        fig.add_trace(go.Bar(
            x=pods, y=ys, name=svc or words["direct"], text=[("" if y is None else str(y)) for y in ys],
            textposition="outside", cliponaxis=False, marker=marker, legendgroup="series", showlegend=len(series) > 1,
            hovertemplate="%{x}<br>%{y} " + words["requests"] + "<extra>%{fullData.name}</extra>"))
    layout = dict(
        template="none", barmode="group", height=260 if not timeline else 460,
        margin={"l": 48, "r": 12, "t": 36, "b": 64}, font={"family": "system-ui, sans-serif", "size": 12},
        title={"text": words["title"], "x": 0, "font": {"size": 14}},
        legend={"orientation": "h", "x": 0, "y": -0.42, "yanchor": "top"},  # below the three-line pod names
        yaxis={"title": {"text": words["requests"]}, "rangemode": "tozero", "gridcolor": "#e5e5e5"},
        xaxis={"type": "category", "tickvals": pods, "ticktext": [_tick_label(pod) for pod in pods], "tickangle": 0},
        showlegend=len(series) > 1,
    )
    if timeline:
        _add_timeline(fig, timeline, colours, words, layout)
    fig.update_layout(**layout)
    return fig.to_plotly_json()


def _add_timeline(fig: go.Figure, timeline: list[tuple[int, dict[str, int]]], colours: dict[str, str],
                  words: dict[str, str], layout: dict) -> None:
    """Running total per pod against the number of requests sent, in a second row under the bars,
    each line in its pod's bar colour and named in a legend under the chart."""
    points: dict[str, tuple[list[int], list[int]]] = {}
    for total, counts in timeline:
        for pod, n in counts.items():
            xs, ys = points.setdefault(pod, ([], []))
            xs.append(total)
            ys.append(n)
    for pod in sorted(points):
        xs, ys = points[pod]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=pod, xaxis="x2", yaxis="y2",
                                 showlegend=True, legendgroup="pods", marker={"size": 4, "color": colours[pod]},
                                 line={"color": colours[pod]},
                                 hovertemplate=pod + "<br>%{y} / %{x}<extra></extra>"))
    layout["showlegend"] = True
    # under the lower panel's axis title; plotly grows the bottom margin to fit however many rows it wraps to
    layout["legend"] = {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.16, "yanchor": "top",
                        "traceorder": "grouped"}
    layout["height"] = 520
    layout["yaxis"]["domain"] = [0.58, 1.0]
    layout["xaxis"]["anchor"] = "y"
    layout["xaxis2"] = {"anchor": "y2", "title": {"text": words["request_number"]}, "rangemode": "tozero"}
    layout["yaxis2"] = {"domain": [0.0, 0.38], "anchor": "x2", "rangemode": "tozero", "gridcolor": "#e5e5e5",
                        "title": {"text": words["over_time"]}}
