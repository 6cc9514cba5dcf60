"""Hostile HTTP at the web edge: every answer is a clear 4xx (or a terminal error), never a 500, and
the learner's session is exactly as it was afterwards."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from _html import pre_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.cluster.clock import ManualClock
from webapp.store import open_store
from webapp.web import create_app

PAGE = "what-is-a-service"   # lesson 1: a fresh cluster
API = "/api/v1/sessions"


def make_app(tmp_path, **extra):
    config = {"TESTING": True, "SECRET_KEY": "robust-secret", "INSTANCE_PATH": str(tmp_path),
              "KUBETUTOR_STORE": f"sqlite:///{tmp_path / 'sessions.db'}"}
    config.update(extra)
    return create_app(config)


@pytest.fixture
def client(tmp_path):
    return make_app(tmp_path).test_client()


def api_session(client) -> tuple[str, dict]:
    """A learner's API session that already holds a deployment (what must survive the abuse)."""
    r = client.post(API, json={"seed": 3})
    assert r.status_code == 201
    sid, auth = r.json["session"], {"Authorization": f"Bearer {r.json['token']}"}
    assert api_run(client, sid, auth, "kubectl create deploy keep --image=nginx").json["exit_code"] == 0
    return sid, auth


def api_run(client, sid, auth, command):
    return client.post(f"{API}/{sid}/commands", json={"command": command}, headers=auth)


def assert_unharmed(client, sid, auth) -> None:
    r = api_run(client, sid, auth, "kubectl get deploy -o name")
    assert r.status_code == 200 and r.json["output"] == "deployment.apps/keep\n", r.data


def assert_json_error(response, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.data[:300])
    assert response.is_json and isinstance(response.json["error"], str) and response.json["error"]


def token_of(client) -> str:
    page = BeautifulSoup(client.get(f"/lessons/{PAGE}").get_data(as_text=True), "html.parser")
    return page.select_one("#terminal-form input[name=csrf_token]")["value"]


def page_run(client, command, token, **headers):
    return client.post(f"/w/{PAGE}/commands", data={"command": command},
                       headers={"HX-Request": "true", "X-CSRF-Token": token, **headers})


def text(response) -> str:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text()


def outputs_on_page(client) -> list[str]:
    page = BeautifulSoup(client.get(f"/lessons/{PAGE}").get_data(as_text=True), "html.parser")
    return [pre_text(e) for e in page.select("#terminal-output .entry .output")]


# --- the JSON API ------------------------------------------------------------------------------

def test_oversized_bodies_are_413_and_change_nothing(client):
    sid, auth = api_session(client)
    huge = json.dumps({"command": "kubectl create deploy big --image=nginx #" + "x" * 400_000})
    r = client.post(f"{API}/{sid}/commands", data=huge, content_type="application/json", headers=auth)
    assert_json_error(r, 413)
    assert_json_error(client.post(API, data="{" + " " * 300_000 + "}", content_type="application/json"), 413)
    assert_unharmed(client, sid, auth)


@pytest.mark.parametrize("raw", [b"{", b'{"command": "ls"', b"{'command': 'ls'}", b"NaN]", b"\x00",
                                 b'{"command": "ls"} trailing', b"\xef\xbb\xbf{\"command\": 1"])
def test_malformed_json_is_400(client, raw):
    sid, auth = api_session(client)
    assert_json_error(client.post(f"{API}/{sid}/commands", data=raw, content_type="application/json",
                                  headers=auth), 400)
    assert_unharmed(client, sid, auth)


@pytest.mark.parametrize("body", ["[]", '"kubectl get pods"', "1", "null", "true", '[{"command": "ls"}]'])
def test_json_that_is_not_an_object_is_400(client, body):
    sid, auth = api_session(client)
    assert_json_error(client.post(f"{API}/{sid}/commands", data=body, content_type="application/json",
                                  headers=auth), 400)
    assert_json_error(client.post(API, data=body, content_type="application/json"), 400)
    assert_unharmed(client, sid, auth)


@pytest.mark.parametrize("command", [None, 1, 1.5, True, [], ["kubectl", "get"], {"line": "ls"}])
def test_a_command_that_is_not_a_string_is_400(client, command):
    sid, auth = api_session(client)
    assert_json_error(client.post(f"{API}/{sid}/commands", json={"command": command}, headers=auth), 400)
    assert_unharmed(client, sid, auth)


def test_invalid_utf8_in_a_json_body_is_400(client):
    sid, auth = api_session(client)
    raw = b'{"command": "kubectl create deploy \xff\xfe --image=nginx"}'
    assert_json_error(client.post(f"{API}/{sid}/commands", data=raw, content_type="application/json",
                                  headers=auth), 400)
    assert_unharmed(client, sid, auth)


