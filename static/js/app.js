// The in-page terminal: Enter runs (through htmx, one command at a time, in order), history with
// Up/Down, Tab completion, Esc hands focus on, Ctrl+C drops the line, Ctrl+L clears, snippets run on click.
(() => {
  "use strict";
  const MAX_ENTRIES = 400;  // bounded scrollback in the page (the server keeps its own bound)
  const FOCUSABLE = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select, textarea, '
                  + 'summary, [tabindex]:not([tabindex="-1"])';
  const ONE_COLUMN = window.matchMedia("(max-width: 960px)");  // the phone layout of app.css: prose above the terminal
  const REDUCED_MOTION = window.matchMedia("(prefers-reduced-motion: reduce)");

  // Tab completes inside the terminal, so Esc is the keyboard's way out: on to the next focusable element
  function releaseFocus(from) {
    const later = [...document.querySelectorAll(FOCUSABLE)].find((el) => !from.contains(el) && el.getClientRects().length
      && (from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
    if (later) later.focus(); else from.blur();
  }

  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  };

  function entry(promptText, line, text, failed) {
    const div = document.createElement("div");
    div.className = failed ? "entry failed local" : "entry local";
    const echo = document.createElement("pre");
    echo.className = "echo";
    const p = document.createElement("span");
    p.className = "prompt";
    p.textContent = promptText;
    const c = document.createElement("span");
    c.className = "command";
    c.textContent = line.split("\n").join("\n> ");
    echo.append(p, c);
    div.append(echo);
    if (text) {
      const out = document.createElement("pre");
      out.className = "output";
      out.textContent = text;
      div.append(out);
    }
    return div;
  }

  function commonPrefix(words) {
    let prefix = words[0] || "";
    for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
    return prefix;
  }

  function setupTerminal() {
    const form = document.getElementById("terminal-form");
    if (!form) return null;
    const input = document.getElementById("terminal-input");
    const output = document.getElementById("terminal-output");
    const section = form.closest(".terminal");
    const historyData = document.getElementById("terminal-history");
    const history = historyData ? JSON.parse(historyData.textContent) : [];
    let cursor = history.length, draft = "", running = false, stick = true, reveal = false;
    const queue = [];

    const prompt = () => (document.getElementById("terminal-prompt") || {}).textContent || "$ ";
    const nearBottom = () => output.scrollHeight - output.scrollTop - output.clientHeight < 40;
    const toBottom = () => { output.scrollTop = output.scrollHeight; };
    const autosize = () => {
      input.style.height = "auto";
      input.style.height = Math.min(input.scrollHeight, 240) + "px";
    };
    const trim = () => { while (output.children.length > MAX_ENTRIES) output.firstElementChild.remove(); };
    const say = (line, text) => { output.append(entry(prompt(), line, text, true)); trim(); toBottom(); };

    // on one column a snippet's Run is far above the terminal: show its answer, unless the reader scrolls meanwhile
    const revealAnswer = () => {
      reveal = false;
      const last = output.lastElementChild;
      if (!ONE_COLUMN.matches || !last || (inView(last) && inView(form))) return;
      section.scrollIntoView({ block: "end", behavior: REDUCED_MOTION.matches ? "auto" : "smooth" });
    };
    for (const type of ["wheel", "touchmove", "keydown"]) {
      window.addEventListener(type, () => { reveal = false; }, { passive: true });
    }

    output.addEventListener("scroll", () => { stick = nearBottom(); });
    document.body.addEventListener("htmx:afterSettle", (ev) => {
      trim();
      if (stick) toBottom();
      if (reveal && ev.target === output) revealAnswer();
    });
    document.body.addEventListener("htmx:responseError", (ev) => {
      const status = ev.detail.xhr.status;
      if (ev.detail.target === output) say("", status === 403 ? section.dataset.msgCsrf : section.dataset.msgError + " (" + status + ")");
    });
    document.body.addEventListener("htmx:sendError", (ev) => {
      if (ev.detail.target === output) say("", section.dataset.msgOffline);
    });

    async function pump() {
      if (running) return;
      running = true;
      while (queue.length) {
        const line = queue.shift();
        stick = true;
        try {
          await htmx.ajax("POST", form.action, {
            source: output, target: output, swap: "beforeend",
            values: { command: line, csrf_token: form.elements.csrf_token.value },
          });
        } catch (err) {
          say(line, section.dataset.msgOffline);
        }
      }
      running = false;
    }

    // `fromSnippet`: the line came from a snippet's Run, not from typing in the terminal
    function run(line, fromSnippet = false) {
      if (line.trim() && history[history.length - 1] !== line) history.push(line);
      if (history.length > 500) history.shift();
      cursor = history.length;
      draft = "";
      queue.push(line);
      if (fromSnippet) reveal = true;
      input.value = "";
      autosize();
      pump();
    }

    function recall(step) {
      if (!history.length) return;
      if (cursor === history.length) draft = input.value;
      cursor = Math.max(0, Math.min(history.length, cursor + step));
      input.value = cursor === history.length ? draft : history[cursor];
      autosize();
      input.setSelectionRange(input.value.length, input.value.length);
    }

    async function complete() {
      const caret = input.selectionStart;
      const before = input.value.slice(0, caret), after = input.value.slice(caret);
      let answer;
      try {
        const res = await fetch(section.dataset.completeUrl + "?line=" + encodeURIComponent(before),
                                { headers: { Accept: "application/json" }, credentials: "same-origin" });
        answer = (await res.json()).completions || [];
      } catch (err) {
        return;
      }
      if (!answer.length) return;
      const word = before.match(/[^\s]*$/)[0];
      // a candidate is either the whole line so far, completed, or the word under the caret, completed
      const full = answer.every((c) => c.startsWith(before));
      const words = full ? answer.map((c) => c.slice(before.length - word.length)) : answer;
      const common = commonPrefix(words);
      let insert = common.length > word.length ? common : word;
      if (words.length === 1 && !/[\/=:]$/.test(insert)) insert += " ";
      if (insert !== word) {
        input.value = before.slice(0, before.length - word.length) + insert + after;
        const pos = before.length - word.length + insert.length;
        input.setSelectionRange(pos, pos);
        autosize();
      } else if (words.length > 1) {
        output.append(entry(prompt(), input.value, words.join("  "), false));
        trim();
        toBottom();
      }
    }

    form.addEventListener("submit", (ev) => { ev.preventDefault(); run(input.value); });
    input.addEventListener("input", autosize);
    input.addEventListener("keydown", (ev) => {
      if (ev.isComposing) return;  // an IME is composing Japanese text: Enter confirms it, not the line
      const v = input.value, at = input.selectionStart;
      if (ev.key === "Enter" && !ev.shiftKey) {
        ev.preventDefault();
        run(v);
      } else if (ev.key === "ArrowUp" && !v.slice(0, at).includes("\n")) {
        ev.preventDefault();
        recall(-1);
      } else if (ev.key === "ArrowDown" && !v.slice(at).includes("\n")) {
        ev.preventDefault();
        recall(1);
      } else if (ev.key === "Tab" && !ev.shiftKey) {
        ev.preventDefault();
        complete();
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        releaseFocus(input);
      } else if (ev.ctrlKey && (ev.key === "c" || ev.key === "C") && input.selectionStart === input.selectionEnd) {
        ev.preventDefault();
        if (prompt() === "> ") {  // the server holds an unfinished construct: drop it there
          queue.push("\x03");
          pump();
        } else {
          output.append(entry(prompt(), v + "^C", "", false));
        }
        input.value = "";
        cursor = history.length;
        autosize();
        trim();
        toBottom();
      } else if (ev.ctrlKey && (ev.key === "l" || ev.key === "L")) {
        ev.preventDefault();
        output.replaceChildren();
        fetch(section.dataset.clearUrl, { method: "POST", credentials: "same-origin",
          headers: { "X-CSRF-Token": form.elements.csrf_token.value } });
      }
    });
    toBottom();
    return { run, input };
  }

  function setupSnippets(terminal) {
    const msgs = document.querySelector(".terminal");
    for (const pre of document.querySelectorAll("pre.command[data-command]")) {
      const bar = document.createElement("div");
      bar.className = "snippet-actions";
      const runButton = document.createElement("button");
      runButton.type = "button";
      runButton.className = "snippet-run";
      runButton.textContent = msgs ? msgs.dataset.msgRun : "Run";
      const copyButton = document.createElement("button");
      copyButton.type = "button";
      copyButton.className = "snippet-copy";
      copyButton.textContent = msgs ? msgs.dataset.msgCopy : "Copy";
      bar.append(runButton, copyButton);
      pre.after(bar);
      if (terminal) {
        const go = () => { terminal.run(pre.dataset.command, true); };
        runButton.addEventListener("click", go);
        pre.addEventListener("click", () => { if (!String(window.getSelection())) go(); });
        pre.classList.add("runnable");
      } else {
        runButton.hidden = true;
      }
      copyButton.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(pre.dataset.command);
          copyButton.textContent = msgs ? msgs.dataset.msgCopied : "Copied";
        } catch (err) {
          window.getSelection().selectAllChildren(pre);
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const terminal = setupTerminal();
    setupSnippets(terminal);
  });
})();
