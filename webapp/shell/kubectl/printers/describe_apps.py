"""`kubectl describe` for Deployments and ReplicaSets (1.24 layout), with the pod template block."""
from __future__ import annotations

from webapp.cluster.selectors import from_label_selector

from .describe_base import PrefixWriter, annotations_block, controller_of, events_block, labels_block
from .describe_pod import containers_block, volumes_block
from .duration import rfc1123z
from .rows_apps import label_selector_string


def pod_template_block(w: PrefixWriter, template: dict | None) -> None:
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    labels_block(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        annotations_block(w, "  Annotations", meta["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        containers_block(w, "Init Containers", spec["initContainers"], None, "  ")
    containers_block(w, "Containers", spec.get("containers") or [], None, "  ")
    volumes_block(w, spec.get("volumes"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")


def _conditions(w: PrefixWriter, conditions: list | None) -> None:
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")


def _owned_by(rs: dict, deploy: dict) -> bool:
    uid = (deploy.get("metadata") or {}).get("uid")
    return any(ref.get("controller") and ref.get("uid") == uid
               for ref in (rs.get("metadata") or {}).get("ownerReferences") or [])


def _rs_list(rss: list[dict]) -> str:
    text = ", ".join(f"{rs['metadata']['name']} ({(rs.get('status') or {}).get('replicas', 0)}/"
                     f"{(rs.get('spec') or {}).get('replicas', 1)} replicas created)" for rs in rss)
    return text or "<none>"


def describe_deployment(d: dict, cluster, events: list | None, now: float) -> str:
    meta, spec, status = d.get("metadata") or {}, d.get("spec") or {}, d.get("status") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{label_selector_string(spec.get('selector'))}\n")
    w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('updatedReplicas', 0)} updated | "
               f"{status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} available | "
               f"{status.get('unavailableReplicas', 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None:
        w.write(0, f"RollingUpdateStrategy:\t{ru.get('maxUnavailable', '25%')} max unavailable, "
                   f"{ru.get('maxSurge', '25%')} max surge\n")
    pod_template_block(w, spec.get("template"))
    _conditions(w, status.get("conditions"))
    selector = from_label_selector(spec.get("selector"))
    owned = [rs for rs in cluster.list("replicasets", meta.get("namespace"), selector) if _owned_by(rs, d)]
    template_hash = _template_hash(d, owned)
    new = [rs for rs in owned if rs["metadata"].get("labels", {}).get("pod-template-hash") == template_hash]
    old = [rs for rs in owned if rs not in new and (rs.get("spec") or {}).get("replicas", 0)]
    w.write(0, f"OldReplicaSets:\t{_rs_list(old)}\n")
    w.write(0, f"NewReplicaSet:\t{_rs_list(new[:1])}\n")
    events_block(w, events, now)
    return w.text()


def _template_hash(d: dict, owned: list[dict]) -> str | None:
    """The pod-template-hash of the ReplicaSet whose template is the Deployment's (the new one)."""
    template = (d.get("spec") or {}).get("template") or {}
    for rs in owned:
        rs_template = dict((rs.get("spec") or {}).get("template") or {})
        rs_meta = dict(rs_template.get("metadata") or {})
        labels = dict(rs_meta.get("labels") or {})
        h = labels.pop("pod-template-hash", None)
        rs_meta["labels"] = labels
        rs_template["metadata"] = rs_meta
        if rs_template.get("spec") == template.get("spec") and labels == (template.get("metadata") or {}).get("labels"):
            return h
    return None


def describe_replicaset(rs: dict, cluster, events: list | None, now: float) -> str:
    meta, spec, status = rs.get("metadata") or {}, rs.get("spec") or {}, rs.get("status") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{label_selector_string(spec.get('selector')) or '<none>'}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    owner = controller_of(rs)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    w.write(0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    uid = meta.get("uid")
    for pod in cluster.list("pods", meta.get("namespace"), from_label_selector(spec.get("selector"))):
        refs = (pod.get("metadata") or {}).get("ownerReferences") or []
        if any(r.get("controller") and r.get("uid") == uid for r in refs):
            phase = (pod.get("status") or {}).get("phase")
            if phase in counts:
                counts[phase] += 1
    w.write(0, "Pods Status:\t")
    w.write(0, f"{counts['Running']} Running / {counts['Pending']} Waiting / {counts['Succeeded']} "
               f"Succeeded / {counts['Failed']} Failed\n")
    pod_template_block(w, spec.get("template"))
    _conditions(w, status.get("conditions"))
    events_block(w, events, now)
    return w.text()
