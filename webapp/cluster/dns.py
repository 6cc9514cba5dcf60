"""Cluster DNS: what CoreDNS 1.8.6 with kubeadm 1.24's Corefile answers, and how clients look names up.

Corefile (kubeadm): `.:53 { errors; health; ready; kubernetes cluster.local in-addr.arpa ip6.arpa
{ pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }; prometheus :9153; forward .
/etc/resolv.conf; cache 30; loop; reload; loadbalance }`.

* `answer(cluster, qname, qtype)`: the reply of the kube-dns Service (10.96.0.10). Cluster names
  are authoritative (`qr aa rd`, no `ra`), TTL 30, negative answers carry the zone SOA
  `ns.dns.cluster.local. hostmaster.cluster.local. <serial> 7200 1800 86400 30`. Names outside
  the plugin's zones, and reverse names it does not know, are forwarded to the upstream defined
  in `webapp.cluster.dns_upstream` (a small illustrative table; everything else NXDOMAIN with the
  root SOA), flags `qr rd ra`. Address records are shuffled per reply with `cluster.rng`
  (the `loadbalance` plugin).
* Known deviations: the `cache 30` countdown of TTLs on repeated questions is not modelled (every
  reply shows 30) and a change is visible at once, not after the cache expires.
* `query(cluster, server, ...)`: one question to one server IP as a client sees it: the cluster
  DNS, a public resolver, the workstation's systemd-resolved stub, or nothing (None = timeout).
* `search_candidates` / `resolve_host`: the resolv.conf search/ndots rule and a libc-style
  address lookup for curl, wget and ping (formats.md §7.2).

No socket is ever opened: everything is computed from the cluster's objects.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache

from webapp.cluster.dns_types import TTL, DnsReply, Record, fqdn, name_wire_length  # noqa: F401
from webapp.cluster.dns_upstream import PUBLIC_RESOLVERS, WORKSTATION_STUB, forward
from webapp.cluster.dns_zone import _NX, _Zone, plugin_zone, reverse_address
from webapp.cluster.rng import Rng

__all__ = ["DnsReply", "Record", "answer", "forward", "query", "search_candidates",
           "resolve_host", "cluster_dns_ip", "server_kind", "TTL"]

_ADDR_TYPES = {"A": 4, "AAAA": 6}
_MAX_CNAME_CHAIN = 7


def answer(cluster, qname: str, qtype: str, client_ip: str | None = None,
           recurse: bool = True) -> DnsReply:
    """CoreDNS's reply to `qname`/`qtype` (type mnemonic, upper case). The same for every client
    (`client_ip` is accepted for symmetry with the network model; this Corefile ignores it)."""
    reply = _unbalanced(cluster, qname, qtype, recurse)
    _balance(reply, cluster.rng)
    return reply


def _unbalanced(cluster, qname: str, qtype: str, recurse: bool) -> DnsReply:
    """The reply before the `loadbalance` plugin reorders it."""
    qtype = qtype.upper()
    name = qname.lower().rstrip(".")
    cluster.sync()
    zone_name = plugin_zone(name)
    reply = None
    if zone_name is not None:
        reply = _kubernetes(cluster, _Zone(cluster, zone_name), qname, name, qtype, recurse)
    if reply is None:
        reply = forward(qname, qtype, recurse=recurse)
    return reply


def _balance(reply: DnsReply, rng) -> None:
    if reply.rcode == "NOERROR":
        reply.answer = _load_balance(reply.answer, rng)
        reply.additional = _load_balance(reply.additional, rng)


def _kubernetes(cluster, zone: _Zone, qname: str, name: str, qtype: str, recurse: bool) -> DnsReply | None:
    """handler.go ServeDNS. None = fall through to the next plugin (forward)."""
    flags = ("qr", "aa", "rd") if recurse else ("qr", "aa")
    reply = DnsReply("NOERROR", flags, fqdn(qname), qtype)
    zone_owner = qname.rstrip(".")[len(qname.rstrip(".")) - len(zone.zone):]
    owner = fqdn(qname)
    err = None
    records: list[Record] = []
    if qtype in ("A", "AAAA", "TXT"):
        records, err = _addresses(zone, owner, name, qtype, 0)
    elif qtype == "CNAME":
        items = zone.items(name, "A")
        if items == _NX:
            err = _NX
        else:
            records = [Record(owner, TTL, "CNAME", fqdn(i.host)) for i in items if i.kind == "name"][:1]
    elif qtype == "PTR":
        records, err = _ptr(zone, owner, name)
    elif qtype == "SRV":
        records, reply.additional, err = _srv(zone, owner, name)
    elif qtype == "SOA":
        if name == zone.zone:
            records = [zone.soa(zone_owner)]
    elif qtype in ("AXFR", "IXFR"):
        reply.rcode = "REFUSED"
        return reply
    elif qtype == "NS" and name == zone.zone:
        for target, ip in zone.ns_addresses():
            records.append(Record(owner, TTL, "NS", target))
            reply.additional.append(Record(target, TTL, "A", ip))
    else:
        # a fake A lookup tells NODATA from NXDOMAIN
        err = _NX if zone.items(name, "A") == _NX else None
    if err == _NX:
        if zone.zone != "cluster.local":
            return None  # fallthrough in-addr.arpa ip6.arpa
        reply.rcode = "NXDOMAIN"
        reply.additional = []
        reply.authority = [zone.soa(zone_owner)]
        return reply
    reply.answer = records
    if not records:
        reply.additional = []
        reply.authority = [zone.soa(zone_owner)]
    return reply


def _addresses(zone: _Zone, owner: str, name: str, qtype: str, depth: int):
    """plugin.A / AAAA / TXT: records for the name, following ExternalName CNAMEs."""
    items = zone.items(name, qtype)
    if items == _NX:
        return [], _NX
    records: list[Record] = []
    seen: set[str] = set()
    for item in items:
        if item.kind == "txt":
            if qtype == "TXT":
                return [Record(owner, TTL, "TXT", item.host)], None
            continue
        if item.kind == "name":
            target = item.host.lower()
            if target == name or depth >= _MAX_CNAME_CHAIN:
                continue
            cname = Record(owner, TTL, "CNAME", fqdn(item.host))
            if plugin_zone(target) == zone.zone:
                more, err = _addresses(zone, fqdn(item.host), target, qtype, depth + 1)
                if err is None and more:
                    records += [cname, *more]
            else:
                records += [cname, *forward(item.host, qtype).answer]
            continue
        if qtype == "TXT" or item.host in seen:
            continue
        if _ADDR_TYPES[qtype] == ipaddress.ip_address(item.host).version:
            seen.add(item.host)
            records.append(Record(owner, TTL, qtype, item.host))
    return records, None


def _ptr(zone: _Zone, owner: str, name: str):
    ip = reverse_address(name)
    if ip is None:
        items = zone.items(name, "PTR")
        return [], (_NX if items == _NX else None)
    targets = zone.reverse(ip)
    if not targets:
        return [], _NX
    return [Record(owner, TTL, "PTR", t) for t in dict.fromkeys(targets)], None


def _srv(zone: _Zone, owner: str, name: str):
    items = zone.items(name, "SRV")
    if items == _NX:
        return [], [], _NX
    items = [i for i in items if i.kind == "ip"]
    records: list[Record] = []
    extra: list[Record] = []
    seen: set[tuple] = set()
    weight = max(1, int(100.0 / (100 * len(items)) * 100)) if items else 0
    for item in items:
        if item.port == -1:
            continue
        if (item.target, item.port) not in seen:
            seen.add((item.target, item.port))
            records.append(Record(owner, TTL, "SRV", f"0 {weight} {item.port} {item.target}"))
        if (item.target, item.host) not in seen:
            seen.add((item.target, item.host))
            rtype = "A" if ipaddress.ip_address(item.host).version == 4 else "AAAA"
            extra.append(Record(item.target, TTL, rtype, item.host))
    return records, extra, None


def _load_balance(records: list[Record], rng) -> list[Record]:
    """loadbalance: CNAMEs first, then other types, then shuffled A/AAAA records."""
    addrs = [r for r in records if r.rtype in ("A", "AAAA")]
    if len(addrs) < 2:
        return records
    rng.shuffle(addrs)
    cnames = [r for r in records if r.rtype == "CNAME"]
    rest = [r for r in records if r.rtype not in ("A", "AAAA", "CNAME")]
    return cnames + rest + addrs


# -- servers ------------------------------------------------------------------------------------

def cluster_dns_ip(cluster) -> str | None:
    """kube-dns's ClusterIP (10.96.0.10 on kubeadm), or None when the Service is gone."""
    svc = cluster.find("services", "kube-system", "kube-dns")
    ip = (svc or {}).get("spec", {}).get("clusterIP")
    return ip if ip and ip != "None" else None


