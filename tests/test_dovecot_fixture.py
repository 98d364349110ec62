"""The private Dovecot fixture behaves the way the rest of the suite relies on."""

import ssl
import time

import imapclient  # type: ignore[import-untyped]
import pytest
from imapclient.exceptions import IMAPClientAbortError  # type: ignore[import-untyped]

from tests.dovecot import Dovecot, UserFactory, start_dovecot

MESSAGE = b"From: a@example.org\r\nSubject: kept\r\nMessage-ID: <kept@example.org>\r\n\r\nbody\r\n"


@pytest.mark.parametrize("name", ["dovecot", "dovecot_gmail", "dovecot_dot"])
def test_drafts_special_use(
    name: str, request: pytest.FixtureRequest, imap_user: UserFactory
) -> None:
    """find_special_folder(\\Drafts) returns the variant's drafts_folder."""
    server: Dovecot = request.getfixturevalue(name)
    with server.client(*imap_user(server)) as c:
        assert c.find_special_folder(b"\\Drafts") == server.drafts_folder


def test_plain_login(dovecot: Dovecot, imap_user: UserFactory) -> None:
    """LOGIN works on the plain port, which also offers STARTTLS and advertises IDLE."""
    user, password = imap_user(dovecot)
    with imapclient.IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10) as c:
        assert c.has_capability("STARTTLS")
        c.login(user, password)
        assert c.has_capability("IDLE")
        assert c.select_folder("INBOX", readonly=True)[b"EXISTS"] == 0


def test_implicit_tls_login(dovecot: Dovecot, imap_user: UserFactory) -> None:
    """Implicit TLS verifies against cafile (SAN IP:127.0.0.1) and LOGIN works."""
    user, password = imap_user(dovecot)
    ctx = ssl.create_default_context(cafile=dovecot.cafile)
    with imapclient.IMAPClient(dovecot.host, port=dovecot.tls_port, ssl_context=ctx) as c:
        c.login(user, password)
        c.noop()


def test_starttls_login(dovecot: Dovecot, imap_user: UserFactory) -> None:
    """STARTTLS on the plain port verifies against cafile and LOGIN works."""
    user, password = imap_user(dovecot)
    with imapclient.IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=10) as c:
        c.starttls(ssl.create_default_context(cafile=dovecot.cafile))
        c.login(user, password)
        c.noop()


def test_system_ca_rejects_self_signed(dovecot: Dovecot) -> None:
    """A default (system CA) TLS context fails certificate verification."""
    with pytest.raises(ssl.SSLCertVerificationError):
        imapclient.IMAPClient(dovecot.host, port=dovecot.tls_port, timeout=10)


def test_runtime_user_logs_in_at_once(dovecot: Dovecot) -> None:
    """Users added while the server runs can log in immediately, even in the same second."""
    dovecot.add_user("early", "pw-early")
    with dovecot.client("early", "pw-early"):
        pass
    dovecot.add_user("late", "pw-late")
    with dovecot.client("late", "pw-late") as c:
        c.noop()


def test_wrong_password_fails_fast(dovecot: Dovecot, imap_user: UserFactory) -> None:
    """Repeated failed logins are rejected in under a second each (no auth penalty)."""
    user, _ = imap_user(dovecot)
    for _ in range(2):
        started = time.monotonic()
        with pytest.raises(imapclient.exceptions.LoginError):
            dovecot.client(user, "wrong")
        assert time.monotonic() - started < 1.5


def test_idle_false_hides_idle() -> None:
    """idle=False: IDLE is advertised neither before nor after login."""
    with start_dovecot(idle=False) as server:
        user, password = server.new_user()
        with imapclient.IMAPClient(server.host, port=server.port, ssl=False, timeout=10) as c:
            assert not c.has_capability("IDLE")
            c.login(user, password)
            assert b"IDLE" not in c.capabilities()
            assert c.has_capability("UIDPLUS") and c.has_capability("SPECIAL-USE")


def test_restart_keeps_mail_and_uidvalidity() -> None:
    """restart() keeps the ports, the messages and UIDVALIDITY."""
    with start_dovecot() as server:
        user, password = server.new_user()
        with server.client(user, password) as c:
            c.append("INBOX", MESSAGE)
            before = c.select_folder("INBOX")[b"UIDVALIDITY"]
        ports = (server.port, server.tls_port)
        server.restart()
        assert (server.port, server.tls_port) == ports
        with server.client(user, password) as c:
            assert c.select_folder("INBOX")[b"UIDVALIDITY"] == before
            assert c.search(["HEADER", "Message-ID", "<kept@example.org>"]) == [1]
        assert server.uidvalidity(user, "INBOX") == before


def test_kick_drops_session(dovecot: Dovecot, imap_user: UserFactory) -> None:
    """kick() ends the user's open session; the next command fails on the dead socket."""
    user, password = imap_user(dovecot)
    with dovecot.client(user, password) as c:
        c.select_folder("INBOX")
        dovecot.kick(user)
        deadline = time.monotonic() + 5
        with pytest.raises((IMAPClientAbortError, OSError)):  # EOF or ECONNRESET
            while time.monotonic() < deadline:
                c.noop()
                time.sleep(0.01)


def test_set_uidvalidity_keeps_messages(dovecot_dot: Dovecot, imap_user: UserFactory) -> None:
    """set_uidvalidity() changes what SELECT reports and keeps the folder's messages."""
    user, password = imap_user(dovecot_dot)
    drafts = dovecot_dot.drafts_folder
    dovecot_dot.deliver(user, MESSAGE, drafts, flags="D")
    old = dovecot_dot.uidvalidity(user, drafts)
    assert dovecot_dot.set_uidvalidity(user, drafts) == old + 1
    with dovecot_dot.client(user, password) as c:
        assert c.select_folder(drafts)[b"UIDVALIDITY"] == old + 1
        # Only \Draft is sure: doveadm opening the folder may already have taken \Recent.
        assert b"\\Draft" in c.get_flags(c.search("ALL"))[1]
