"""The IMAP edge, the only module that talks IMAP (imapclient): connect with verified TLS, read
watched folders read-only (EXAMINE, BODY.PEEK) in batches, find Drafts, APPEND drafts."""

from __future__ import annotations

import contextlib
import functools
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, ParamSpec, TypeVar

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from onfile.compose import MARKER_HEADER
from onfile.config import Account
from onfile.credentials import get_secret
from onfile.errors import MailboxError

P = ParamSpec("P")
R = TypeVar("R")
BATCH = 200
TIMEOUT = 60.0
PROBE_TIMEOUT = 15.0  # a NOOP or DONE that proves a quiet connection alive may take this long
# Localised and provider names for Drafts, tried when no folder carries the \Drafts flag (RFC 6154).
DRAFT_NAMES = (
    "Drafts",
    "INBOX.Drafts",
    "INBOX/Drafts",
    "[Gmail]/Drafts",
    "[Google Mail]/Drafts",
    "Draft",
    "Entwürfe",
    "Brouillons",
    "Borradores",
    "Concepten",
    "Bozze",
    "Rascunhos",
)
SENT_FLAG = b"\\Sent"
DRAFTS_FLAG = b"\\Drafts"


@dataclass(frozen=True)
class Fetched:
    """One message read from a watched folder."""

    uid: int
    raw: bytes
    answered: bool


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Turn imapclient and socket failures into MailboxError: a dropped connection is the
    mailbox's problem, never the message's (the service reconnects instead of blaming mail)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except MailboxError:
            raise
        except (IMAPClientError, OSError) as exc:
            raise MailboxError(
                f"IMAP connection failed: {exc.__class__.__name__}: {_server_text(exc)}"
            ) from exc

    return wrapper


def _context(account: Account) -> ssl.SSLContext:
    # Verification is always on; a private CA is trusted by adding it, never by turning checks off.
    return ssl.create_default_context(cafile=account.ca_file or None)


def _where(account: Account) -> str:
    return f"account {account.name} ({account.host}:{account.port})"


class _ImapWatch:
    """IMAP IDLE (RFC 2177) for ImapMailbox; mixed in below to keep the session class readable.

    The watcher calls watch_start (EXAMINE, IDLE), then watch_wait in short slices so that it can
    look up for its stop flag, and watch_stop (DONE) before any other command."""

    client: Any
    _idling: bool = False
    _mark: tuple[object, ...] | None = None  # (folder, UIDVALIDITY, UIDNEXT) caught up to
    _exists = 0  # the session's message count, followed through EXISTS and EXPUNGE
    _pending = False  # news to report at the next watch_wait without waiting
    probe_timeout = PROBE_TIMEOUT

    @property
    def supports_push(self) -> bool:
        return bool(self.client.has_capability("IDLE"))

    @_guarded
    def watch_start(self, folder: str) -> None:
        """EXAMINE `folder` and enter IDLE.

        IDLE announces only what arrives after this EXAMINE, but mail may have come after the
        caller's last catch-up and before it. So when UIDVALIDITY or UIDNEXT differ from the
        mark (the previous EXAMINE plus the arrivals reported since), or there is no mark yet,
        the next watch_wait reports news at once and the caller catches up before waiting."""
        info = self.client.select_folder(folder, readonly=True)
        mark = (folder, info.get(b"UIDVALIDITY"), info.get(b"UIDNEXT"))
        self._pending = mark != self._mark or mark[2] is None  # no UIDNEXT: assume news
        self._mark, self._exists = mark, int(info.get(b"EXISTS") or 0)
        self.client.idle()
        self._idling = True

    @_guarded
    def watch_wait(self, timeout: float) -> bool:
        """Wait up to `timeout` s for news; True when messages arrived. Raises MailboxError when
        the server said BYE or the connection is gone."""
        if self._pending:
            self._pending = False
            return True
        started = time.monotonic()
        responses = self.client.idle_check(timeout=timeout)
        for response in responses:
            if isinstance(response, tuple) and response and response[0] == b"BYE":
                self._idling = False
                said = " ".join(_text(part) for part in response[1:])
                raise MailboxError(f"the server closed the connection ({said or 'BYE'})")
        if not responses and time.monotonic() - started < timeout / 2:
            # Dovecot quirk (recipes §2): at EOF idle_check returns [] at once instead of
            # raising. A round trip tells EOF (it raises) from a stray wake-up such as a TLS 1.3
            # session ticket, so a dead socket never makes the caller spin.
            return self._probe()
        return self._arrivals(responses)

    def _probe(self) -> bool:
        """DONE, NOOP, IDLE again; True when the server announced new mail meanwhile."""
        self._idling = False
        with self._deadline():
            _, during = self.client.idle_done()
            _, after = self.client.noop()
            self.client.idle()
        self._idling = True
        return self._arrivals([*during, *after])

    def _arrivals(self, responses: list[Any]) -> bool:
        """Follow EXISTS/EXPUNGE (RFC 3501 §7.3.1, §7.4.1); True when messages arrived. The
        caller catches up on them, so they move the mark on: each new message takes a UID at
        or above UIDNEXT, so UIDNEXT grows by at least their number (more only when the
        server skipped UIDs, which costs one needless catch-up, never a missed letter)."""
        arrived = 0
        for response in responses:
            if not (isinstance(response, tuple) and len(response) > 1):
                continue
            count, kind = response[0], response[1]
            if kind == b"EXISTS" and isinstance(count, int):
                arrived += max(0, count - self._exists)
                self._exists = count
            elif kind == b"EXPUNGE":
                self._exists = max(0, self._exists - 1)
        if arrived and self._mark is not None and isinstance(self._mark[2], int):
            self._mark = (*self._mark[:2], self._mark[2] + arrived)
        return arrived > 0

    @_guarded
    def watch_stop(self) -> None:
        """Leave IDLE (DONE), so other commands can run."""
        if self._idling:
            self._idling = False
            with self._deadline():
                self.client.idle_done()

    @_guarded
    def keepalive(self) -> None:
        """NOOP: proves the connection is alive; a half-open socket times out here."""
        with self._deadline():
            self.client.noop()

    def abandon(self) -> None:
        """Close the socket without LOGOUT, after a failure: a half-open connection would hold
        a polite goodbye for the whole read timeout."""
        self._idling = False
        with contextlib.suppress(OSError):  # imaplib raises when the socket is already closed
            self.client.shutdown()

    @contextlib.contextmanager
    def _deadline(self) -> Iterator[None]:
        """A short read timeout for a liveness round trip (the session's is TIMEOUT)."""
        sock = self.client.socket()
        previous = sock.gettimeout()
        sock.settimeout(self.probe_timeout)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):  # closed by the failure being raised
                sock.settimeout(previous)


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


