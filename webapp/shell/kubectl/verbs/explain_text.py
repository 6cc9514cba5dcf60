"""kubetutor's own short descriptions for `kubectl explain`, written for learners of Services.

The schema file (explain_schema.json) holds only facts: field names, types, required flags and
enum values. Every sentence a learner reads comes from here and was written for this project;
types and fields not listed have no description, which kubectl shows as `<empty>`.

TYPES is keyed by schema type ("core.Service"), FIELDS by "type.field" ("core.ServiceSpec.type").
KIND_FIELDS describes the fields every kind root shares, unless FIELDS has a kind-specific entry.
"""
from __future__ import annotations

TYPES: dict[str, str] = {
    # kinds the cluster serves
    "core.ConfigMap": "A ConfigMap stores non-secret settings as key/value pairs. Pods can read them "
                      "as environment variables, command arguments or files in a volume.",
    "apps.DaemonSet": "A DaemonSet keeps one copy of a pod on every node (or on each node its node "
                      "selector picks), adding pods when nodes join and removing them when nodes leave.",
    "apps.Deployment": "A Deployment runs a set of identical pods through ReplicaSets. When its pod "
                       "template changes it rolls the pods over to the new version step by step, so an "
                       "app can be updated or scaled without downtime.",
    "discovery.EndpointSlice": "An EndpointSlice lists part of the backends of a Service: their "
                               "addresses, ports and readiness. Slices belong to a Service through the "
                               "kubernetes.io/service-name label, and kube-proxy routes traffic from them.",
    "core.Endpoints": "An Endpoints object carries the same name as its Service and lists the IP "
                      "addresses and ports of the pods behind it, ready and not-ready ones apart.",
    "core.Event": "An Event is a report about something that happened to an object, such as a pod "
                  "being scheduled or an image pull failing. Events are removed after a while (one "
                  "hour by default).",
    "core.Namespace": "A Namespace is a named scope for objects: names only need to be unique within "
                      "it, and it appears in the DNS names of the Services it contains.",
    "core.Node": "A Node is a machine, virtual or physical, whose kubelet runs pods. Its status "
                 "reports the node's addresses, capacity and health.",
    "core.Pod": "A Pod is the smallest thing Kubernetes runs: one or more containers placed together "
                "on one node, sharing a single IP address and network namespace.",
    "apps.ReplicaSet": "A ReplicaSet keeps a chosen number of pods that match its selector running, "
                       "creating pods from its template or deleting extra ones. Deployments manage "
                       "ReplicaSets for you.",
    "core.Service": "A Service gives a changing group of pods, picked by a label selector, one stable "
                    "virtual IP address and DNS name, and spreads connections across them. Its type "
                    "decides whether it can be reached only inside the cluster or from outside too.",
    "core.ServiceAccount": "A ServiceAccount is an identity for the processes in a pod. Pods present "
                           "its token when they talk to the API server.",
    # the types a learner of Services meets
    "core.ServiceSpec": "The settings of a Service: which pods it selects, which ports it offers and "
                        "how it is exposed.",
    "core.ServicePort": "One port a Service offers and where its traffic goes on the selected pods.",
    "core.ServiceStatus": "What the cluster has set up for a Service so far.",
    "core.EndpointSubset": "A group of backend addresses that all serve the same ports.",
    "core.EndpointAddress": "One backend address of a Service, normally a pod IP.",
    "core.EndpointPort": "A port that the addresses of an endpoint subset serve.",
    "discovery.Endpoint": "One backend in an EndpointSlice, normally one pod.",
    "discovery.EndpointConditions": "Readiness flags of one EndpointSlice backend.",
    "discovery.EndpointPort": "A port that the backends of an EndpointSlice serve.",
    "core.PodSpec": "What a pod runs and how: its containers plus scheduling, DNS and restart settings.",
    "core.PodTemplateSpec": "A blueprint for the pods a controller creates.",
    "core.Container": "One container in a pod: the image to start and how to start it.",
    "core.ContainerPort": "A network port a container listens on.",
    "apps.DeploymentSpec": "What a Deployment should run and how it replaces old pods with new ones.",
    "meta.ObjectMeta": "Data every stored object carries: its name, namespace, labels and "
                       "annotations, plus fields the system fills in such as uid and creationTimestamp.",
}

