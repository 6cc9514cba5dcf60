"""IP and port allocation: ClusterIPs (apiserver), pod IPs (host-local IPAM), NodePorts."""
from __future__ import annotations

import ipaddress

from .errors import Invalid
from .rng import Rng

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
POD_CIDR = ipaddress.ip_network("10.244.0.0/16")
NODE_PORT_RANGE = (30000, 32767)
# ServiceIPStaticSubrange: the lowest min(max(16, size/16), 256) addresses are preferred for
# user-chosen IPs; dynamic allocation tries the upper band first.
_STATIC_BAND = 256


def service_ip_in_range(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip) in SERVICE_CIDR
    except ValueError:
        return False


def allocate_cluster_ip(used: set[str], rng: Rng) -> str:
    base = int(SERVICE_CIDR.network_address)
    size = SERVICE_CIDR.num_addresses
    for _ in range(64):
        offset = _STATIC_BAND + rng.below(size - _STATIC_BAND - 1)
        ip = str(ipaddress.ip_address(base + offset))
        if ip not in used:
            return ip
    for offset in range(1, size - 1):  # practically unreachable: a session holds few Services
        ip = str(ipaddress.ip_address(base + offset))
        if ip not in used:
            return ip
    raise Invalid("Service", "", ["spec.clusterIPs: Internal error: range is full"])


def check_requested_cluster_ip(name: str, ip: str, used: set[str]) -> None:
    if not service_ip_in_range(ip):
        raise Invalid("Service", name, [
            f'spec.clusterIPs: Invalid value: []string{{"{ip}"}}: failed to allocate IP {ip}: '
            f"the provided IP ({ip}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"])
    if ip in used:
        raise Invalid("Service", name, [
            f'spec.clusterIPs: Invalid value: []string{{"{ip}"}}: failed to allocate IP {ip}: '
            "provided IP is already allocated"])


def node_pod_cidr(index: int) -> ipaddress.IPv4Network:
    return ipaddress.ip_network(f"10.244.{index}.0/24")


def allocate_pod_ip(cidr: str, used: set[str], last_reserved: int) -> tuple[str, int]:
    """host-local IPAM: round-robin after the last reserved address, skipping the gateway (.1)."""
    net = ipaddress.ip_network(cidr)
    base = int(net.network_address)
    first, last = 2, net.num_addresses - 2
    span = last - first + 1
    start = last_reserved + 1 if last_reserved >= first else first
    for i in range(span):
        host = first + (start - first + i) % span
        ip = str(ipaddress.ip_address(base + host))
        if ip not in used:
            return ip, host
    raise RuntimeError("no IP addresses available in range set: " + cidr)


def allocate_node_port(used: set[int], rng: Rng) -> int:
    lo, hi = NODE_PORT_RANGE
    for _ in range(64):
        port = rng.randint(lo, hi)
        if port not in used:
            return port
    for port in range(lo, hi + 1):
        if port not in used:
            return port
    raise RuntimeError("range is full")


def check_requested_node_port(name: str, index: int, port: int, used: set[int]) -> None:
    lo, hi = NODE_PORT_RANGE
    field = f"spec.ports[{index}].nodePort"
    if not lo <= port <= hi:
        raise Invalid("Service", name, [
            f"{field}: Invalid value: {port}: provided port is not in the valid range. "
            f"The range of valid ports is {lo}-{hi}"])
    if port in used:
        raise Invalid("Service", name, [f"{field}: Invalid value: {port}: provided port is already allocated"])
