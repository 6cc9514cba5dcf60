"""BIND dig: its command line (names, types, @server, -x, +options) and the transcript it prints.

`run_dig(proc)` is the program body that webapp/shell/programs/dnstools.py registers. Replies
come from webapp.cluster.dns through the helpers in dnstools; text from webapp.shell.dnsfmt.
Options are global to the run (dig also allows per-lookup ones; the same switches apply).
"""
from __future__ import annotations

from dataclasses import replace

from webapp.cluster.dns_upstream import WORKSTATION_STUB
from webapp.shell import dnsfmt

DIG_USAGE = ("Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n"
             "            {global-d-opt} host [@local-server] {local-d-opt}\n"
             "            [ host [@local-server] {local-d-opt} [...]]\n"
             "\nUse \"dig -h\" (or \"dig -h | more\") to see every option\n")

# +option -> the DigView fields it sets (prefix matching as dig's FULLCHECK allows)
_SECTIONS = {"answer": ("answer",), "question": ("question",), "authority": ("authority",),
             "additional": ("additional",), "comments": ("comments",), "stats": ("stats",),
             "cmd": ("cmd",)}
_IGNORED = ("cookie", "edns", "ttlid", "class", "rrcomments", "multiline", "identify", "nsid",
            "dnssec", "adflag", "cdflag", "besteffort", "fail", "ignore", "keepopen", "qr",
            "retry", "tries", "time", "timeout", "ndots", "split", "trace", "nssearch", "bufsize",
            "ednsopt", "subnet", "expire", "header-only", "idnin", "idnout", "onesoa", "opcode",
            "padding", "sigchase", "topdown", "ttlunits", "unknownformat", "zflag", "crypto",
            "mapped", "raflag", "tcflag", "aaflag", "aaonly", "badcookie", "yaml", "showbadcookie")


class _Usage(Exception):
    pass


def _plus(opt: str, view: dnsfmt.DigView, state: dict) -> None:
    raw = opt
    on = True
    name, _, value = opt.partition("=")
    if name.lower().startswith("no"):
        on, name = False, name[2:]
    name = name.lower()
    if not name:
        raise _Usage(raw)
    if "all".startswith(name) and len(name) >= 2 and name != "a":
        for f in ("question", "answer", "authority", "additional", "comments", "stats", "cmd"):
            setattr(view, f, on)
        return
    for full, fields in _SECTIONS.items():
        if full.startswith(name) and len(name) >= 2:
            for f in fields:
                setattr(view, f, on)
            return
    if "short".startswith(name) and len(name) >= 3:
        view.short = on
        if on:
            view.cmd, view.question, view.authority, view.additional = False, False, False, False
            view.comments, view.stats, view.answer = False, False, True
        return
    if "search".startswith(name) and len(name) >= 2:
        state["search"] = on
        return
    if "showsearch".startswith(name) and len(name) >= 5:
        state["showsearch"] = on
        if on:
            state["search"] = True
        return
    if "recurse".startswith(name) and len(name) >= 3:
        state["recurse"] = on
        return
    if ("tcp".startswith(name) and len(name) >= 2) or name == "vc":
        view.tcp = on
        return
    if "defname".startswith(name) and len(name) >= 3:
        state["search"] = on
        return
    if any(full.startswith(name) for full in _IGNORED) and len(name) >= 2:
        if "cookie".startswith(name):
            state["cookie"] = on
        return
    raise _Usage(raw)


_CLASSES = ("IN", "CH", "CHAOS", "HS", "HESIOD", "NONE", "ANY")


def _parse(argv: list[str], view: dnsfmt.DigView, state: dict, warn) -> list[tuple[str, str]]:
    """dig's parse_args: a word that names a type (or class) sets it on the current lookup, which
    before the first name is the default every later name starts from; any other word is a name."""
    lookups: list[list] = []            # [name, type, type given for this lookup]
    default = ["", "A", False]
    args = list(argv)
    while args:
        a = args.pop(0)
        current = lookups[-1] if lookups else default
        if a.startswith("@"):
            state["server"] = a[1:]
        elif a.startswith("+"):
            _plus(a[1:], view, state)
        elif a.startswith("-") and len(a) > 1:
            flag, rest = a[1], a[2:]
            if flag in "xtcpqbkyfm" and not rest and flag not in "m":
                if not args:
                    raise _Usage("-" + flag)
                rest = args.pop(0)
            if flag == "x":
                from webapp.shell.programs.dnstools import reverse_name
                rev = reverse_name(rest)
                if rev is None:
                    raise _Usage(a)
                lookups.append([rev + ".", "PTR", True])
            elif flag == "t":
                if rest.upper() not in _qtypes():
                    raise _Usage(a)
                _set_type(current, rest.upper(), warn)
            elif flag == "q":
                lookups.append([rest, default[1], default[2]])
            elif flag in "46cpbkyfmu":
                pass
            elif flag in "hv":
                state["help" if flag == "h" else "version"] = True
            else:
                raise _Usage(a)
        elif a.upper() in _qtypes():
            _set_type(current, a.upper(), warn)
        elif a.upper() in _CLASSES or (a.upper().startswith("CLASS") and a[5:].isdigit()):
            continue                     # the simulated servers answer class IN only
        else:
            lookups.append([a, default[1], default[2]])
    return [(n, t) for n, t, _ in lookups]