@pytest.mark.parametrize("command", ["echo a\x00b", "kubectl create deploy \x00x --image=nginx", "\x00",
                                     "echo \ud800", "kubectl get pods -l app=\udcff", "echo \x1b[31mred"])
def test_nul_control_and_lone_surrogates_in_a_command_get_a_terminal_answer(client, command):
    sid, auth = api_session(client)
    r = client.post(f"{API}/{sid}/commands", data=json.dumps({"command": command}),  # \uXXXX escapes
                    content_type="application/json", headers=auth)
    assert r.status_code in (200, 400), r.data[:300]
    if r.status_code == 200:
        assert isinstance(r.json["output"], str) and isinstance(r.json["exit_code"], int)
    else:
        assert_json_error(r, 400)
    assert_unharmed(client, sid, auth)


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Bearer forged-token", "Basic dXNlcjpwYXNz",
                                    "bearer  ", "Bearer " + "A" * 5000, "Bearer \u00e9t\u00e9"])
def test_a_missing_or_forged_bearer_token_is_401(client, header):
    sid, auth = api_session(client)
    headers = {} if header is None else {"Authorization": header}
    for method, url, body in (("post", f"{API}/{sid}/commands", {"command": "kubectl delete deploy keep"}),
                              ("get", f"{API}/{sid}/traffic", None), ("delete", f"{API}/{sid}", None)):
        r = getattr(client, method)(url, json=body, headers=headers)
        assert_json_error(r, 401)
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert_unharmed(client, sid, auth)


def test_another_sessions_token_does_not_open_this_one(client):
    sid, auth = api_session(client)
    other_sid, other_auth = api_session(client)
    assert_json_error(api_run(client, sid, other_auth, "kubectl delete deploy keep"), 401)
    assert_json_error(client.delete(f"{API}/{sid}", headers=other_auth), 401)
    assert_unharmed(client, sid, auth)
    assert_unharmed(client, other_sid, other_auth)


@pytest.mark.parametrize("sid", ["A" * 32, "nosuchsession-0123456789", "x", "../../etc/passwd", "%00" * 12,
                                 "A" * 65, "' OR 1=1 --aaaaaaaaaaaaaaa", "Ａ" * 30])
def test_unknown_or_forged_session_ids_are_404(client, sid):
    _, auth = api_session(client)
    for method, url in (("post", f"{API}/{sid}/commands"), ("get", f"{API}/{sid}/traffic"), ("delete", f"{API}/{sid}")):
        r = getattr(client, method)(url, json={"command": "ls"}, headers=auth)
        assert_json_error(r, 404)


def test_a_deleted_session_is_404_afterwards(client):
    sid, auth = api_session(client)
    assert client.delete(f"{API}/{sid}", headers=auth).status_code == 204
    assert_json_error(api_run(client, sid, auth, "ls"), 404)
    assert_json_error(client.delete(f"{API}/{sid}", headers=auth), 404)


def test_wrong_methods_and_paths_under_the_api_answer_json(client):
    sid, auth = api_session(client)
    assert_json_error(client.get(API), 405)
    assert_json_error(client.put(f"{API}/{sid}/commands", json={"command": "ls"}, headers=auth), 405)
    assert_json_error(client.get("/api/v1/nothing-here"), 404)
    assert_unharmed(client, sid, auth)


def test_a_command_burst_trips_the_rate_limit_then_recovers(tmp_path):
    clock = ManualClock(1_700_000_000.0)
    store = open_store(f"sqlite:///{tmp_path / 'rate.db'}", ttl=3600, clock=clock)
    client = make_app(tmp_path, KUBETUTOR_RATE_COMMANDS=5, KUBETUTOR_STORE_OBJECT=store,
                      KUBETUTOR_CLOCK=clock).test_client()
    sid, auth = api_session(client)   # its first command counts too
    codes = [api_run(client, sid, auth, f"kubectl create configmap c{i}").status_code for i in range(10)]
    assert codes == [200] * 4 + [429] * 6
    assert_json_error(api_run(client, sid, auth, "kubectl create configmap late"), 429)
    clock.advance(61)
    r = api_run(client, sid, auth, "kubectl get configmap -o name")
    assert r.status_code == 200
    assert r.json["output"] == "".join(f"configmap/c{i}\n" for i in range(4)) + "configmap/kube-root-ca.crt\n"


