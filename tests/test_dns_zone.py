"""CoreDNS 1.8.6 answers (formats.md §7.3), the upstream, search lists and host lookup."""
from __future__ import annotations

import socket
import time

import pytest

from webapp.cluster import dns
from webapp.cluster.clock import ManualClock
from webapp.cluster.cluster import Cluster
from webapp.shell.host import Resolver

T0 = 1661300000.0
POD = Resolver("10.96.0.10", ("test.svc.cluster.local", "svc.cluster.local", "cluster.local"), 5)


@pytest.fixture
def cluster():
    c = Cluster.new(5, ManualClock(T0))
    c.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "test"}})
    ports = [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}]
    c.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "test"},
              "spec": {"clusterIP": "10.96.184.249", "ports": ports}})
    c.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db", "namespace": "test"},
              "spec": {"clusterIP": "None", "ports": ports}})
    c.create({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "db", "namespace": "test"},
              "subsets": [{"addresses": [{"ip": "10.244.0.77", "hostname": "db-0"}, {"ip": "10.244.0.205"}],
                           "notReadyAddresses": [{"ip": "10.244.0.9"}],
                           "ports": [{"name": "http", "port": 80, "protocol": "TCP"}]}]})
    c.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "empty", "namespace": "test"},
              "spec": {"clusterIP": "None", "ports": ports}})
    c.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ext", "namespace": "test"},
              "spec": {"type": "ExternalName", "externalName": "example.com"}})
    return c


def soa(owner="cluster.local."):
    return dns.Record(owner, 30, "SOA", f"ns.dns.cluster.local. hostmaster.cluster.local. {int(T0)} 7200 1800 86400 30")


def test_clusterip_a_is_authoritative_without_ra(cluster):
    r = dns.answer(cluster, "web.test.svc.cluster.local.", "A")
    assert (r.rcode, r.flags) == ("NOERROR", ("qr", "aa", "rd"))
    assert r.answer == [dns.Record("web.test.svc.cluster.local.", 30, "A", "10.96.184.249")]


def test_headless_lists_ready_endpoints_only(cluster):
    r = dns.answer(cluster, "db.test.svc.cluster.local", "A")
    assert sorted(r.addresses()) == ["10.244.0.205", "10.244.0.77"]


def test_headless_without_ready_endpoints_is_nxdomain(cluster):
    r = dns.answer(cluster, "empty.test.svc.cluster.local", "A")
    assert (r.rcode, r.answer, r.authority) == ("NXDOMAIN", [], [soa()])


@pytest.mark.parametrize("name,rcode", [
    ("test.svc.cluster.local", "NOERROR"), ("svc.cluster.local", "NOERROR"), ("cluster.local", "NOERROR"),
    ("nope.svc.cluster.local", "NXDOMAIN"), ("web.cluster.local", "NXDOMAIN"),
    ("web.nope.svc.cluster.local", "NXDOMAIN"), ("a.b.c.web.test.svc.cluster.local", "NXDOMAIN"),
])
def test_nodata_versus_nxdomain(cluster, name, rcode):
    r = dns.answer(cluster, name, "A")
    assert (r.rcode, r.answer, r.authority) == (rcode, [], [soa()])


def test_aaaa_for_ipv4_service_is_nodata(cluster):
    r = dns.answer(cluster, "web.test.svc.cluster.local", "AAAA")
    assert (r.rcode, r.answer, r.authority) == ("NOERROR", [], [soa()])


def test_srv_for_named_ports(cluster):
    r = dns.answer(cluster, "_http._tcp.web.test.svc.cluster.local", "SRV")
    assert [x.rdata for x in r.answer] == ["0 100 80 web.test.svc.cluster.local."]
    assert r.additional == [dns.Record("web.test.svc.cluster.local.", 30, "A", "10.96.184.249")]
    h = dns.answer(cluster, "_http._tcp.db.test.svc.cluster.local", "SRV")
    assert sorted(x.rdata for x in h.answer) == ["0 50 80 10-244-0-205.db.test.svc.cluster.local.",
                                                 "0 50 80 db-0.db.test.svc.cluster.local."]
    assert dns.answer(cluster, "_https._tcp.web.test.svc.cluster.local", "SRV").rcode == "NXDOMAIN"


def test_ptr_for_service_and_endpoint_ips(cluster):
    assert dns.answer(cluster, "249.184.96.10.in-addr.arpa", "PTR").answer[0].rdata == "web.test.svc.cluster.local."
    assert dns.answer(cluster, "77.0.244.10.in-addr.arpa", "PTR").answer[0].rdata == "db-0.db.test.svc.cluster.local."
    assert dns.answer(cluster, "205.0.244.10.in-addr.arpa", "PTR").answer[0].rdata == \
        "10-244-0-205.db.test.svc.cluster.local."
    # not a Service or endpoint IP: the plugin falls through to the upstream (AS112-style NXDOMAIN)
    r = dns.answer(cluster, "9.0.244.10.in-addr.arpa", "PTR")
    assert (r.rcode, r.flags, r.authority[0].owner) == ("NXDOMAIN", ("qr", "rd", "ra"), "10.in-addr.arpa.")


