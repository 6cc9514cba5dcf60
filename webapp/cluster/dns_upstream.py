"""The simulated Internet DNS: what CoreDNS's `forward . /etc/resolv.conf` (the node's resolver),
the workstation's systemd-resolved stub and public resolvers such as 8.8.8.8 answer.

This is a small fixed world, on purpose. The records below are ILLUSTRATIVE: realistic values
for well-known names (they match what those names resolved to at some point), not live data.

* Known names: example.com, www.example.com, kubernetes.io, www.kubernetes.io, google.com,
  www.google.com, github.com, registry.k8s.io, dns.google and one.one.one.one, plus PTR records
  for 8.8.8.8, 8.8.4.4, 1.1.1.1 and 1.0.0.1, and the root NS set.
* A known name asked for a type it lacks: NODATA (NOERROR, the zone's SOA in AUTHORITY).
* An unknown name under a known zone (foo.example.com): NXDOMAIN with that zone's SOA.
* A reverse name in private space (10/8, 172.16/12, 192.168/16): NXDOMAIN with the AS112-style
  SOA of the RFC 6303 empty zone (e.g. `10.in-addr.arpa.`).
* Everything else, including single labels such as `nginx.` that dig sends without +search:
  NXDOMAIN with the root SOA `a.root-servers.net. nstld.verisign-grs.com. 2022082400 1800 900
  604800 86400`.
* Flags are `qr rd ra` (recursive, not authoritative). Every TTL is capped to 30, as CoreDNS's
  `cache 30` does for forwarded answers (the stub and public resolvers use the same values).
"""
from __future__ import annotations

import ipaddress

from webapp.cluster.dns_types import TTL, DnsReply, Record, fqdn

ROOT_SOA = "a.root-servers.net. nstld.verisign-grs.com. 2022082400 1800 900 604800 86400"
AS112_SOA = "prisoner.iana.org. hostmaster.root-servers.org. 1 604800 60 604800 604800"

# zone -> SOA rdata (illustrative)
_ZONES: dict[str, str] = {
    "example.com": "ns.icann.org. noc.dns.icann.org. 2022091303 7200 3600 1209600 3600",
    "kubernetes.io": "dns1.p01.nsone.net. hostmaster.nsone.net. 1658302520 43200 7200 1209600 3600",
    "google.com": "ns1.google.com. dns-admin.google.com. 470760001 900 900 1800 60",
    "github.com": "dns1.p08.nsone.net. hostmaster.nsone.net. 1656468023 43200 7200 1209600 3600",
    "k8s.io": "ns-cloud-e1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300",
    "dns.google": "ns1.zdns.google. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300",
    "one.one.one.one": "ns3.cloudflare.com. dns.cloudflare.com. 2288625504 10000 2400 604800 3600",
    "8.8.8.in-addr.arpa": "ns1.google.com. dns-admin.google.com. 470760001 900 900 1800 60",
    "4.8.8.in-addr.arpa": "ns1.google.com. dns-admin.google.com. 470760001 900 900 1800 60",
    "1.1.1.in-addr.arpa": "ns3.cloudflare.com. dns.cloudflare.com. 2288625504 10000 2400 604800 3600",
    "0.0.1.in-addr.arpa": "ns3.cloudflare.com. dns.cloudflare.com. 2288625504 10000 2400 604800 3600",
}

_ROOT_SERVERS = tuple(f"{c}.root-servers.net." for c in "abcdefghijklm")

