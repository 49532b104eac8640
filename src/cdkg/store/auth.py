"""Credentials for a remote SPARQL store, and HTTP Basic or Digest authentication with them.

Credentials never come from the command line (they would show in ``ps`` and in the shell's
history). They come from, in order:

1. the environment variable ``CDKG_ENDPOINT_AUTH`` as ``user:password``
   (or the variable named by ``--auth-env``);
2. a netrc-style file (``--netrc FILE``, else ``~/.netrc`` when it exists), the ``machine``
   entry of the endpoint's host.

The scheme is chosen by the server: the first request goes without credentials, and a
``401`` answer's ``WWW-Authenticate`` header says ``Basic`` or ``Digest`` (httpx's
:class:`httpx.BasicAuth` or :class:`httpx.DigestAuth` then answers the challenge).
"""

from __future__ import annotations

import netrc
import os
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from cdkg.core.errors import CdkgError

AUTH_ENV = "CDKG_ENDPOINT_AUTH"


def find_credentials(url: str, env: str = AUTH_ENV, netrc_file: Path | str | None = None) -> tuple[str, str] | None:
    """``(user, password)`` for ``url``, or None when none are configured.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["CDKG_TEST_AUTH"] = "dba:secret"
    >>> find_credentials("http://127.0.0.1:8890/sparql-auth", env="CDKG_TEST_AUTH")
    ('dba', 'secret')
    >>> rc = Path(tempfile.mkdtemp()) / "netrc"
    >>> _ = rc.write_text("machine 127.0.0.1 login dba password s3cret\\n")
    >>> find_credentials("http://127.0.0.1:8890/sparql-auth", env="CDKG_NO_SUCH_VAR", netrc_file=rc)
    ('dba', 's3cret')
    """
    value = os.environ.get(env, "")
    if value:
        user, sep, password = value.partition(":")
        if not sep or not user:
            raise CdkgError(f"the environment variable {env} must be 'user:password'")
        return user, password
    path = Path(netrc_file) if netrc_file else Path.home() / ".netrc"
    if not path.exists():
        if netrc_file:
            raise CdkgError(f"no such netrc file: {path}")
        return None
    try:
        entries = netrc.netrc(str(path))
    except (netrc.NetrcParseError, OSError) as err:
        raise CdkgError(f"{path}: cannot read it as a netrc file: {err}") from err
    host = urlsplit(url).hostname or ""
    found = entries.authenticators(host)
    if found is None:
        return None
    login, _, password = found
    return login, password or ""


class ChallengeAuth(httpx.Auth):
    """Answer whichever challenge (Basic or Digest) the server sends with a ``401``.

    Examples
    --------
    >>> auth = ChallengeAuth("dba", "dba")
    >>> auth.scheme is None
    True
    """

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self.scheme: str | None = None

    def auth_flow(self, request):
        if self.scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        if self.scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        if challenge.startswith("digest"):
            self.scheme = "digest"
            yield from self._digest.auth_flow(request)
        elif challenge.startswith("basic"):
            self.scheme = "basic"
            yield from self._basic.auth_flow(request)


def client(url: str, *, timeout: float = 120.0, env: str = AUTH_ENV, netrc_file=None) -> httpx.Client:
    """An :class:`httpx.Client` (pooled connections) with the credentials for ``url``, if any."""
    found = find_credentials(url, env=env, netrc_file=netrc_file)
    auth = ChallengeAuth(*found) if found else None
    return httpx.Client(auth=auth, timeout=timeout, follow_redirects=False)