def _set_type(lookup: list, qtype: str, warn) -> None:
    if lookup[2]:                        # a name starts from the default's type, "set" included
        warn(";; Warning, extra type option\n")
    lookup[1], lookup[2] = qtype, True


def _qtypes():
    from webapp.shell.programs.dnstools import QTYPES
    return QTYPES


def run_dig(proc) -> int:
    from webapp.shell.programs import dnstools as dt
    flavor = proc.host.tool_flavor("dig")
    view = dnsfmt.DigView(flavor=flavor)
    state: dict = {"search": False, "showsearch": False, "recurse": True, "cookie": True}
    try:
        lookups = _parse(proc.argv[1:], view, state, proc.err.write)
    except _Usage as e:
        text = str(e)
        proc.err.write(f"Invalid option: {'' if text.startswith('-') else '+'}{text}\n" + DIG_USAGE)
        return 1
    if state.get("version"):
        proc.err.write(f"DiG {dnsfmt.bind_version(flavor, proc.host)}\n")
        return 0
    if state.get("help"):
        proc.out.write(DIG_USAGE.split("\nUse")[0] + "\n")
        return 0
    if not lookups:
        lookups = [(".", "NS")]
    rs = dt.default_resolv(proc)
    found = 0
    if "server" in state:
        ip = dt.server_address(proc, state["server"])
        if ip is None:
            proc.err.write(f"dig: couldn't get address for '{state['server']}': not found\n")
            return 10
        rs = replace(rs, server_arg=state["server"], server_ip=ip)
        found = 1
    exit_code = 0
    first = True
    for name, qtype in lookups:
        cmdline = dnsfmt.dig_greeting(flavor, proc.argv[1:], first, found, proc.host) if view.cmd else ""
        first = False
        tries = dt.candidates(name, rs, state["search"]) if name != "." else ["."]
        for i, cand in enumerate(tries):
            proc.budget.spend(1)
            reply = dt.ask(proc, rs, cand, qtype, state["recurse"])
            if reply is None:
                dt._timeout(proc.out, flavor, rs, cmdline)
                exit_code = 9
                break
            last = i + 1 == len(tries)
            if reply.rcode == "NXDOMAIN" and not last and not state["showsearch"]:
                continue
            _print_reply(proc, view, rs, reply, cmdline, state["cookie"])
            cmdline = ""
            if reply.rcode != "NXDOMAIN":
                break
    return exit_code


def _print_reply(proc, view: dnsfmt.DigView, rs, reply, cmdline: str, cookie_on: bool) -> None:
    from webapp.cluster.dns import server_kind
    cluster, clock = proc.world.cluster, proc.world.clock
    rng = cluster.rng
    if server_kind(cluster, rs.server_ip, rs.from_pod) == "cluster" or rs.server_ip not in _PUBLIC_EDNS:
        # CoreDNS echoes the client's OPT record: its buffer size and its cookie
        udp = dnsfmt.EDNS_UDP.get(view.flavor, 4096)
        cookie = rng.hex(16) if cookie_on else None
    else:
        udp, cookie = _PUBLIC_EDNS[rs.server_ip], None
    msg_id = rng.below(65536)
    text = cmdline + dnsfmt.dig_message(reply, view, msg_id, cookie, udp)
    size = reply.wire_size(8 if cookie else 0)
    query_ms = 0 if reply.authoritative else 8 + rng.below(24)
    text += dnsfmt.dig_stats(view, query_ms, rs.server_ip, rs.server_arg, clock.now(), size)
    proc.out.write(text)


# EDNS buffer sizes other resolvers announce (illustrative); they send no cookie back
_PUBLIC_EDNS = {WORKSTATION_STUB: 65494, "8.8.8.8": 512, "8.8.4.4": 512, "1.1.1.1": 1232,
                "1.0.0.1": 1232, "9.9.9.9": 1232}
