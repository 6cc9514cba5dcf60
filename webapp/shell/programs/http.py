"""`curl` as the image's curl (7.83.1 in thr3a/debugger, 7.74.0 in Debian images) prints it:
body on stdout, progress meter and errors on stderr, `-s -S -I -i -v -o -w -L -m -X -H -d -f -k
--connect-timeout`, the real error lines and exit codes. wget and ping live in http_wget.py and
http_ping.py and register from here.

The simulated cluster has no outside network: addresses outside it time out."""
from __future__ import annotations

from dataclasses import dataclass, field

from webapp.cluster.servers import HttpRequest

from . import Proc, program
from .http_client import STRERROR, UrlError, is_tls_server, libc_of, parse_url, resolve, send

TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information"
_LONG_ARG = {"--output": "o", "--write-out": "w", "--max-time": "m", "--request": "X",
             "--header": "H", "--data": "d", "--data-raw": "d", "--data-binary": "d",
             "--data-ascii": "d", "--user-agent": "A", "--connect-timeout": "connect-timeout",
             "--retry": "retry", "--referer": "e", "--user": "u", "--resolve": "resolve"}
_LONG_FLAG = {"--silent": "s", "--show-error": "S", "--head": "I", "--include": "i",
              "--verbose": "v", "--location": "L", "--fail": "f", "--insecure": "k",
              "--http1.1": "http1.1", "--ipv4": "4", "--compressed": "compressed",
              "--no-progress-meter": "no-progress", "--globoff": "g", "--fail-with-body": "fail-body"}
_SHORT_ARG = set("owmXHdAeu")
_SHORT_FLAG = set("sSIivLfk4g#")
CERT_HELP = ("More details here: https://curl.se/docs/sslcerts.html\n\n"
             "curl failed to verify the legitimacy of the server and therefore could not\n"
             "establish a secure connection to it. To learn more about this situation and\n"
             "how to fix it, please visit the web page mentioned above.\n")


@dataclass
class CurlOptions:
    urls: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    output: str | None = None
    write_out: str | None = None
    max_time: float | None = None
    connect_timeout: float | None = None
    method: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    agent: str | None = None


class CurlUsage(Exception):
    """A command-line problem: curl prints the message and TRY_HELP and exits 2."""


def parse_args(argv: list[str]) -> CurlOptions:
    opts = CurlOptions()
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--" or not a.startswith("-") or a == "-":
            opts.urls.append(a)
            continue
        if a.startswith("--"):
            name, eq, inline = a.partition("=")
            if name in _LONG_FLAG and not eq:
                opts.flags.add(_LONG_FLAG[name])
                continue
            if name not in _LONG_ARG:
                raise CurlUsage(f"curl: option {a}: is unknown")
            if eq:
                value = inline
            elif i < len(argv):
                value, i = argv[i], i + 1
            else:
                raise CurlUsage(f"curl: option {a}: requires parameter")
            _set(opts, _LONG_ARG[name], value, a)
            continue
        j = 1
        while j < len(a):
            c = a[j]
            j += 1
            if c in _SHORT_FLAG:
                opts.flags.add(c)
            elif c in _SHORT_ARG:
                if j < len(a):
                    value, j = a[j:], len(a)
                elif i < len(argv):
                    value, i = argv[i], i + 1
                else:
                    raise CurlUsage(f"curl: option -{c}: requires parameter")
                _set(opts, c, value, "-" + c)
            else:
                raise CurlUsage(f"curl: option {a}: is unknown")
    return opts


def _set(opts: CurlOptions, key: str, value: str, shown: str) -> None:
    if key == "o":
        opts.output = value
    elif key == "w":
        opts.write_out = value
    elif key in ("m", "connect-timeout"):
        try:
            seconds = float(value)
        except ValueError:
            raise CurlUsage(f"curl: option {shown}: expected a proper numerical parameter") from None
        if key == "m":
            opts.max_time = seconds
        else:
            opts.connect_timeout = seconds
    elif key == "X":
        opts.method = value
    elif key == "H":
        name, _, v = value.partition(":")
        opts.headers.append((name.strip(), v.strip()))
    elif key == "d":
        opts.data.append(value)
    elif key == "A":
        opts.agent = value


def curl_version(proc: Proc) -> str:
    flavor = proc.host.tool_flavor("curl") or ""
    return flavor if flavor[:1].isdigit() else "7.81.0"     # Ubuntu 22.04 on the workstation


def _version_at_least(version: str, want: tuple[int, int]) -> bool:
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")[:2]]
    return tuple(parts) >= want


@program("curl", "fetch a URL (HTTP client)", usage="curl [options...] <url>",
         flags=("-s", "-S", "-I", "-i", "-v", "-o", "-w", "-L", "-m", "-X", "-H", "-d", "-f", "-k",
                "--connect-timeout", "--silent", "--head", "--include", "--verbose", "--output",
                "--write-out", "--max-time", "--request", "--header", "--data", "--fail"))
