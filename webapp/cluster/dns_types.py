"""DNS message values shared by the zone model, the upstream and the resolver tools.

A DnsReply is what a server sent back: rcode, header flags, the question and three sections of
Records in presentation form (as dig prints rdata). Records also know their uncompressed wire
length, because CoreDNS sends small replies uncompressed and dig prints that size.
"""
from __future__ import annotations

from dataclasses import dataclass, field

TTL = 30  # kubeadm's Corefile: `ttl 30`, and `cache 30` caps forwarded answers to 30 as well


def name_wire_length(name: str) -> int:
    """Uncompressed wire length of a domain name (labels + length bytes + root byte)."""
    n = name.rstrip(".")
    if not n:
        return 1
    return sum(len(label) + 1 for label in n.split(".")) + 1


def fqdn(name: str) -> str:
    return name if name.endswith(".") else name + "."


@dataclass(frozen=True, slots=True)
class Record:
    owner: str        # absolute, with the trailing dot
    ttl: int
    rtype: str        # "A", "AAAA", "CNAME", "PTR", "SRV", "TXT", "SOA", "NS"
    rdata: str        # presentation form: "10.96.0.1", "0 100 80 web.ns.svc.cluster.local.", '"1.1.0"'
    rclass: str = "IN"

    def rdata_wire_length(self) -> int:
        t, d = self.rtype, self.rdata
        if t == "A":
            return 4
        if t == "AAAA":
            return 16
        if t in ("CNAME", "PTR", "NS"):
            return name_wire_length(d)
        if t == "SRV":
            return 6 + name_wire_length(d.split()[3])
        if t == "SOA":
            mname, rname = d.split()[:2]
            return name_wire_length(mname) + name_wire_length(rname) + 20
        if t == "TXT":
            return sum(len(s) + 1 for s in _txt_strings(d))
        return len(d)

    def wire_length(self) -> int:
        return name_wire_length(self.owner) + 10 + self.rdata_wire_length()


def _txt_strings(rdata: str) -> list[str]:
    parts = rdata.split('"')
    return [parts[i] for i in range(1, len(parts), 2)] or [""]


@dataclass(slots=True)
class DnsReply:
    """One DNS response. rcode: NOERROR | NXDOMAIN | SERVFAIL | REFUSED.
    flags in header order, e.g. ("qr", "aa", "rd") for CoreDNS, ("qr", "rd", "ra") forwarded."""

    rcode: str
    flags: tuple[str, ...]
    qname: str                 # as asked, absolute
    qtype: str
    answer: list[Record] = field(default_factory=list)
    authority: list[Record] = field(default_factory=list)
    additional: list[Record] = field(default_factory=list)

    @property
    def question(self) -> tuple[str, str, str]:
        return (self.qname, "IN", self.qtype)

    @property
    def authoritative(self) -> bool:
        return "aa" in self.flags

    @property
    def recursion_available(self) -> bool:
        return "ra" in self.flags

    def addresses(self) -> list[str]:
        """The A and AAAA values of the answer section, in reply order."""
        return [r.rdata for r in self.answer if r.rtype in ("A", "AAAA")]

    def wire_size(self, opt_cookie_bytes: int | None = 8) -> int:
        """Uncompressed message size; the OPT record echoes the client's cookie
        (None: no OPT record at all; 0: OPT without a cookie)."""
        size = 12 + name_wire_length(self.qname) + 4
        for rec in (*self.answer, *self.authority, *self.additional):
            size += rec.wire_length()
        if opt_cookie_bytes is not None:
            size += 11 + (4 + opt_cookie_bytes if opt_cookie_bytes else 0)
        return size