class ImapMailbox(_ImapWatch):
    """One logged-in IMAP session for an account."""

    def __init__(self, client: Any, account: Account) -> None:
        self.client = client
        self.account = account
        self._drafts: str | None = None

    @classmethod
    def connect(cls, account: Account, timeout: float = TIMEOUT) -> ImapMailbox:
        """Connect, secure and log in; every failure becomes one MailboxError line."""
        secret = get_secret(account)
        where = _where(account)
        try:
            if account.security == "tls":
                client = imapclient.IMAPClient(
                    account.host,
                    port=account.port,
                    ssl=True,
                    ssl_context=_context(account),
                    timeout=timeout,
                )
            else:
                client = imapclient.IMAPClient(
                    account.host, port=account.port, ssl=False, timeout=timeout
                )
                if account.security == "starttls":
                    if not client.has_capability("STARTTLS"):
                        raise MailboxError(
                            f'{where}: the server does not offer STARTTLS; use security = "tls" with its TLS port'
                        )
                    client.starttls(_context(account))
        except ssl.SSLCertVerificationError as exc:
            raise MailboxError(
                f"{where}: the TLS certificate does not verify ({exc.verify_message}); if the server uses a private CA, set ca_file"
            ) from exc
        except ssl.SSLError as exc:
            raise MailboxError(
                f"{where}: TLS failed ({exc.reason or exc}); check port and security (993 = tls, 143 = starttls)"
            ) from exc
        except socket.gaierror as exc:
            raise MailboxError(
                f"{where}: cannot resolve the host name ({exc.strerror}); check host"
            ) from exc
        except TimeoutError as exc:
            raise MailboxError(
                # Also what a plain or STARTTLS client sees on an implicit-TLS port: both sides
                # wait, the server for a TLS hello, the client for the IMAP greeting.
                f"{where}: connection timed out; check host, port, security (993 = tls, 143 = starttls) and network"
            ) from exc
        except OSError as exc:
            raise MailboxError(
                f"{where}: cannot connect ({exc.strerror or exc}); check host, port and that the server is up"
            ) from exc
        except IMAPClientError as exc:
            raise MailboxError(f"{where}: IMAP error while connecting: {exc}") from exc
        try:
            if secret.kind == "oauth2":
                client.oauth2_login(account.username, secret.value)
            else:
                client.login(account.username, secret.value)
        except LoginError as exc:
            client.shutdown()
            raise MailboxError(
                f"{where}: login failed for {account.username} ({_server_text(exc)}); "
                f"check the password (`onfile password set {account.name}`) or password_command"
            ) from exc
        except (IMAPClientError, OSError) as exc:
            raise MailboxError(f"{where}: login failed: {exc}") from exc
        return cls(client, account)

    def close(self) -> None:
        """LOGOUT, or just drop the socket when the connection is already gone."""
        try:
            self.client.logout()
        except (IMAPClientError, OSError):
            with contextlib.suppress(OSError):
                self.client.shutdown()

    @_guarded
    def capabilities(self) -> set[str]:
        return {c.decode() if isinstance(c, bytes) else str(c) for c in self.client.capabilities()}

    @_guarded
    def examine(self, folder: str) -> tuple[int, int]:
        """Open `folder` read-only (EXAMINE): returns (UIDVALIDITY, UIDNEXT)."""
        try:
            info = self.client.select_folder(folder, readonly=True)
        except IMAPClientError as exc:
            raise MailboxError(
                f"{_where(self.account)}: cannot open {folder!r} ({_server_text(exc)}); check watch = [...]"
            ) from exc
        uidnext = info.get(b"UIDNEXT") or 0
        return int(info[b"UIDVALIDITY"]), int(uidnext)

    @_guarded
    def new_uids(self, folder: str, after_uid: int, since: date | None) -> list[int]:
        """UIDs in `folder` above `after_uid` (and, on a first pass, on or after `since`)."""
        self.client.select_folder(folder, readonly=True)
        criteria: list[Any] = [] if after_uid == 0 else ["UID", f"{after_uid + 1}:*"]
        if since is not None:
            criteria += ["SINCE", since]
        # "UID n:*" always matches the highest UID even when it is below n (RFC 3501 §6.4.8).
        uids = self.client.search(criteria or ["ALL"])
        return sorted(uid for uid in uids if uid > after_uid)

    def fetch(self, folder: str, uids: list[int]) -> Iterator[Fetched]:
        """Fetch bodies with BODY.PEEK (never sets \\Seen) in batches, in UID order. Each batch
        re-opens `folder` read-only, since the caller may look into Drafts between batches."""
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            data = self._fetch_batch(folder, batch)
            for uid in batch:
                item = data.get(uid)
                if item is None:
                    continue  # expunged meanwhile
                flags = item.get(b"FLAGS", ())
                yield Fetched(uid, bytes(item.get(b"BODY[]") or b""), b"\\Answered" in flags)

    @_guarded
    def _fetch_batch(self, folder: str, batch: list[int]) -> dict[int, Any]:
        self.client.select_folder(folder, readonly=True)
        return dict(self.client.fetch(batch, ["BODY.PEEK[]", "FLAGS"]))

    @_guarded
    def drafts_folder(self) -> str:
        """The Drafts folder: as configured, else by \\Drafts flag, else by a common name."""
        if self._drafts:
            return self._drafts
        configured = self.account.drafts
        if configured != "auto":
            if not self.client.folder_exists(configured):
                raise MailboxError(
                    f'{_where(self.account)}: drafts folder {configured!r} does not exist; fix drafts = "…" or use "auto"'
                )
            self._drafts = configured
            return configured
        folders = self.client.list_folders()
        for flags, _, name in folders:
            if DRAFTS_FLAG in flags:
                self._drafts = str(name)
                return self._drafts
        names = {str(name): str(name) for _, _, name in folders}
        lowered = {n.lower(): n for n in names}
        for candidate in DRAFT_NAMES:
            if candidate.lower() in lowered:
                self._drafts = lowered[candidate.lower()]
                return self._drafts
        raise MailboxError(
            f'{_where(self.account)}: no Drafts folder found (no \\Drafts flag, no common name); set drafts = "FolderName" for this account'
        )

    @_guarded
    def _sent_folder(self) -> str | None:
        for flags, _, name in self.client.list_folders():
            if SENT_FLAG in flags:
                return str(name)
        return None

    @_guarded
    def _search_in(self, folder: str, criteria: list[Any]) -> bool:
        self.client.select_folder(folder, readonly=True)
        # A Message-ID may be UTF-8 (RFC 6532); US-ASCII, imapclient's default, cannot carry it.
        ascii_only = all(not isinstance(c, str) or c.isascii() for c in criteria)
        return bool(self.client.search(criteria, charset=None if ascii_only else "UTF-8"))

    @_guarded
    def draft_exists(self, original_id: str) -> bool:
        """True when Drafts already holds our draft for this letter (one SEARCH on the marker)."""
        return self._search_in(self.drafts_folder(), ["HEADER", MARKER_HEADER, original_id])

    @_guarded
    def replied(self, original_id: str) -> bool:
        """True when Sent or Drafts holds a message answering this letter (In-Reply-To)."""
        folders = [self.drafts_folder()]
        sent = self._sent_folder()
        if sent:
            folders.append(sent)
        return any(self._search_in(f, ["HEADER", "In-Reply-To", original_id]) for f in folders)

    @_guarded
    def append_draft(self, raw: bytes) -> None:
        """APPEND the draft to Drafts with \\Draft and \\Seen: onfile's only write."""
        folder = self.drafts_folder()
        try:
            self.client.append(folder, raw, flags=(imapclient.DRAFT, imapclient.SEEN))
        except IMAPClientError as exc:
            raise MailboxError(
                f"{_where(self.account)}: cannot append to {folder!r}: {_server_text(exc)}"
            ) from exc


def _server_text(exc: Exception) -> str:
    text = str(exc)
    return text.removeprefix("b'").removeprefix('b"').rstrip("'\"") or exc.__class__.__name__