def curl(proc: Proc) -> int:
    try:
        opts = parse_args(proc.argv[1:])
    except CurlUsage as e:
        proc.err.write(f"{e}\n{TRY_HELP}\n")
        return 2
    if not opts.urls:
        proc.err.write(f"curl: no URL specified!\n{TRY_HELP}\n")
        return 2
    status = 0
    for url in opts.urls[:16]:
        status = _transfer(proc, opts, url)
    return status


class _Transfer:
    """One URL's life: resolve, connect, request, output. Keeps the numbers -w and the meter use."""

    def __init__(self, proc: Proc, opts: CurlOptions, version: str) -> None:
        self.proc, self.opts, self.version = proc, opts, version
        flags = opts.flags
        self.silent = "s" in flags
        self.show_error = "S" in flags or not self.silent
        self.verbose = "v" in flags
        to_terminal = opts.output in (None, "-") and proc.interactive
        self.meter = not self.silent and "no-progress" not in flags and not to_terminal
        self.http_code = 0
        self.remote_ip = ""
        self.remote_port = 0
        self.size = 0
        self.total_expected = 0
        self.spent_ms = 1
        self.url_effective = ""
        self.content_type = ""
        self.errormsg = ""

    def fail(self, code: int, message: str) -> int:
        self.errormsg = message
        if self.meter:
            self.write_meter()
        if self.verbose:
            self.proc.err.write(f"* {message}\n* Closing connection 0\n")
        if self.show_error:
            self.proc.err.write(f"curl: ({code}) {message}\n")
        self.write_out(code)
        return code

    def write_meter(self) -> None:
        self.proc.err.write(meter_text(self.total_expected, self.size, self.spent_ms))

    def write_out(self, exit_code: int) -> None:
        if self.opts.write_out is not None:
            self.proc.out.write(expand_write_out(self.opts.write_out, self, exit_code, self.proc))


def _transfer(proc: Proc, opts: CurlOptions, text: str) -> int:
    version = curl_version(proc)
    t = _Transfer(proc, opts, version)
    try:
        url = parse_url(text)
    except UrlError as e:
        if e.kind == "scheme":
            return t.fail(1, f'Protocol "{e.scheme}" not supported or disabled in libcurl')
        return t.fail(3, "URL using bad/illegal format or missing URL")
    t.url_effective = url.text()
    addrs = resolve(proc, url.host.strip("[]"))
    if not addrs:
        return t.fail(6, f"Could not resolve host: {url.host}")
    ip = addrs[0]
    t.remote_ip, t.remote_port = ip, url.port
    method = opts.method or ("HEAD" if "I" in opts.flags else "POST" if opts.data else "GET")
    req = _request(opts, url, method, version, proc.host.ip)
    if t.verbose:
        proc.err.write(f"*   Trying {ip}:{url.port}...\n")
    conn, reply = send(proc, ip, url.port, req)
    if conn.error is not None:
        return _connect_failed(t, url, conn.error)
    if t.verbose:
        proc.err.write(f"* Connected to {url.host} ({ip}) port {url.port} (#0)\n")
    tls = is_tls_server(conn)
    if url.scheme == "https" and not tls:
        return t.fail(35, "error:1408F10B:SSL routines:ssl3_get_record:wrong version number")
    if url.scheme == "https" and "k" not in opts.flags:
        t.fail(60, "SSL certificate problem: unable to get local issuer certificate")
        if t.show_error:
            proc.err.write(CERT_HELP)
        return 60
    if reply is None or reply.response is None:
        return t.fail(52, "Empty reply from server")
    return _deliver(t, url, req, reply.response)


def _request(opts: CurlOptions, url, method: str, version: str, client_ip: str) -> HttpRequest:
    headers = [("Host", url.host_header), ("User-Agent", opts.agent or f"curl/{version}"), ("Accept", "*/*")]
    body = "&".join(opts.data)
    if opts.data:
        headers += [("Content-Length", str(len(body))), ("Content-Type", "application/x-www-form-urlencoded")]
    for name, value in opts.headers:
        low = name.lower()
        headers = [h for h in headers if h[0].lower() != low]
        if value:
            headers.append((name, value))
    return HttpRequest(method, url.path, url.host_header, headers, client_ip, body=body)


def _connect_failed(t: _Transfer, url, error: str) -> int:
    limit = min([x for x in (t.opts.connect_timeout, t.opts.max_time) if x], default=None)
    libc = libc_of(t.proc.host)
    if error == "timeout" and limit is not None:
        t.spent_ms = int(limit * 1000) + 1
        return t.fail(28, f"Connection timed out after {t.spent_ms} milliseconds")
    t.spent_ms = {"refused": 0, "unreachable": 3069, "timeout": 130_012}[error]
    reason = STRERROR[libc][error]
    after = f" after {t.spent_ms} ms" if _version_at_least(t.version, (7, 80)) else ""
    if t.verbose:
        t.proc.err.write(f"* connect to {t.remote_ip} port {url.port} failed: {reason}\n")
    code = 28 if error == "timeout" else 7
    return t.fail(code, f"Failed to connect to {url.host} port {url.port}{after}: {reason}")


