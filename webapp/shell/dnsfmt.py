"""Text forms of DNS replies as BIND's dig (9.16 / 9.18) and nslookup, and busybox nslookup print them.

Pure functions from DnsReply values (webapp.cluster.dns_types) to text; the programs in
webapp/shell/programs/dnstools.py decide which queries run. Layouts follow BIND's masterdump
column rules (tab stops 24/32/40/48, 8-wide tabs) and formats.md §7.5–7.6.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from webapp.cluster.dns_types import DnsReply, Record

DIG_VERSIONS = {"bind916": "9.16.50-Debian", "bind918": "9.18.49-1~deb12u3-Debian"}
# Alpine's bind-tools print the bare upstream version (alpine 3.16 in mid-2022: 9.16.x; patch UNCONFIRMED)
ALPINE_VERSIONS = {"bind916": "9.16.30", "bind918": "9.18.19"}
UBUNTU_VERSIONS = {"bind918": "9.18.1-1ubuntu1.1-Ubuntu"}  # jammy in mid-2022 (patch UNCONFIRMED)


def bind_version(flavor: str, host=None) -> str:
    """The version BIND's tools print in this host's image (the banner differs by distribution)."""
    if getattr(host, "kind", None) == "workstation":  # Ubuntu 22.04's bind9-dnsutils
        return UBUNTU_VERSIONS.get(flavor, UBUNTU_VERSIONS["bind918"])
    image = getattr(host, "image", None)
    if getattr(image, "os", None) == "alpine":
        return ALPINE_VERSIONS.get(flavor, ALPINE_VERSIONS["bind916"])
    return DIG_VERSIONS.get(flavor, DIG_VERSIONS["bind916"])
EDNS_UDP = {"bind916": 4096, "bind918": 1232}


def _indent(column: int, to: int) -> tuple[str, int]:
    """BIND's indent(): tabs to the stop, or one space when the text already reaches it."""
    if to < column + 1:
        to = column + 1
    ntabs = to // 8 - column // 8
    text = ""
    if ntabs > 0:
        text = "\t" * ntabs
        column = (to // 8) * 8
    return text + " " * (to - column), to


def record_line(rec: Record) -> str:
    out = rec.owner
    col = len(out)
    for field_text, stop in ((str(rec.ttl), 24), (rec.rclass, 32), (rec.rtype, 40)):
        pad, col = _indent(col, stop)
        out += pad + field_text
        col += len(field_text)
    pad, col = _indent(col, 48)
    return out + pad + rec.rdata


def question_line(qname: str, qtype: str) -> str:
    # the leading ';' is written before BIND starts counting columns
    col = len(qname)
    pad, col = _indent(col, 32)
    pad2, _ = _indent(col + 2, 40)
    return ";" + qname + pad + "IN" + pad2 + qtype


@dataclass
class DigView:
    """What a dig run prints besides the reply: its switches and per-query values."""

    flavor: str = "bind916"
    comments: bool = True
    question: bool = True
    answer: bool = True
    authority: bool = True
    additional: bool = True
    stats: bool = True
    cmd: bool = True
    short: bool = False
    tcp: bool = False


def dig_greeting(flavor: str, args: list[str], first: bool, servers_found: int, host=None) -> str:
    text = ("\n" if first else "") + f"; <<>> DiG {bind_version(flavor, host)} <<>>"
    text += "".join(" " + a for a in args) + "\n"
    if first and servers_found:
        text += f"; ({servers_found} server{'s' if servers_found > 1 else ''} found)\n"
    if first:
        text += ";; global options: +cmd\n"
    return text


def dig_message(reply: DnsReply, view: DigView, msg_id: int, cookie: str | None,
                udp: int | None) -> str:
    """The message part of dig's output (header, OPT, sections), without greeting and stats."""
    if view.short:
        return "".join(r.rdata + "\n" for r in reply.answer)
    out = []
    if view.comments:
        out.append(";; Got answer:\n")
        if reply.qname.lower().rstrip(".").endswith(".local") or reply.qname.lower() == "local.":
            out.append(";; WARNING: .local is reserved for Multicast DNS\n"
                       ";; You are currently testing what happens when an mDNS query is leaked to DNS\n")
        out.append(f";; ->>HEADER<<- opcode: QUERY, status: {reply.rcode}, id: {msg_id}\n")
        additional = len(reply.additional) + (1 if udp is not None else 0)
        out.append(f";; flags: {' '.join(reply.flags)}; QUERY: 1, ANSWER: {len(reply.answer)}, "
                   f"AUTHORITY: {len(reply.authority)}, ADDITIONAL: {additional}\n")
        if "rd" in reply.flags and "ra" not in reply.flags:
            out.append(";; WARNING: recursion requested but not available\n")
        out.append("\n")
        if udp is not None:
            out.append(";; OPT PSEUDOSECTION:\n")
            out.append(f"; EDNS: version: 0, flags:; udp: {udp}\n")
            if cookie:
                out.append(f"; COOKIE: {cookie} (echoed)\n")
    if view.question:
        out.append(_section("QUESTION", [question_line(reply.qname, reply.qtype)], view.comments))
    if view.answer:
        out.append(_section("ANSWER", [record_line(r) for r in reply.answer], view.comments))
    if view.authority:
        out.append(_section("AUTHORITY", [record_line(r) for r in reply.authority], view.comments))
    if view.additional:
        out.append(_section("ADDITIONAL", [record_line(r) for r in reply.additional], view.comments))
    return "".join(out)


def _section(title: str, lines: list[str], comments: bool) -> str:
    if not lines:
        return ""
    head = f";; {title} SECTION:\n" if comments else ""
    return head + "".join(line + "\n" for line in lines) + ("\n" if comments else "")


def dig_when(now: float) -> str:
    """`;; WHEN:` text: Www Mmm DD HH:MM:SS UTC YYYY (the images run in UTC)."""
    return time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(now))