def test_endpoint_and_pod_names(cluster):
    assert dns.answer(cluster, "db-0.db.test.svc.cluster.local", "A").addresses() == ["10.244.0.77"]
    assert dns.answer(cluster, "10-244-0-205.db.test.svc.cluster.local", "A").addresses() == ["10.244.0.205"]
    assert dns.answer(cluster, "10-244-3-4.test.pod.cluster.local", "A").addresses() == ["10.244.3.4"]
    assert dns.answer(cluster, "10-244-3-4.nope.pod.cluster.local", "A").rcode == "NXDOMAIN"


def test_externalname_is_a_cname_followed_upstream(cluster):
    r = dns.answer(cluster, "ext.test.svc.cluster.local", "A")
    assert [(x.rtype, x.rdata) for x in r.answer] == [("CNAME", "example.com."), ("A", "93.184.216.34")]
    assert r.authoritative


def test_dns_version_and_ns(cluster):
    assert dns.answer(cluster, "dns-version.cluster.local", "TXT").answer[0].rdata == '"1.1.0"'
    ns = dns.answer(cluster, "cluster.local", "NS")
    assert ns.answer[0].rdata == "kube-dns.kube-system.svc.cluster.local."
    assert ns.additional[0].rdata == "10.96.0.10"


def test_soa_serial_follows_the_latest_change(cluster):
    cluster.clock.advance(100)
    cluster.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "new", "namespace": "test"},
                    "spec": {"ports": [{"port": 81, "protocol": "TCP"}]}})
    serial = dns.answer(cluster, "x.test.svc.cluster.local", "A").authority[0].rdata.split()[2]
    assert int(serial) >= int(T0) + 100


def test_upstream_names_and_root_soa(cluster):
    r = dns.answer(cluster, "nginx.", "A")
    assert (r.rcode, r.flags) == ("NXDOMAIN", ("qr", "rd", "ra"))
    assert r.authority == [dns.Record(".", 30, "SOA",
                                      "a.root-servers.net. nstld.verisign-grs.com. 2022082400 1800 900 604800 86400")]
    assert dns.answer(cluster, "github.com", "A").addresses() == ["140.82.121.4"]
    assert dns.answer(cluster, "github.com", "AAAA").authority[0].owner == "github.com."


def test_wire_sizes_match_dig(cluster):
    assert dns.answer(cluster, "web.test.svc.cluster.local", "A").wire_size() == 109  # the golden 113 minus 2 x len("nginx")-len("web")
    assert dns.answer(cluster, "x.test.svc.cluster.local", "A").wire_size() == 158
    assert dns.answer(cluster, "nginx.", "A").wire_size() == 121


def test_search_candidates_follow_ndots():
    assert dns.search_candidates("nginx", POD) == ["nginx.test.svc.cluster.local.", "nginx.svc.cluster.local.",
                                                    "nginx.cluster.local.", "nginx."]
    assert dns.search_candidates("a.b.c.d.e.f", POD) == ["a.b.c.d.e.f."]
    assert dns.search_candidates("a.b.c.d.e.f", POD, "glibc")[1] == "a.b.c.d.e.f.test.svc.cluster.local."
    assert dns.search_candidates("nginx.", POD) == ["nginx."]


def test_resolve_host(cluster):
    assert dns.resolve_host(cluster, "web", POD) == ["10.96.184.249"]
    assert dns.resolve_host(cluster, "web.test", POD) == ["10.96.184.249"]
    assert dns.resolve_host(cluster, "missing", POD) is None
    assert dns.resolve_host(cluster, "example.com", POD) == ["93.184.216.34"]
    assert dns.resolve_host(cluster, "10.1.2.3", POD) == ["10.1.2.3"]
    assert dns.resolve_host(cluster, "a..b", POD) is None
    # musl stops at NODATA (the namespace name under svc), glibc searches on
    assert dns.resolve_host(cluster, "test", POD) is None
    ws = Resolver("127.0.0.53", (), 1)
    assert dns.resolve_host(cluster, "web.test.svc.cluster.local", ws) is None
    assert dns.resolve_host(cluster, "google.com", ws) == ["142.250.185.78"]


def test_no_real_dns_or_socket(cluster, monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a real socket was opened")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    assert dns.resolve_host(cluster, "web", POD) == ["10.96.184.249"]
    assert dns.answer(cluster, "kubernetes.io", "A").addresses() == ["147.75.40.148"]


def test_lookup_cost_is_small(cluster):
    samples = []
    for _ in range(50):
        t = time.perf_counter()
        dns.resolve_host(cluster, "web", POD)
        dns.answer(cluster, "web.test.svc.cluster.local", "AAAA")
        samples.append(time.perf_counter() - t)
    samples.sort()
    assert samples[len(samples) // 2] < 0.001
