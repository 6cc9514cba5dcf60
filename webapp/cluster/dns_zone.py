"""CoreDNS 1.8.6's `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough
in-addr.arpa ip6.arpa; ttl 30 }` as kubeadm 1.24 configures it, over the cluster's objects.

`kubernetes_reply` answers a question for the plugin's zones, or returns None when the plugin
would fall through (a reverse name it does not know) or the name is not in its zones; the caller
then forwards to the upstream. Rules follow plugin/kubernetes (parse.go, kubernetes.go,
reverse.go, ns.go, handler.go) and plugin/backend_lookup.go, summarised in formats.md §7.3.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from webapp.cluster.dns_types import TTL, DnsReply, Record, fqdn

ZONE = "cluster.local"
_ZONES = (ZONE, "in-addr.arpa", "ip6.arpa")
_NX = "NX"  # the plugin's name errors (errNoItems, errNsNotExposed, errInvalidRequest)


@dataclass(frozen=True, slots=True)
class _Item:
    """One backend result (CoreDNS's msg.Service): an address, a CNAME target or a TXT value."""

    host: str
    target: str = ""     # the record name SRV points at (service or endpoint name), absolute
    port: int = -1
    kind: str = "ip"     # "ip" | "name" | "txt"


@dataclass(slots=True)
class _Request:
    port: str = "*"
    protocol: str = "*"
    endpoint: str = ""
    service: str = ""
    namespace: str = ""
    pod_or_svc: str = ""


def _wild(s: str) -> bool:
    return s in ("*", "any")


def _match(a: str, b: str) -> bool:
    return _wild(a) or _wild(b) or a.lower() == b.lower()


def _parse(base: str) -> _Request | None:
    """parseRequest: `[endpoint.|_port._proto.]service.namespace.(svc|pod)`; None = invalid."""
    r = _Request()
    if base in ("", "svc", "pod"):
        return r
    segs = base.split(".")
    r.pod_or_svc = segs[-1]
    if r.pod_or_svc not in ("svc", "pod"):
        return None
    rest = segs[:-1]
    if rest:
        r.namespace = rest.pop()
    if rest:
        r.service = rest.pop()
    if len(rest) == 1:
        r.endpoint = rest[0]
    elif len(rest) == 2:
        r.port, r.protocol = (s[1:] if s.startswith("_") else s for s in rest)
    elif rest:
        return None
    return r


class _Zone:
    """One question's view of the cluster; object lists are fetched once and only when needed."""

    def __init__(self, cluster, zone: str) -> None:
        self.cluster, self.zone = cluster, zone
        self._namespaces: set[str] | None = None

    def namespace_exists(self, ns: str) -> bool:
        if self._namespaces is None:
            self._namespaces = {n["metadata"]["name"] for n in self.cluster.scan("namespaces")}
        return ns.lower() in self._namespaces

    def serial(self) -> int:
        """The SOA serial: unix time of the newest change the DNS controller has seen."""
        return soa_serial(self.cluster)

    def soa(self, owner_zone: str) -> Record:
        z = self.zone
        return Record(fqdn(owner_zone), TTL, "SOA",
                      f"ns.dns.{z}. hostmaster.{z}. {self.serial()} 7200 1800 86400 {TTL}")

    # -- k.Services / k.Records -------------------------------------------------------------
    def items(self, name: str, qtype: str) -> list[_Item] | str:
        base = name[: -len(self.zone)].rstrip(".") if name != self.zone else ""
        if qtype == "TXT":
            return [_Item('"1.1.0"', kind="txt")] if base == "dns-version" else []
        if qtype == "NS" or name == f"ns.dns.{self.zone}":
            return [_Item(ip, target=t) for t, ip in self.ns_addresses()] if qtype in ("A", "NS") else []
        return self.records(base)

    def records(self, base: str) -> list[_Item] | str:
        r = _parse(base)
        if r is None:
            return _NX
        if not r.pod_or_svc:
            return []
        if self.zone != ZONE:
            return _NX  # a reverse name that is not a full address
        if not _wild(r.namespace) and not self.namespace_exists(r.namespace):
            return _NX
        if r.pod_or_svc == "pod":
            return self.pods(r)
        return self.services(r)

    def pods(self, r: _Request) -> list[_Item] | str:
        if not r.service:
            return []
        name = r.service
        ip = name.replace("-", ".") if name.count("-") == 3 and "--" not in name else name.replace("-", ":")
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            return _NX
        return [_Item(ip)]

    def services(self, r: _Request) -> list[_Item] | str:
        if not r.service:
            return []
        result: list[_Item] | str = _NX
        if _wild(r.service) and not _wild(r.namespace):
            result = []
        out: list[_Item] = []
        ns = None if _wild(r.namespace) else r.namespace.lower()
        for svc in self.cluster.scan("services", ns):
            meta, spec = svc["metadata"], svc.get("spec", {})
            sname, sns = meta["name"], meta["namespace"]
            if not _match(r.service, sname):
                continue
            if spec.get("type") == "ExternalName":
                ext = spec.get("externalName", "")
                if ext and not _is_ip(ext):
                    out.append(_Item(ext.rstrip("."), kind="name"))
                    result = out
                continue
            svc_domain = f"{sname}.{sns}.svc.{self.zone}."
            if spec.get("clusterIP") == "None" or r.endpoint:
                for addr, ports in self.ready_addresses(sns, sname):
                    host = endpoint_hostname(addr)
                    if r.endpoint and not _match(r.endpoint, host):
                        continue
                    for p in ports:
                        if _match(r.port, p.get("name", "")) and _match(r.protocol, p.get("protocol", "TCP")):
                            out.append(_Item(addr["ip"], f"{host}.{svc_domain}", int(p.get("port", 0))))
                            result = out
                continue
            for p in spec.get("ports") or ():
                if not (_match(r.port, p.get("name", "")) and _match(r.protocol, p.get("protocol", "TCP"))):
                    continue
                result = out
                for ip in spec.get("clusterIPs") or [spec.get("clusterIP")]:
                    if ip and ip != "None":
                        out.append(_Item(ip, svc_domain, int(p.get("port", 0))))
        return result

    def ready_addresses(self, ns: str, name: str):
        """(address, ports) for every ready address of the Endpoints object `ns/name`."""
        ep = self.cluster.find("endpoints", ns, name)
        for subset in (ep or {}).get("subsets") or ():
            ports = subset.get("ports") or ()
            for addr in subset.get("addresses") or ():
                yield addr, ports

    def ns_addresses(self) -> list[tuple[str, str]]:
        """(name, ip) of the Service in front of CoreDNS: kube-dns's ClusterIP (nsAddrs)."""
        svc = self.cluster.find("services", "kube-system", "kube-dns")
        ip = (svc or {}).get("spec", {}).get("clusterIP")
        if ip and ip != "None":
            return [(f"kube-dns.kube-system.svc.{self.zone}.", ip)]
        return []

    # -- reverse ----------------------------------------------------------------------------
    def reverse(self, ip: str) -> list[str]:
        """PTR targets for an IP: the Service with that ClusterIP, else every ready endpoint."""
        for svc in self.cluster.scan("services"):
            spec = svc.get("spec", {})
            if ip in (spec.get("clusterIPs") or [spec.get("clusterIP")]):
                m = svc["metadata"]
                return [f"{m['name']}.{m['namespace']}.svc.{ZONE}."]
        out = []
        for ep in self.cluster.scan("endpoints"):
            m = ep["metadata"]
            for subset in ep.get("subsets") or ():
                for addr in subset.get("addresses") or ():
                    if addr.get("ip") == ip:
                        out.append(f"{endpoint_hostname(addr)}.{m['name']}.{m['namespace']}.svc.{ZONE}.")
        return out


def endpoint_hostname(addr: dict) -> str:
    """The name of an endpoint under its Service: its hostname, else the dashed IP."""
    if addr.get("hostname"):
        return addr["hostname"]
    ip = addr.get("ip", "")
    return ip.replace(".", "-") if "." in ip else ip.replace(":", "-")


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def soa_serial(cluster) -> int:
    """Unix time of the latest change CoreDNS's API cache saw (Services, Endpoints, Namespaces);
    creation times and the endpoints controller's last-change-trigger-time both count."""
    from webapp.cluster.clock import parse_rfc3339

    latest = 0.0
    for res in ("services", "endpoints", "namespaces"):
        for obj in cluster.scan(res):
            meta = obj.get("metadata", {})
            for stamp in (meta.get("creationTimestamp"),
                          (meta.get("annotations") or {}).get("endpoints.kubernetes.io/last-change-trigger-time")):
                if stamp:
                    try:
                        latest = max(latest, parse_rfc3339(stamp[:19] + "Z"))
                    except ValueError:
                        pass
    return int(latest)


def reverse_address(name: str) -> str | None:
    """dnsutil.ExtractAddressFromReverse: the IP of a full reverse name, else None."""
    if name.endswith(".in-addr.arpa"):
        parts = name[: -len(".in-addr.arpa")].split(".")
        if len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts):
            return ".".join(reversed(parts))
        return None
    if name.endswith(".ip6.arpa"):
        nibbles = name[: -len(".ip6.arpa")].split(".")
        if len(nibbles) == 32 and all(len(n) == 1 and n in "0123456789abcdef" for n in nibbles):
            h = "".join(reversed(nibbles))
            return str(ipaddress.ip_address(":".join(h[i:i + 4] for i in range(0, 32, 4))))
    return None


def plugin_zone(name: str) -> str | None:
    for z in _ZONES:
        if name == z or name.endswith("." + z):
            return z
    return None