def dig_stats(view: DigView, query_ms: int, server_ip: str, server_arg: str, now: float,
              size: int) -> str:
    if view.short or not view.stats:
        return ""
    proto = f" ({'TCP' if view.tcp else 'UDP'})" if view.flavor == "bind918" else ""
    return (f";; Query time: {query_ms} msec\n;; SERVER: {server_ip}#53({server_arg}){proto}\n"
            f";; WHEN: {dig_when(now)}\n;; MSG SIZE  rcvd: {size}\n\n")


# -- nslookup -----------------------------------------------------------------------------------

_NSLOOKUP_TYPE_TEXT = {"A": "internet address = ", "NS": "nameserver = ", "CNAME": "canonical name = ",
                       "SOA": "soa = ", "PTR": "name = ", "MX": "mail exchanger = ", "TXT": "text = ",
                       "AAAA": "has AAAA address ", "SRV": "service = "}


def nslookup_section(records: list[Record], bind: bool = True) -> str:
    """BIND nslookup's printsection for the answer (and authority) records."""
    out = []
    for r in records:
        owner = r.owner.rstrip(".") or "."
        if r.rtype in ("A", "AAAA"):
            out.append(f"Name:\t{owner}\nAddress: {r.rdata}\n")
        elif r.rtype == "SOA":
            f = r.rdata.split()
            out.append(f"{owner}\n\torigin = {f[0]}\n\tmail addr = {f[1]}\n\tserial = {f[2]}\n"
                       f"\trefresh = {f[3]}\n\tretry = {f[4]}\n\texpire = {f[5]}\n\tminimum = {f[6]}\n")
        else:
            out.append(f"{owner}\t{_NSLOOKUP_TYPE_TEXT.get(r.rtype, r.rtype.lower() + ' = ')}{r.rdata}\n")
    return "".join(out)


def busybox_answer(reply: DnsReply) -> str:
    """busybox nslookup's parse_reply for one NOERROR reply."""
    out = [] if reply.authoritative else ["Non-authoritative answer:\n"]
    for r in reply.answer:
        owner = r.owner.rstrip(".")
        if r.rtype in ("A", "AAAA"):
            out.append(f"Name:\t{owner}\nAddress: {r.rdata}\n")
        elif r.rtype in ("NS", "CNAME", "PTR"):
            word = {"NS": "nameserver", "CNAME": "canonical name", "PTR": "name"}[r.rtype]
            out.append(f"{owner}\t{word} = {r.rdata.rstrip('.')}\n")
        elif r.rtype == "SRV":
            p, w, port, target = r.rdata.split()
            out.append(f"{owner}\tservice = {p} {w} {port} {target.rstrip('.')}\n")
        elif r.rtype == "TXT":
            out.append(f"{owner}\ttext = {r.rdata}\n")
        elif r.rtype == "SOA":
            f = r.rdata.split()
            out.append(f"{owner}\n\torigin = {f[0].rstrip('.')}\n\tmail addr = {f[1].rstrip('.')}\n"
                       f"\tserial = {f[2]}\n\trefresh = {f[3]}\n\tretry = {f[4]}\n\texpire = {f[5]}\n"
                       f"\tminimum = {f[6]}\n")
    return "".join(out)
