"""Serve a published site and dereference its resource IRIs, as the redirect bundle does.

:func:`make_deref_app` returns a WSGI application (PEP 3333) over a site folder:

- a file of the site is served as it is, with its media type (``HEAD`` and ``If-None-Match`` too);
- a resource IRI (a path without extension, such as ``/id/city/aarhus`` or ``/ontology``) answers
  ``303 See Other`` to the document the Accept header prefers (``.html``, ``.ttl``, ``.jsonld``,
  ``.nt``; quality values honoured), or with ``redirect=False`` serves that document directly
  (with ``Content-Location``); both send ``Vary: Accept``; ``406`` lists the formats on offer
  when none is acceptable;
- ``/.well-known/void`` leads to the VoID description;
- any other address gets ``404`` and the site's "not found" page, which links back home;
- ``mounts`` route paths to other WSGI apps first (``cdkg serve --site`` mounts a proxy to its
  SPARQL endpoint at ``/sparql``, the address the VoID description gives, with the endpoint's
  result limit: :func:`sparql_proxy`, :mod:`cdkg.store.proxy`); with ``fallback``,
  requests the site cannot answer go there instead of the 404.

``cdkg serve --site`` runs it next to the SPARQL endpoint; ``cdkg publish --serve`` runs it alone.

Examples
--------
>>> from wsgiref.util import setup_testing_defaults
>>> import tempfile
>>> site = Path(tempfile.mkdtemp())
>>> _ = (site / "cdkg-site.json").write_text("{}")
>>> (site / "id" / "city").mkdir(parents=True)
>>> for ext in ("html", "ttl", "jsonld", "nt"):
...     _ = (site / "id" / "city" / f"aarhus.{ext}").write_text(ext)
>>> app = make_deref_app(site)
>>> def get(path, accept):
...     env = {"PATH_INFO": path, "HTTP_ACCEPT": accept}; setup_testing_defaults(env)
...     seen = {}
...     body = b"".join(app(env, lambda status, headers: seen.update(status=status, headers=dict(headers))))
...     return seen["status"], seen["headers"].get("Location"), body
>>> get("/id/city/aarhus", "text/turtle")[:2]
('303 See Other', 'http://127.0.0.1/id/city/aarhus.ttl')
>>> get("/id/city/aarhus.ttl", "*/*")[0::2]
('200 OK', b'ttl')
>>> get("/id/city/nowhere", "text/html")[0]
'404 Not Found'
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import quote
from wsgiref.util import application_uri

from cdkg.core.errors import CdkgError
from cdkg.store.proxy import SparqlProxy, ThreadingWSGIServer, WaitressServer, make_wsgi_server, start_in_thread  # noqa: F401 (re-exported)
from cdkg.publish.folder import MANIFEST
from cdkg.publish.negotiation import ONTOLOGY_FORMATS, media_type_of, negotiate

_BASE_TAG = re.compile(r'<base href="[^"]*">')
_MISSING = '<span class="iri" id="missing">this address</span>'


def _path_info(environ) -> str:
    raw = environ.get("PATH_INFO", "/") or "/"
    try:  # WSGI gives the bytes of the path as latin-1 text
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def _root_url(environ) -> str:
    url = application_uri(environ)
    return url if url.endswith("/") else url + "/"


class DerefApp:
    """The WSGI app of :func:`make_deref_app` (a class so a server can inspect its folder)."""

    def __init__(self, folder: Path, redirect: bool = True, fallback: Callable | None = None,
                 mounts: dict | None = None):
        self.folder = Path(folder).resolve()
        self.mounts = {k.strip("/"): v for k, v in (mounts or {}).items()}
        if not (self.folder / MANIFEST).is_file():
            raise CdkgError(f"{folder} is not a site written by `cdkg publish` (no {MANIFEST}): publish first")
        self.redirect = redirect
        self.fallback = fallback
        try:
            self.manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except ValueError:
            self.manifest = {}

    # -- WSGI ------------------------------------------------------------------------------

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        rel = _path_info(environ).lstrip("/")
        for prefix, app in self.mounts.items():
            if rel == prefix or rel.startswith(prefix + "/"):
                return app(environ, start_response)
        if method not in ("GET", "HEAD"):
            if self.fallback is not None:
                return self.fallback(environ, start_response)
            return self._respond(start_response, "405 Method Not Allowed", [("Allow", "GET, HEAD")],
                                 b"only GET and HEAD\n", "text/plain; charset=utf-8", method)
        if rel == ".well-known/void":
            return self._see_other(environ, start_response, "void.ttl")
        file = self._file(rel)
        page = self._file(rel + ".html") if rel and not rel.endswith("/") else None
        if page is not None and page.is_file() and not (file is not None and file.is_file()):
            # a resource IRI (a folder of the same name may hold its sub-resources, as
            # id/source/001 and id/source/001/L3-4 do)
            return self._negotiate(environ, start_response, rel, method)
        if file is not None and file.is_dir():
            if not rel.endswith("/") and rel:
                return self._see_other(environ, start_response, rel + "/", status="301 Moved Permanently")
            file = self._file(rel + "index.html")
        if file is not None and file.is_file():
            return self._serve_file(environ, start_response, file, method)
        if self.fallback is not None:
            return self.fallback(environ, start_response)
        return self._not_found(environ, start_response, rel, method)

    # -- parts -----------------------------------------------------------------------------

    def _file(self, rel: str) -> Path | None:
        """The site file for a request path, or None if the path leaves the site or is hidden."""
        parts = [p for p in rel.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") for p in parts):
            return None
        if any(len(p.encode("utf-8", "surrogateescape")) > 255 or "\x00" in p for p in parts):
            return None  # no file can have that name (the file system would raise, not answer)
        path = self.folder.joinpath(*parts) if parts else self.folder
        try:
            path.resolve().relative_to(self.folder)
        except ValueError:
            return None
        return path

    def _respond(self, start_response, status, headers, body: bytes, content_type, method):
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body))),
                   ("Access-Control-Allow-Origin", "*")] + headers
        start_response(status, headers)
        return [b""] if method == "HEAD" else [body]

    def _see_other(self, environ, start_response, target: str, status: str = "303 See Other", vary: bool = False):
        location = _root_url(environ) + quote(target)
        body = f'<!DOCTYPE html><title>See other</title><p>See <a href="{html.escape(location)}">{html.escape(location)}</a>.</p>\n'
        headers = [("Location", location)] + ([("Vary", "Accept")] if vary else [])
        return self._respond(start_response, status, headers, body.encode(), "text/html; charset=utf-8",
                             environ.get("REQUEST_METHOD", "GET").upper())

    def _serve_file(self, environ, start_response, file: Path, method: str, extra: list | None = None):
        data = file.read_bytes()
        etag = '"' + hashlib.sha1(data).hexdigest() + '"'
        headers = [("ETag", etag)] + (extra or [])
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 Not Modified", headers)
            return [b""]
        return self._respond(start_response, "200 OK", headers, data, media_type_of(file.name), method)

    def _negotiate(self, environ, start_response, rel: str, method: str):
        offers = [rep for rep in ONTOLOGY_FORMATS if (self.folder / f"{rel}.{rep.extension}").is_file()]
        choice = negotiate(environ.get("HTTP_ACCEPT"), offers)
        if choice is None:
            listed = "\n".join(f"{rep.media_type}\t{_root_url(environ)}{rel}.{rep.extension}" for rep in offers)
            return self._respond(start_response, "406 Not Acceptable", [("Vary", "Accept")],
                                 f"none of the Accept header's types is on offer; available:\n{listed}\n".encode(),
                                 "text/plain; charset=utf-8", method)
        target = f"{rel}.{choice.extension}"
        if self.redirect:
            return self._see_other(environ, start_response, target, vary=True)
        return self._serve_file(environ, start_response, self.folder / target, method,
                                [("Vary", "Accept"), ("Content-Location", _root_url(environ) + quote(target))])

    def _not_found(self, environ, start_response, rel: str, method: str):
        page = self.folder / "404.html"
        root = _root_url(environ)
        if page.is_file():
            text = page.read_text(encoding="utf-8")
            text = _BASE_TAG.sub(f'<base href="{html.escape(root)}">', text, count=1)
            text = text.replace(_MISSING, f'<span class="iri" id="missing">{html.escape(root + rel)}</span>', 1)
        else:
            text = (f'<!DOCTYPE html><title>Not found</title><h1>Not found</h1><p>Nothing is published at '
                    f'{html.escape(root + rel)}. <a id="home" href="{html.escape(root)}">Home</a></p>\n')
        return self._respond(start_response, "404 Not Found", [], text.encode("utf-8"), "text/html; charset=utf-8", method)


def make_deref_app(site_folder, redirect: bool = True, fallback: Callable | None = None,
                   mounts: dict | None = None) -> DerefApp:
    """A WSGI app that serves ``site_folder`` and dereferences its resource IRIs.

    Parameters
    ----------
    site_folder : Path
        A folder written by ``cdkg publish`` (it holds ``cdkg-site.json``).
    redirect : bool
        Answer a resource IRI with ``303 See Other`` to its document (default, as the
        ``.htaccess`` bundle does), or serve the document directly.
    fallback : WSGI app, optional
        Gets the requests the site has no answer for (instead of a 404).
    mounts : dict, optional
        Paths (``"sparql"``) answered by other WSGI apps, before the site's files.

    Raises
    ------
    CdkgError
        The folder is not a published site.
    """
    return DerefApp(Path(site_folder), redirect=redirect, fallback=fallback, mounts=mounts)


def sparql_proxy(endpoint: str, timeout: float = 120.0, limit: int = 0) -> SparqlProxy:
    """A WSGI app that passes SPARQL Protocol requests (GET with ``?query=``, POST with a form
    or a ``application/sparql-query`` body) on to ``endpoint``: its answers as they are, or cut
    to ``limit`` solutions or triples (see :class:`cdkg.store.proxy.SparqlProxy`)."""
    return SparqlProxy(endpoint, limit=limit, timeout=timeout)


def make_site_server(site_folder, host: str = "127.0.0.1", port: int = 8000, redirect: bool = True,
                     fallback: Callable | None = None, verbose: bool = False,
                     mounts: dict | None = None) -> WaitressServer:
    """An HTTP server for a site (call ``serve_forever()``; port 0 picks a free port).

    Examples
    --------
    >>> import tempfile, urllib.request
    >>> site = Path(tempfile.mkdtemp()); _ = (site / "cdkg-site.json").write_text("{}")
    >>> _ = (site / "index.html").write_text("home")
    >>> server = make_site_server(site, port=0)
    >>> thread = start_in_thread(server)
    >>> urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/").read()
    b'home'
    >>> server.shutdown(); server.server_close()
    """
    app = make_deref_app(site_folder, redirect=redirect, fallback=fallback, mounts=mounts)
    return make_wsgi_server(app, host, port, verbose=verbose)

