"""`wget` in its two flavours: busybox (busybox, alpine-based images) and GNU Wget (Debian images,
the workstation). `-O FILE|-`, `-q`, `-S`, `-T SEC`, `--spider`."""
from __future__ import annotations

import time

from webapp.cluster.servers import HttpRequest

from . import Proc, program
from .http_client import STRERROR, UrlError, libc_of, parse_url, resolve, send


def _parse(argv: list[str]) -> tuple[dict, list[str], str | None]:
    opts: dict = {"q": False, "S": False, "O": None, "T": None, "spider": False}
    urls: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a in ("--spider",):
            opts["spider"] = True
        elif a in ("-q", "--quiet"):
            opts["q"] = True
        elif a in ("-S", "--server-response"):
            opts["S"] = True
        elif a.startswith("--output-document="):
            opts["O"] = a.split("=", 1)[1]
        elif a.startswith("--timeout="):
            opts["T"] = a.split("=", 1)[1]
        elif a.startswith("-") and len(a) > 1 and a != "-":
            j = 1
            while j < len(a):
                c = a[j]
                j += 1
                if c in "qS":
                    opts[c] = True
                elif c in "OT":
                    if j < len(a):
                        opts[c], j = a[j:], len(a)
                    elif i < len(argv):
                        opts[c], i = argv[i], i + 1
                    else:
                        return opts, urls, f"option requires an argument -- '{c}'"
                else:
                    return opts, urls, f"unrecognized option '{a}'" if a.startswith("--") else \
                        f"invalid option -- '{c}'"
        else:
            urls.append(a)
    return opts, urls, None


@program("wget", "download a URL over HTTP", usage="wget [-q] [-O FILE] [-S] URL",
         flags=("-q", "-O", "-S", "-T", "--spider"))
def wget(proc: Proc) -> int:
    busybox = proc.host.tool_flavor("wget") == "busybox"
    opts, urls, problem = _parse(proc.argv[1:])
    if problem or not urls:
        if busybox:
            if problem:
                proc.err.write(f"wget: {problem}\n")
            proc.err.write("BusyBox v1.35.0 multi-call binary.\n\nUsage: wget [-cqS] [--spider] "
                           "[-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] "
                           "[-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n")
            return 1
        proc.err.write(f"wget: {problem or 'missing URL'}\nUsage: wget [OPTION]... [URL]...\n\n"
                       "Try `wget --help' for more options.\n")
        return 2 if problem else 1
    status = 0
    for text in urls[:16]:
        status = (_busybox if busybox else _gnu)(proc, opts, text) or status
    return status


def _fetch(proc: Proc, url, agent: str):
    addrs = resolve(proc, url.host)
    if not addrs:
        return None, None, None
    req = HttpRequest("GET", url.path, url.host_header,
                      [("Host", url.host_header), ("User-Agent", agent)], proc.host.ip)
    conn, reply = send(proc, addrs[0], url.port, req)
    return addrs[0], conn, reply


def _target_name(url, given: str | None) -> str:
    if given:
        return given
    last = url.path.split("?", 1)[0].rsplit("/", 1)[-1]
    return last or "index.html"


def _busybox(proc: Proc, opts: dict, text: str) -> int:
    try:
        url = parse_url(text)
    except UrlError:
        proc.err.write(f"wget: not an http or ftp url: {text}\n")
        return 1
    ip, conn, reply = _fetch(proc, url, "Wget")
    if ip is None:
        proc.err.write(f"wget: bad address '{url.host}'\n")
        return 1
    quiet = opts["q"]
    if not quiet:
        proc.err.write(f"Connecting to {url.host_header} ({ip}:{url.port})\n")
    if conn.error is not None:
        proc.err.write(f"wget: can't connect to remote host ({ip}): {STRERROR[libc_of(proc.host)][conn.error]}\n")
        return 1
    resp = reply.response if reply else None
    if resp is None:
        proc.err.write("wget: error getting response: Connection reset by peer\n")
        return 1
    if opts["S"]:
        proc.err.write(f"  HTTP/1.1 {resp.status} {resp.reason}\n" +
                       "".join(f"  {k}: {v}\n" for k, v in resp.headers))
    if resp.status >= 400:
        proc.err.write(f"wget: server returned error: HTTP/1.1 {resp.status} {resp.reason}\n")
        return 1
    if opts["spider"]:
        if not quiet:
            proc.err.write("remote file exists\n")
        return 0
    name = _target_name(url, opts["O"])
    size = len(resp.body.encode())
    if name == "-":
        if not quiet:
            proc.err.write("writing to stdout\n")
        proc.out.write(resp.body)
    else:
        from webapp.shell.fs import resolve_path
        path = resolve_path(proc.cwd, name)
        if opts["O"] is None and proc.host.read_file(path) is not None:
            proc.err.write(f"wget: can't open '{name}': File exists\n")
            return 1
        if not quiet:
            proc.err.write(f"saving to '{name}'\n")
        problem = proc.host.write_file(path, resp.body)
        if problem:
            proc.err.write(f"wget: can't open '{name}': {problem}\n")
            return 1
    if not quiet:
        bar = "*" * 31
        proc.err.write(f"{name[:20]:<20} 100% |{bar}| {size:5d}  0:00:00 ETA\n")
        proc.err.write("written to stdout\n" if name == "-" else f"'{name}' saved\n")
    return 0


