"""The `kubetutor` command: serve the app, a terminal in your terminal, lesson checks."""
from __future__ import annotations

import argparse
import json
import os
import secrets
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kubetutor", description="Learn Kubernetes Services by doing.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web app (SQLite store by default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=None, help="worker processes (default: cores + 1)")
    serve.add_argument("--dev", action="store_true", help="Flask's reloading development server")
    shell = sub.add_parser("shell", help="the simulated terminal in your own terminal")
    shell.add_argument("--seed", type=int, default=None)
    shell.add_argument("--lesson", default=None, help="start from a lesson's start state")
    shell.add_argument("--json", action="store_true", help="JSON lines in and out (for tools and tests)")
    lessons = sub.add_parser("lessons", help="lesson tools")
    lessons.add_argument("action", choices=["check"])
    args = parser.parse_args(argv)
    if args.command == "serve":
        from webapp.web import dev_server, serve as run_server
        if args.dev:
            return dev_server(args.host, args.port) or 0
        return run_server(args.host, args.port, workers=args.workers) or 0
    if args.command == "shell":
        return run_shell(args.seed, args.lesson, args.json)
    if args.command == "lessons":
        from webapp.tutorial import check_all
        return check_all(sys.stdout)
    return 2


def _new_terminal(seed: int, lesson: str | None):
    from webapp.cluster.clock import SystemClock
    if lesson:
        from webapp.tutorial import Workspace
        return Workspace.new(lesson, seed, SystemClock())
    from webapp.shell.terminal import Terminal
    return Terminal.new(seed, SystemClock())


def run_shell(seed: int | None, lesson: str | None, as_json: bool) -> int:
    seed = seed if seed is not None else secrets.randbelow(2**31)
    if lesson:
        from webapp.tutorial import load_lessons
        slugs = [item.slug for item in load_lessons()]
        if lesson not in slugs:
            sys.stderr.write(f"kubetutor: no lesson {lesson!r}; the lessons are: {', '.join(slugs)}\n")
            return 2
    session = _new_terminal(seed, lesson)
    terminal = getattr(session, "terminal", session)
    if as_json:
        return _json_loop(session, terminal)
    return _repl(session, terminal)


def _json_loop(session, terminal) -> int:
    for raw in sys.stdin:
        raw = raw.strip()
        if not raw:
            continue
        try:
            request = json.loads(raw)
        except ValueError:
            answer = {"error": "bad JSON"}
        else:
            if not isinstance(request, dict):
                answer = {"error": "expected a JSON object"}
            elif "traffic" in request:
                answer = terminal.traffic()
            elif isinstance(request.get("command"), str):
                answer = session.run(request["command"]).to_api()
            else:
                answer = {"error": "missing command"}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _repl(session, terminal) -> int:
    try:
        import readline  # noqa: F401  (line editing and history for input())
    except ImportError:
        pass
    prompt = terminal.prompt()
    while True:
        try:
            line = input(prompt)
        except EOFError:
            print()
            return 0
        except KeyboardInterrupt:
            print("^C")
            continue
        result = session.run(line)
        if result.clear:
            sys.stdout.write("\033[H\033[2J")
        sys.stdout.write(result.output)
        sys.stdout.flush()
        prompt = result.prompt


if __name__ == "__main__":
    sys.exit(main())