def _coredns_ready(cluster) -> set[str]:
    ep = cluster.find("endpoints", "kube-system", "kube-dns") or {}
    return {a.get("ip") for s in ep.get("subsets") or () for a in s.get("addresses") or ()}


def server_kind(cluster, server: str, from_pod: bool) -> str | None:
    """Who answers DNS at `server`: "cluster" (kube-dns or a ready CoreDNS pod; pods only),
    "upstream" (a public resolver, or the workstation's stub), or None (nothing: a timeout)."""
    if server in PUBLIC_RESOLVERS:
        return "upstream"
    if not from_pod:
        return "upstream" if server == WORKSTATION_STUB else None
    ready = _coredns_ready(cluster)
    if server in ready or (ready and server == cluster_dns_ip(cluster)):
        return "cluster"
    return None


def query(cluster, server: str, qname: str, qtype: str, *, from_pod: bool = True,
          recurse: bool = True) -> DnsReply | None:
    """One question sent to `server` (an IP). None when no DNS server answers there."""
    cluster.sync()
    kind = server_kind(cluster, server, from_pod)
    if kind == "cluster":
        return answer(cluster, qname, qtype, recurse=recurse)
    if kind == "upstream":
        return forward(qname, qtype, cluster.rng, recurse=recurse)
    return None


