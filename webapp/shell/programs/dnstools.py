"""The resolver tools: BIND `nslookup` (9.16 / 9.18), busybox `nslookup`, BIND `dig` and `host`.

Each asks webapp.cluster.dns for replies (no socket is opened) and prints them with
webapp.shell.dnsfmt. Which implementation runs comes from `host.tool_flavor(name)`:
"bind916", "bind918", "busybox" (1.29+) or "busybox-old" (webapp.shell.dnsfmt_busybox). Search-list and output rules: formats.md §7.2, §7.5, §7.6.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace

from webapp.cluster import dns
from webapp.shell import dnsfmt
from webapp.shell.programs import program

QTYPES = ("A", "AAAA", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "SRV", "ANY", "AXFR", "IXFR",
          "CAA", "HINFO", "NAPTR", "DS", "DNSKEY", "RRSIG", "NSEC", "SPF", "OPT")


@dataclass
class Resolv:
    """Where and how a tool asks: server as typed, its address, the search list and ndots."""

    server_arg: str
    server_ip: str
    search: tuple[str, ...]
    ndots: int
    from_pod: bool
    check_ra: bool = True


def default_resolv(proc) -> Resolv:
    r = proc.host.resolver
    return Resolv(r.nameserver, r.nameserver, tuple(r.search), r.ndots, proc.host.kind == "pod")


def server_address(proc, arg: str) -> str | None:
    """An IP for a server given by address or by name (looked up with the host's resolver)."""
    try:
        return str(ipaddress.ip_address(arg))
    except ValueError:
        pass
    found = dns.resolve_host(proc.world.cluster, arg, proc.host.resolver,
                             from_pod=proc.host.kind == "pod")
    return found[0] if found else None


def reverse_name(text: str) -> str | None:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    return ip.reverse_pointer


def candidates(name: str, rs: Resolv, use_search: bool = True) -> list[str]:
    """BIND dighost's order: as-is only with a trailing dot or >= ndots dots; else search, then as-is."""
    if name.endswith(".") or not use_search:
        return [name if name.endswith(".") else name + "."]
    return dns.search_candidates(name, dns_resolver(rs), style="bind")


def dns_resolver(rs: Resolv):
    from webapp.shell.host import Resolver
    return Resolver(rs.server_ip, rs.search, rs.ndots)


def ask(proc, rs: Resolv, qname: str, qtype: str, recurse: bool = True):
    return dns.query(proc.world.cluster, rs.server_ip, qname, qtype, from_pod=rs.from_pod, recurse=recurse)


# -- BIND nslookup ------------------------------------------------------------------------------

@dataclass
class _NsOpts:
    qtype: str = "A"
    default_lookups: bool = True
    search: bool = True
    recurse: bool = True
    ndots: int | None = None
    domain: str | None = None


def _ns_setoption(opt: str, o: _NsOpts, out) -> None:
    key, _, val = opt.partition("=")
    k = key.lower()
    if val and k in ("type", "ty", "querytype", "query", "qu", "q"):
        if val.upper() in QTYPES:
            o.qtype, o.default_lookups = val.upper(), False
        else:
            out.write(f"unknown query type: {val}\n")
    elif val and k in ("domain", "do"):
        o.domain, o.search = val, True
    elif val and k == "ndots":
        if val.isdigit():
            o.ndots = min(int(val), 128)
    elif val and k in ("port", "po", "timeout", "t", "retry", "ret", "class", "cl"):
        pass  # accepted; the simulated servers answer the same on any port, class IN
    elif not val and k in ("recurse", "rec", "recu", "recur", "recurs"):
        o.recurse = True
    elif not val and k.startswith("norec"):
        o.recurse = False
    elif not val and k in ("search", "sea", "sear", "searc", "defname", "def", "defn"):
        o.search = True
    elif not val and (k.startswith("nosea") or k.startswith("nodef")):
        o.search = False
    elif not val and k in ("vc", "novc", "debug", "nodebug", "d2", "nod2", "sil", "fail", "nofail", "all"):
        pass
    else:
        out.write(f"*** Invalid option: {opt}\n")


def _bind_nslookup(proc, flavor: str) -> int:
    out = proc.out
    o = _NsOpts()
    names: list[str] = []
    server: str | None = None
    dash = False
    for arg in proc.argv[1:]:
        if arg.startswith("-") and len(arg) > 1:
            if arg[1:4].lower() == "ver":
                out.write(f"nslookup {dnsfmt.bind_version(flavor, proc.host)}\n")
                return 0
            _ns_setoption(arg[1:], o, out)
        elif arg == "-" or names or dash:
            if server is not None:
                proc.err.write(_NSLOOKUP_USAGE)
                return 1
            if arg == "-" and not names and not dash:
                dash = True
            else:
                server = arg
        else:
            names.append(arg)
    rs = default_resolv(proc)
    if server is not None:
        ip = server_address(proc, server)
        if ip is None:
            proc.err.write(f"{proc.argv[0]}: couldn't get address for '{server}': not found\n")
            return 1
        rs = replace(rs, server_arg=server, server_ip=ip, check_ra=False)
    if o.domain:
        rs = replace(rs, search=(o.domain,))
    if o.ndots is not None:
        rs = replace(rs, ndots=o.ndots)
    if not names:
        names = [ln.strip() for ln in proc.stdin.splitlines() if ln.strip()]
        names = [n for n in names if not n.startswith("set ") or _ns_setoption(n[4:].strip(), o, out)]
        names = [n for n in names if n.split()[0] not in ("exit", "server", "lserver")][:50]
    failed = 0
    reached = not names
    for name in names:
        ok, got = _bind_lookup(proc, flavor, rs, o, name.split()[0])
        failed |= ok
        reached |= got
    out.write("\n")
    return 1 if failed or not reached else 0


_NSLOOKUP_USAGE = ("Usage:\n"
                   "   nslookup [-opt ...]             # prompt for names, ask the usual server\n"
                   "   nslookup [-opt ...] - server    # prompt for names, ask 'server'\n"
                   "   nslookup [-opt ...] host        # resolve 'host' once, ask the usual server\n"
                   "   nslookup [-opt ...] host server # resolve 'host' once, ask 'server'\n")


def _bind_lookup(proc, flavor: str, rs: Resolv, o: _NsOpts, name: str) -> tuple[int, bool]:
    """One nslookup lookup (and the AAAA follow-up). Returns (print_error, a server answered)."""
    out = proc.out
    rev = reverse_name(name)
    qtype = "PTR" if rev else o.qtype
    textname = rev or name
    if not dns.valid_name(textname):
        out.write(f";; '{name}' is not a legal name ({_name_problem(textname)})\n")
        return 1, True
    tries = candidates(textname, rs, o.search)
    a_noanswer = False
    for i, cand in enumerate(tries):
        proc.budget.spend(1)
        reply = ask(proc, rs, cand, qtype, o.recurse)
        if reply is None:
            _timeout(out, flavor, rs)
            return 1, False
        _ra_note(out, flavor, rs, reply, o.recurse)
        if reply.rcode == "NXDOMAIN" and i + 1 < len(tries):
            continue
        header = not o.default_lookups or qtype == "A"
        if header:
            out.write(f"Server:\t\t{rs.server_arg}\nAddress:\t{rs.server_ip}#53\n\n")
        if reply.rcode != "NOERROR":
            out.write(f"** server can't find {cand.rstrip('.') or '.'}: {reply.rcode}\n")
            return 1, True
        if not reply.authoritative and header:
            out.write("Non-authoritative answer:\n")
        if reply.answer:
            out.write(dnsfmt.nslookup_section(reply.answer))
        elif o.default_lookups and qtype == "A":
            a_noanswer = True
        else:
            out.write(f"*** Can't find {textname}: No answer\n")
        if not reply.authoritative and qtype not in ("A", "AAAA"):
            out.write("\nAuthoritative answers can be found from:\n")
            out.write(dnsfmt.nslookup_section(reply.authority + reply.additional))
        if o.default_lookups and qtype == "A":
            return _aaaa_followup(proc, flavor, rs, o, _chase(reply, cand), a_noanswer), True
        return 0, True
    return 0, True


def _name_problem(name: str) -> str:
    return "label too long" if any(len(x) > 63 for x in name.split(".")) else "empty label"


def _chase(reply, name: str) -> str:
    current = name
    for rec in reply.answer:
        if rec.rtype == "CNAME" and rec.owner.lower() == current.lower():
            current = rec.rdata
    return current


def _aaaa_followup(proc, flavor: str, rs: Resolv, o: _NsOpts, name: str, a_noanswer: bool) -> int:
    out = proc.out
    reply = ask(proc, rs, name, "AAAA", o.recurse)
    if reply is None:
        _timeout(out, flavor, rs)
        return 1
    _ra_note(out, flavor, rs, reply, o.recurse)
    if reply.rcode != "NOERROR":
        out.write(f"** server can't find {name.rstrip('.')}: {reply.rcode}\n")
        return 1
    if reply.answer:
        out.write(dnsfmt.nslookup_section([r for r in reply.answer if r.rtype != "CNAME"]))
    elif a_noanswer:
        out.write(f"*** Can't find {name.rstrip('.')}: No answer\n")
    return 0


def _ra_note(out, flavor: str, rs: Resolv, reply, recurse: bool) -> None:
    if flavor == "bind918" and rs.check_ra and recurse and not reply.recursion_available:
        out.write(f";; Got recursion not available from {rs.server_arg}\n")


def _timeout(out, flavor: str, rs: Resolv, cmdline: str = "") -> None:
    if flavor == "bind918":
        out.write(f";; communications error to {rs.server_ip}#53: timed out\n" * 3)
        out.write(cmdline + ";; no servers could be reached\n")
    else:
        out.write(cmdline + ";; connection timed out; no servers could be reached\n\n")


# -- busybox nslookup ---------------------------------------------------------------------------

_BB_USAGE = ("BusyBox v1.35.0 (2022-08-01 15:14:44 UTC) multi-call binary.\n\n"
             "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n"
             "Look HOST up in DNS\n\n"
             "QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any,srv,ptr\n")
_BB_TYPES = ("SOA", "NS", "A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "ANY")


def _busybox_nslookup(proc) -> int:
    args = proc.argv[1:]
    types: list[str] = []
    while args and args[0].startswith("-"):
        key, _, val = args.pop(0)[1:].partition("=")
        if key in ("type", "querytype"):
            if val.upper() not in _BB_TYPES:
                proc.err.write(f'nslookup: invalid query type "{val}"\n')
                return 1
            types.append(val.upper())
        elif key not in ("port", "retry", "debug", "t", "timeout"):
            proc.err.write(_BB_USAGE)
            return 1
    if not args or len(args) > 2:
        proc.err.write(_BB_USAGE)
        return 1
    name = args[0]
    rs = default_resolv(proc)
    if len(args) == 2:
        ip = server_address(proc, args[1])
        if ip is None:
            proc.err.write(f"nslookup: bad address '{args[1]}'\n")
            return 1
        rs = replace(rs, server_arg=args[1], server_ip=ip)
    queries: list[tuple[str, str]] = []
    rev = reverse_name(name)
    if rev and not types:
        queries.append((rev, "PTR"))
    else:
        for qtype in [t for t in _BB_TYPES if t in types] or ["A", "AAAA"]:
            if qtype == "PTR" or not rs.search or "." in name:
                queries.append((name, qtype))
            else:
                queries += [(f"{name}.{s}", qtype) for s in rs.search]
    out, code = proc.out, 0
    for i, (qname, qtype) in enumerate(queries):
        proc.budget.spend(1)
        reply = ask(proc, rs, qname, qtype)
        if reply is None:
            out.write(";; connection timed out; no servers could be reached\n\n")
            return 1
        if i == 0:
            out.write(f"Server:\t\t{rs.server_arg}\nAddress:\t{rs.server_ip}:53\n\n")
        if reply.rcode != "NOERROR":
            out.write(f"** server can't find {qname}: {reply.rcode}\n")
            code = 1
        else:
            out.write(dnsfmt.busybox_answer(reply))
        out.write("\n")
    return code


@program("nslookup", "look names up in DNS", where=("workstation", "image"),
         usage="nslookup [-option] [name | -] [server]", flags=("-type=", "-query=", "-debug"))
def nslookup(proc) -> int:
    flavor = proc.host.tool_flavor("nslookup")
    if flavor == "busybox":
        return _busybox_nslookup(proc)
    if flavor == "busybox-old":
        from webapp.shell.dnsfmt_busybox import run_busybox_old
        return run_busybox_old(proc)
    return _bind_nslookup(proc, flavor)


@program("dig", "ask a DNS server and show its full answer", where=("workstation", "image"),
         usage="dig [@server] [name] [type] [+option ...]",
         flags=("+short", "+search", "+nosearch", "+showsearch", "+noall", "+answer", "-x", "-t"))
def dig(proc) -> int:
    from webapp.shell.dnsfmt_dig import run_dig
    return run_dig(proc)
