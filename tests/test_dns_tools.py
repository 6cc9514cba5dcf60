"""BIND and busybox resolver tools against the golden transcripts (formats.md §7.5-7.6)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.cluster.clock import ManualClock
from webapp.cluster.cluster import Cluster
from webapp.shell.host import Host, Resolver
import webapp.shell.programs.dnstools  # noqa: F401  (registers nslookup, dig)
from webapp.shell.programs import Budget, Proc, Stream

GOLDEN = Path(__file__).parent.parent.parent / "shared" / "reference" / "golden"
T0 = 1661300000.0  # the golden SOA serial: every test object is created at this instant
POD_RESOLVER = Resolver("10.96.0.10", ("test.svc.cluster.local", "svc.cluster.local", "cluster.local"), 5)


class PodLike(Host):
    kind = "pod"
    shell_flavor = "ash"

    def __init__(self, flavor: str, resolver: Resolver = POD_RESOLVER) -> None:
        self.flavor, self.resolver = flavor, resolver
        self.namespace = "test"

    def tool_flavor(self, name: str) -> str:
        return self.flavor

    def read_file(self, path: str) -> str | None:
        return "127.0.0.1\tlocalhost\n10.244.0.9\tme.test.svc.cluster.local\tme\n" if path == "/etc/hosts" else None

    def hosts_entries(self) -> dict[str, str]:
        return {"localhost": "127.0.0.1", "me.test.svc.cluster.local": "10.244.0.9", "me": "10.244.0.9"}


class Workstation(PodLike):
    kind = "workstation"


class _World:
    def __init__(self, cluster) -> None:
        self.cluster, self.clock = cluster, cluster.clock


def make_cluster(headless: bool) -> Cluster:
    c = Cluster.new(3, ManualClock(T0))
    c.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "test"}})
    spec = {"ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
            "clusterIP": "None" if headless else "10.96.184.249"}
    c.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx", "namespace": "test"}, "spec": spec})
    c.create({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "nginx", "namespace": "test"},
              "subsets": [{"addresses": [{"ip": "10.244.0.77"}, {"ip": "10.244.0.205"}],
                           "ports": [{"port": 80, "protocol": "TCP"}]}]})
    return c


def run(cluster, line: str, flavor: str = "bind916", host=None) -> tuple[str, str, int]:
    from webapp.shell.programs import PROGRAMS
    argv = line.split()
    proc = Proc(argv, "", Stream(), Stream(), {}, host or PodLike(flavor), _World(cluster), Budget(10000))
    code = PROGRAMS[argv[0]].run(proc)
    return proc.out.getvalue(), proc.err.getvalue(), code


def golden(flavor_dir: str, case: str) -> tuple[str, int]:
    text = (GOLDEN / flavor_dir / f"{case}.txt").read_text()
    rc = int((GOLDEN / flavor_dir / f"{case}.rc").read_text().strip().split("=")[1])
    return text, rc


_VOLATILE = [(re.compile(r"id: \d+"), "id: N"), (re.compile(r"COOKIE: [0-9a-f]{16}"), "COOKIE: C"),
             (re.compile(r";; WHEN: .*"), ";; WHEN: W"), (re.compile(r"Query time: \d+ msec"), "Query time: Q")]


def norm(text: str) -> str:
    for rx, sub in _VOLATILE:
        text = rx.sub(sub, text)
    return text


def swapped(text: str) -> str:
    return text.replace("10.244.0.77", "@").replace("10.244.0.205", "10.244.0.77").replace("@", "10.244.0.205")


CASES_916 = [
    ("nslookup_nginx", "nslookup nginx", False),
    ("nslookup_fqdn", "nslookup nginx.test.svc.cluster.local", False),
    ("nslookup_missing", "nslookup x", False),
    ("nslookup_ptr", "nslookup 10.96.184.249", False),
    ("dig_nginx_nosearch", "dig nginx", False),
    ("dig_nginx_search", "dig nginx +search", False),
    ("dig_missing_fqdn", "dig x.test.svc.cluster.local", False),
    ("headless_nslookup_nginx", "nslookup nginx", True),
    ("headless_dig_nginx_search", "dig nginx +search", True),
]


@pytest.mark.parametrize("flavor_dir", ["dns-bind916", "dns-bind918"])
@pytest.mark.parametrize("case,line,headless", CASES_916)
def test_bind_golden(flavor_dir, case, line, headless):
    cluster = make_cluster(headless)
    want, want_rc = golden(flavor_dir, case)
    out, err, code = run(cluster, line, flavor_dir.split("-")[1])
    assert err == ""
    assert code == want_rc
    if headless:
        assert norm(out) in (norm(want), norm(swapped(want)))
    else:
        assert norm(out) == norm(want)


def test_busybox_headless_golden():
    cluster = make_cluster(headless=True)
    want, want_rc = golden("dns-bind918", "busybox_headless_nslookup_nginx")
    out, err, code = run(cluster, "nslookup nginx", "busybox")
    assert (code, err) == (want_rc, "")
    assert out in (want, swapped(want))


def test_volatile_values_have_the_real_shape():
    out, _, _ = run(make_cluster(False), "dig nginx +search")
    assert re.search(r"^;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d{1,5}$", out, re.M)
    assert re.search(r"^; COOKIE: [0-9a-f]{16} \(echoed\)$", out, re.M)
    assert ";; WHEN: Wed Aug 24 00:13:20 UTC 2022\n" in out  # the injected clock, in UTC


def test_headless_order_is_shuffled_per_reply():
    cluster = make_cluster(headless=True)
    orders = {run(cluster, "dig +short nginx.test.svc.cluster.local")[0] for _ in range(30)}
    assert orders == {"10.244.0.77\n10.244.0.205\n", "10.244.0.205\n10.244.0.77\n"}


def test_dig_short_and_reverse():
    cluster = make_cluster(False)
    assert run(cluster, "dig +short nginx.test.svc.cluster.local") == ("10.96.184.249\n", "", 0)
    assert run(cluster, "dig -x 10.96.184.249 +short") == ("nginx.test.svc.cluster.local.\n", "", 0)
    assert run(cluster, "dig +short nginx") == ("", "", 0)


def test_dig_noall_answer_prints_only_records():
    out, _, code = run(make_cluster(False), "dig +noall +answer nginx.test.svc.cluster.local")
    assert (out, code) == ("nginx.test.svc.cluster.local. 30 IN\tA\t10.96.184.249\n", 0)


def test_dig_unreachable_server_times_out_with_exit_9():
    out, _, code = run(make_cluster(False), "dig @10.1.2.3 nginx")
    assert code == 9
    assert out == ("\n; <<>> DiG 9.16.50-Debian <<>> @10.1.2.3 nginx\n; (1 server found)\n"
                   ";; global options: +cmd\n;; connection timed out; no servers could be reached\n\n")


def test_dig_bad_option_is_a_usage_error():
    out, err, code = run(make_cluster(False), "dig +bogus nginx")
    assert (out, code) == ("", 1)
    assert err.startswith("Invalid option: +bogus\nUsage:  dig [@global-server]")


def test_nslookup_with_explicit_server_and_upstream_name():
    out, _, code = run(make_cluster(False), "nslookup example.com 10.96.0.10")
    assert code == 0
    assert out == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nNon-authoritative answer:\n"
                   "Name:\texample.com\nAddress: 93.184.216.34\n"
                   "Name:\texample.com\nAddress: 2606:2800:220:1:248:1893:25c8:1946\n\n")


def test_nslookup_srv_type_without_named_port_is_nxdomain():
    out, _, code = run(make_cluster(False), "nslookup -type=srv _http._tcp.nginx.test.svc.cluster.local")
    assert code == 1
    assert "** server can't find _http._tcp.nginx.test.svc.cluster.local: NXDOMAIN\n" in out


def test_nslookup_timeout_exit_1():
    out, _, code = run(make_cluster(False), "nslookup nginx 10.1.2.3")
    assert (out, code) == (";; connection timed out; no servers could be reached\n\n\n", 1)


def test_busybox_does_not_search_dotted_names():
    out, _, code = run(make_cluster(False), "nslookup nginx.test", "busybox")
    assert code == 1
    assert "** server can't find nginx.test: NXDOMAIN" in out


def test_workstation_resolver_knows_nothing_of_the_cluster():
    ws = Workstation("bind918", Resolver("127.0.0.53", (), 1))
    out, _, code = run(make_cluster(False), "nslookup nginx.test.svc.cluster.local", host=ws)
    assert code == 1
    assert out.startswith("Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\n** server can't find")


# -- busybox <= 1.28 nslookup (libc lookups, `Address 1:` lines) --------------------------------

OLD_SERVER = "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"


def test_old_busybox_nslookup_format():
    out, err, code = run(make_cluster(False), "nslookup nginx", "busybox-old")
    assert (out, err, code) == (OLD_SERVER + "Name:      nginx\n"
                                "Address 1: 10.96.184.249 nginx.test.svc.cluster.local\n", "", 0)


def test_old_busybox_searches_dotted_names_and_lists_every_address():
    cluster = make_cluster(False)
    out, _, code = run(cluster, "nslookup nginx.test", "busybox-old")
    assert (out, code) == (OLD_SERVER + "Name:      nginx.test\n"
                           "Address 1: 10.96.184.249 nginx.test.svc.cluster.local\n", 0)
    out, _, code = run(make_cluster(True), "nslookup nginx", "busybox-old")
    lines = out.splitlines()
    assert code == 0 and lines[3] == "Name:      nginx" and len(lines) == 6
    assert {lines[4][11:], lines[5][11:]} == {"10.244.0.77 10-244-0-77.nginx.test.svc.cluster.local",
                                              "10.244.0.205 10-244-0-205.nginx.test.svc.cluster.local"}
    assert lines[4].startswith("Address 1: ") and lines[5].startswith("Address 2: ")


def test_old_busybox_hosts_file_and_addresses_without_a_name():
    cluster = make_cluster(False)
    assert run(cluster, "nslookup me", "busybox-old")[0] == (
        OLD_SERVER + "Name:      me\nAddress 1: 10.244.0.9 me.test.svc.cluster.local\n")
    assert run(cluster, "nslookup 10.96.184.249", "busybox-old")[0] == (
        OLD_SERVER + "Name:      10.96.184.249\nAddress 1: 10.96.184.249 nginx.test.svc.cluster.local\n")
    assert run(cluster, "nslookup example.com", "busybox-old")[0].endswith(
        "Name:      example.com\nAddress 1: 93.184.216.34\n")      # no PTR for it: the address alone


def test_old_busybox_failures():
    cluster = make_cluster(False)
    assert run(cluster, "nslookup nosuch", "busybox-old") == (OLD_SERVER, "nslookup: can't resolve 'nosuch'\n", 1)
    assert run(cluster, "nslookup nginx 10.1.2.3", "busybox-old") == (
        "Server:    10.1.2.3\nAddress 1: 10.1.2.3\n\n", "nslookup: can't resolve 'nginx'\n", 1)
    assert run(cluster, "nslookup nginx nosuch", "busybox-old") == ("", "nslookup: bad address 'nosuch'\n", 1)
    for line in ("nslookup", "nslookup -type=a nginx", "nslookup a b c"):
        out, err, code = run(cluster, line, "busybox-old")
        assert (out, code) == ("", 1)
        assert err.startswith("BusyBox v1.28.4 (") and "\nUsage: nslookup [HOST] [SERVER]\n" in err


# -- dig: types and classes anywhere on the line ------------------------------------------------

def test_dig_type_before_the_name():
    cluster = make_cluster(False)
    srv = "0 100 53 kube-dns.kube-system.svc.cluster.local.\n"
    assert run(cluster, "dig +short SRV _dns._udp.kube-dns.kube-system.svc.cluster.local") == (srv, "", 0)
    assert run(cluster, "dig +short _dns._udp.kube-dns.kube-system.svc.cluster.local SRV") == (srv, "", 0)
    assert run(cluster, "dig +short IN SRV _dns._udp.kube-dns.kube-system.svc.cluster.local") == (srv, "", 0)
    out, _, _ = run(cluster, "dig SRV _dns._udp.kube-dns.kube-system.svc.cluster.local")
    assert ";_dns._udp.kube-dns.kube-system.svc.cluster.local. IN SRV\n" in out
    assert "\n; <<>> DiG 9.16.50-Debian <<>> SRV _dns._udp.kube-dns.kube-system.svc.cluster.local\n" in out


def test_dig_second_type_warns_and_wins():
    cluster = make_cluster(False)
    out, err, code = run(cluster, "dig +short A nginx.test.svc.cluster.local AAAA")
    assert (out, err, code) == ("", ";; Warning, extra type option\n", 0)
    # a type before the first name is every name's default; a later type sets the last name's
    out, err, _ = run(cluster, "dig +short AAAA nginx.test.svc.cluster.local A kube-dns.kube-system.svc.cluster.local")
    assert (out, err) == ("10.96.184.249\n", ";; Warning, extra type option\n")
