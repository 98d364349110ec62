"""The service watching IMAP with IDLE: new letters become drafts while it idles, exactly once."""

from collections.abc import Callable

from tests.dovecot import Dovecot, UserFactory
from tests.servicerun import Home, Running, drafts, letter, wait_for_drafts


def test_rejection_appended_while_idling_becomes_a_draft(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """A rejection APPENDed while the service idles gets one draft; a receipt gets none."""
    user, password = imap_user(dovecot)
    home.write_config(home.imap_account("work", dovecot, user, password))
    running = service()
    running.wait_log(r"account work, INBOX: watching with IDLE")
    other_id, other = letter("other")
    rejection_id, rejection = letter()
    with dovecot.client(user, password) as c:
        c.append("INBOX", other)
        c.append("INBOX", rejection)
    found = wait_for_drafts(dovecot, user, password, [rejection_id])
    running.wait_log(r"rejection \(score")
    assert found == [rejection_id]
    assert other_id not in drafts(dovecot, user, password)
    assert running.stop() == 0


def test_letters_arriving_in_a_burst_each_get_one_draft(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """Letters dropped one after another while it idles or catches up are all drafted once."""
    user, password = imap_user(dovecot)
    home.write_config(home.imap_account("work", dovecot, user, password))
    running = service()
    running.wait_log(r"watching with IDLE")
    ids = []
    for _ in range(6):
        message_id, raw = letter()
        ids.append(message_id)
        dovecot.deliver(user, raw)
    found = wait_for_drafts(dovecot, user, password, ids)
    assert sorted(found) == sorted(ids)
    assert running.stop() == 0
