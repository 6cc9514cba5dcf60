"""Pure functions from cluster state and traffic counters to what the panels draw. No Flask here."""
from webapp.viz.topology import EndpointView, NodeGroup, PodView, ServiceView, Topology, pod_status, topology
from webapp.viz.traffic import traffic_figure

__all__ = ["topology", "pod_status", "Topology", "ServiceView", "EndpointView", "NodeGroup", "PodView",
           "traffic_figure"]