def _deliver(t: _Transfer, url, req: HttpRequest, resp) -> int:
    proc, opts = t.proc, t.opts
    t.http_code = resp.status
    head_only = req.method == "HEAD"
    length = content_type = None
    for k, v in resp.headers:  # the first of each, as curl reads them
        low = k.lower()
        if low == "content-length" and length is None:
            length = v
        elif low == "content-type" and content_type is None:
            content_type = v
    t.total_expected = int(length) if length and length.isdigit() else 0
    t.content_type = content_type or ""
    show_headers = "i" in opts.flags or head_only
    header_block = ""
    if show_headers or t.verbose:  # only built when something prints it
        status_line = f"HTTP/1.1 {resp.status} {resp.reason}".rstrip()
        header_block = status_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in resp.headers) + "\r\n"
    if t.verbose:
        sent = "".join(f"> {line}\n" for line in
                       [f"{req.method} {req.target} HTTP/1.1"] + [f"{k}: {v}" for k, v in req.headers] + [""])
        got = "".join(f"< {line}\r\n" for line in header_block.split("\r\n")[:-1])
        proc.err.write(sent + "* Mark bundle as not supporting multiuse\n" + got)
    if "f" in opts.flags and resp.status >= 400:
        reason = str(resp.status) if _version_at_least(t.version, (7, 76)) else f"{resp.status} {resp.reason}"
        return t.fail(22, f"The requested URL returned error: {reason}")
    body = "" if head_only else resp.body
    t.size = len(body) if body.isascii() else len(body.encode())
    out_text = (header_block + body) if show_headers else body
    status = 0
    if opts.output not in (None, "-"):
        status = _write_file(t, opts.output, out_text)
        if status:
            return status
    else:
        proc.out.write(out_text)
    if t.meter:
        t.write_meter()
    if t.verbose:
        proc.err.write(f"* Connection #0 to host {url.host} left intact\n")
    t.write_out(0)
    return 0


def _write_file(t: _Transfer, name: str, text: str) -> int:
    from webapp.shell.fs import resolve_path
    path = resolve_path(t.proc.cwd, name)
    problem = t.proc.host.write_file(path, text)
    if problem:
        t.proc.err.write(f"Warning: Failed to create the file {name}: {problem}\n")
        return t.fail(23, "Failure writing output to destination")
    return 0


def meter_text(total: int, received: int, spent_ms: int) -> str:
    """The progress meter's header and final line, as a terminal shows it once curl is done."""
    pct_total = 100 if total and received >= total else 0
    pct_recv = 100 if total and received >= total else 0
    speed = received * 1000 // max(spent_ms, 1) if received else 0
    spent = "--:--:--" if spent_ms < 1000 else _time2str(spent_ms // 1000)
    return ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
            "                                 Dload  Upload   Total   Spent    Left  Speed\n"
            f"{pct_total:3d} {_max5(total)}  {pct_recv:3d} {_max5(received)}    0 {_max5(0)}  "
            f"{_max5(speed)}  {_max5(0)} --:--:-- {spent} --:--:-- {_max5(speed)}\n")


def _time2str(seconds: int) -> str:
    h, rem = divmod(seconds, 3600)
    return f"{h:2d}:{rem // 60:02d}:{rem % 60:02d}"


def _max5(n: int) -> str:
    """curl's 5-character size: 615, 98765, 600k, 12.3M, ..."""
    if n < 100000:
        return f"{n:5d}"
    if n < 10000 * 1024:
        return f"{n // 1024:4d}k"
    if n < 100 * 1024 * 1024:
        return f"{n // (1024 * 1024):2d}.{(n % (1024 * 1024)) * 10 // (1024 * 1024)}M"
    return f"{n // (1024 * 1024):4d}M"


def expand_write_out(fmt: str, t: _Transfer, exit_code: int, proc: Proc) -> str:
    """-w: %{var} substitution and \\n \\t \\r escapes; unknown variables warn on stderr."""
    values = {"http_code": f"{t.http_code:03d}", "response_code": f"{t.http_code:03d}",
              "remote_ip": t.remote_ip, "remote_port": str(t.remote_port) if t.remote_ip else "0",
              "size_download": str(t.size), "url_effective": t.url_effective,
              "content_type": t.content_type, "num_redirects": "0", "exitcode": str(exit_code),
              "errormsg": t.errormsg, "time_total": f"{t.spent_ms / 1000:.6f}",
              "time_connect": f"{t.spent_ms / 2000:.6f}", "time_namelookup": "0.000400",
              "scheme": "HTTP", "http_version": "1.1" if t.http_code else "0",
              "local_ip": proc.host.ip, "speed_download": str(t.size * 1000 // max(t.spent_ms, 1))}
    out, i = [], 0
    while i < len(fmt):
        c = fmt[i]
        if c == "%" and fmt.startswith("%{", i) and "}" in fmt[i:]:
            end = fmt.index("}", i)
            name = fmt[i + 2:end]
            if name in values:
                out.append(values[name])
            else:
                proc.err.write(f"curl: unknown --write-out variable: '{name}'\n")
            i = end + 1
        elif c == "\\" and i + 1 < len(fmt) and fmt[i + 1] in "ntr\\":
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[fmt[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


from . import http_ping, http_wget  # noqa: E402,F401  (register wget and ping)
