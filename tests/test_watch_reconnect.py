"""The service survives a dropped connection: a kicked session, a restarted or stopped server.
It says so in one line when the connection is lost and one when it is back, processes the mail
that arrived meanwhile, and never busy-spins while the server is away."""

import re
import time
from collections.abc import Callable, Iterator

import psutil
import pytest
from imapclient.exceptions import LoginError  # type: ignore[import-untyped]

from tests.dovecot import Dovecot, UserFactory, start_dovecot
from tests.servicerun import Home, Running, letter, wait_for, wait_for_drafts


@pytest.fixture
def own_server() -> Iterator[Dovecot]:
    """A Dovecot of this test's own, since the test stops or restarts it."""
    with start_dovecot() as server:
        yield server


def _idling(server: Dovecot, home: Home, start: Callable[..., Running]) -> tuple[str, str, Running]:
    user, password = server.new_user()
    home.write_config(home.imap_account("work", server, user, password))
    running = start()
    running.wait_log(r"watching with IDLE")
    return user, password, running


def _refused(server: Dovecot, user: str, password: str) -> bool:
    """True once LOGIN with `password` fails (Dovecot re-reads a passwd-file within a second)."""
    try:
        server.client(user, password).logout()
    except LoginError:
        return True
    return False


def _assert_one_loss(running: Running) -> None:
    running.wait_log(r"connection back")
    log = running.log()
    assert running.count(r"connection lost") == 1, log
    assert running.count(r"connection back") == 1, log
    assert "Traceback" not in log


def test_kicked_session_reconnects_and_drafts_new_mail(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """`doveadm kick` mid-IDLE: one line lost, one back, and the next letter is drafted."""
    user, password, running = _idling(dovecot, home, service)
    dovecot.kick(user)
    running.wait_log(r"connection lost: the server closed the connection")
    message_id, raw = letter()
    dovecot.deliver(user, raw)
    assert wait_for_drafts(dovecot, user, password, [message_id]) == [message_id]
    _assert_one_loss(running)


def test_restarted_server_reconnects_and_drafts_new_mail(
    own_server: Dovecot, home: Home, service: Callable[..., Running]
) -> None:
    """The server restarted mid-IDLE: the service reconnects and drafts the next letter."""
    user, password, running = _idling(own_server, home, service)
    own_server.restart()
    running.wait_log(r"connection back")
    message_id, raw = letter()
    own_server.deliver(user, raw)
    assert wait_for_drafts(own_server, user, password, [message_id]) == [message_id]
    _assert_one_loss(running)


def test_mail_that_arrived_while_the_server_was_down_is_drafted_on_reconnect(
    own_server: Dovecot, home: Home, service: Callable[..., Running]
) -> None:
    """Server stopped: the service idles at low CPU (no busy loop), then drafts what came."""
    user, password, running = _idling(own_server, home, service)
    before_id, before = letter()
    own_server.deliver(user, before)
    wait_for_drafts(own_server, user, password, [before_id])
    own_server.stop()
    running.wait_log(r"connection lost")
    message_id, raw = letter()
    own_server.deliver(user, raw)  # straight into the Maildir: the server is down
    process = psutil.Process(running.pid)
    cpu_before, wall_before = sum(process.cpu_times()[:2]), time.monotonic()
    time.sleep(5)  # a measuring window, not a wait for an outcome
    cpu = sum(process.cpu_times()[:2]) - cpu_before
    wall = time.monotonic() - wall_before
    assert cpu < 0.25 * wall, f"{cpu:.2f} s of CPU in {wall:.1f} s while the server was down"
    own_server.start()
    found = wait_for_drafts(own_server, user, password, [message_id])
    assert sorted(found) == sorted([before_id, message_id])
    _assert_one_loss(running)
    assert running.stop() == 0


def test_changed_password_is_reported_once_and_picked_up(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """The password changes on the server: after the line saying the connection was lost, one
    more says login fails and what to do (not one per retry), `onfile status` shows it; once
    the new secret is in place the service logs back in by itself."""
    user, old, running = _idling(dovecot, home, service)
    new = old + "-new"
    dovecot.add_user(user, new)
    wait_for(lambda: _refused(dovecot, user, old), "the server to refuse the old password")
    dovecot.kick(user)
    running.wait_log(r"still not connected: .*login failed .*check the password")
    status = home.run("status").stdout
    assert re.search(r"^work: not connected: .*login failed", status, re.M), status
    (home.root / "work.password").write_text(new)  # what password_command prints
    running.wait_log(r"connection back", timeout=120)  # backoff may have reached 30 s or so
    message_id, raw = letter()
    dovecot.deliver(user, raw)
    assert wait_for_drafts(dovecot, user, new, [message_id]) == [message_id]
    assert running.count(r"connection lost") == 1, running.log()
    assert running.count(r"login failed") == 1, running.log()
    assert "not connected" not in home.run("status").stdout
