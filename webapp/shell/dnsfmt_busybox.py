"""busybox nslookup before 1.29 (busybox:1.28, radial/busyboxplus, gcr.io/google-containers/busybox).

That applet asks the C library, not DNS directly: getaddrinfo() for the name (so /etc/hosts and the
resolv.conf search list apply, dotted names included) and getnameinfo() for each address (a PTR
query). It prints the server as `Server:` + `Address 1: IP NAME`, a blank line, then `Name:` with
the name as typed and one `Address N: IP [NAME]` line per address; a failure is
`nslookup: can't resolve 'NAME'` on stderr with status 1.

`run_busybox_old(proc)` is the program body webapp/shell/programs/dnstools.py calls for the
"busybox-old" flavour.
"""
from __future__ import annotations

import ipaddress
from dataclasses import replace

from webapp.cluster import dns

# `BusyBox vX (build time)` banners of the images that ship this applet (build times UNCONFIRMED)
_BANNERS = {"busyboxplus": "v1.22.1 (2014-09-13 22:15:30 PDT)",
            "busybox-gcr": "v1.24.0 (2016-01-08 00:22:20 UTC)"}
_BUSYBOX_128 = "v1.28.4 (2018-05-22 17:00:17 UTC)"
_USAGE = ("Usage: nslookup [HOST] [SERVER]\n\n"
          "Ask DNS for the IP address of HOST, using the\n"
          "server SERVER when one is given\n")


def usage_text(host) -> str:
    """bb_show_usage(): the banner of the image's busybox, then the applet's usage."""
    info = getattr(host, "image", None)
    banner = _BANNERS.get(getattr(info, "kind", ""), _BUSYBOX_128)
    return f"BusyBox {banner} multi-call binary.\n\n{_USAGE}"


def run_busybox_old(proc) -> int:
    args = proc.argv[1:]
    if not args or args[0].startswith("-") or len(args) > 2:
        proc.err.write(usage_text(proc.host))
        return 1
    resolver = proc.host.resolver
    if len(args) == 2:
        server = _server_ip(proc, args[1], resolver)
        if server is None:
            proc.err.write(f"nslookup: bad address '{args[1]}'\n")
            return 1
        resolver = replace(resolver, nameserver=server)
    out = proc.out
    out.write(_host_block(proc, resolver, resolver.nameserver, "Server:") or "")
    out.write("\n")
    block = _host_block(proc, resolver, args[0], "Name:")
    if block is None:
        proc.err.write(f"nslookup: can't resolve '{args[0]}'\n")
        return 1
    out.write(block)
    return 0


def _server_ip(proc, text: str, resolver) -> str | None:
    """xhost2sockaddr(): an address, or a name the C library resolves."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    found = _getaddrinfo(proc, text, resolver)
    return found[0] if found else None


def _host_block(proc, resolver, name: str, header: str) -> str | None:
    """print_host(): `%-10s NAME` then `Address N: IP[ REVERSE]`, or None when nothing resolves."""
    proc.budget.spend(1)
    addresses = _getaddrinfo(proc, name, resolver)
    if not addresses:
        return None
    lines = [f"{header:<10} {name}\n"]
    for i, ip in enumerate(addresses, 1):
        rev = _getnameinfo(proc, ip, resolver)
        lines.append(f"Address {i}: {ip}" + (f" {rev}\n" if rev else "\n"))
    return "".join(lines)


def _getaddrinfo(proc, name: str, resolver) -> list[str] | None:
    hosts = proc.host.hosts_entries() if hasattr(proc.host, "hosts_entries") else None
    if not name or len(name) > 1024:
        return None
    return dns.resolve_host(proc.world.cluster, name, resolver, style="glibc", hosts=hosts,
                            from_pod=proc.host.kind == "pod")


def _getnameinfo(proc, ip: str, resolver) -> str | None:
    """The name for an address with NI_NAMEREQD: /etc/hosts first, then a PTR query."""
    for line in (proc.host.read_file("/etc/hosts") or "").splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] == ip:
            return words[1]
    try:
        pointer = ipaddress.ip_address(ip).reverse_pointer + "."
    except ValueError:
        return None
    reply = dns.query(proc.world.cluster, resolver.nameserver, pointer, "PTR",
                      from_pod=proc.host.kind == "pod")
    if reply is None:
        return None
    names = [r.rdata for r in reply.answer if r.rtype == "PTR"]
    return names[0].rstrip(".") if names else None
