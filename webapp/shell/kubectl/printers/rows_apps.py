"""Rows of the apps-group tables: deployments, replicasets, daemonsets."""
from __future__ import annotations

from webapp.cluster.selectors import format_labels

from .duration import since
from .table import Column, name_col, table

_WIDE = (Column("Containers", 1), Column("Images", 1), Column("Selector", 1))


def containers_and_images(obj: dict) -> tuple[str, str]:
    """layoutContainerCells: the template's container names and images, each joined by `,`."""
    containers = ((((obj.get("spec") or {}).get("template") or {}).get("spec") or {})
                  .get("containers") or [])
    return (",".join(c.get("name", "") for c in containers),
            ",".join(c.get("image", "") for c in containers))


def label_selector_string(sel: dict | None) -> str:
    """metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, values sorted."""
    sel = sel or {}
    reqs = [(k, f"{k}={v}") for k, v in (sel.get("matchLabels") or {}).items()]
    for expr in sel.get("matchExpressions") or []:
        key, op = expr.get("key", ""), expr.get("operator")
        values = ",".join(sorted(expr.get("values") or []))
        text = {"In": f"{key} in ({values})", "NotIn": f"{key} notin ({values})",
                "Exists": key, "DoesNotExist": f"!{key}"}.get(op, key)
        reqs.append((key, text))
    reqs.sort(key=lambda r: r[0])
    return ",".join(text for _, text in reqs)


def selector_text(obj: dict, none: str) -> str:
    """The object's label selector as a string (`none` when the selector is empty)."""
    return label_selector_string((obj.get("spec") or {}).get("selector")) or none


@table("deployments", name_col(), Column("Ready"), Column("Up-to-date"), Column("Available"),
       Column("Age"), *_WIDE)
def deployment_row(d: dict, now: float) -> list:
    spec, status = d.get("spec") or {}, d.get("status") or {}
    names, images = containers_and_images(d)
    replicas = spec.get("replicas")
    return [d["metadata"]["name"], f"{status.get('readyReplicas') or 0}/{replicas if replicas is not None else 1}",
            status.get("updatedReplicas") or 0, status.get("availableReplicas") or 0,
            since(d["metadata"].get("creationTimestamp"), now), names, images, selector_text(d, "")]


@table("replicasets", name_col(), Column("Desired"), Column("Current"), Column("Ready"),
       Column("Age"), *_WIDE)
def replicaset_row(rs: dict, now: float) -> list:
    spec, status = rs.get("spec") or {}, rs.get("status") or {}
    names, images = containers_and_images(rs)
    replicas = spec.get("replicas")
    return [rs["metadata"]["name"], replicas if replicas is not None else 1, status.get("replicas") or 0,
            status.get("readyReplicas") or 0, since(rs["metadata"].get("creationTimestamp"), now),
            names, images, selector_text(rs, "<none>")]


@table("daemonsets", name_col(), Column("Desired"), Column("Current"), Column("Ready"),
       Column("Up-to-date"), Column("Available"), Column("Node Selector"), Column("Age"), *_WIDE)
def daemonset_row(ds: dict, now: float) -> list:
    status = ds.get("status") or {}
    names, images = containers_and_images(ds)
    node_selector = (((ds.get("spec") or {}).get("template") or {}).get("spec") or {}).get("nodeSelector")
    return [ds["metadata"]["name"], status.get("desiredNumberScheduled") or 0,
            status.get("currentNumberScheduled") or 0, status.get("numberReady") or 0,
            status.get("updatedNumberScheduled") or 0, status.get("numberAvailable") or 0,
            format_labels(node_selector) or "<none>", since(ds["metadata"].get("creationTimestamp"), now),
            names, images, selector_text(ds, "<none>")]
