"""`kubectl describe` layouts (1.24), byte for byte, from hand-built objects."""
from webapp.shell.kubectl.printers.describe_pod import describe_pod
from webapp.shell.kubectl.printers.describe_service import describe_endpoints, describe_service

from _printer_objects import NOW, endpoints, pod, service, ts

DESCRIBE_SVC_V124 = """Name:              nginx
Namespace:         test
Labels:            app=nginx
Annotations:       <none>
Selector:          app=nginx
Type:              ClusterIP
IP Family Policy:  SingleStack
IP Families:       IPv4
IP:                {ip}
IPs:               {ip}
Port:              <unset>  80/TCP
TargetPort:        80/TCP
Endpoints:         10.244.0.205:80,10.244.0.77:80
Session Affinity:  None
Events:            <none>
"""


def test_describe_svc_v124layout_golden():
    out = describe_service(service(), endpoints(), [], NOW)
    assert out == DESCRIBE_SVC_V124.format(ip="10.96.184.249")


def test_describe_svc_headless_v124layout_golden():
    out = describe_service(service(cluster_ip="None"), endpoints(), [], NOW)
    assert out == DESCRIBE_SVC_V124.format(ip="None")


def test_describe_svc_events_and_nodeport():
    svc = service(stype="NodePort", ports=[{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080,
                                            "nodePort": 30080}], externalTrafficPolicy="Cluster")
    ev = {"type": "Normal", "reason": "Type", "message": "ClusterIP -> NodePort", "count": 1,
          "firstTimestamp": ts(75), "lastTimestamp": ts(75), "source": {"component": "service-controller"}}
    out = describe_service(svc, endpoints(), [ev], NOW)
    assert "Port:                     http  80/TCP\nTargetPort:               8080/TCP\n" in out
    assert "NodePort:                 http  30080/TCP\n" in out
    assert "External Traffic Policy:  Cluster\n" in out
    assert out.endswith("Events:\n"
                        "  Type    Reason  Age   From                Message\n"
                        "  ----    ------  ----  ----                -------\n"
                        "  Normal  Type    75s   service-controller  ClusterIP -> NodePort\n")


def test_describe_pod_layout():
    p = pod("nginx-8f458dc5b-qr65w", 196)
    p["spec"].update(priority=0, tolerations=[
        {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300}],
        volumes=[{"name": "kube-api-access-8xkzv", "projected": {"sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt"}}, {"downwardAPI": {}}]}}])
    p["spec"]["containers"][0]["volumeMounts"] = [
        {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-8xkzv",
         "readOnly": True}]
    cs = p["status"]["containerStatuses"][0]
    cs.update(containerID="containerd://abc", imageID="docker.io/library/nginx@sha256:0d17")
    p["status"].update(hostIP="192.168.0.11", startTime=ts(196), qosClass="BestEffort",
                       conditions=[{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}])
    p["metadata"]["ownerReferences"] = [{"kind": "ReplicaSet", "name": "nginx-8f458dc5b", "controller": True}]
    ev = {"type": "Normal", "reason": "Scheduled", "count": 1, "firstTimestamp": ts(196), "lastTimestamp": ts(196),
          "message": "Successfully assigned test/nginx-8f458dc5b-qr65w to ubuntu01",
          "source": {"component": "default-scheduler"}}
    assert describe_pod(p, [ev], NOW) == """Name:         nginx-8f458dc5b-qr65w
Namespace:    test
Priority:     0
Node:         ubuntu01/192.168.0.11
Start Time:   Wed, 24 Aug 2022 11:56:44 +0000
Labels:       app=nginx
              pod-template-hash=8f458dc5b
Annotations:  <none>
Status:       Running
IP:           10.244.0.77
IPs:
  IP:           10.244.0.77
Controlled By:  ReplicaSet/nginx-8f458dc5b
Containers:
  nginx:
    Container ID:   containerd://abc
    Image:          nginx
    Image ID:       docker.io/library/nginx@sha256:0d17
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Wed, 24 Aug 2022 11:56:46 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-8xkzv (ro)
Conditions:
  Type          Status
  Initialized   True 
  Ready         True 
Volumes:
  kube-api-access-8xkzv:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age    From               Message
  ----    ------     ----   ----               -------
  Normal  Scheduled  3m16s  default-scheduler  Successfully assigned test/nginx-8f458dc5b-qr65w to ubuntu01
"""


def test_describe_svc_without_selector_says_none():
    out = describe_service(service(selector={}), None, None, NOW)
    assert "Selector:          <none>\n" in out and "Endpoints:         <none>\n" in out
    assert "Events" not in out  # --show-events=false


def test_describe_endpoints_layout():
    out = describe_endpoints(endpoints(not_ready=("10.244.0.9",)), [], NOW)
    assert out == """Name:         nginx
Namespace:    test
Labels:       app=nginx
Annotations:  <none>
Subsets:
  Addresses:          10.244.0.205,10.244.0.77
  NotReadyAddresses:  10.244.0.9
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  80    TCP

Events:  <none>
"""
