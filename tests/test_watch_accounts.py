"""Several accounts in one service process, IMAP and Maildir: each is watched on its own and
gets its own drafts."""

import os
from collections.abc import Callable
from pathlib import Path

from tests.dovecot import Dovecot, UserFactory
from tests.servicerun import Home, Running, drafts, letter, wait_for, wait_for_drafts


def _maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp", ".Drafts/cur", ".Drafts/new", ".Drafts/tmp"):
        (root / sub).mkdir(parents=True)
    return root


def _drop(maildir: Path, raw: bytes, name: str) -> None:
    """Deliver the way an MDA does: write into tmp/, then rename into new/."""
    (maildir / "tmp" / name).write_bytes(raw)
    os.rename(maildir / "tmp" / name, maildir / "new" / name)


def _maildir_drafts(maildir: Path) -> list[str]:
    found = []
    for path in (maildir / ".Drafts" / "cur").iterdir():
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("X-Onfile-Original:"):
                found.append(line.partition(":")[2].strip())
    return found


def test_two_imap_accounts_in_one_process(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """Two users on one server, one process: each letter is drafted in its own account only."""
    alice, bob = imap_user(dovecot), imap_user(dovecot)
    home.write_config(
        home.imap_account("alice", dovecot, *alice), home.imap_account("bob", dovecot, *bob)
    )
    running = service()
    running.wait_log(r"watching with IDLE", count=2)
    for_alice, raw_alice = letter()
    for_bob, raw_bob = letter()
    dovecot.deliver(alice[0], raw_alice)
    dovecot.deliver(bob[0], raw_bob)
    assert wait_for_drafts(dovecot, *alice, [for_alice]) == [for_alice]
    assert wait_for_drafts(dovecot, *bob, [for_bob]) == [for_bob]
    assert "watching 2 accounts" in running.log()
    assert running.stop() == 0


def test_maildir_account_is_watched(
    dovecot: Dovecot,
    imap_user: UserFactory,
    home: Home,
    service: Callable[..., Running],
    tmp_path: Path,
) -> None:
    """A file dropped into a Maildir's new/ is drafted, beside an IMAP account in one process."""
    maildir = _maildir(tmp_path / "Mail")
    _drop(maildir, letter("other")[1], "1.before.host")  # there before the start: not a rejection
    user, password = imap_user(dovecot)
    home.write_config(
        home.maildir_account("local", maildir), home.imap_account("work", dovecot, user, password)
    )
    running = service()
    running.wait_log(r"account local, INBOX: watching the Maildir")
    message_id, raw = letter()
    _drop(maildir, raw, "2.rejection.host")
    assert wait_for(lambda: _maildir_drafts(maildir), "a draft in .Drafts/cur") == [message_id]
    assert sorted(p.name for p in (maildir / "new").iterdir()) == [
        "1.before.host",
        "2.rejection.host",
    ]  # read, never moved to cur/
    imap_id, imap_raw = letter()
    dovecot.deliver(user, imap_raw)
    assert wait_for_drafts(dovecot, user, password, [imap_id]) == [imap_id]
    assert _maildir_drafts(maildir) == [message_id]
    assert drafts(dovecot, user, password) == [imap_id]
    assert running.stop() == 0
