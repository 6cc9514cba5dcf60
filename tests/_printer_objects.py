"""Hand-built Kubernetes objects shaped like the cluster's, for printer tests (no cluster needed)."""
from webapp.shell.kubectl.printers.duration import parse_time

NOW = parse_time("2022-08-24T12:00:00Z")


def ts(seconds_ago: float) -> str:
    from webapp.cluster.clock import rfc3339
    return rfc3339(NOW - seconds_ago)


def service(name="nginx", ns="test", cluster_ip="10.96.184.249", age=13, selector=None, ports=None,
            stype="ClusterIP", labels=None, **spec_extra):
    spec = {"clusterIP": cluster_ip, "clusterIPs": [cluster_ip] if cluster_ip else [],
            "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}] if ports is None else ports,
            "selector": {"app": "nginx"} if selector is None else selector,
            "sessionAffinity": "None", "type": stype}
    spec.update(spec_extra)
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": ns, "creationTimestamp": ts(age),
                         "labels": {"app": "nginx"} if labels is None else labels, "uid": f"uid-{name}"},
            "spec": spec, "status": {"loadBalancer": {}}}


def endpoints(name="nginx", ns="test", ips=("10.244.0.205", "10.244.0.77"), port=80, age=30, not_ready=()):
    subset = {"addresses": [{"ip": ip, "nodeName": "ubuntu01"} for ip in ips],
              "ports": [{"port": port, "protocol": "TCP"}]}
    if not_ready:
        subset["notReadyAddresses"] = [{"ip": ip} for ip in not_ready]
    return {"apiVersion": "v1", "kind": "Endpoints",
            "metadata": {"name": name, "namespace": ns, "creationTimestamp": ts(age), "labels": {"app": "nginx"}},
            "subsets": [subset] if (ips or not_ready) else []}


def pod(name, age, ready=True, ip="10.244.0.77", waiting=None, restarts=0, last_finished=None,
        ns="test", terminated=None, deleting=False):
    state = {"running": {"startedAt": ts(age - 2)}}
    if waiting:
        state = {"waiting": {"reason": waiting}}
    if terminated:
        state = {"terminated": terminated}
    cs = {"name": "nginx", "image": "nginx", "ready": ready and not waiting and not terminated,
          "restartCount": restarts, "state": state, "lastState": {}}
    if last_finished is not None:
        cs["lastState"] = {"terminated": {"exitCode": 0, "reason": "Completed", "finishedAt": ts(last_finished)}}
    status = {"phase": "Running" if not waiting else "Pending", "containerStatuses": [cs],
              "conditions": [{"type": "Ready", "status": "True" if cs["ready"] else "False"}]}
    if ip:
        status["podIP"], status["podIPs"] = ip, [{"ip": ip}]
    meta = {"name": name, "namespace": ns, "creationTimestamp": ts(age),
            "labels": {"app": "nginx", "pod-template-hash": "8f458dc5b"}}
    if deleting:
        meta["deletionTimestamp"] = ts(-30)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"nodeName": "ubuntu01", "containers": [{"name": "nginx", "image": "nginx"}]},
            "status": status}


def deployment(name="nginx", age=5 * 60 + 46, replicas=1, ready=1):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": "test", "creationTimestamp": ts(age), "labels": {"app": name}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}},
            "status": {"replicas": replicas, "readyReplicas": ready, "updatedReplicas": replicas,
                       "availableReplicas": ready}}
