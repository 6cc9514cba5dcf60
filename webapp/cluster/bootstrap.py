"""The starting cluster of DESIGN.md: kubeadm 1.24 right after `kubeadm init` and a CNI (flannel),
one schedulable node `ubuntu01`, CoreDNS behind kube-dns 10.96.0.10, context namespace `default`."""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from .clock import Clock, rfc3339
from .limits import Limits
from .names import generate_name, new_uid, pod_template_hash
from .quantity import qos_class
from .rng import Rng

if TYPE_CHECKING:
    from .cluster import Cluster

KUBERNETES_VERSION = "v1.24.3"
NODE_NAME = "ubuntu01"
NODE_IP = "192.168.0.11"
NODE_CPUS = 2
COREDNS_IMAGE = "k8s.gcr.io/coredns/coredns:v1.8.6"
CLUSTER_DOMAIN = "cluster.local"
DNS_IP = "10.96.0.10"
COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
"""
# a short, well-formed stand-in for the cluster CA (the real one is per cluster and not secret)
ROOT_CA = ("-----BEGIN CERTIFICATE-----\n"
           "MIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n"
           "cm5ldGVzMB4XDTIyMDcyNTA4MTIwMFoXDTMyMDcyMjA4MTIwMFowFTETMBEGA1UE\n"
           "AxMKa3ViZXJuZXRlczCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAMq3\n"
           "-----END CERTIFICATE-----\n")


def _meta(name: str, ns: str | None, rng: Rng, ts: str, **extra) -> dict:
    meta = {"creationTimestamp": ts, "name": name, "resourceVersion": "1", "uid": new_uid(rng)}
    if ns:
        meta["namespace"] = ns
    meta.update(extra)
    return meta


def bootstrap(cls, seed: int, clock: Clock, limits: Limits) -> "Cluster":
    rng = Rng(seed * 0x9E3779B1 + 12345)
    now = clock.now()
    age = (3 * 86400) + rng.below(4 * 86400)  # the cluster was set up a few days ago
    t0 = now - age
    ts = rfc3339(t0)
    state = {"objects": {}, "rng": rng.state, "rv": 400, "timeline": [], "seq": 0,
             "ipam": {"last_reserved": {NODE_NAME: 1}}, "meta": {"created": t0}}
    cluster = cls(state, clock, limits)
    cluster.rng = rng
    cluster._now = t0
    try:
        _core(cluster, ts)
        _control_plane(cluster, ts, t0)
        cluster._now = t0 + 30
        _coredns(cluster)
        cluster.sync_until(t0 + 120)
        # host-local IPAM has handed out addresses before: the node has been running a while
        cluster.ipam["last_reserved"][NODE_NAME] = 8 + rng.below(150)
        cluster.objects["events"].clear()
    finally:
        cluster._now = None
    return cluster


def _core(cluster: "Cluster", ts: str) -> None:
    rng = cluster.rng
    for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
        cluster.objects["namespaces"][ns] = {
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": _meta(ns, None, rng, ts, labels={"kubernetes.io/metadata.name": ns}),
            "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
        add_root_ca(cluster, ns, ts)
    cluster.objects["nodes"][NODE_NAME] = _node(rng, ts)
    cluster.objects["services"]["default/kubernetes"] = {
        "apiVersion": "v1", "kind": "Service",
        "metadata": _meta("kubernetes", "default", rng, ts, labels={"component": "apiserver", "provider": "kubernetes"}),
        "spec": {"clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "internalTrafficPolicy": "Cluster",
                 "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                 "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                 "sessionAffinity": "None", "type": "ClusterIP"},
        "status": {"loadBalancer": {}}}
    cluster.objects["endpoints"]["default/kubernetes"] = {
        "apiVersion": "v1", "kind": "Endpoints",
        "metadata": _meta("kubernetes", "default", rng, ts, labels={"endpointslice.kubernetes.io/skip-mirror": "true"}),
        "subsets": [{"addresses": [{"ip": NODE_IP}], "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]}
    cluster.objects["endpointslices"]["default/kubernetes"] = {
        "addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1",
        "endpoints": [{"addresses": [NODE_IP], "conditions": {"ready": True}}], "kind": "EndpointSlice",
        "metadata": _meta("kubernetes", "default", rng, ts, generation=1,
                          labels={"kubernetes.io/service-name": "kubernetes"}),
        "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}
    cluster.objects["services"]["kube-system/kube-dns"] = {
        "apiVersion": "v1", "kind": "Service",
        "metadata": _meta("kube-dns", "kube-system", rng, ts,
                          annotations={"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
                          labels={"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                  "kubernetes.io/name": "CoreDNS"}),
        "spec": {"clusterIP": DNS_IP, "clusterIPs": [DNS_IP], "internalTrafficPolicy": "Cluster",
                 "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                 "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                           {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                           {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}],
                 "selector": {"k8s-app": "kube-dns"}, "sessionAffinity": "None", "type": "ClusterIP"},
        "status": {"loadBalancer": {}}}
    cluster.objects["configmaps"]["kube-system/coredns"] = {
        "apiVersion": "v1", "data": {"Corefile": COREFILE}, "kind": "ConfigMap",
        "metadata": _meta("coredns", "kube-system", rng, ts)}


def add_root_ca(cluster: "Cluster", ns: str, ts: str) -> None:
    """The root-ca-cert-publisher puts the cluster CA into every namespace."""
    cluster.objects["configmaps"][f"{ns}/kube-root-ca.crt"] = {
        "apiVersion": "v1", "data": {"ca.crt": ROOT_CA}, "kind": "ConfigMap",
        "metadata": _meta("kube-root-ca.crt", ns, cluster.rng, ts,
                          annotations={"kubernetes.io/description": "Contains a CA bundle that can be used to verify "
                                       "the kube-apiserver when using internal endpoints such as the internal service "
                                       "IP or kubernetes.default.svc. No other usage is guaranteed across distributions "
                                       "of Kubernetes clusters."})}


def _node(rng: Rng, ts: str) -> dict:
    cond = [("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ("Ready", "True", "KubeletReady", "kubelet is posting ready status. AppArmor enabled")]
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": _meta(NODE_NAME, None, rng, ts,
                          annotations={"flannel.alpha.coreos.com/backend-type": "vxlan",
                                       "flannel.alpha.coreos.com/kube-subnet-manager": "true",
                                       "flannel.alpha.coreos.com/public-ip": NODE_IP,
                                       "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
                                       "node.alpha.kubernetes.io/ttl": "0",
                                       "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
                          labels={"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                                  "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": NODE_NAME,
                                  "kubernetes.io/os": "linux", "node-role.kubernetes.io/control-plane": "",
                                  "node.kubernetes.io/exclude-from-external-load-balancers": ""}),
        "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"]},
        "status": {
            "addresses": [{"address": NODE_IP, "type": "InternalIP"}, {"address": NODE_NAME, "type": "Hostname"}],
            "allocatable": {"cpu": str(NODE_CPUS), "ephemeral-storage": "94006905728", "hugepages-2Mi": "0",
                            "memory": "8036548Ki", "pods": "110"},
            "capacity": {"cpu": str(NODE_CPUS), "ephemeral-storage": "102003252Ki", "hugepages-2Mi": "0",
                         "memory": "8138948Ki", "pods": "110"},
            "conditions": [{"lastHeartbeatTime": ts, "lastTransitionTime": ts, "message": m, "reason": r,
                            "status": s, "type": t} for t, s, r, m in cond],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "images": [],
            "nodeInfo": {"architecture": "amd64", "bootID": new_uid(rng), "containerRuntimeVersion": "containerd://1.6.6",
                         "kernelVersion": "5.15.0-46-generic", "kubeProxyVersion": KUBERNETES_VERSION,
                         "kubeletVersion": KUBERNETES_VERSION, "machineID": rng.hex(32), "operatingSystem": "linux",
                         "osImage": "Ubuntu 22.04.1 LTS", "systemUUID": new_uid(rng)}}}


# kubeadm 1.24's static pod manifests: cpu requests only, except etcd which also asks for memory
_STATIC = [("etcd", "k8s.gcr.io/etcd:3.5.3-0", "etcd", {"requests": {"cpu": "100m", "memory": "100Mi"}}),
           ("kube-apiserver", "k8s.gcr.io/kube-apiserver:" + KUBERNETES_VERSION, "kube-apiserver",
            {"requests": {"cpu": "250m"}}),
           ("kube-controller-manager", "k8s.gcr.io/kube-controller-manager:" + KUBERNETES_VERSION,
            "kube-controller-manager", {"requests": {"cpu": "200m"}}),
           ("kube-scheduler", "k8s.gcr.io/kube-scheduler:" + KUBERNETES_VERSION, "kube-scheduler",
            {"requests": {"cpu": "100m"}})]
# flannel v0.19.0's kube-flannel container; kube-proxy (kubeadm's DaemonSet) sets no resources
_FLANNEL_RESOURCES = {"limits": {"cpu": "100m", "memory": "50Mi"}, "requests": {"cpu": "100m", "memory": "50Mi"}}
# CoreDNS as kubeadm 1.24 deploys it
_COREDNS_RESOURCES = {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}}


def _running_pod(rng: Rng, name: str, ns: str, ts: str, image: str, container: str, labels: dict,
                 ip: str, owner: dict | None = None, host_network: bool = False, ports=None,
                 resources: dict | None = None, qos: str | None = None) -> dict:
    c = {"image": image, "imagePullPolicy": "IfNotPresent", "name": container,
         "resources": copy.deepcopy(resources or {}),
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}
    if ports:
        c["ports"] = ports
    meta = _meta(name, ns, rng, ts, labels=labels)
    if owner:
        meta["ownerReferences"] = [owner]
    spec = {"containers": [c], "dnsPolicy": "ClusterFirst", "enableServiceLinks": True, "nodeName": NODE_NAME,
            "preemptionPolicy": "PreemptLowerPriority", "priority": 2000001000 if host_network else 2000000000,
            "priorityClassName": "system-node-critical" if host_network else "system-cluster-critical",
            "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {},
            "terminationGracePeriodSeconds": 30}
    if host_network:
        spec["hostNetwork"] = True
    cond = [{"lastProbeTime": None, "lastTransitionTime": ts, "status": "True", "type": t}
            for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")]
    status = {"conditions": cond, "containerStatuses": [
        {"containerID": "containerd://" + rng.hex(64), "image": image,
         "imageID": image.rsplit(":", 1)[0] + "@sha256:" + rng.hex(64), "lastState": {}, "name": container,
         "ready": True, "restartCount": 0, "started": True, "state": {"running": {"startedAt": ts}}}],
        "hostIP": NODE_IP, "phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
        "qosClass": qos or qos_class(spec), "startTime": ts}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status}


def _control_plane(cluster: "Cluster", ts: str, t0: float) -> None:
    rng = cluster.rng
    for component, image, container, resources in _STATIC:
        name = f"{component}-{NODE_NAME}"
        pod = _running_pod(rng, name, "kube-system", ts, image, container,
                           {"component": component, "tier": "control-plane"}, NODE_IP, host_network=True,
                           resources=resources)
        pod["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "controller": True, "kind": "Node",
                                               "name": NODE_NAME, "uid": cluster.objects["nodes"][NODE_NAME]["metadata"]["uid"]}]
        cluster.objects["pods"][f"kube-system/{name}"] = pod
    # the real flannel pod has two init containers without resources, so it is Burstable, not Guaranteed
    for ds_name, image, labels, resources, qos in (
            ("kube-proxy", "k8s.gcr.io/kube-proxy:" + KUBERNETES_VERSION, {"k8s-app": "kube-proxy"}, {}, None),
            ("kube-flannel-ds", "rancher/mirrored-flannelcni-flannel:v0.19.0", {"app": "flannel"},
             _FLANNEL_RESOURCES, "Burstable")):
        ctr = {"image": image, "name": ds_name.split("-ds")[0]}
        if resources:
            ctr["resources"] = copy.deepcopy(resources)
        template = {"metadata": {"labels": dict(labels)},
                    "spec": {"containers": [ctr], "nodeSelector": {"kubernetes.io/os": "linux"}}}
        ds = {"apiVersion": "apps/v1", "kind": "DaemonSet",
              "metadata": _meta(ds_name, "kube-system", rng, ts, generation=1, labels=dict(labels)),
              "spec": {"selector": {"matchLabels": dict(labels)}, "template": template,
                       "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}},
              "status": {"currentNumberScheduled": 1, "desiredNumberScheduled": 1, "numberAvailable": 1,
                         "numberMisscheduled": 0, "numberReady": 1, "observedGeneration": 1, "updatedNumberScheduled": 1}}
        cluster.objects["daemonsets"][f"kube-system/{ds_name}"] = ds
        h = pod_template_hash(template)[:10]
        owner = {"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True, "kind": "DaemonSet",
                 "name": ds_name, "uid": ds["metadata"]["uid"]}
        name = generate_name(ds_name + "-", rng)
        pod_labels = dict(labels, **{"controller-revision-hash": h, "pod-template-generation": "1"})
        pod = _running_pod(rng, name, "kube-system", ts, image, ds_name.split("-ds")[0], pod_labels, NODE_IP,
                           owner=owner, host_network=True, resources=resources, qos=qos)
        cluster.objects["pods"][f"kube-system/{name}"] = pod


def _coredns(cluster: "Cluster") -> None:
    labels = {"k8s-app": "kube-dns"}
    container = {"args": ["-conf", "/etc/coredns/Corefile"], "image": COREDNS_IMAGE, "imagePullPolicy": "IfNotPresent",
                 "name": "coredns", "resources": copy.deepcopy(_COREDNS_RESOURCES),
                 "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                           {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                           {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}]}
    dep = {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": "coredns", "namespace": "kube-system", "labels": dict(labels)},
           "spec": {"replicas": 2, "selector": {"matchLabels": dict(labels)},
                    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
                    "template": {"metadata": {"labels": dict(labels)},
                                 "spec": {"containers": [container], "priorityClassName": "system-cluster-critical",
                                          "serviceAccountName": "coredns"}}}}
    cluster.create(dep, internal=True)
