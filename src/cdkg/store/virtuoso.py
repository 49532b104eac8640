"""Run OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource-7-bin``) in a folder, on 127.0.0.1.

Virtuoso is the open-source engine behind DBpedia and many national linked-data portals. This
module writes a ``virtuoso.ini`` into a folder (a temporary one by default), starts
``virtuoso-t`` in the foreground as a child process on two free local ports (SQL and HTTP),
waits until its SPARQL endpoint answers, and stops it (the folder is removed when it was made
here). It is what the portability tests and the benchmarks run the query library on.

Endpoints (Virtuoso's defaults, nothing is granted to the anonymous user):

* :attr:`VirtuosoServer.query_url` ``/sparql``: read-only, anonymous. Queries without ``FROM``
  read the union of all graphs, so the citations-as-named-graphs layout needs no setting.
* :attr:`VirtuosoServer.update_url` ``/sparql-auth``: SPARQL Update with HTTP Digest
  authentication as ``dba`` (password :attr:`VirtuosoServer.password`, ``dba`` unless given).
* :attr:`VirtuosoServer.store_url` ``/sparql-graph-crud-auth``: the Graph Store Protocol, Digest.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from cdkg.core.errors import CdkgError
from cdkg.store.server import free_port

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 60
DirsAllowed = ., {d}
ThreadsPerQuery = 2
MaxQueryMem = 1G
AdjustVectorSize = 0
MaxVectorSize = 1000000

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {d}
MaxClientConnections = 8
ServerThreads = 8
MaxKeepAlives = 8
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {timeout}
DefaultQuery = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10
"""


def virtuoso_binary() -> str:
    """The path of ``virtuoso-t``; a clear error when Virtuoso is not installed."""
    found = shutil.which("virtuoso-t")
    if not found:
        raise CdkgError("Virtuoso is not installed: apt-get install virtuoso-opensource-7-bin "
                        "(.ci/install-system-deps.sh does it)")
    return found


def virtuoso_ini(folder: Path | str, http_port: int, sql_port: int, host: str = "127.0.0.1",
                 memory_mib: int = 1024, timeout_s: int = 600) -> str:
    """The ``virtuoso.ini`` text for a database in ``folder``.

    Examples
    --------
    >>> ini = virtuoso_ini("/tmp/v", 8890, 1111)
    >>> "ServerPort = 127.0.0.1:8890" in ini and "DatabaseFile = /tmp/v/virtuoso.db" in ini
    True
    """
    buffers = max(2000, memory_mib * 128 * 2 // 3)  # 2/3 of the memory, in 8 KiB pages
    return _INI.format(d=Path(folder), host=host, http_port=http_port, sql_port=sql_port,
                       buffers=buffers, dirty=buffers * 3 // 4, timeout=int(timeout_s))


class VirtuosoServer:
    """A ``virtuoso-t`` process over a database folder; use it as a context manager.

    Parameters
    ----------
    folder : Path, optional
        Where the database lives; a temporary folder (removed on stop) when None.
    password : str
        The ``dba`` password. A new database has ``dba``; any other value is set when the
        database is created (``+pwddba``).
    memory_mib : int
        Memory for Virtuoso's page buffers.
    """

    def __init__(self, folder=None, host: str = "127.0.0.1", password: str = "dba",
                 memory_mib: int = 1024, timeout_s: int = 600):
        self._owned = folder is None
        self.folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="cdkg-virtuoso-"))
        self.host = host
        self.password = password
        self.memory_mib = memory_mib
        self.timeout_s = timeout_s
        self.http_port = free_port(host)
        self.sql_port = free_port(host)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.url}/sparql-auth"

    @property
    def store_url(self) -> str:
        return f"{self.url}/sparql-graph-crud-auth"

    def start(self, wait_s: float = 60.0) -> VirtuosoServer:
        """Write the ini, start Virtuoso in the foreground, and wait until ``/sparql`` answers."""
        binary = virtuoso_binary()
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(virtuoso_ini(self.folder, self.http_port, self.sql_port, self.host,
                                    self.memory_mib, self.timeout_s))
        command = [binary, "+foreground", "+configfile", str(ini)]
        if self.password != "dba" and not (self.folder / "virtuoso.db").exists():
            command += ["+pwddba", self.password]
        self.process = subprocess.Popen(command, cwd=self.folder, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + wait_s
        probe = f"{self.query_url}?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log_tail()
                self.process = None
                raise CdkgError(f"Virtuoso stopped while starting (see {self.folder}/virtuoso.log):\n{log}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    response.read()
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.2)
        self.stop()
        raise CdkgError(f"Virtuoso did not answer on {self.url} within {wait_s:g} s")

    def log_tail(self, lines: int = 20) -> str:
        log = self.folder / "virtuoso.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""

    def stop(self) -> None:
        """Stop the server (it checkpoints on SIGTERM) and remove a temporary folder."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self._owned:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
