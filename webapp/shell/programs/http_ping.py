"""`ping` in its two flavours: iputils (thr3a/debugger, netshoot, Debian images) and busybox.
ClusterIPs never answer (kube-proxy programs no ICMP for a virtual IP); pods and nodes do.
Without `-c`, real ping runs until interrupted: here it stops after FOREVER_PACKETS (or when the
command's work budget runs out) and prints the statistics as after Ctrl-C."""
from __future__ import annotations

import hashlib

from webapp.cluster.network import ping_reply

from . import LimitExceeded, Proc, program
from .http_client import resolve

FOREVER_PACKETS = 30
MAX_PACKETS = 1000


def _rtt(ip: str, seq: int) -> float:
    """A same-node round trip: 0.040-0.120 ms, fixed per (address, sequence)."""
    h = hashlib.blake2s(f"{ip}/{seq}".encode(), digest_size=2).digest()
    return 0.040 + (int.from_bytes(h, "big") % 80) / 1000


def _parse(argv: list[str]) -> tuple[dict, list[str], str | None]:
    opts = {"c": None, "q": False, "n": False}
    args: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                c = a[j]
                j += 1
                if c in "qn4":
                    opts[c] = True
                elif c in "cWwisIt":
                    value = a[j:] if j < len(a) else (argv[i] if i < len(argv) else None)
                    if value is None:
                        return opts, args, f"option requires an argument -- '{c}'"
                    if j >= len(a):
                        i += 1
                    j = len(a)
                    if c == "c":
                        if not value.isdigit() or int(value) == 0:
                            return opts, args, f"invalid argument: '{value}'"
                        opts["c"] = int(value)
                else:
                    return opts, args, f"invalid option -- '{c}'"
        else:
            args.append(a)
    return opts, args, None


@program("ping", "check that a host answers ICMP echo", usage="ping [-c count] [-q] host",
         flags=("-c", "-q", "-n", "-W", "-i"))
def ping(proc: Proc) -> int:
    busybox = proc.host.tool_flavor("ping") == "busybox"
    opts, args, problem = _parse(proc.argv[1:])
    if problem or not args:
        if busybox:
            proc.err.write((f"ping: {problem}\n" if problem else "") +
                           "BusyBox v1.35.0 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n")
            return 1
        proc.err.write(f"ping: {problem}\n" if problem else
                       "ping: usage error: Destination address required\n")
        return 2
    target = args[-1]
    addrs = resolve(proc, target)
    if not addrs:
        if busybox:
            proc.err.write(f"ping: bad address '{target}'\n")
        else:
            musl = getattr(getattr(proc.host, "image", None), "os", "debian") != "debian" and proc.host.kind == "pod"
            proc.err.write(f"ping: {target}: {'Name does not resolve' if musl else 'Name or service not known'}\n")
        return 1 if busybox else 2
    ip = addrs[0]
    fate = ping_reply(proc.world.cluster, proc.host.ip, ip)
    count = min(opts["c"] or FOREVER_PACKETS, MAX_PACKETS)
    interrupted = opts["c"] is None
    shown = _canonical(proc, target, ip)
    sent = 0
    lines: list[str] = []
    rtts: list[float] = []
    errors = 0
    try:
        for seq in range(1, count + 1):
            proc.budget.spend()
            sent = seq
            if fate == "reply":
                rtts.append(_rtt(ip, seq))
                if not opts["q"]:
                    lines.append(_reply_line(busybox, ip, seq, rtts[-1], shown if not opts["n"] else None))
            elif fate == "unreachable" and not busybox and seq % 3 == 0:
                errors += 3
                for k in range(seq - 2, seq + 1):
                    lines.append(f"From {proc.host.ip} icmp_seq={k} Destination Host Unreachable")
    except LimitExceeded:
        interrupted = True
    head = (f"PING {target} ({ip}): 56 data bytes" if busybox
            else f"PING {shown[0]} ({ip}) 56(84) bytes of data.")
    proc.out.write(head + "\n" + "".join(line + "\n" for line in lines))
    if interrupted and not busybox:
        proc.out.write("^C\n")
    proc.out.write(_statistics(busybox, shown[0] if not busybox else target, sent, rtts, errors))
    return 0 if rtts else 1


def _canonical(proc: Proc, target: str, ip: str) -> tuple[str, str | None]:
    """(the name iputils prints in its header, the reverse name of replies or None)."""
    if target == ip:
        return ip, None
    name = target
    resolver = getattr(proc.host, "resolver", None)
    if resolver is not None and target.count(".") < resolver.ndots and resolver.search and \
            not ip.startswith("127."):
        from webapp.cluster import dns
        for candidate in dns.search_candidates(target, resolver):
            if candidate.rstrip(".") and _answers(proc, candidate, ip):
                name = candidate.rstrip(".")
                break
    return name, _reverse(proc, ip)


def _answers(proc: Proc, name: str, ip: str) -> bool:
    from webapp.cluster import dns
    reply = dns.answer(proc.world.cluster, name, "A")
    return any(r.rtype == "A" and r.rdata == ip for r in reply.answer)


def _reverse(proc: Proc, ip: str) -> str | None:
    from webapp.cluster import dns
    parts = ip.split(".")
    if len(parts) != 4:
        return None
    reply = dns.answer(proc.world.cluster, ".".join(reversed(parts)) + ".in-addr.arpa", "PTR")
    names = [r.rdata.rstrip(".") for r in reply.answer if r.rtype == "PTR"]
    return names[0] if names else None


def _reply_line(busybox: bool, ip: str, seq: int, rtt: float, shown) -> str:
    if busybox:
        return f"64 bytes from {ip}: seq={seq - 1} ttl=64 time={rtt:.3f} ms"
    who = f"{shown[1]} ({ip})" if shown and shown[1] else ip
    return f"64 bytes from {who}: icmp_seq={seq} ttl=64 time={rtt:.3f} ms"


def _statistics(busybox: bool, name: str, sent: int, rtts: list[float], errors: int) -> str:
    got = len(rtts)
    loss = 0 if sent == 0 else (sent - got) * 100 // sent
    if busybox:
        text = (f"\n--- {name} ping statistics ---\n"
                f"{sent} packets transmitted, {got} packets received, {loss}% packet loss\n")
        if rtts:
            text += f"round-trip min/avg/max = {min(rtts):.3f}/{sum(rtts) / got:.3f}/{max(rtts):.3f} ms\n"
        return text
    spent = max(sent - 1, 0) * 1000 + (sent * 7) % 90
    errs = f" +{errors} errors," if errors else ""
    text = (f"\n--- {name} ping statistics ---\n"
            f"{sent} packets transmitted, {got} received,{errs} {loss}% packet loss, time {spent}ms\n")
    if rtts:
        avg = sum(rtts) / got
        mdev = (sum((r - avg) ** 2 for r in rtts) / got) ** 0.5
        text += f"rtt min/avg/max/mdev = {min(rtts):.3f}/{avg:.3f}/{max(rtts):.3f}/{mdev:.3f} ms\n"
    if errors:
        text += "pipe 3\n"
    return text
