"""`kubectl describe pod` (1.24 layout) and the container/volume blocks pod templates share."""
from __future__ import annotations

from .describe_base import (PrefixWriter, annotations_block, controller_of, events_block,
                            labels_block, tolerations_block)
from .duration import rfc1123z, until


def _ports(ports, field: str) -> str:
    return ", ".join(f"{p.get(field, 0)}/{p.get('protocol', 'TCP')}" for p in ports or [])


def _probe(probe: dict) -> str:
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 1)}s "
             f"period={probe.get('periodSeconds', 10)}s #success={probe.get('successThreshold', 1)} "
             f"#failure={probe.get('failureThreshold', 3)}")
    if probe.get("exec") is not None:
        return f"exec [{' '.join(probe['exec'].get('command') or [])}] {attrs}"
    if probe.get("httpGet") is not None:
        h = probe["httpGet"]
        scheme = (h.get("scheme") or "HTTP").lower()
        port = h.get("port", "")
        host = h.get("host", "")
        hostport = f"{host}:{port}" if str(port) != "" else host
        return f"http-get {scheme}://{hostport}{h.get('path', '')} {attrs}"
    if probe.get("tcpSocket") is not None:
        t = probe["tcpSocket"]
        return f"tcp-socket {t.get('host', '')}:{t.get('port', '')} {attrs}"
    return f"unknown {attrs}"


def _field_ref(pod: dict | None, path: str) -> str:
    if pod is None:
        return ""
    meta = pod.get("metadata") or {}
    if path in ("metadata.name", "metadata.namespace", "metadata.uid"):
        return str(meta.get(path.split(".")[1], ""))
    return ""