KIND_FIELDS: dict[str, str] = {
    "apiVersion": "The API group and version the object is written in, for example v1 or apps/v1. "
                  "It tells the server which schema to read the rest of the object with.",
    "kind": "The object's type in CamelCase, for example Pod or Service.",
    "metadata": "The object's name, namespace, labels, annotations and system-managed bookkeeping.",
    "spec": "The state you ask for. Controllers keep working to make the actual state match it.",
    "status": "The state the system last observed. Kubernetes components fill it in; you do not "
              "write it yourself.",
}

FIELDS: dict[str, str] = {
    # Service
    "core.Service.spec": "What the Service should do: the pods it selects, the ports it offers and "
                         "how it can be reached (its type).",
    "core.Service.status": "What the cluster has set up for the Service, such as the addresses of a "
                           "cloud load balancer.",
    "core.ServiceSpec.type": "How the Service is exposed. ClusterIP (the default) gives an address "
                             "reachable inside the cluster only; NodePort also opens a port on every "
                             "node; LoadBalancer also asks the cloud for an external load balancer; "
                             "ExternalName just makes the Service's DNS name a CNAME for externalName.",
    "core.ServiceSpec.selector": "Labels a pod must carry to receive this Service's traffic; the "
                                 "matching ready pods become its endpoints. Without a selector no "
                                 "endpoints are managed for you.",
    "core.ServiceSpec.ports": "The ports the Service offers, each forwarded to a port on the selected "
                              "pods.",
    "core.ServiceSpec.clusterIP": "The Service's virtual IP inside the cluster, normally picked "
                                  "automatically from the service IP range. \"None\" makes a headless "
                                  "Service, whose DNS name resolves straight to the pod IPs.",
    "core.ServiceSpec.clusterIPs": "Every cluster IP of the Service, one per IP family on dual-stack "
                                   "clusters. The first one is always the same as clusterIP.",
    "core.ServiceSpec.sessionAffinity": "ClientIP keeps sending connections from one client IP to the "
                                        "same pod; None (the default) lets each connection go to any "
                                        "ready pod.",
    "core.ServiceSpec.externalName": "For a Service of type ExternalName: the DNS name the Service's "
                                     "own name becomes an alias (CNAME) for, such as db.example.com.",
    "core.ServiceSpec.externalTrafficPolicy": "How traffic from outside the cluster (through a node "
                                              "port or load balancer) is routed. Cluster (the default) "
                                              "may forward it to pods on any node but hides the "
                                              "client's IP; Local only uses pods on the node that "
                                              "received it and keeps the client's IP.",
    "core.ServiceSpec.internalTrafficPolicy": "How traffic from inside the cluster to the cluster IP "
                                              "is routed. Cluster (the default) uses every ready pod; "
                                              "Local only uses pods on the sender's own node and drops "
                                              "the traffic when there is none.",
    "core.ServiceSpec.ipFamilies": "The IP families (IPv4, IPv6) the Service has cluster IPs in, in "
                                   "the same order as clusterIPs. Usually filled in from "
                                   "ipFamilyPolicy.",
    "core.ServiceSpec.ipFamilyPolicy": "How many IP families the Service gets: SingleStack gives one; "
                                       "PreferDualStack gives IPv4 and IPv6 when the cluster has both; "
                                       "RequireDualStack insists on both and fails otherwise.",
    "core.ServiceSpec.publishNotReadyAddresses": "When true, pods count as endpoints (and appear in "
                                                 "DNS) before they pass their readiness checks. "
                                                 "Headless Services of StatefulSets use it so peers "
                                                 "can find each other early.",
    "core.ServiceSpec.loadBalancerIP": "For a LoadBalancer Service, a particular external IP to ask "
                                       "the cloud provider for, if the provider supports that. "
                                       "Deprecated as of Kubernetes 1.24.",
    "core.ServicePort.name": "A name for this port, unique within the Service and required once it "
                             "has more than one port. DNS uses it to name the port's SRV records.",
    "core.ServicePort.port": "The port number the Service accepts connections on, at its cluster IP "
                             "and DNS name.",
    "core.ServicePort.targetPort": "The port on the pods that traffic is sent to: a number, or the "
                                   "name of a container port. When left out it equals port.",
    "core.ServicePort.nodePort": "For NodePort and LoadBalancer Services: the port opened on every "
                                 "node (30000-32767 by default), picked automatically if left out.",
    "core.ServicePort.protocol": "The IP protocol of the port: TCP (the default), UDP or SCTP.",
    "core.ServicePort.appProtocol": "An optional label naming the application protocol on this port, "
                                    "such as http or grpc, for tools that want to know.",
    "core.ServiceStatus.loadBalancer": "The external addresses of the load balancer, filled in once "
                                       "the cloud provider has made one.",
    "core.ServiceStatus.conditions": "Conditions reported about the Service.",
    # Endpoints
    "core.Endpoints.subsets": "Groups of backend addresses that share the same ports; together they "
                              "list every backend of the Service.",
    "core.EndpointSubset.addresses": "Backends that are ready and receive traffic.",
    "core.EndpointSubset.notReadyAddresses": "Backends that exist but are not ready yet, or are "
                                             "shutting down. The Service sends them no traffic.",
    "core.EndpointSubset.ports": "The ports served on every address of this subset.",
    "core.EndpointAddress.ip": "The backend's IP address, normally a pod IP.",
    "core.EndpointAddress.hostname": "The backend's hostname, used for DNS records of headless "
                                     "Services.",
    "core.EndpointAddress.nodeName": "The node the backend runs on.",
    "core.EndpointAddress.targetRef": "The object behind this address, normally a Pod.",
    "core.EndpointPort.name": "The port's name; it matches the name of the Service port it serves.",
    "core.EndpointPort.port": "The port number on the backend.",
    "core.EndpointPort.protocol": "The IP protocol of the port: TCP, UDP or SCTP.",
    "core.EndpointPort.appProtocol": "The application protocol label copied from the Service port.",
    # EndpointSlice
    "discovery.EndpointSlice.addressType": "The kind of address every endpoint in this slice has: "
                                           "IPv4, IPv6 or FQDN.",
    "discovery.EndpointSlice.endpoints": "The backends in this slice, each with its addresses and "
                                         "readiness.",
    "discovery.EndpointSlice.ports": "The ports that every endpoint in this slice serves.",
    "discovery.Endpoint.addresses": "The backend's IP addresses; normally just the pod IP.",
    "discovery.Endpoint.conditions": "Whether the backend is ready, serving and terminating.",
    "discovery.Endpoint.hostname": "A hostname for the backend, used for DNS records of headless "
                                   "Services.",
    "discovery.Endpoint.nodeName": "The node the backend runs on.",
    "discovery.Endpoint.targetRef": "The object behind this endpoint, normally a Pod.",
    "discovery.EndpointConditions.ready": "True when the backend should get new traffic: it passes "
                                          "its readiness checks and is not shutting down.",
    "discovery.EndpointConditions.serving": "True when the backend passes its readiness checks, "
                                            "even while it is shutting down.",
    "discovery.EndpointConditions.terminating": "True when the backend is shutting down.",
    "discovery.EndpointPort.name": "The port's name; it matches the name of the Service port it "
                                   "serves.",
    "discovery.EndpointPort.port": "The port number on the backends.",
    "discovery.EndpointPort.protocol": "The IP protocol of the port: TCP, UDP or SCTP.",
    "discovery.EndpointPort.appProtocol": "The application protocol label copied from the Service "
                                          "port.",
    # Pod
    "core.Pod.spec": "What the pod runs: its containers and volumes, plus scheduling, DNS and "
                     "restart settings.",
    "core.Pod.status": "What the pod is doing now: its phase, IP addresses, conditions and the "
                       "state of each container.",
    "core.PodSpec.containers": "The containers of the pod, started together on one node. A pod "
                               "needs at least one.",
    "core.PodSpec.hostname": "The hostname the pod's containers see. Defaults to the pod's name.",
    "core.PodSpec.subdomain": "Together with hostname, gives the pod the DNS name "
                              "<hostname>.<subdomain>.<namespace>.svc.<cluster domain>, provided a "
                              "headless Service named <subdomain> exists in its namespace.",
    "core.PodSpec.dnsPolicy": "How the pod's /etc/resolv.conf is built. ClusterFirst (the default) "
                              "asks the cluster DNS first; Default copies the node's settings; "
                              "ClusterFirstWithHostNet is ClusterFirst for pods on the host network; "
                              "None uses only dnsConfig.",
    "core.PodSpec.dnsConfig": "Extra nameservers, search domains and resolver options merged into "
                              "the pod's resolv.conf. With dnsPolicy None they are the whole file.",
    "core.PodSpec.restartPolicy": "When the kubelet restarts a container that has exited: Always "
                                  "(the default), OnFailure (after a non-zero exit only) or Never.",
    "core.PodSpec.nodeName": "The node the pod is bound to. The scheduler normally sets it; setting "
                             "it yourself skips the scheduler.",
    "core.PodTemplateSpec.metadata": "Labels and annotations every pod made from the template gets.",
    "core.PodTemplateSpec.spec": "The pod spec every pod made from the template gets.",
    "core.Container.name": "The container's name, unique within the pod.",
    "core.Container.image": "The container image to run, such as nginx:1.23.",
    "core.Container.command": "Replaces the image's ENTRYPOINT. It is not run through a shell; "
                              "$(VAR) references to the container's environment are expanded.",
    "core.Container.args": "Arguments for the command; they replace the image's CMD.",
    "core.Container.ports": "Ports the container listens on. Listing them is informational, since "
                            "any open port is reachable, but a named port can be a Service's "
                            "targetPort.",
    "core.Container.env": "Environment variables set in the container.",
    "core.ContainerPort.containerPort": "The port number the container listens on, on the pod's IP.",
    "core.ContainerPort.name": "A name for the port (15 characters at most) that a Service can use "
                               "as its targetPort.",
    "core.ContainerPort.protocol": "The IP protocol of the port: TCP (the default), UDP or SCTP.",
    "core.ContainerPort.hostPort": "A port on the node forwarded to this container port. Rarely "
                                   "needed.",
    "core.ContainerPort.hostIP": "The node IP that hostPort listens on.",
    # Deployment
    "apps.Deployment.spec": "The pods the Deployment should run and how to replace them during a "
                            "rollout.",
    "apps.Deployment.status": "Rollout progress: how many replicas exist and how many are updated, "
                              "ready and available.",
    "apps.DeploymentSpec.replicas": "How many pods to keep running. Defaults to 1.",
    "apps.DeploymentSpec.selector": "The label selector that picks the pods this Deployment owns. It "
                                    "must match the template's labels and cannot be changed later.",
    "apps.DeploymentSpec.template": "The pod template every pod of the Deployment is made from. "
                                    "Changing it starts a new rollout.",
    "apps.ReplicaSetSpec.template": "The pod template new pods of the ReplicaSet are made from.",
    "apps.DaemonSetSpec.template": "The pod template the DaemonSet's pods are made from.",
    "apps.DeploymentSpec.strategy": "How old pods give way to new ones in a rollout: RollingUpdate "
                                    "(the default) a few at a time, or Recreate, which removes all "
                                    "old pods first.",
    # ObjectMeta
    "meta.ObjectMeta.name": "The object's name, unique among objects of its kind in the namespace. "
                            "It cannot be changed after creation.",
    "meta.ObjectMeta.namespace": "The namespace the object lives in; empty for cluster-wide kinds "
                                 "such as Node. Defaults to the namespace of the request.",
    "meta.ObjectMeta.labels": "Key/value pairs used to group and select objects; Service and "
                              "Deployment selectors match on them.",
    "meta.ObjectMeta.annotations": "Key/value pairs for any other data tools or people want to "
                                   "attach. Unlike labels, they cannot be selected on.",
}


def type_text(type_name: str) -> str:
    """Our description of a schema type, or "" when we have none."""
    return TYPES.get(type_name, "")


def field_text(type_name: str, field: str, kind_root: bool) -> str:
    """Our description of `field` of `type_name` ("" when we have none); kind roots fall back to
    the shared apiVersion/kind/metadata/spec/status text."""
    own = FIELDS.get(f"{type_name}.{field}")
    if own is not None:
        return own
    return KIND_FIELDS.get(field, "") if kind_root else ""
