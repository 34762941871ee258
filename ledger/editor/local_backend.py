"""The form editor's local backend, served by the tool itself: `python -m ledger edit` needs no npm registry.

Decap CMS in local mode (`local_backend` in admin/config.yml) reads and writes the unit's files through a small
HTTP API on this computer: every request is a POST to /api/v1 with a JSON body {"action": …, "params": …}. This
is the protocol of Decap's own `decap-server` (npm, MODE=fs: files written, nothing committed), answered the same
way, action by action: info, entriesByFolder, entriesByFiles, getEntry, persistEntry, getMedia, getMediaFile,
persistMedia, deleteFile, deleteFiles, getDeployPreview. Like decap-server it listens on 127.0.0.1 only, answers
pages from localhost / 127.0.0.1 alone (CORS), has no login, and refuses any path outside the project folder
(and inside .git/).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

API_PATH = "/api/v1"
HOST = "127.0.0.1"
MAX_BODY = 50 * 1024 * 1024  # decap-server's JSON limit (50 MB): an evidence file up to that size, base64-encoded
LOCAL_ORIGIN = re.compile(r"^https?://(localhost|127\.0\.0\.1)(:\d+)?$")


class PathRefused(ValueError):
    """A path the editor may not read or write (outside the project, or inside .git/)."""


class LocalFiles:
    """The project's files as Decap's local backend sees them (paths relative to the project, with "/")."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()

    def resolve(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if path != self.root and self.root not in path.parents:
            raise PathRefused(f"路径不在项目文件夹内：{relative}")
        if ".git" in path.relative_to(self.root).parts:
            raise PathRefused(f"不能读写 .git 里的文件：{relative}")
        return path

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def list_files(self, folder: str, extension: str, depth: int) -> list[str]:
        """Files under folder down to depth levels (1: the folder's own files) whose names end with extension."""
        try:
            start = self.resolve(folder)
        except PathRefused:
            raise
        found: list[str] = []

        def walk(directory: Path, levels: int) -> None:
            if levels <= 0 or not directory.is_dir():
                return
            for entry in sorted(directory.iterdir()):
                if entry.is_dir():
                    walk(entry, levels - 1)
                elif entry.name.endswith(extension):
                    found.append(self._relative(entry))

        walk(start, depth)
        return found

    def entry(self, relative: str, label: str | None = None) -> dict:
        file: dict = {"path": relative.replace("\\", "/")}
        if label is not None:
            file["label"] = label
        try:
            content = self.resolve(relative).read_bytes()
        except (OSError, PathRefused):
            return {"data": None, "file": {**file, "id": None}}
        return {"data": content.decode("utf-8"), "file": {**file, "id": hashlib.sha256(content).hexdigest()}}

    def media(self, relative: str) -> dict:
        content = self.resolve(relative).read_bytes()
        return {"id": hashlib.sha256(content).hexdigest(), "content": base64.b64encode(content).decode("ascii"),
                "encoding": "base64", "path": relative.replace("\\", "/"), "name": Path(relative).name}

    def write(self, relative: str, content: bytes) -> None:
        path = self.resolve(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    def delete(self, relative: str) -> None:
        self.resolve(relative).unlink(missing_ok=True)

    def move(self, old: str, new: str) -> None:
        source, target = self.resolve(old), self.resolve(new)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)


def _decoded(asset: dict) -> bytes:
    content = asset["content"]
    return base64.b64decode(content) if asset.get("encoding") == "base64" else content.encode("utf-8")


def answer(files: LocalFiles, body: dict) -> tuple[int, object]:
    """(HTTP status, JSON answer) for one request of Decap's local backend protocol."""
    action, params = body.get("action"), body.get("params") or {}
    if action == "info":
        return 200, {"repo": files.root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        paths = files.list_files(params["folder"], params.get("extension", ""), int(params.get("depth", 1)))
        return 200, [files.entry(path) for path in paths]
    if action == "entriesByFiles":
        return 200, [files.entry(item["path"], item.get("label")) for item in params["files"]]
    if action == "getEntry":
        return 200, files.entry(params["path"])
    if action == "persistEntry":
        data_files = params.get("dataFiles") or [params["entry"]]
        for item in data_files:
            files.write(item["path"], item["raw"].encode("utf-8"))
        for asset in params.get("assets") or []:
            files.write(asset["path"], _decoded(asset))
        if all(item.get("newPath") for item in data_files):
            for item in data_files:
                files.move(item["path"], item["newPath"])
        return 200, {"message": "entry persisted"}
    if action == "getMedia":
        return 200, [files.media(path) for path in files.list_files(params["mediaFolder"], "", 1)]
    if action == "getMediaFile":
        return 200, files.media(params["path"])
    if action == "persistMedia":
        asset = params["asset"]
        files.write(asset["path"], _decoded(asset))
        return 200, files.media(asset["path"])
    if action == "deleteFile":
        files.delete(params["path"])
        return 200, {"message": f"deleted file {params['path']}"}
    if action == "deleteFiles":
        for path in params["paths"]:
            files.delete(path)
        return 200, {"message": f"deleted files {', '.join(params['paths'])}"}
    if action == "getDeployPreview":
        return 200, None
    return 422, {"error": f"Unknown action {action}"}


class _Handler(BaseHTTPRequestHandler):
    files: LocalFiles  # set on the subclass made by make_server
    server_version = "ledger-local-backend"

    def log_message(self, format, *args):  # quiet, as decap-server with LOG_LEVEL=warn
        pass

    def _cors(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is None:
            return True
        if not LOCAL_ORIGIN.match(origin):
            return False
        self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Vary", "Origin")
        return True

    def _reply(self, status: int, payload: object) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_OPTIONS(self):  # the browser's preflight for a JSON POST from the preview's origin
        self.send_response(204)
        if self._cors():
            self.send_header("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
            self.send_header("Access-Control-Allow-Headers", self.headers.get("Access-Control-Request-Headers", ""))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        if self.path.split("?")[0] != API_PATH:
            return self._reply(404, {"error": f"Cannot POST {self.path}"})
        origin = self.headers.get("Origin")
        if origin is not None and not LOCAL_ORIGIN.match(origin):
            return self._reply(403, {"error": "only pages on localhost may use the local backend"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._reply(413, {"error": "request entity too large"})
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            status, payload = answer(self.files, body)
        except PathRefused as exc:
            status, payload = 422, {"error": str(exc)}
        except (KeyError, TypeError, ValueError, OSError, AttributeError):
            status, payload = 500, {"error": "Unknown error"}
        self._reply(status, payload)


def make_server(root: str | Path, port: int) -> ThreadingHTTPServer:
    """The local backend for the project at root on 127.0.0.1:port (not started)."""
    handler = type("LocalBackendHandler", (_Handler,), {"files": LocalFiles(root)})
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server


def start(root: str | Path, port: int) -> ThreadingHTTPServer:
    """make_server, serving in a background thread; stop with server.shutdown()."""
    server = make_server(root, port)
    threading.Thread(target=server.serve_forever, name="ledger-local-backend", daemon=True).start()
    return server