# (name, type) -> rdata values (illustrative)
_RECORDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("example.com", "A"): ("93.184.216.34",),
    ("example.com", "AAAA"): ("2606:2800:220:1:248:1893:25c8:1946",),
    ("www.example.com", "A"): ("93.184.216.34",),
    ("www.example.com", "AAAA"): ("2606:2800:220:1:248:1893:25c8:1946",),
    ("kubernetes.io", "A"): ("147.75.40.148",),
    ("www.kubernetes.io", "CNAME"): ("kubernetes.io.",),
    ("google.com", "A"): ("142.250.185.78",),
    ("google.com", "AAAA"): ("2a00:1450:4001:812::200e",),
    ("www.google.com", "A"): ("142.250.185.100",),
    ("www.google.com", "AAAA"): ("2a00:1450:4001:827::2004",),
    ("github.com", "A"): ("140.82.121.4",),
    ("registry.k8s.io", "A"): ("34.96.108.209",),
    ("registry.k8s.io", "AAAA"): ("2600:1901:0:bbc4::",),
    ("dns.google", "A"): ("8.8.8.8", "8.8.4.4"),
    ("one.one.one.one", "A"): ("1.1.1.1", "1.0.0.1"),
    ("8.8.8.8.in-addr.arpa", "PTR"): ("dns.google.",),
    ("4.4.8.8.in-addr.arpa", "PTR"): ("dns.google.",),
    ("1.1.1.1.in-addr.arpa", "PTR"): ("one.one.one.one.",),
    ("1.0.0.1.in-addr.arpa", "PTR"): ("one.one.one.one.",),
    ("", "NS"): _ROOT_SERVERS,
    ("", "SOA"): (ROOT_SOA,),
}
_NAMES = frozenset(n for n, _ in _RECORDS)

# Public resolvers a pod (or the workstation) can query with `dig @IP` / `nslookup name IP`.
PUBLIC_RESOLVERS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9"})
WORKSTATION_STUB = "127.0.0.53"  # systemd-resolved on the learner's Ubuntu workstation


def forward(qname: str, qtype: str, rng=None, recurse: bool = True) -> DnsReply:
    """The upstream's answer for any name (see the module docstring). `rng` shuffles address
    records the way CoreDNS's `loadbalance` plugin does; None keeps the table order."""
    name = qname.lower().rstrip(".")
    flags = ("qr", "rd", "ra") if recurse else ("qr", "ra")
    reply = DnsReply("NOERROR", flags, fqdn(qname) if qname != "." else ".", qtype)
    owner = reply.qname
    values = _RECORDS.get((name, qtype))
    if qtype == "ANY" and name in _NAMES:
        reply.answer = [Record(owner, TTL, t, v) for (n, t), vs in _RECORDS.items() if n == name for v in vs]
    elif values:
        reply.answer = [Record(owner, TTL, qtype, v) for v in values]
    elif (cname := _RECORDS.get((name, "CNAME"))) and qtype != "CNAME":
        reply.answer = [Record(owner, TTL, "CNAME", cname[0])]
        reply.answer += forward(cname[0], qtype).answer
    elif name in _NAMES:
        reply.authority = [_soa_for(name)]
    else:
        reply.rcode = "NXDOMAIN"
        reply.authority = [_soa_for(name)]
    if rng is not None:
        addrs = [r for r in reply.answer if r.rtype in ("A", "AAAA")]
        if len(addrs) > 1:
            rng.shuffle(addrs)
            reply.answer = [r for r in reply.answer if r.rtype not in ("A", "AAAA")] + addrs
    if qtype == "NS" and name == "" and reply.answer:
        reply.answer.sort(key=lambda r: r.rdata)
    return reply


def _soa_for(name: str) -> Record:
    labels = name.split(".") if name else []
    for i in range(len(labels)):
        zone = ".".join(labels[i:])
        if zone in _ZONES:
            return Record(zone + ".", TTL, "SOA", _ZONES[zone])
    private = _private_reverse_zone(name)
    if private:
        return Record(private + ".", TTL, "SOA", AS112_SOA)
    return Record(".", TTL, "SOA", ROOT_SOA)


def _private_reverse_zone(name: str) -> str | None:
    """The RFC 6303 empty zone that holds a private IPv4 reverse name, if any."""
    if not name.endswith(".in-addr.arpa"):
        return None
    octets = name[: -len(".in-addr.arpa")].split(".")[::-1]
    if octets[0] == "10":
        return "10.in-addr.arpa"
    if len(octets) >= 2 and octets[0] == "192" and octets[1] == "168":
        return "168.192.in-addr.arpa"
    if len(octets) >= 2 and octets[0] == "172" and octets[1].isdigit() and 16 <= int(octets[1]) <= 31:
        return f"{octets[1]}.172.in-addr.arpa"
    return None


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
