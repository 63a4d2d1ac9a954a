"""A PDF fetches nothing but the portal's own assets: markup and text pointing at http, https,
file and data addresses leave a listening server untouched and put no outside file in the PDF."""

import base64
import contextlib
import io
import os
import socket
import subprocess
import threading

import pytest
from PIL import Image

from khoagiao import pdf

pytestmark = pytest.mark.pdftools

SECRET = "OUTSIDE-SECRET-7f3a"


def png(width, height, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


class Listener:
    """A TCP server on loopback that records every connection (an http:// or https:// fetch) and
    answers plain HTTP with an image, so that a fetcher that did connect would also embed it."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.requests = []
        self.image = png(11, 4, "blue")
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(4096)
                except OSError:
                    first = b""
                self.requests.append(first[:200])
                header = (
                    f"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: {len(self.image)}\r\n\r\n"
                )
                with contextlib.suppress(OSError):
                    conn.sendall(header.encode() + self.image)

    def close(self):
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def no_proxy(monkeypatch):
    # A fetcher that did go out must reach the loopback server, not a proxy named in the environment.
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def hostile_template(listener, outside, static):
    web = f"127.0.0.1:{listener.port}"
    # The same picture by a path relative to the document's base (the static folder).
    relative = os.path.relpath(outside / "picture.png", static)
    data_png = base64.b64encode(png(3, 2, "red")).decode()
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<link rel="stylesheet" href="http://{web}/style.css">
<link rel="stylesheet" href="https://{web}/style-tls.css">
<link rel="stylesheet" href="file://{outside}/style.css">
<style>
@import url("http://{web}/import.css");
@font-face {{ font-family: Outside; src: url("https://{web}/font.ttf"); }}
body {{ background: url("http://{web}/background.png"); }}
h1 {{ background: url("file://{outside}/picture.png"); }}
</style></head>
<body>
<h1>Tài liệu thử</h1>
<p>{{{{ text }}}}</p>
<img src="http://{web}/picture.png" alt="">
<img src="https://{web}/picture-tls.png" alt="">
<img src="file://{outside}/picture.png" alt="">
<img src="{relative}" alt="">
<img src="data:image/png;base64,{data_png}" alt="">
<object data="http://{web}/object.png" type="image/png"></object>
<embed src="file://{outside}/picture.png" type="image/png">
<iframe src="https://{web}/frame.html"></iframe>
<a rel="attachment" href="file://{outside}/secret.txt">tệp đính kèm</a>
<a rel="attachment" href="http://{web}/attachment.txt">tệp đính kèm qua mạng</a>
<link rel="attachment" href="file://{outside}/secret.txt">
</body></html>"""


def test_a_document_pointing_anywhere_fetches_nothing_outside_the_static_folder(
    settings, tmp_path, listener, no_proxy
):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (outside / "picture.png").write_bytes(png(7, 5, "green"))
    (outside / "style.css").write_text(f'body::before {{ content: "{SECRET}"; }}')
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"hostile.html": hostile_template(listener, outside, settings.BASE_DIR / "static")},
                    )
                ],
            },
        }
    ]
    web = f"127.0.0.1:{listener.port}"
    text = f'<img src="http://{web}/text.png"> <a rel="attachment" href="file://{outside}/secret.txt">x</a>'
    fetcher = pdf.AssetOnlyFetcher()
    target = tmp_path / "hostile.pdf"
    with open(target, "wb") as handle:
        pdf.render_pdf("hostile.html", {"text": text}, fetcher=fetcher, target=handle)

    # Nothing reached the network: no connection at all, for http:// or https://.
    assert listener.requests == []
    # Every address was asked for, and refused (the relative path resolves to the outside picture).
    expected = {
        *(f"http://{web}/{name}" for name in ("style.css", "import.css", "background.png", "picture.png")),
        *(f"http://{web}/{name}" for name in ("object.png", "attachment.txt")),
        *(f"https://{web}/{name}" for name in ("style-tls.css", "font.ttf", "picture-tls.png")),
        *(f"file://{outside}/{name}" for name in ("style.css", "picture.png", "secret.txt")),
    }
    assert expected <= set(fetcher.refused), sorted(expected - set(fetcher.refused))
    assert not any(url.startswith("data:") for url in fetcher.refused)

    # No outside file is attached, drawn or printed; the data: image (part of the document itself)
    # is, so images do get embedded when they are allowed.
    detached = subprocess.run(["pdfdetach", "-list", str(target)], capture_output=True, text=True, check=True)
    assert detached.stdout.strip().endswith("0 embedded files"), detached.stdout
    images = subprocess.run(["pdfimages", "-list", str(target)], capture_output=True, text=True, check=True)
    sizes = [tuple(line.split()[3:5]) for line in images.stdout.splitlines()[2:] if line.strip()]
    assert sizes == [("3", "2")], images.stdout
    printed = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Tài liệu thử" in printed
    assert SECRET not in printed
    assert SECRET.encode() not in target.read_bytes()
    # The text with markup in it is printed as text.
    assert f'<img src="http://{web}/text.png">' in " ".join(printed.split())
