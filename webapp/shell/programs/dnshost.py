"""BIND's `host`: the short answer form (`X has address Y`), with the search list like nslookup."""
from __future__ import annotations

from . import Proc, program
from .dnstools import ask, candidates, default_resolv, reverse_name, server_address

USAGE = ("Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n"
         "            [-R number] [-m flag] [-p port] hostname [server]\n")

# how `host` words each record type it prints
_VERBS = {"A": "has address", "AAAA": "has IPv6 address", "MX": "mail is handled by", "SRV": "has SRV record",
          "TXT": "descriptive text", "NS": "name server", "SOA": "has SOA record"}


def _line(rec) -> str:
    owner = rec.owner.rstrip(".")
    if rec.rtype == "CNAME":
        return f"{owner} is an alias for {rec.rdata}"
    if rec.rtype == "PTR":
        return f"{owner} domain name pointer {rec.rdata}"
    return f"{owner} {_VERBS.get(rec.rtype, rec.rtype + ' record')} {rec.rdata}"


@program("host", "look a name or an address up in DNS, briefly", where=("workstation", "image"),
         usage="host [-t type] name [server]")
def host(proc: Proc) -> int:
    args, qtype = [], None
    words = iter(proc.argv[1:])
    for word in words:
        if word == "-t":
            qtype = next(words, "").upper()
        elif word.startswith("-t") and len(word) > 2:
            qtype = word[2:].upper()
        elif word.startswith("-"):
            continue  # -v, -a ... change only how much is shown; the short form is what learners read
        else:
            args.append(word)
    if not args:
        proc.err.write(USAGE)
        return 1
    rs = default_resolv(proc)
    if len(args) > 1:
        server = server_address(proc, args[1])
        if server is None:
            proc.err.write(f"host: couldn't get address for '{args[1]}': not found\n")
            return 1
        rs = type(rs)(server, server, rs.search, rs.ndots, rs.from_pod)
        proc.out.write(f"Using domain server:\nName: {args[1]}\nAddress: {server}#53\nAliases: \n\n")
    name = args[0]
    ptr = reverse_name(name)
    if ptr:
        return _show(proc, rs, [ptr + "."], ["PTR"], name)
    types = [qtype] if qtype else ["A", "AAAA", "MX"]
    return _show(proc, rs, candidates(name, rs), types, name)


def _show(proc: Proc, rs, names: list[str], types: list[str], typed: str) -> int:
    for qname in names:
        reply = ask(proc, rs, qname, types[0])
        if reply is None:
            proc.out.write(";; connection timed out; no servers could be reached\n")
            return 1
        if reply.rcode == "NXDOMAIN":
            continue
        for qtype in types:
            if qtype != types[0]:
                reply = ask(proc, rs, qname, qtype)
                if reply is None or reply.rcode != "NOERROR":
                    continue
            for rec in reply.answer:
                if rec.rtype == qtype or rec.rtype == "CNAME":
                    proc.out.write(_line(rec) + "\n")
        return 0
    proc.out.write(f"Host {typed} not found: 3(NXDOMAIN)\n")
    return 1


__all__ = ["host"]
