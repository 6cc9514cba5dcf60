"""Pages: the lesson list, lesson pages, the sandbox, languages, assets and response headers."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from webapp.web.i18n import MESSAGES

from _html import soup

ROOT = Path(__file__).resolve().parent.parent


def lessons(app):
    return [lesson for lesson in app.extensions["kubetutor"].lessons() if lesson.kind != "sandbox"]


def test_index_lists_every_lesson_in_order_without_creating_a_session(app, client):
    response = client.get("/")
    assert response.status_code == 200
    cards = soup(response).select("li.lesson-card")
    assert [c["data-lesson"] for c in cards] == [lesson.slug for lesson in lessons(app)]
    assert len(cards) == 6
    assert all(c["data-progress"].startswith("0/") for c in cards)
    assert "kubetutor_session" not in response.headers.get("Set-Cookie", "")
    store = app.extensions["kubetutor"].store
    assert store._db().execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


@pytest.mark.parametrize("index", range(6))
def test_every_lesson_page_has_the_stable_hooks(app, client, index):
    lesson = lessons(app)[index]
    page = soup(client.get(f"/lessons/{lesson.slug}"))
    for hook in ("#terminal-input", "#terminal-output", "#cluster-panel", "#traffic-chart"):
        assert page.select_one(hook) is not None, hook
    statuses = [li["data-step-status"] for li in page.select("[data-step-status]")]
    assert statuses == ["pending"] * len(lesson.steps)
    form = page.select_one("form#terminal-form")
    assert form["method"] == "post" and form.select_one("textarea#terminal-input")["name"] == "command"
    assert page.select_one("#terminal-prompt").get_text() == "$ "


def test_sandbox_page(client):
    response = client.get("/sandbox")
    assert response.status_code == 200
    assert soup(response).select_one("#terminal-input") is not None


def test_unknown_lesson_is_a_404_page(client):
    response = client.get("/lessons/no-such-lesson")
    assert response.status_code == 404
    assert soup(response).select_one("h1").get_text().startswith("Something went wrong")


def test_browser_language_decides_until_the_switch_is_used(client):
    ja = soup(client.get("/", headers={"Accept-Language": "ja,en;q=0.5"}))
    assert ja.html["lang"] == "ja" and ja.select_one("h1").get_text() == MESSAGES["ja"]["index.title"]
    en = soup(client.get("/", headers={"Accept-Language": "en-US"}))
    assert en.html["lang"] == "en"
    token = en.select_one("form.lang input[name=csrf_token]")["value"]
    response = client.post("/lang", data={"lang": "ja", "csrf_token": token, "next": "/sandbox"})
    assert response.status_code == 303 and response.headers["Location"] == "/sandbox"
    assert "kubetutor_lang=ja" in response.headers["Set-Cookie"]
    again = soup(client.get("/", headers={"Accept-Language": "en-US"}))
    assert again.html["lang"] == "ja"


def test_language_switch_never_redirects_off_site(client):
    token = soup(client.get("/")).select_one("form.lang input[name=csrf_token]")["value"]
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post("/lang", data={"lang": "en", "csrf_token": token, "next": target})
        assert response.headers["Location"] == "/"


def test_language_switch_rejects_unknown_languages_and_missing_token(client):
    token = soup(client.get("/")).select_one("form.lang input[name=csrf_token]")["value"]
    assert client.post("/lang", data={"lang": "fr", "csrf_token": token}).status_code == 400
    assert client.post("/lang", data={"lang": "ja"}).status_code == 403


def test_lesson_text_is_in_the_chosen_language(app, client):
    lesson = lessons(app)[0]
    page = soup(client.get(f"/lessons/{lesson.slug}", headers={"Accept-Language": "ja"}))
    assert page.select_one("#lesson-title").get_text().endswith(lesson.title("ja"))


def test_both_languages_define_the_same_strings():
    assert MESSAGES["en"].keys() == MESSAGES["ja"].keys()
    for key in MESSAGES["en"]:
        assert re.findall(r"{\w+}", MESSAGES["en"][key]) == re.findall(r"{\w+}", MESSAGES["ja"][key]) or \
            sorted(re.findall(r"{\w+}", MESSAGES["en"][key])) == sorted(re.findall(r"{\w+}", MESSAGES["ja"][key])), key


def test_templates_use_only_defined_strings():
    used = set()
    for template in (ROOT / "templates").glob("*.html"):
        used |= set(re.findall(r"""_\(\s*["']([\w.]+)["']""", template.read_text()))
    assert used and used <= MESSAGES["en"].keys(), used - MESSAGES["en"].keys()


def test_pages_have_no_inline_scripts_and_a_strict_csp(app, client):
    for url in ("/", f"/lessons/{lessons(app)[3].slug}", "/sandbox"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        for script in soup(response).find_all("script"):
            assert script.get("src") or script.get("type") == "application/json", script
        assert not soup(response).find(attrs={"onclick": True})
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_htmx_is_served_from_node_modules_with_long_cache_and_gzip(client):
    page = soup(client.get("/"))
    src = [s["src"] for s in page.find_all("script", src=True) if "/vendor/htmx/" in s["src"]]
    assert src == ["/assets/vendor/htmx/2.0.11.js"]
    response = client.get(src[0], headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    body = gzip.decompress(response.data)
    assert body == (ROOT / "node_modules/htmx.org/dist/htmx.min.js").read_bytes()
    again = client.get(src[0], headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_plotly_is_only_named_on_pages_with_a_chart(app, client):
    index = client.get("/").get_data(as_text=True)
    assert "plotly" not in index
    lesson = soup(client.get(f"/lessons/{lessons(app)[3].slug}"))
    src = lesson.select_one("#traffic-chart")["data-plotly-src"]
    assert src == "/assets/vendor/plotly/4.1.1.js"
    assert not [s for s in lesson.find_all("script", src=True) if "plotly" in s["src"]]
    assert client.get(src).status_code == 200


def test_wrong_vendor_version_or_name_is_404(client):
    assert client.get("/assets/vendor/htmx/1.0.0.js").status_code == 404
    assert client.get("/assets/vendor/left-pad/1.0.0.js").status_code == 404


def test_own_static_files_are_content_addressed(client):
    page = soup(client.get("/"))
    css = page.select_one("link[rel=stylesheet]")["href"]
    assert re.fullmatch(r"/assets/[0-9a-f]{10}/css/app\.css", css)
    response = client.get(css)
    assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
    assert client.get("/assets/0000000000/../webapp/web/config.py").status_code == 404


def test_html_is_compressed_when_the_browser_accepts_gzip(app, client):
    response = client.get(f"/lessons/{lessons(app)[0].slug}", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"terminal-input" in gzip.decompress(response.data)


def test_the_skip_link_is_only_on_pages_with_a_terminal(app, client):
    lesson_page = soup(client.get(f"/lessons/{lessons(app)[0].slug}"))
    [skip] = lesson_page.select("a.skip")
    assert skip["href"] == "#terminal-input" and lesson_page.select_one(skip["href"]) is not None
    for url in ("/", "/lessons/no-such-lesson"):
        page = soup(client.get(url))
        assert page.select_one("#terminal-input") is None and page.select("a.skip") == [], url


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_key_help_says_how_to_leave_the_terminal(client, lang):
    page = soup(client.get("/lessons/what-is-a-service", headers={"Accept-Language": lang}))
    keys = page.select_one(".terminal .keys").get_text()
    assert keys == MESSAGES[lang]["terminal.keys"] and "Esc" in keys and "Tab" in keys
