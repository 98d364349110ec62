"""Servers without IDLE are polled at [service] poll_seconds; a UIDVALIDITY change is noticed and
rescanned without a second draft for anything already handled."""

from collections.abc import Callable, Iterator

import pytest

from tests.dovecot import Dovecot, UserFactory, start_dovecot
from tests.servicerun import Home, Running, letter, wait_for_drafts


@pytest.fixture(scope="module")
def no_idle() -> Iterator[Dovecot]:
    """A Dovecot that does not advertise IDLE."""
    with start_dovecot(idle=False) as server:
        yield server


def test_server_without_idle_is_polled(
    no_idle: Dovecot, home: Home, service: Callable[..., Running]
) -> None:
    """No IDLE: the service says it polls, and drafts each new letter at a later poll."""
    user, password = no_idle.new_user()
    home.write_config(
        home.imap_account("work", no_idle, user, password), service="poll_seconds = 1"
    )
    running = service()
    running.wait_log(r"account work, INBOX: no IDLE on this server: polling every 1 s")
    ids = []
    for _ in range(2):  # two letters, two polls: it keeps polling
        message_id, raw = letter()
        ids.append(message_id)
        no_idle.deliver(user, raw)
        assert sorted(wait_for_drafts(no_idle, user, password, ids)) == sorted(ids)
    assert "watching with IDLE" not in running.log()
    assert running.stop() == 0


def test_uidvalidity_change_is_noticed_without_duplicates(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """INBOX gets a new UIDVALIDITY: the service rescans it, drafts the new letter, and
    writes no second draft for the one it had already answered."""
    user, password = imap_user(dovecot)
    home.write_config(home.imap_account("work", dovecot, user, password))
    running = service()
    running.wait_log(r"watching with IDLE")
    first_id, first = letter()
    dovecot.deliver(user, first)
    wait_for_drafts(dovecot, user, password, [first_id])
    dovecot.set_uidvalidity(user, "INBOX")
    second_id, second = letter()
    dovecot.deliver(user, second)
    found = wait_for_drafts(dovecot, user, password, [first_id, second_id])
    running.wait_log(r"INBOX has a new UIDVALIDITY")
    assert sorted(found) == sorted([first_id, second_id])
    assert running.stop() == 0
