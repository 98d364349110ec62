"""Connections that die without a word: a frozen path (half-open: NAT timeout, sleeping laptop)
is found by the liveness round trip when IDLE is renewed, a cut one (EOF, no BYE) at once; the
service reconnects and drafts the letter that came meanwhile."""

from collections.abc import Callable, Iterator

import pytest

from tests.dovecot import Dovecot, UserFactory, start_dovecot
from tests.servicerun import Home, Running, letter, wait_for_drafts
from tests.tcpproxy import Proxy


@pytest.fixture
def proxy(dovecot: Dovecot) -> Iterator[Proxy]:
    with Proxy(dovecot.tls_port) as p:
        yield p


def _idling_via(
    proxy: Proxy, server: Dovecot, login: tuple[str, str], home: Home, start: Callable[..., Running]
) -> Running:
    account = home.imap_account("work", server, *login, port=proxy.port)
    home.write_config(account, service="idle_renew_seconds = 2")
    running = start()
    running.wait_log(r"watching with IDLE")
    return running


@pytest.mark.parametrize("failure", ["freeze", "cut"])
def test_silently_dead_connection_is_replaced(
    failure: str,
    dovecot: Dovecot,
    imap_user: UserFactory,
    proxy: Proxy,
    home: Home,
    service: Callable[..., Running],
) -> None:
    """Frozen or cut mid-IDLE: one line lost, one back, and the new letter is drafted."""
    user, password = imap_user(dovecot)
    running = _idling_via(proxy, dovecot, (user, password), home, service)
    getattr(proxy, failure)()
    message_id, raw = letter()
    dovecot.deliver(user, raw)
    assert wait_for_drafts(dovecot, user, password, [message_id], timeout=90) == [message_id]
    running.wait_log(r"connection back")
    log = running.log()
    assert running.count(r"connection lost") == 1, log
    assert running.count(r"connection back") == 1, log
    assert "Traceback" not in log
    assert proxy.accepted == 2


@pytest.fixture(scope="module")
def no_idle() -> Iterator[Dovecot]:
    with start_dovecot(idle=False) as server:
        yield server


def test_silent_polled_connection_gets_a_liveness_noop(
    no_idle: Dovecot, home: Home, service: Callable[..., Running]
) -> None:
    """Polling hourly, the connection goes half-open: the NOOP sent once it has been silent for
    a while times out, the service reconnects, and its catch-up drafts the new letter."""
    user, password = no_idle.new_user()
    with Proxy(no_idle.tls_port) as proxy:
        account = home.imap_account("old", no_idle, user, password, port=proxy.port)
        home.write_config(account, service="poll_seconds = 3600\nidle_renew_seconds = 2")
        running = service()
        running.wait_log(r"polling every 3600 s")
        proxy.freeze()
        message_id, raw = letter()
        no_idle.deliver(user, raw)
        found = wait_for_drafts(no_idle, user, password, [message_id], timeout=90)
        assert found == [message_id]
        running.wait_log(r"connection back")
        assert running.count(r"connection lost: .*timed out") == 1, running.log()
        assert proxy.accepted == 2