def test_a_session_creation_burst_is_429(tmp_path):
    client = make_app(tmp_path, KUBETUTOR_RATE_SESSIONS=3).test_client()
    codes = [client.post(API, json={}).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    assert_json_error(client.post(API, json={}), 429)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
# (a list joined, not st.text: st.text drops lone surrogates from its alphabet)
# the characters that break edges are made common: NUL, controls, lone surrogates, markup, quotes
NASTY = st.sampled_from(["\x00", "\x1b", "\r", "\n", "\ud800", "\udfff", "<", ">", "&", "'", '"', "\\", "$", "(", "\u202e"])
COMMAND_TEXT = st.lists(NASTY | st.characters(codec=None), max_size=60).map("".join) | st.sampled_from(
    ["kubectl get pods", "kubectl delete deploy keep --dry-run=client", "echo <b>x</b>", "exit", "'", "cat <<EOF"])
BODIES = (st.builds(lambda c, extra: {**extra, "command": c}, COMMAND_TEXT, st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=2))
          | JSON_VALUES | st.dictionaries(st.sampled_from(["command", "seed", "lesson"]), JSON_VALUES, max_size=3))


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    client = make_app(tmp, KUBETUTOR_RATE_COMMANDS=0, KUBETUTOR_RATE_SESSIONS=0).test_client()
    return client, api_session(client)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES, raw=st.none() | st.binary(max_size=80))
def test_fuzzed_api_bodies_never_give_500(fuzz, body, raw):
    client, (sid, auth) = fuzz
    data = raw if raw is not None else json.dumps(body)   # json.dumps escapes lone surrogates as \udXXX
    for url in (f"{API}/{sid}/commands", API):
        r = client.post(url, data=data, content_type="application/json", headers=auth)
        assert r.status_code in (200, 201, 400), (r.status_code, data[:200], r.data[:300])
        assert r.is_json
        if r.status_code == 200:
            assert set(r.json) == {"output", "exit_code", "prompt", "context"}
        if r.status_code == 201:
            client.delete(f"{API}/{r.json['session']}", headers={"Authorization": f"Bearer {r.json['token']}"})
    if api_run(client, sid, auth, "exit").json["context"] != "workstation":
        raise AssertionError("exit did not leave the pod shell")
    client.post(f"{API}/{sid}/commands", json={"command": "\x03"}, headers=auth)  # drop a half-typed heredoc
    assert_unharmed(client, sid, auth)


# --- the pages and the htmx terminal ----------------------------------------------------------------

