"""UI strings in English and Japanese, and which language a request gets.

A small dict catalog rather than Flask-Babel's gettext files: there are two languages and a few
dozen strings, the catalog needs no compile step (no .mo files to build or commit), and a test
checks that both languages define exactly the same keys.
"""
from __future__ import annotations

from flask import g, request

LANGS = ("en", "ja")
LANG_COOKIE = "kubetutor_lang"

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "app.name": "kubetutor",
        "app.tagline": "Learn Kubernetes Services by doing, in a simulated Kubernetes 1.24 cluster.",
        "nav.lessons": "Lessons",
        "nav.sandbox": "Sandbox",
        "nav.language": "Language",
        "nav.skip": "Skip to the terminal",
        "lang.switch": "日本語",
        "index.title": "Lessons",
        "index.intro": "Each lesson has its own simulated cluster. Read on the left, type on the right: "
                       "the panels show what your commands changed.",
        "index.progress": "{done} of {total} steps done",
        "index.not_started": "not started",
        "index.complete": "complete",
        "index.sandbox": "A free cluster to try anything, starting where the lessons end.",
        "index.reset": "Forget my progress (all lessons)",
        "lesson.steps": "Steps",
        "lesson.step_done": "done",
        "lesson.step_pending": "to do",
        "lesson.hint": "Hint",
        "lesson.real_work": "In real work",
        "lesson.restart": "Start this lesson over",
        "sandbox.restart": "Start the sandbox over",
        "lesson.next": "Next lesson",
        "lesson.previous": "Previous lesson",
        "lesson.all_done": "All steps done. Well done!",
        "snippet.run": "Run",
        "snippet.copy": "Copy",
        "snippet.copied": "Copied",
        "terminal.title": "Terminal",
        "terminal.input_label": "Command",
        "terminal.run": "Run",
        "terminal.keys": "Enter runs · Shift+Enter new line · ↑/↓ history · Tab completes · Ctrl+C drops the line · Ctrl+L clears · Esc, then Tab, leaves the terminal",
        "terminal.exit_status": "exit {code}",
        "terminal.too_long": "kubetutor: command too long ({length} characters; the limit is {limit})",
        "terminal.busy": "kubetutor: the session changed in another tab at the same moment; run the command again",
        "terminal.rate": "kubetutor: too many commands in a short time; wait a few seconds",
        "terminal.internal": "kubetutor: the simulator failed on this command; nothing was changed",
        "terminal.csrf": "kubetutor: this page is out of date; reload it and run the command again",
        "terminal.gone": "kubetutor: this session has expired; reload the page to start again",
        "terminal.error": "kubetutor: the server could not run this command",
        "terminal.offline": "kubetutor: no answer from the server; check the connection and try again",
        "cluster.title": "Cluster",
        "cluster.namespace": "namespace {ns}",
        "cluster.no_services": "No Services in this namespace yet.",
        "cluster.service": "Service",
        "cluster.endpoints": "Endpoints",
        "cluster.no_endpoints": "no endpoints (no ready pod matches the selector)",
        "cluster.pods": "Pods",
        "cluster.other_pods": "Pods outside any Service",
        "cluster.node": "node {node}",
        "cluster.unscheduled": "not scheduled",
        "cluster.ready": "ready",
        "cluster.not_ready": "not ready",
        "cluster.headless": "headless (ClusterIP: None)",
        "cluster.selector": "selector",
        "cluster.no_selector": "no selector",
        "chart.title": "Requests per pod",
        "chart.over_time": "Running total per pod",
        "chart.requests": "requests",
        "chart.request_number": "requests sent so far",
        "chart.direct": "direct to pod IP",
        "chart.empty": "No requests yet. Send some with curl from a pod and they are counted here.",
        "chart.table": "Counts as a table",
        "chart.pod": "Pod",
        "chart.via": "Through",
        "error.title": "Something went wrong",
        "error.back": "Back to the lessons",
        "error.400": "The request could not be understood.",
        "error.403": "This form has expired. Reload the page and try again.",
        "error.404": "There is no such page.",
        "error.405": "That method is not allowed here.",
        "error.409": "The session changed at the same moment in another tab. Try again.",
        "error.413": "The request is too large.",
        "error.429": "Too many requests. Wait a moment and try again.",
        "error.500": "The server failed. Try again in a moment.",
    },
    "ja": {
        "app.name": "kubetutor",
        "app.tagline": "シミュレートされた Kubernetes 1.24 クラスタで、Service を手を動かして学ぶ。",
        "nav.lessons": "レッスン",
        "nav.sandbox": "サンドボックス",
        "nav.language": "言語",
        "nav.skip": "ターミナルへ移動",
        "lang.switch": "English",
        "index.title": "レッスン一覧",
        "index.intro": "レッスンごとに専用のシミュレーションクラスタがあります。左で読み、右で入力すると、"
                       "コマンドで何が変わったかをパネルが示します。",
        "index.progress": "{total} ステップ中 {done} 完了",
        "index.not_started": "未着手",
        "index.complete": "完了",
        "index.sandbox": "レッスンの終わった状態から始まる、自由に試せるクラスタです。",
        "index.reset": "進捗をすべて消す（全レッスン）",
        "lesson.steps": "ステップ",
        "lesson.step_done": "完了",
        "lesson.step_pending": "未完了",
        "lesson.hint": "ヒント",
        "lesson.real_work": "実務では",
        "lesson.restart": "このレッスンを最初からやり直す",
        "sandbox.restart": "サンドボックスを最初からやり直す",
        "lesson.next": "次のレッスン",
        "lesson.previous": "前のレッスン",
        "lesson.all_done": "すべてのステップが完了しました。お疲れさまでした！",
        "snippet.run": "実行",
        "snippet.copy": "コピー",
        "snippet.copied": "コピーしました",
        "terminal.title": "ターミナル",
        "terminal.input_label": "コマンド",
        "terminal.run": "実行",
        "terminal.keys": "Enter で実行 · Shift+Enter で改行 · ↑/↓ で履歴 · Tab で補完 · Ctrl+C で行を破棄 · Ctrl+L で画面消去 · Esc の後 Tab でターミナルから移動",
        "terminal.exit_status": "終了コード {code}",
        "terminal.too_long": "kubetutor: コマンドが長すぎます（{length} 文字、上限は {limit} 文字）",
        "terminal.busy": "kubetutor: 別のタブで同時にセッションが変更されました。もう一度実行してください",
        "terminal.rate": "kubetutor: 短時間にコマンドが多すぎます。数秒待ってください",
        "terminal.internal": "kubetutor: シミュレータがこのコマンドで失敗しました。何も変更されていません",
        "terminal.csrf": "kubetutor: このページは古くなっています。再読み込みしてからもう一度実行してください",
        "terminal.gone": "kubetutor: セッションの有効期限が切れました。ページを再読み込みしてください",
        "terminal.error": "kubetutor: サーバがこのコマンドを実行できませんでした",
        "terminal.offline": "kubetutor: サーバから応答がありません。接続を確認してもう一度お試しください",
        "cluster.title": "クラスタ",
        "cluster.namespace": "名前空間 {ns}",
        "cluster.no_services": "この名前空間にはまだ Service がありません。",
        "cluster.service": "Service",
        "cluster.endpoints": "Endpoints",
        "cluster.no_endpoints": "エンドポイントなし（セレクタに合う Ready な Pod がありません）",
        "cluster.pods": "Pod",
        "cluster.other_pods": "どの Service にも選ばれていない Pod",
        "cluster.node": "ノード {node}",
        "cluster.unscheduled": "未スケジュール",
        "cluster.ready": "Ready",
        "cluster.not_ready": "未 Ready",
        "cluster.headless": "ヘッドレス（ClusterIP: None）",
        "cluster.selector": "セレクタ",
        "cluster.no_selector": "セレクタなし",
        "chart.title": "Pod ごとのリクエスト数",
        "chart.over_time": "Pod ごとの累計",
        "chart.requests": "リクエスト数",
        "chart.request_number": "送ったリクエストの累計",
        "chart.direct": "Pod IP へ直接",
        "chart.empty": "まだリクエストはありません。Pod から curl で送ると、ここで数えられます。",
        "chart.table": "表で見る",
        "chart.pod": "Pod",
        "chart.via": "経由",
        "error.title": "問題が発生しました",
        "error.back": "レッスン一覧へ戻る",
        "error.400": "リクエストを解釈できませんでした。",
        "error.403": "このフォームは期限切れです。ページを再読み込みしてやり直してください。",
        "error.404": "そのページはありません。",
        "error.405": "この方法ではアクセスできません。",
        "error.409": "別のタブで同時にセッションが変更されました。もう一度お試しください。",
        "error.413": "リクエストが大きすぎます。",
        "error.429": "リクエストが多すぎます。少し待ってからお試しください。",
        "error.500": "サーバでエラーが起きました。少し待ってからお試しください。",
    },
}


def choose_lang() -> str:
    """The language switch's cookie if set, else the browser's preference, else English."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    return request.accept_languages.best_match(LANGS, default="en") or "en"


def current_lang() -> str:
    if "lang" not in g:
        g.lang = choose_lang()
    return g.lang


def translate(key: str, lang: str | None = None, **values) -> str:
    """The UI string `key` in the request's language, with `{name}` placeholders filled."""
    text = MESSAGES[lang or current_lang()][key]
    return text.format(**values) if values else text


def chart_text(lang: str) -> dict[str, str]:
    """The chart's labels for webapp.viz.traffic_figure (no figure title: the panel heading says it)."""
    text = {name: MESSAGES[lang][f"chart.{name}"] for name in ("over_time", "requests", "request_number", "direct")}
    return {"title": "", **text}


def init_app(app) -> None:
    app.jinja_env.globals.update(_=translate, current_lang=current_lang, LANGS=LANGS)
