"""The terminal in real Chromium against the real (gunicorn) server."""
from __future__ import annotations

import re

LESSON = "what-is-a-service"


def open_lesson(page, server, slug=LESSON):
    page.goto(f"{server.url}/lessons/{slug}")
    page.wait_for_function("() => window.htmx !== undefined")


def test_typing_a_command_shows_its_output(page, terminal, server):
    open_lesson(page, server)
    assert terminal.run("kubectl create namespace test") == "namespace/test created\n"
    assert page.locator("#terminal-input").input_value() == ""
    assert page.evaluate("document.activeElement.id") == "terminal-input"


def test_markup_typed_is_shown_as_text(page, terminal, server):
    open_lesson(page, server)
    terminal.run("echo '<b>bold</b>'")
    assert page.locator("#terminal-output b").count() == 0
    assert "<b>bold</b>" in page.locator("#terminal-output .entry .command").last.text_content()


def test_clicking_a_snippet_runs_it(page, terminal, server):
    open_lesson(page, server)
    snippet = page.locator("pre.command[data-command]").first
    command = snippet.get_attribute("data-command")
    before = terminal.entries()
    page.locator(".snippet-run").first.click()
    terminal.wait_entry(before)
    assert page.locator("#terminal-output .entry .command").last.text_content() == command


def test_history_recall_and_ctrl_c_and_ctrl_l(page, terminal, server):
    open_lesson(page, server)
    terminal.run("kubectl create namespace test")
    box = page.locator("#terminal-input")
    box.press("ArrowUp")
    assert box.input_value() == "kubectl create namespace test"
    box.press("Control+c")
    assert box.input_value() == ""
    assert page.locator("#terminal-output .entry .command").last.text_content().endswith("^C")
    box.press("Control+l")
    assert terminal.entries() == 0


def test_reload_and_server_restart_keep_the_session(page, terminal, server):
    open_lesson(page, server)
    terminal.run("kubectl create namespace test")
    page.reload()
    assert terminal.entries() == 1
    server.restart()
    page.reload()
    assert page.locator("#terminal-output .entry .output").first.text_content() == "namespace/test created\n"
    terminal.run("kubectl config set-context --current --namespace=test")
    assert page.locator('[data-step-status="done"]').count() == 1


def test_the_cluster_panel_follows_the_cluster(page, terminal, server):
    open_lesson(page, server)
    for line in ("kubectl create namespace test", "kubectl config set-context --current --namespace=test",
                 "kubectl create deploy nginx --image=nginx", "kubectl expose deploy nginx --port=80 --target-port=80"):
        terminal.run(line)
    service = page.locator('#cluster-panel .service[data-service="nginx"]')
    service.wait_for()
    assert re.fullmatch(r"10\.\d+\.\d+\.\d+", service.get_attribute("data-cluster-ip"))
    page.locator('#cluster-panel .service[data-service="nginx"] .pod[data-status="Running"]').wait_for(timeout=30_000)
    page.locator('#cluster-panel .service[data-service="nginx"] .endpoint.ready').wait_for(timeout=30_000)


def test_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server.url}/lessons/{LESSON}")
    page.fill("#terminal-input", "kubectl create namespace test")
    page.click("#terminal-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#terminal-output .entry .output").last.text_content() == "namespace/test created\n"
    context.close()