def _state(w: PrefixWriter, title: str, state: dict) -> None:
    if state.get("running") is not None:
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{title}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(2, f"{title}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        if t.get("signal"):
            w.write(3, f"Signal:\t{t['signal']}\n")
        w.write(3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{title}:\tWaiting\n")


def containers_block(w: PrefixWriter, label: str, containers: list, statuses: list | None,
                     space: str = "", pod: dict | None = None) -> None:
    """describeContainers: basic info, command, state, resources, probes, env and mounts."""
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    for ctr in containers:
        status = by_name.get(ctr.get("name"))
        w.write(1, f"{' ' if space else ''}{ctr.get('name', '')}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{ctr.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        ports = _ports(ctr.get("ports"), "containerPort")
        w.write(2, f"Ports:\t{ports}\n" if "," in ports else f"Port:\t{ports or '<none>'}\n")
        host_ports = _ports(ctr.get("ports"), "hostPort")
        w.write(2, f"Host Ports:\t{host_ports}\n" if "," in host_ports else f"Host Port:\t{host_ports or '<none>'}\n")
        for title, key in (("Command", "command"), ("Args", "args")):
            if ctr.get(key):
                w.write(2, f"{title}:\n")
                for item in ctr[key]:
                    for part in str(item).split("\n"):
                        w.write(3, f"{part}\n")
        if status is not None:
            _state(w, "State", status.get("state") or {})
            if ((status.get("lastState") or {}).get("terminated")) is not None:
                _state(w, "Last State", status["lastState"])
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        resources = ctr.get("resources") or {}
        for title, key in (("Limits", "limits"), ("Requests", "requests")):
            if resources.get(key):
                w.write(2, f"{title}:\n")
                for name in sorted(resources[key]):
                    w.write(3, f"{name}:\t{resources[key][name]}\n")
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if ctr.get(key):
                w.write(2, f"{title}:\t{_probe(ctr[key])}\n")
        _env(w, ctr, pod)
        mounts = sorted(ctr.get("volumeMounts") or [], key=lambda m: m.get("mountPath", ""))
        w.write(2, f"Mounts:{'' if mounts else chr(9) + '<none>'}\n")
        for m in mounts:
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.write(3, f"{m.get('mountPath', '')} from {m.get('name', '')} ({','.join(flags)})\n")


def _env(w: PrefixWriter, ctr: dict, pod: dict | None) -> None:
    env = ctr.get("env") or []
    w.write(2, f"Environment:{'' if env else chr(9) + '<none>'}\n")
    for e in env:
        source = e.get("valueFrom")
        if source is None:
            for i, part in enumerate(str(e.get("value", "")).split("\n")):
                w.write(3, f"{e.get('name')}:\t{part}\n" if i == 0 else f"\t{part}\n")
        elif source.get("fieldRef") is not None:
            ref = source["fieldRef"]
            w.write(3, f"{e.get('name')}:\t{_field_ref(pod, ref.get('fieldPath', ''))} "
                       f"({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath', '')})\n")
        elif source.get("secretKeyRef") is not None:
            ref = source["secretKeyRef"]
            w.write(3, f"{e.get('name')}:\t<set to the key '{ref.get('key')}' in secret '{ref.get('name')}'>"
                       f"\tOptional: {'true' if ref.get('optional') else 'false'}\n")
        elif source.get("configMapKeyRef") is not None:
            ref = source["configMapKeyRef"]
            w.write(3, f"{e.get('name')}:\t<set to the key '{ref.get('key')}' of config map "
                       f"'{ref.get('name')}'>\tOptional: {'true' if ref.get('optional') else 'false'}\n")


def _optional(value) -> str:
    return "<nil>" if value is None else ("true" if value else "false")


def volumes_block(w: PrefixWriter, volumes: list | None, space: str = "") -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for vol in volumes:
        w.write(1, f"{' ' if space else ''}{vol.get('name', '')}:\n")
        if vol.get("hostPath") is not None:
            hp = vol["hostPath"]
            w.write(2, "Type:\tHostPath (bare host directory volume)\n"
                       f"    Path:\t{hp.get('path', '')}\n    HostPathType:\t{hp.get('type') or '<none>'}\n")
        elif vol.get("emptyDir") is not None:
            ed = vol["emptyDir"]
            w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                       f"    Medium:\t{ed.get('medium', '')}\n    SizeLimit:\t{ed.get('sizeLimit') or '<unset>'}\n")
        elif vol.get("configMap") is not None:
            cm = vol["configMap"]
            w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                       f"    Name:\t{cm.get('name', '')}\n    Optional:\t{'true' if cm.get('optional') else 'false'}\n")
        elif vol.get("projected") is not None:
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            for src in vol["projected"].get("sources") or []:
                if src.get("secret") is not None:
                    w.write(2, f"SecretName:\t{src['secret'].get('name', '')}\n"
                               f"    SecretOptionalName:\t{_optional(src['secret'].get('optional'))}\n")
                elif src.get("downwardAPI") is not None:
                    w.write(2, "DownwardAPI:\ttrue\n")
                elif src.get("configMap") is not None:
                    w.write(2, f"ConfigMapName:\t{src['configMap'].get('name', '')}\n"
                               f"    ConfigMapOptional:\t{_optional(src['configMap'].get('optional'))}\n")
                elif src.get("serviceAccountToken") is not None:
                    w.write(2, f"TokenExpirationSeconds:\t{src['serviceAccountToken'].get('expirationSeconds', 3607)}\n")
        else:
            w.write(2, "<unknown>\n")


def describe_pod(pod: dict, events: list | None, now: float) -> str:
    meta, spec, status = pod.get("metadata") or {}, pod.get("spec") or {}, pod.get("status") or {}
    w = PrefixWriter()
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    node = spec.get("nodeName")
    w.write(0, f"Node:\t{node}/{status.get('hostIP', '')}\n" if node else "Node:\t<none>\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    if meta.get("deletionTimestamp"):
        w.write(0, f"Status:\tTerminating (lasts {until(meta['deletionTimestamp'], now)})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 30)}s\n")
    else:
        w.write(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    ips = status.get("podIPs") or []
    if not ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    owner = controller_of(pod)
    if owner:
        w.write(0, f"Controlled By:\t{owner}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        containers_block(w, "Init Containers", spec["initContainers"], status.get("initContainerStatuses"), "", pod)
    containers_block(w, "Containers", spec.get("containers") or [], status.get("containerStatuses") or [], "", pod)
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for cond in status["conditions"]:
            w.write(1, f"{cond.get('type')} \t{cond.get('status')} \n")
    volumes_block(w, spec.get("volumes"))
    w.write(0, f"QoS Class:\t{status.get('qosClass') or 'BestEffort'}\n")
    labels_block(w, "Node-Selectors", spec.get("nodeSelector"))
    tolerations_block(w, "Tolerations", spec.get("tolerations"))
    events_block(w, events, now)
    return w.text()
