"""The IMAP edge's watch methods (IDLE) against the private Dovecot, some through a proxy that
freezes or cuts the connection: news is reported, dead connections raise, nothing spins."""

import contextlib
import time
from collections.abc import Iterator

import pytest

from onfile.config import Account
from onfile.errors import MailboxError
from onfile.mailbox import ImapMailbox
from tests.dovecot import Dovecot, UserFactory
from tests.servicerun import letter, wait_for
from tests.tcpproxy import Proxy


def _account(server: Dovecot, user: str, password: str, port: int) -> Account:
    return Account(
        "work",
        host="127.0.0.1",
        port=port,
        security="none",
        username=user,
        password_command=f"printf %s {password}",
    )


@pytest.fixture
def login(dovecot: Dovecot, imap_user: UserFactory) -> Iterator[tuple[str, str]]:
    yield imap_user(dovecot)


@pytest.fixture
def proxy(dovecot: Dovecot) -> Iterator[Proxy]:
    with Proxy(dovecot.port) as p:
        yield p


def _idle(server: Dovecot, user: str, password: str, port: int) -> ImapMailbox:
    """A session idling on INBOX with its first (there-is-no-previous-mark) report consumed."""
    account = _account(server, user, password, port)
    for attempt in range(3):
        # The login through the test proxy can meet an EOF on a loaded machine; the behaviour
        # under test starts once a session is idling, so setting one up may be retried.
        try:
            box = ImapMailbox.connect(account)
            break
        except MailboxError:
            if attempt == 2:
                raise
            time.sleep(0.5)
    assert box.supports_push
    box.watch_start("INBOX")
    assert box.watch_wait(0.1)  # the first watch_start always reports: nothing to compare with
    return box


@contextlib.contextmanager
def _idling(server: Dovecot, login: tuple[str, str]) -> Iterator[ImapMailbox]:
    """`_idle` on the server's own port, logged out at the end whatever happens."""
    box = _idle(server, *login, server.port)
    try:
        yield box
    finally:
        box.close()


def _news(box: ImapMailbox) -> bool:
    return box.watch_wait(1.0)


def test_idle_reports_a_new_message(dovecot: Dovecot, login: tuple[str, str]) -> None:
    """A message appended by another client is reported by watch_wait."""
    with _idling(dovecot, login) as box:
        with dovecot.client(*login) as other:
            other.append("INBOX", letter()[1])
        assert wait_for(lambda: _news(box), "IDLE to report the new message")
        box.watch_stop()


def test_mail_that_came_between_two_idles_is_reported_at_once(
    dovecot: Dovecot, login: tuple[str, str]
) -> None:
    """Mail appended while not idling (catching up) is reported by the next watch_start."""
    with _idling(dovecot, login) as box:
        box.watch_stop()
        box.watch_start("INBOX")
        assert not box.watch_wait(0.5)  # nothing new since the previous watch_start
        box.watch_stop()
        dovecot.deliver(login[0], letter()[1])
        box.watch_start("INBOX")
        assert box.watch_wait(0.5)
        box.watch_stop()


def test_reported_arrivals_are_not_reported_twice(dovecot: Dovecot, login: tuple[str, str]) -> None:
    """Mail IDLE announced (and the caller caught up on) is not reported again at re-IDLE."""
    with _idling(dovecot, login) as box:
        with dovecot.client(*login) as other:
            other.append("INBOX", letter()[1])
        assert wait_for(lambda: _news(box), "IDLE to report the new message")
        box.watch_stop()
        box.watch_start("INBOX")
        assert not box.watch_wait(0.5)
        box.watch_stop()


def test_kick_raises_with_the_server_text(dovecot: Dovecot, login: tuple[str, str]) -> None:
    """A BYE from the server (doveadm kick) raises MailboxError naming it."""
    box = _idle(dovecot, *login, dovecot.port)
    dovecot.kick(login[0])
    with pytest.raises(MailboxError, match="server closed the connection"):
        wait_for(lambda: _news(box), "the BYE")
    box.abandon()


def test_eof_without_bye_raises_instead_of_spinning(
    dovecot: Dovecot, login: tuple[str, str], proxy: Proxy
) -> None:
    """A connection closed without BYE (idle_check then returns [] at once) raises at once."""
    box = _idle(dovecot, *login, proxy.port)
    proxy.cut()
    calls = 0
    with pytest.raises(MailboxError):
        for calls in range(1, 11):  # noqa: B007  (counted for the message below)
            box.watch_wait(1.0)
    assert calls <= 2, f"watch_wait returned {calls - 1} times after EOF before raising"
    box.abandon()


def test_half_open_connection_fails_the_liveness_round_trip(
    dovecot: Dovecot, login: tuple[str, str], proxy: Proxy
) -> None:
    """On a frozen path DONE/NOOP time out after probe_timeout and raise; abandon() is quick."""
    box = _idle(dovecot, *login, proxy.port)
    box.probe_timeout = 1.0
    proxy.freeze()
    assert not box.watch_wait(0.5)  # a silent connection looks like a quiet one...
    with pytest.raises(MailboxError):
        box.watch_stop()  # ...until a round trip is due
        box.keepalive()
    box.abandon()  # no LOGOUT: on a half-open path it would wait for the whole read timeout


def test_keepalive_on_a_live_connection(dovecot: Dovecot, login: tuple[str, str]) -> None:
    """A renewal (DONE, NOOP, IDLE again) works on a live connection and keeps watching."""
    with _idling(dovecot, login) as box:
        box.watch_stop()
        box.keepalive()
        box.watch_start("INBOX")
        with dovecot.client(*login) as other:
            other.append("INBOX", letter()[1])
        assert wait_for(lambda: _news(box), "IDLE to report the new message after renewal")
        box.watch_stop()