# -- client-side lookup -------------------------------------------------------------------------

@lru_cache(maxsize=512)
def valid_name(name: str) -> bool:
    n = name[:-1] if name.endswith(".") else name
    if not n or len(n) > 253:
        return False
    return all(0 < len(label) <= 63 for label in n.split("."))


def search_candidates(name: str, resolver, style: str = "musl") -> list[str]:
    """Absolute names a resolver tries for `name`, in order (formats.md §7.2). A trailing dot
    disables the search; fewer dots than ndots: search domains first, the name as-is last;
    otherwise the name as-is only ("musl", "bind"), or then the search domains ("glibc")."""
    if name.endswith("."):
        return [name]
    search = [s.rstrip(".") for s in resolver.search if s and s != "."]
    expanded = [f"{name}.{s}." for s in search]
    if name.count(".") < resolver.ndots:
        return expanded + [name + "."]
    return [name + "."] + (expanded if style == "glibc" else [])


def resolve_host(cluster, name: str, resolver, style: str = "musl",
                 hosts: dict[str, str] | None = None, from_pod: bool | None = None) -> list[str] | None:
    """IPv4 addresses for a host name as libc's getaddrinfo finds them (what curl, wget and ping
    use), or None when it cannot be resolved. IP literals and `hosts` (the /etc/hosts entries,
    name -> IP) answer first; `localhost` is 127.0.0.1. musl stops at the first answer that is
    not NXDOMAIN; glibc goes on through the search list until it finds an address."""
    if _is_ipv4(name):
        return [name]
    key = name.lower().rstrip(".")
    if hosts and key in hosts:
        return [hosts[key]]
    if key in ("localhost", "localhost.localdomain"):
        return ["127.0.0.1"]
    if not valid_name(name):
        return None
    if from_pod is None:
        from_pod = resolver.nameserver != WORKSTATION_STUB
    cluster.sync()
    # a loop of `curl nginx` asks the same questions until the cluster changes: remember the
    # walk's final reply as CoreDNS built it, and replay only its per-reply shuffle
    key = (cluster.changes, name, resolver.nameserver, tuple(resolver.search), resolver.ndots,
           style, from_pod)
    memo = cluster.memo.setdefault("resolve_host", {})
    final = memo.get(key, _MISS)
    if final is not _MISS:
        return None if final is None else _addresses_of(_load_balance(list(final), cluster.rng))
    before = cluster.rng.state
    found, final, cacheable = _walk(cluster, name, resolver, style, from_pod)
    if cacheable and _replays_as(final, found, before, cluster.rng.state):
        if len(memo) >= 256:
            memo.clear()
        memo[key] = final
    return found


_MISS = object()


def _walk(cluster, name: str, resolver, style: str, from_pod: bool):
    """The search-list walk: (addresses or None, the final reply's records before load
    balancing or None, whether only the cluster DNS answered)."""
    for candidate in search_candidates(name, resolver, style):
        kind = server_kind(cluster, resolver.nameserver, from_pod)
        if kind != "cluster":
            reply = query(cluster, resolver.nameserver, candidate, "A", from_pod=from_pod)
            if reply is None:
                return None, None, False
            found = _addresses_of(reply.answer)
            if found:
                return found, None, False
            if reply.rcode != "NXDOMAIN" and style != "glibc":
                return None, None, False
            continue
        reply = _unbalanced(cluster, candidate, "A", True)
        final = tuple(reply.answer)
        _balance(reply, cluster.rng)
        found = _addresses_of(reply.answer)
        if found:
            return found, final, True
        if reply.rcode != "NXDOMAIN" and style != "glibc":
            return None, None, True
    return None, None, True


def _replays_as(final, found, before: int, after: int) -> bool:
    """True when shuffling `final` alone, from RNG state `before`, gives `found` and `after`:
    then a remembered walk consumes the RNG exactly as the real one did."""
    rng = Rng(before)
    if final is None:
        return found is None and before == after
    return _addresses_of(_load_balance(list(final), rng)) == found and rng.state == after


def _addresses_of(records) -> list[str]:
    return [r.rdata for r in records if r.rtype == "A"]


@lru_cache(maxsize=512)  # a loop asks about the same few names
def _is_ipv4(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).version == 4
    except ValueError:
        return False
