"""A small web site on 127.0.0.1 for fetch and archive tests: the remote web, mocked for real.

Pages are set per test (``site.pages[path] = Page(...)``); a few paths behave
specially: ``/redirect?to=URL`` redirects, ``/chain/N`` redirects N times,
``/loop`` redirects in a circle, ``/drip`` sends a byte every 0.2 s and
``/hang`` sends its headers and then nothing.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    send_length: bool = True
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Site:
    server: ThreadingHTTPServer
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[dict] = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _redirect(self, location: str):
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            parts = urlsplit(self.path)
            site.requests.append({"path": self.path, "headers": dict(self.headers)})
            if parts.path == "/redirect":
                return self._redirect(parse_qs(parts.query)["to"][0])
            if parts.path.startswith("/chain/"):
                left = int(parts.path.rsplit("/", 1)[1])
                return self._redirect(f"/chain/{left - 1}" if left else "/page")
            if parts.path in ("/loop", "/loop-back"):
                return self._redirect("/loop-back" if parts.path == "/loop" else "/loop")
            if parts.path in ("/drip", "/hang"):
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                for _ in range(100):
                    try:
                        if parts.path == "/drip":
                            self.wfile.write(b"x")
                            self.wfile.flush()
                    except OSError:  # the client gave up, as it should
                        return None
                    time.sleep(0.2)
                return None
            page = site.pages.get(parts.path)
            if page is None:
                page = Page(b"<html><body><h1>Not found</h1></body></html>", status=404)
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            if page.send_length:
                self.send_header("Content-Length", str(len(page.body)))
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(page.body)
            return None

    return Handler


def start_site() -> Site:
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    server.daemon_threads = True
    site = Site(server)
    server.RequestHandlerClass = _handler(site)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return site


def stop_site(site: Site) -> None:
    site.server.shutdown()
    site.server.server_close()
