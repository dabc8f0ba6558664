"""A WebDriver session of Debian's chromedriver and headless chromium, spoken
over plain HTTP with nothing but Python's standard library. Used by the web
edition's browser test (check_web.py) and by the docs' pictures
(tests/docs/docs_images.py)."""
import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    """A WebDriver session of chromedriver. Screenshots go to FOLDER; the
    window is WINDOW CSS pixels, and a screenshot SCALE device pixels each."""

    def __init__(self, folder, window=(1280, 1000), scale=1.0):
        self.folder = folder
        self.port = free_port()
        self.proc = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = ["--headless=new", "--no-sandbox", "--disable-gpu",
                f"--window-size={window[0]},{window[1]}", "--hide-scrollbars",
                "--allow-file-access-from-files"]
        if scale != 1.0:
            args.append(f"--force-device-scale-factor={scale}")
        caps = {"browserName": "chrome",
                "goog:chromeOptions": {"binary": shutil.which("chromium"), "args": args},
                "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"}}
        v = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.sid = v["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data,
                                     method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.sid}{path}", body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def click(self, css):
        e = self.s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]
        self.s("POST", f"/element/{e}/click", {})

    def keys(self, *keys):
        acts = []
        for k in keys:
            acts += [{"type": "keyDown", "value": k}, {"type": "keyUp", "value": k}]
        self.s("POST", "/actions", {"actions": [{"type": "key", "id": "kb", "actions": acts}]})

    def wait(self, script, what):
        for _ in range(50):
            if self.js(script):
                return True
            time.sleep(0.1)
        return False

    def screenshot(self, name):
        png = base64.b64decode(self.s("GET", "/screenshot"))
        with open(os.path.join(self.folder, name), "wb") as f:
            f.write(png)

    def log(self, kind):
        return self.s("POST", "/se/log", {"type": kind})

    def quit(self):
        try:
            self.s("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait()
