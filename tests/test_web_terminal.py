"""The htmx terminal: sessions, CSRF, commands with and without JavaScript, panels, bad input."""
from __future__ import annotations

from bs4 import BeautifulSoup
from flask import render_template

from webapp.web import create_app

from _html import pre_text, soup

LESSON = "what-is-a-service"   # lesson 1 starts from a fresh cluster


def token_of(client, url=f"/lessons/{LESSON}") -> str:
    return soup(client.get(url)).select_one("#terminal-form input[name=csrf_token]")["value"]


def run(client, command, token, htmx=True, key=LESSON):
    headers = {"HX-Request": "true", "X-CSRF-Token": token} if htmx else {}
    data = {"command": command} if htmx else {"command": command, "csrf_token": token}
    return client.post(f"/w/{key}/commands", data=data, headers=headers)


def sessions_in(app) -> int:
    return app.extensions["kubetutor"].store._db().execute("SELECT COUNT(*) FROM sessions").fetchone()[0]


def test_get_never_creates_a_session(app, client):
    client.get(f"/lessons/{LESSON}")
    client.get(f"/w/{LESSON}/complete?line=kub")
    client.get(f"/w/{LESSON}/panels")
    assert sessions_in(app) == 0


def test_first_command_creates_the_session_cookie(app, client):
    response = run(client, "kubectl create namespace test", token_of(client))
    assert response.status_code == 200
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("kubetutor_session=")]
    assert cookie and "HttpOnly" in cookie[0] and "SameSite=Lax" in cookie[0]
    assert sessions_in(app) == 1
    [entry] = soup(response).select("div.entry")
    assert entry.select_one(".command").get_text() == "kubectl create namespace test"
    assert pre_text(entry.select_one(".output")) == "namespace/test created\n"
    assert entry["data-exit-code"] == "0"


def test_post_without_a_valid_csrf_token_is_refused(app, client):
    token_of(client)
    assert run(client, "kubectl create namespace test", "forged").status_code == 403
    assert client.post(f"/w/{LESSON}/commands", data={"command": "x"}).status_code == 403
    other = create_app({"TESTING": True, "SECRET_KEY": "other", "KUBETUTOR_STORE": "sqlite:///:memory:"}).test_client()
    assert run(other, "x", token_of(client)).status_code == 403  # a token from another browser
    assert sessions_in(app) == 0