def test_html_in_commands_and_names_is_shown_escaped(client):
    token = token_of(client)
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    for command in (f"echo '{hostile}'", f"kubectl create deploy '{hostile}' --image=nginx",
                    f"kubectl create namespace '<b>ns</b>'", f"kubectl label node ubuntu01 'x=<i>y</i>'"):
        r = page_run(client, command, token)
        assert r.status_code == 200
        html = r.get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>ns</b>" not in html
    page = client.get(f"/lessons/{PAGE}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;alert(1)" in page
    assert hostile + "\n" in outputs_on_page(client)


def test_nul_and_invalid_utf8_in_form_posts_never_give_500(client):
    token = token_of(client)
    assert page_run(client, "kubectl create deploy keep --image=nginx", token).status_code == 200
    for raw in (b"command=echo%00zero", b"command=%FF%FEkubectl+get+pods", b"command=%ED%A0%80",
                b"command=\xff\xfe\x00", b"command=a&command=b", b"%FF=%FF", b"command"):
        r = client.post(f"/w/{PAGE}/commands", data=raw, content_type="application/x-www-form-urlencoded",
                        headers={"HX-Request": "true", "X-CSRF-Token": token})
        assert r.status_code in (200, 400), (raw, r.status_code)
    r = page_run(client, "kubectl get deploy -o name", token)
    assert "deployment.apps/keep\n" in r.get_data(as_text=True)


def test_an_oversized_form_post_is_413_and_the_session_is_kept(client):
    token = token_of(client)
    page_run(client, "kubectl create deploy keep --image=nginx", token)
    r = page_run(client, "echo " + "x" * 400_000, token)
    assert r.status_code == 413
    assert "deployment.apps/keep\n" in page_run(client, "kubectl get deploy -o name", token).get_data(as_text=True)


@pytest.mark.parametrize("cookie", ["forged-session-id-0123456789", "A" * 40, "../../x", "", "\u00e9" * 30])
def test_a_forged_session_cookie_neither_fails_nor_reaches_another_session(tmp_path, cookie):
    app = make_app(tmp_path)
    victim, attacker = app.test_client(), app.test_client()
    page_run(victim, "kubectl create namespace victim-ns", token_of(victim))
    attacker.set_cookie("kubetutor_session", cookie)
    assert attacker.get(f"/lessons/{PAGE}").status_code == 200
    r = page_run(attacker, "kubectl get ns -o name", token_of(attacker))
    assert r.status_code == 200 and "victim-ns" not in r.get_data(as_text=True)
    assert "namespace/victim-ns\n" in page_run(victim, "kubectl get ns -o name", token_of(victim)).get_data(as_text=True)


def test_an_api_session_id_in_the_browser_cookie_is_not_a_browser_session(client):
    sid, auth = api_session(client)
    client.set_cookie("kubetutor_session", sid)
    r = page_run(client, "kubectl delete deploy keep", token_of(client))
    assert r.status_code == 200 and 'deployments.apps "keep" not found' in text(r)
    assert_unharmed(client, sid, auth)


def test_an_expired_session_cookie_starts_afresh(tmp_path):
    clock = ManualClock(1_700_000_000.0)
    store = open_store(f"sqlite:///{tmp_path / 'ttl.db'}", ttl=600, clock=clock)
    client = make_app(tmp_path, KUBETUTOR_STORE_OBJECT=store, KUBETUTOR_CLOCK=clock,
                      KUBETUTOR_SESSION_TTL=600).test_client()
    page_run(client, "kubectl create namespace before", token_of(client))
    clock.advance(601)
    assert client.get("/").status_code == 200
    r = page_run(client, "kubectl get ns before", token_of(client))
    assert r.status_code == 200 and 'namespaces "before" not found' in text(r)


@pytest.mark.parametrize("headers", [{}, {"X-CSRF-Token": ""}, {"X-CSRF-Token": "0" * 64},
                                     {"X-CSRF-Token": "forged"}, {"X-CSRF-Token": "\u00e9" * 10}])
def test_missing_or_forged_csrf_tokens_are_403_and_change_nothing(client, headers):
    token = token_of(client)
    page_run(client, "kubectl create deploy keep --image=nginx", token)
    for url in (f"/w/{PAGE}/commands", f"/w/{PAGE}/restart", f"/w/{PAGE}/clear", "/reset", "/lang"):
        r = client.post(url, data={"command": "kubectl delete deploy keep", "lang": "ja"},
                        headers={"HX-Request": "true", **headers})
        assert r.status_code == 403, url
    assert page_run(client, "kubectl get deploy -o name", token, Origin="https://evil.example").status_code == 403
    assert "deployment.apps/keep\n" in page_run(client, "kubectl get deploy -o name", token).get_data(as_text=True)


def test_a_token_minted_for_another_browser_is_refused(tmp_path):
    app = make_app(tmp_path)
    mine, theirs = app.test_client(), app.test_client()
    page_run(mine, "kubectl create deploy keep --image=nginx", token_of(mine))
    token_of(theirs)  # `theirs` now holds its own CSRF cookie
    assert page_run(theirs, "ls", token_of(mine)).status_code == 403


@pytest.mark.parametrize("path", ["/assets/0123456789/../../pyproject.toml", "/assets/0123456789/%2e%2e/%2e%2e/pyproject.toml",
                                  "/assets/0123456789/..%2f..%2fpyproject.toml", "/assets/x/%2e%2e%2f%2e%2e%2fwebapp/web/config.py",
                                  "/assets/x/....//....//pyproject.toml", "/assets/x//etc/passwd", "/assets/x/%00",
                                  "/assets/x/..\\..\\pyproject.toml", "/assets/vendor/htmx/..%2f..%2f..%2fpackage.json.js",
                                  "/assets/vendor/../../pyproject.toml", "/static/../pyproject.toml",
                                  "/assets/x/%252e%252e/%252e%252e/pyproject.toml", "/lessons/..%2f..%2fpyproject.toml"])
def test_path_traversal_in_asset_urls_is_404(client, path):
    r = client.get(path, follow_redirects=True)   # `//` is merged by a redirect that stays on the site
    assert r.status_code in (400, 404), (path, r.status_code)
    assert all(h.request.path.startswith(("/assets/", "/static/", "/lessons/")) for h in r.history)
    body = r.get_data()
    assert b"[project]" not in body and b"root:" not in body and b"SECRET" not in body


@pytest.mark.parametrize("value", ["é" * 20, "%FF%FE" * 5, "a" * 5000, "\\377\\376" * 5, '"quoted"'])
def test_hostile_cookie_values_are_403_on_post_and_ignored_on_get(client, value):
    cookie = {"Cookie": f"kubetutor_csrf={value}; kubetutor_session={value}"}
    r = client.post(f"/w/{PAGE}/commands", data={"command": "ls"},
                    headers={"HX-Request": "true", "X-CSRF-Token": "x", **cookie})
    assert r.status_code == 403
    assert client.get(f"/lessons/{PAGE}", headers=cookie).status_code == 200
