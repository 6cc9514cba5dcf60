"""Front-end files: the npm libraries from node_modules and our own static/ files, each under a
versioned URL with a year-long immutable cache, gzip-compressed when the browser accepts it."""
from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, url_for

bp = Blueprint("assets", __name__, url_prefix="/assets")

# The only third-party files served: npm package -> its browser build.
VENDOR = {
    "htmx": ("htmx.org", "dist/htmx.min.js"),
    "plotly": ("plotly.js-basic-dist-min", "plotly-basic.min.js"),
}
YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    mimetype: str
    etag: str


_cache: dict[Path, Asset] = {}


def _load(path: Path) -> Asset:
    asset = _cache.get(path)
    if asset is None:
        body = path.read_bytes()
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mimetype in ("text/javascript", "application/javascript"):
            mimetype = "text/javascript"
        asset = Asset(body, gzip.compress(body, 9, mtime=0), mimetype, hashlib.sha256(body).hexdigest()[:16])
        if not current_app.debug:  # development edits show up on reload
            _cache[path] = asset
    return asset


def _send(path: Path) -> Response:
    try:
        asset = _load(path)
    except OSError:
        abort(404)
    if request.if_none_match.contains(asset.etag):
        response = Response(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", "") and len(asset.body) > 512:
        response = Response(asset.gzipped, mimetype=asset.mimetype)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(asset.body, mimetype=asset.mimetype)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(asset.etag)
    return response


def _vendor_file(name: str) -> tuple[Path, str]:
    package, file = VENDOR[name]
    root = Path(current_app.config["KUBETUTOR_NODE_MODULES"]) / package
    try:
        version = json.loads((root / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        version = "missing"
    return root / file, version


def vendor_url(name: str) -> str:
    """URL of an npm library's browser build; the version in the path makes the long cache safe."""
    _, version = _vendor_file(name)
    return url_for("assets.vendor", name=name, version=version)


def static_url(filename: str) -> str:
    """URL of one of our static/ files, with its content hash in the path."""
    path = Path(current_app.static_folder) / filename
    try:
        digest = _load(path).etag[:10]
    except OSError:
        digest = "missing"
    return url_for("assets.static_file", digest=digest, filename=filename)


@bp.get("/vendor/<name>/<version>.js")
def vendor(name: str, version: str):
    if name not in VENDOR:
        abort(404)
    path, real_version = _vendor_file(name)
    if version != real_version:
        abort(404)
    return _send(path)


@bp.get("/<digest>/<path:filename>")
def static_file(digest: str, filename: str):
    root = Path(current_app.static_folder).resolve()
    try:
        path = (root / filename).resolve()
        inside = root in path.parents and path.is_file()
    except (ValueError, OSError):  # a NUL byte or an over-long name in the URL: no such file
        inside = False
    if not inside:
        abort(404)
    return _send(path)


def init_app(app) -> None:
    app.jinja_env.globals.update(vendor_url=vendor_url, static_url=static_url)