def test_cross_origin_post_is_refused_even_with_a_token(client):
    token = token_of(client)
    response = client.post(f"/w/{LESSON}/commands", data={"command": "ls", "csrf_token": token},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_without_javascript_the_form_redirects_and_the_page_shows_the_scrollback(client):
    token = token_of(client)
    response = run(client, "kubectl create namespace test", token, htmx=False)
    assert response.status_code == 303 and response.headers["Location"].startswith(f"/lessons/{LESSON}")
    page = soup(client.get(response.headers["Location"]))
    outputs = [pre_text(e) for e in page.select("#terminal-output .entry .output")]
    assert outputs == ["namespace/test created\n"]


def test_a_reload_keeps_the_session_and_its_history(client):
    token = token_of(client)
    run(client, "kubectl create namespace test", token)
    run(client, "kubectl create deploy nginx --image=nginx", token)
    page = soup(client.get(f"/lessons/{LESSON}"))
    import json
    assert json.loads(page.select_one("#terminal-history").get_text()) == [
        "kubectl create namespace test", "kubectl create deploy nginx --image=nginx"]
    assert len(page.select("#terminal-output .entry")) == 2


def test_the_session_survives_a_server_restart(tmp_path):
    config = {"TESTING": True, "SECRET_KEY": "k", "KUBETUTOR_STORE": f"sqlite:///{tmp_path / 's.db'}"}
    first = create_app(config).test_client()
    run(first, "kubectl create namespace test", token_of(first))
    second = create_app(config).test_client()
    second._cookies = first._cookies  # the same browser, a new server process
    page = soup(second.get(f"/lessons/{LESSON}"))
    assert [pre_text(e) for e in page.select("#terminal-output .output")] == ["namespace/test created\n"]


def test_a_command_that_changes_the_cluster_refreshes_the_panel_out_of_band(client):
    token = token_of(client)
    run(client, "kubectl create namespace test", token)
    run(client, "kubectl config set-context --current --namespace=test", token)
    response = run(client, "kubectl create deploy nginx --image=nginx", token)
    panel = soup(response).select_one("#cluster-panel")
    assert panel is not None and panel["hx-swap-oob"] == "true"
    assert soup(response).select_one("#hint")["hx-swap-oob"] == "true"


def test_a_failing_command_is_an_entry_with_its_exit_code(client):
    response = run(client, "kubectl frobnicate", token_of(client))
    assert response.status_code == 200
    entry = soup(response).select_one(".entry")
    assert entry["data-exit-code"] != "0" and "failed" in entry["class"]
    assert soup(response).select_one("#cluster-panel") is None  # nothing changed, no panel swap


def test_markup_in_a_command_is_shown_as_text(client):
    response = run(client, "<script>alert(1)</script>", token_of(client))
    text = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text
    assert soup(response).select_one(".entry .command").get_text() == "<script>alert(1)</script>"


def test_output_is_shown_exactly_tabs_and_all(app):
    with app.test_request_context("/"):
        html = render_template("_entry.html", entry=["$ ", "x", "A\tB\n<b>&amp;</b>\n  two  spaces\n", 0])
    assert pre_text(BeautifulSoup(html, "html.parser").select_one(".output")) == "A\tB\n<b>&amp;</b>\n  two  spaces\n"
    assert "&lt;b&gt;" in html


def test_a_multiline_command_is_echoed_with_continuation_prompts(app):
    with app.test_request_context("/"):
        html = render_template("_entry.html", entry=["$ ", "cat <<EOF\nhi\nEOF", "hi\n", 0])
    assert BeautifulSoup(html, "html.parser").select_one(".echo").get_text() == "$ cat <<EOF\n> hi\n> EOF"


def test_too_long_a_command_is_a_terminal_error_not_an_http_error(client):
    response = run(client, "x" * 20_000, token_of(client))
    assert response.status_code == 200
    assert "command too long" in soup(response).select_one(".output").get_text()


def test_oversized_body_is_413(client):
    token = token_of(client)
    response = client.post(f"/w/{LESSON}/commands", data={"command": "x" * 400_000}, headers={"X-CSRF-Token": token})
    assert response.status_code == 413


def test_invalid_utf8_never_gives_500(client):
    token = token_of(client)
    response = client.post(f"/w/{LESSON}/commands", data=b"command=%ff%fe%80&x=\xff",
                           headers={"X-CSRF-Token": token, "HX-Request": "true",
                                    "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code < 500


def test_forged_or_garbage_session_cookies_are_ignored(app, client):
    for value in ("../../etc/passwd", "A" * 32, "x" * 3000):
        client.set_cookie("kubetutor_session", value)
        assert client.get(f"/lessons/{LESSON}").status_code == 200
    assert sessions_in(app) == 0


def test_unknown_workspace_is_404(client):
    assert run(client, "ls", token_of(client), key="nope").status_code == 404


def test_completion_answers_json(client):
    response = client.get(f"/w/{LESSON}/complete?line=kubectl%20")
    assert response.status_code == 200 and isinstance(response.json["completions"], list)


def test_start_this_lesson_over(client):
    token = token_of(client)
    run(client, "kubectl create namespace test", token)
    response = client.post(f"/w/{LESSON}/restart", data={"csrf_token": token})
    assert response.status_code == 303
    page = soup(client.get(f"/lessons/{LESSON}"))
    assert page.select("#terminal-output .entry") == []


def test_reset_forgets_the_whole_session(app, client):
    token = token_of(client)
    run(client, "kubectl create namespace test", token)
    response = client.post("/reset", data={"csrf_token": token})
    assert response.status_code == 303 and "kubetutor_session=;" in response.headers["Set-Cookie"]
    assert sessions_in(app) == 0


def test_clear_empties_the_stored_scrollback(client):
    token = token_of(client)
    run(client, "kubectl create namespace test", token)
    assert client.post(f"/w/{LESSON}/clear", headers={"X-CSRF-Token": token}).status_code == 204
    assert soup(client.get(f"/lessons/{LESSON}")).select("#terminal-output .entry") == []


def test_progress_shows_on_the_lesson_list(client):
    token = token_of(client)
    run(client, "kubectl create namespace test", token)
    run(client, "kubectl config set-context --current --namespace=test", token)
    card = soup(client.get("/")).select_one(f'li[data-lesson="{LESSON}"]')
    assert card["data-progress"] == "1/4"


def test_a_failed_entry_is_marked_by_its_exit_status_not_by_its_output(client):
    token = token_of(client)
    ok = soup(run(client, "echo fine", token)).select_one(".entry")
    assert ok.select(".exit-status") == []
    failed = soup(run(client, "ls /no-such-dir", token)).select_one(".entry")
    code = failed["data-exit-code"]
    assert code not in ("", "0") and "failed" in failed["class"]
    assert failed.select_one(".echo .exit-status").get_text() == f"exit {code}"
    assert failed.select_one(".output").get("class") == ["output"]  # the text itself is styled like any output



def test_an_output_that_starts_with_a_blank_line_keeps_it(client):
    """dig's answer begins with an empty line: the <pre> gets a newline of its own for the parser to drop."""
    response = run(client, "echo; echo x", token_of(client))
    raw = response.get_data(as_text=True)
    assert '<pre class="output">\n\nx\n</pre>' in raw
    assert pre_text(soup(response).select_one(".output")) == "\nx\n"
