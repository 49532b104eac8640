"""Run the Oxigraph SPARQL server (the ``oxigraph`` package's binary) over a persisted store.

The server implements the SPARQL 1.1 Protocol (GET and POST, results formats chosen by the
``Accept`` header), the Graph Store Protocol, CORS, a query timeout and a read-only mode, and
serves the YASGUI query editor at ``/``. This module only starts and stops it.
"""

from __future__ import annotations

import atexit
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from cdkg.core.errors import CdkgError


def oxigraph_binary() -> str:
    """The path of the ``oxigraph`` server binary (installed with the ``oxigraph`` package)."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise CdkgError("the `oxigraph` server is not installed: pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free now on ``host``."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to send SIGTERM to this (child) process when its parent ends (prctl)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class _Spawner:
    """One long-lived daemon thread that starts the servers' processes (see ``start``)."""

    def __init__(self):
        import queue

        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _loop(self) -> None:
        while True:
            fn, box, done = self._jobs.get()
            try:
                box.append((True, fn()))
            except BaseException as err:  # handed back to the caller
                box.append((False, err))
            done.set()

    def call(self, fn):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="cdkg-spawner", daemon=True)
                self._thread.start()
        box: list = []
        done = threading.Event()
        self._jobs.put((fn, box, done))
        done.wait()
        ok, value = box[0]
        if not ok:
            raise value
        return value


_SPAWNER = _Spawner()


class OxigraphServer:
    """An ``oxigraph serve`` process on ``host:port``, over the store folder ``location``.

    Parameters
    ----------
    location : Path or None
        The store folder (``GraphStore(path).path``); None for an empty in-memory store
        (read-write only).
    read_only : bool
        ``serve-read-only``: updates and Graph Store writes are refused.
    timeout_s : float
        Query timeout in seconds.

    Use as a context manager; :attr:`query_url`, :attr:`update_url` and :attr:`store_url`
    are the protocol endpoints.
    """

    def __init__(self, location=None, host="127.0.0.1", port=None, read_only=True, timeout_s=30.0,
                 union_default_graph=True, cors=True):
        if read_only and location is None:
            raise CdkgError("a read-only server needs a store folder")
        self.location = Path(location) if location is not None else None
        self.host = host
        self.port = port or free_port(host)
        self.read_only = read_only
        self.timeout_s = timeout_s
        self.union_default_graph = union_default_graph
        self.cors = cors
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.restarts = 0
        self._stdout = subprocess.DEVNULL
        self._restart_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    def command(self) -> list[str]:
        cmd = [oxigraph_binary(), "serve-read-only" if self.read_only else "serve", "--bind", f"{self.host}:{self.port}"]
        if self.location is not None:
            cmd += ["--location", str(self.location)]
        if self.cors:
            cmd.append("--cors")
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        if self.timeout_s:
            cmd += ["--timeout-s", str(int(max(1, self.timeout_s)))]
        return cmd

    def start(self, wait: float = 20.0, stdout=subprocess.DEVNULL) -> "OxigraphServer":
        # the server ends with this process, however it ends (Linux: the parent-death signal;
        # elsewhere at interpreter exit): no orphan keeps holding the store's lock
        # (Linux sends that signal when the *thread* that started the child ends, so every start,
        # also a restart from a request's thread, is made by one long-lived thread)
        command = self.command()
        self.process = _SPAWNER.call(lambda: subprocess.Popen(
            command, stdout=stdout, stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None))
        self.started_at = time.monotonic()
        self._stdout = stdout
        atexit.register(self.stop)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode("utf-8", "replace").strip()
                raise CdkgError(f"the oxigraph server stopped at once: {err[-800:]}")
            try:
                with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=1) as r:
                    r.read()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise CdkgError(f"the oxigraph server did not start on {self.url} within {wait:g} s")

    def restart(self, if_started_before: float | None = None) -> bool:
        """Kill the server and start it again on the same port: the only way to stop a query
        the engine does not cancel at its timeout (and to free the CPU it holds). Skipped when
        the server was (re)started after ``if_started_before``. Whether it restarted."""
        with self._restart_lock:
            if self.process is None or (if_started_before is not None and self.started_at > if_started_before):
                return False
            self.process.kill()
            self.process.wait()
            if self.process.stderr:
                self.process.stderr.close()
            self.restarts += 1
            self.start(stdout=self._stdout)
            return True

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr:
            self.process.stderr.close()

    def __enter__(self) -> "OxigraphServer":
        return self.start() if self.process is None else self

    def __exit__(self, *exc) -> None:
        self.stop()