def _gnu(proc: Proc, opts: dict, text: str) -> int:
    now = proc.world.clock.now()
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(int(now)))
    try:
        url = parse_url(text)
    except UrlError as e:
        proc.err.write(f"{text}: Unsupported scheme ‘{e.scheme}’.\n" if e.kind == "scheme"
                       else f"{text}: Invalid URL.\n")
        return 1
    quiet = opts["q"]
    say = (lambda s: None) if quiet else proc.err.write
    say(f"--{stamp}--  {url.text()}\n")
    ip, conn, reply = _fetch(proc, url, "Wget/1.21.2")
    if ip is None:
        say(f"Resolving {url.host} ({url.host})... failed: Name or service not known.\n")
        proc.err.write(f"wget: unable to resolve host address ‘{url.host}’\n")
        return 4
    if url.host != ip:
        say(f"Resolving {url.host} ({url.host})... {ip}\n")
        say(f"Connecting to {url.host} ({url.host})|{ip}|:{url.port}... ")
    else:
        say(f"Connecting to {ip}:{url.port}... ")
    if conn.error is not None:
        say(f"failed: {STRERROR['glibc'][conn.error]}.\n")
        return 4
    say("connected.\n")
    resp = reply.response if reply else None
    if resp is None:
        say("HTTP request sent, awaiting response... No data received.\n")
        return 4
    say(f"HTTP request sent, awaiting response... {resp.status} {resp.reason}\n")
    if opts["S"] and not quiet:
        proc.err.write(f"  HTTP/1.1 {resp.status} {resp.reason}\n" +
                       "".join(f"  {k}: {v}\n" for k, v in resp.headers))
    if resp.status >= 400:
        say(f"{stamp} ERROR {resp.status}: {resp.reason}.\n\n")
        return 8
    size = len(resp.body.encode())
    ctype = next((v for k, v in resp.headers if k.lower() == "content-type"), "")
    say(f"Length: {size} [{ctype.split(';')[0]}]\n" if ctype else f"Length: {size}\n")
    name = _target_name(url, opts["O"])
    if name == "-":
        say("Saving to: ‘STDOUT’\n\n")
        proc.out.write(resp.body)
    else:
        from webapp.shell.fs import resolve_path
        if opts["O"] is None:
            name = _free_name(proc, name)
        say(f"Saving to: ‘{name}’\n\n")
        problem = proc.host.write_file(resolve_path(proc.cwd, name), resp.body)
        if problem:
            proc.err.write(f"{name}: {problem}\n")
            return 3
    shown = "-" if name == "-" else name
    say(f"{shown[:18]:<18}  100%[===================>] {size:>7}  --.-KB/s    in 0s      \n\n")
    dest = "written to stdout" if name == "-" else f"‘{name}’ saved"
    say(f"{stamp} ({size / 1000:.2f} MB/s) - {dest} [{size}/{size}]\n\n")
    return 0


def _free_name(proc: Proc, name: str) -> str:
    """GNU wget never overwrites: index.html, then index.html.1, index.html.2, ..."""
    from webapp.shell.fs import resolve_path
    candidate, n = name, 0
    while proc.host.read_file(resolve_path(proc.cwd, candidate)) is not None and n < 100:
        n += 1
        candidate = f"{name}.{n}"
    return candidate