def test_language_switch_sticks(page, server):
    page.goto(server.url + "/")
    page.locator("form.lang button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ja"
    page.goto(f"{server.url}/lessons/{LESSON}")
    assert page.locator("html").get_attribute("lang") == "ja"


def test_the_chart_draws_one_bar_per_pod_after_scaling_and_a_curl_loop(page, terminal, server):
    open_lesson(page, server, "scaling-spreads-the-load")
    terminal.run("kubectl scale deploy nginx --replicas=2")
    page.wait_for_timeout(100)
    for _ in range(30):  # the new pod needs a few simulated seconds to become Ready
        if "2/2" in terminal.run("kubectl get deploy nginx"):
            break
        page.wait_for_timeout(1000)
    terminal.run("kubectl exec -it deploy/debugger -- sh")
    assert terminal.prompt() != "$ "
    terminal.run("for i in $(seq 1 40); do curl -s nginx > /dev/null; done")
    page.wait_for_function("() => document.querySelector('#traffic-chart').dataset.drawn === 'true'")
    bars = page.locator("#traffic-chart .plot .bars .point")
    assert bars.count() == 2
    counts = [int(c) for c in page.locator("#traffic-chart tbody td.count").all_text_contents()]
    assert len(counts) == 2 and sum(counts) == 40
    # the running totals: one line per pod, named in the legend, in the colour of that pod's bar
    assert page.locator("#traffic-chart .plot .legend .traces").count() == 2
    bar_fills = page.locator("#traffic-chart .plot .bars .point path").evaluate_all(
        "paths => paths.map((p) => getComputedStyle(p).fill)")
    line_strokes = page.locator("#traffic-chart .plot .scatterlayer .js-line").evaluate_all(
        "paths => paths.map((p) => getComputedStyle(p).stroke)")
    assert bar_fills == line_strokes and len(set(bar_fills)) == 2


def overflow_report(page) -> dict:
    """How far right the input box, the panels and the document reach, against the viewport's width."""
    return page.evaluate("""() => {
      const right = (sel) => Math.max(...[...document.querySelectorAll(sel)].map((el) => el.getBoundingClientRect().right));
      return {viewport: window.innerWidth, page: document.documentElement.scrollWidth,
              input: right('#terminal-input'), panels: right('.workbench > *')};
    }""")


def test_a_wide_output_line_scrolls_inside_the_terminal_only(page, terminal, server):
    open_lesson(page, server)
    terminal.run("echo " + "x" * 300)
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        report = overflow_report(page)
        assert report["page"] <= width and report["input"] <= width and report["panels"] <= width, (width, report)
        wide = page.locator("#terminal-output .entry .output").last
        assert wide.evaluate("el => el.scrollWidth > el.clientWidth")  # the line itself scrolls sideways


def test_a_failed_commands_output_keeps_the_normal_colour(page, terminal, server):
    open_lesson(page, server)
    terminal.run("echo fine")
    terminal.run("ls /no-such-dir")
    ok, failed = page.locator("#terminal-output .entry").nth(-2), page.locator("#terminal-output .entry").last
    colour = "el => getComputedStyle(el).color"
    assert failed.get_attribute("data-exit-code") != "0"
    assert failed.locator(".output").evaluate(colour) == ok.locator(".output").evaluate(colour)
    assert failed.locator(".exit-status").is_visible() and ok.locator(".exit-status").count() == 0


def test_on_a_phone_a_snippets_answer_is_brought_into_view(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    page = context.new_page()
    open_lesson(page, server)
    run_button = page.locator(".snippet-run").first
    run_button.scroll_into_view_if_needed()
    assert not page.locator("#terminal-output").is_visible() or page.evaluate(
        "() => document.querySelector('#terminal-form').getBoundingClientRect().top > innerHeight")
    before = page.locator("#terminal-output .entry").count()
    run_button.click()
    page.wait_for_function("""n => {
      const entries = document.querySelectorAll('#terminal-output .entry');
      const r = entries.length > n && entries[entries.length - 1].getBoundingClientRect();
      return r && r.top >= 0 && r.bottom <= innerHeight; }""", arg=before)
    context.close()


def test_on_a_desktop_a_snippet_leaves_the_page_where_it_is(page, terminal, server):
    open_lesson(page, server)
    run_button = page.locator(".snippet-run").nth(1)
    run_button.scroll_into_view_if_needed()
    scrolled = page.evaluate("scrollY")
    before = terminal.entries()
    run_button.click()
    terminal.wait_entry(before)
    page.wait_for_timeout(300)
    assert page.evaluate("scrollY") == scrolled


def test_escape_releases_the_keyboard_from_the_terminal(page, server):
    open_lesson(page, server)
    box = page.locator("#terminal-input")
    box.click()
    box.fill("kub")
    box.press("Escape")
    assert page.evaluate("document.activeElement.matches('#terminal-form button[type=submit]')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") != "terminal-input"
    assert box.input_value() == "kub"  # nothing was completed on the way out
