"""JSON API v1 exactly as DESIGN.md states it, on SQLite and on a real redis-server."""
from __future__ import annotations


import pytest

from webapp.store import VersionConflict, open_store
from webapp.web import create_app


def new_session(client, **body):
    response = client.post("/api/v1/sessions", json=body)
    assert response.status_code == 201, response.data
    data = response.json
    return data["session"], {"Authorization": f"Bearer {data['token']}"}


def test_create_session_answers_id_token_and_prompt(client):
    response = client.post("/api/v1/sessions", json={})
    assert response.status_code == 201
    body = response.json
    assert set(body) == {"session", "token", "prompt"} and body["prompt"] == "$ "
    assert len(body["session"]) >= 20 and len(body["token"]) >= 40


def test_empty_body_is_allowed(client):
    assert client.post("/api/v1/sessions").status_code == 201


def test_command_answer_has_the_four_fields(client):
    sid, auth = new_session(client, seed=7)
    response = client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "kubectl create namespace test"}, headers=auth)
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"output", "exit_code", "prompt", "context"}
    assert body["prompt"] == "$ " and body["context"] == "workstation" and isinstance(body["exit_code"], int)


def test_a_failing_command_is_200_with_its_exit_code(client):
    sid, auth = new_session(client)
    response = client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "kubectl frobnicate"}, headers=auth)
    assert response.status_code == 200 and response.json["exit_code"] != 0


def test_state_persists_between_commands(client):
    sid, auth = new_session(client)
    first = client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "kubectl create deploy web --image=nginx"}, headers=auth)
    again = client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "kubectl create deploy web --image=nginx"}, headers=auth)
    assert first.json["exit_code"] == 0
    assert again.json["exit_code"] == 1 and "already exists" in again.json["output"]


def test_lesson_session_starts_from_the_lessons_state(client, app):
    lesson = next(lesson for lesson in app.extensions["kubetutor"].lessons() if not lesson.setup)
    assert client.post("/api/v1/sessions", json={"seed": 3, "lesson": lesson.slug}).status_code == 201


@pytest.mark.parametrize("body", [{"seed": "7"}, {"seed": -1}, {"seed": True}, {"seed": 2**64}, {"lesson": "nope"},
                                  {"lesson": 5}])
def test_bad_create_bodies_are_400(client, body):
    response = client.post("/api/v1/sessions", json=body)
    assert response.status_code == 400 and "error" in response.json


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b'"text"', b'{"command": "\xff\xfe"}'])
def test_malformed_json_is_400(client, raw):
    sid, auth = new_session(client)
    response = client.post(f"/api/v1/sessions/{sid}/commands", data=raw, headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 400 and "error" in response.json


@pytest.mark.parametrize("body", [{}, {"command": 5}, {"command": None}, {"cmd": "ls"}])
def test_missing_command_is_400(client, body):
    sid, auth = new_session(client)
    assert client.post(f"/api/v1/sessions/{sid}/commands", json=body, headers=auth).status_code == 400


def test_oversized_command_is_400_and_oversized_body_413(client):
    sid, auth = new_session(client)
    assert client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "x" * 20_000}, headers=auth).status_code == 400
    response = client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "x" * 400_000}, headers=auth)
    assert response.status_code == 413 and "error" in response.json


def test_token_is_required_and_checked(client):
    sid, auth = new_session(client)
    url = f"/api/v1/sessions/{sid}/commands"
    assert client.post(url, json={"command": "ls"}).status_code == 401
    assert client.post(url, json={"command": "ls"}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post(url, json={"command": "ls"}, headers={"Authorization": auth["Authorization"].replace("Bearer", "Basic")}).status_code == 401
    other, other_auth = new_session(client)
    assert client.post(url, json={"command": "ls"}, headers=other_auth).status_code == 401
    assert client.get(f"/api/v1/sessions/{sid}/traffic").status_code == 401


def test_unknown_session_is_404(client):
    _, auth = new_session(client)
    for sid in ("A" * 32, "../../x", "nope"):
        assert client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "ls"}, headers=auth).status_code == 404
    assert client.get("/api/v1/nothing-here").json == {"error": client.get("/api/v1/nothing-here").json["error"]}


def test_traffic_answer_shape(client):
    sid, auth = new_session(client)
    response = client.get(f"/api/v1/sessions/{sid}/traffic", headers=auth)
    assert response.status_code == 200 and response.json == {"pods": {}, "services": {}}


def test_delete_ends_the_session(client):
    sid, auth = new_session(client)
    assert client.delete(f"/api/v1/sessions/{sid}", headers=auth).status_code == 204
    assert client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "ls"}, headers=auth).status_code == 404
    assert client.delete(f"/api/v1/sessions/{sid}", headers=auth).status_code == 404


def test_api_sessions_are_not_browser_sessions(client):
    sid, _ = new_session(client)
    client.set_cookie("kubetutor_session", sid)
    page = client.get("/lessons/what-is-a-service").get_data(as_text=True)
    assert "kubetutor_session" not in page and client.get("/").status_code == 200


def test_session_creation_is_rate_limited_per_address(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "KUBETUTOR_STORE": f"sqlite:///{tmp_path / 'r.db'}",
                      "KUBETUTOR_RATE_SESSIONS": 2})
    client = app.test_client()
    codes = [client.post("/api/v1/sessions", json={}).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert "error" in client.post("/api/v1/sessions", json={}).json


def test_commands_are_rate_limited_per_session(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "KUBETUTOR_STORE": f"sqlite:///{tmp_path / 'r.db'}",
                      "KUBETUTOR_RATE_COMMANDS": 2})
    client = app.test_client()
    sid, auth = new_session(client)
    codes = [client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "ls"}, headers=auth).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_write_that_keeps_losing_the_race_is_409(tmp_path):
    class AlwaysRaced:
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def write_workspace(self, sid, key, data, summary, expected):
            if expected > 0:
                raise VersionConflict("someone else wrote first")
            return self.inner.write_workspace(sid, key, data, summary, expected)

    store = AlwaysRaced(open_store(f"sqlite:///{tmp_path / 'c.db'}"))
    client = create_app({"TESTING": True, "SECRET_KEY": "k", "KUBETUTOR_STORE_OBJECT": store}).test_client()
    sid, auth = new_session(client)
    response = client.post(f"/api/v1/sessions/{sid}/commands", json={"command": "ls"}, headers=auth)
    assert response.status_code == 409 and "error" in response.json


@pytest.mark.redis
def test_the_api_works_the_same_on_redis(redis_port):
    import redis
    redis.Redis(port=redis_port, db=3).flushdb()
    client = create_app({"TESTING": True, "SECRET_KEY": "k", "KUBETUTOR_STORE": f"redis://127.0.0.1:{redis_port}/3"}).test_client()
    sid, auth = new_session(client)
    url = f"/api/v1/sessions/{sid}/commands"
    assert client.post(url, json={"command": "kubectl create deploy web --image=nginx"}, headers=auth).json["exit_code"] == 0
    assert client.post(url, json={"command": "kubectl create deploy web --image=nginx"}, headers=auth).json["exit_code"] == 1
    assert client.delete(f"/api/v1/sessions/{sid}", headers=auth).status_code == 204
