"""The Maildir edge's watch methods on a real folder: a delivery into new/ or cur/ is reported,
mail that came between two watches is reported at once, a vanished tree raises."""

import os
import shutil
from pathlib import Path

import pytest

from onfile.config import Account
from onfile.errors import MailboxError
from onfile.maildir import MaildirMailbox
from tests.servicerun import letter, wait_for


@pytest.fixture
def box(tmp_path: Path) -> MaildirMailbox:
    """A Maildir++ tree with INBOX at the root, watched from a fresh mailbox object."""
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "Mail" / sub).mkdir(parents=True)
    mailbox = MaildirMailbox.connect(Account("local", maildir=str(tmp_path / "Mail")))
    mailbox.watch_start("INBOX")
    assert mailbox.watch_wait(0.1)  # the first watch always reports: nothing to compare with
    return mailbox


def _deliver(root: Path, name: str, subdir: str = "new") -> None:
    (root / "tmp" / name).write_bytes(letter()[1])
    os.rename(root / "tmp" / name, root / subdir / name)


def test_quiet_folder_reports_nothing(box: MaildirMailbox) -> None:
    """Without deliveries watch_wait times out with False."""
    assert not box.watch_wait(0.3)


@pytest.mark.parametrize("subdir", ["new", "cur"])
def test_delivery_is_reported(box: MaildirMailbox, subdir: str) -> None:
    """A message renamed into new/ (an MDA) or cur/ (a sync tool) is reported."""
    _deliver(box.root, f"1.test.host{':2,S' if subdir == 'cur' else ''}", subdir)
    assert wait_for(lambda: box.watch_wait(1.0), "the delivery to be reported")


def test_mail_between_two_watches_is_reported_at_once(box: MaildirMailbox) -> None:
    """A delivery while the caller was catching up shows at the next watch_start; a watch
    with nothing new since the last one does not."""
    box.watch_stop()
    box.watch_start("INBOX")
    assert not box.watch_wait(0.3)
    box.watch_stop()
    _deliver(box.root, "2.test.host")
    box.watch_start("INBOX")
    assert box.watch_wait(0.0)


def test_vanished_tree_raises(box: MaildirMailbox) -> None:
    """A watched tree that disappears (unmounted, moved) raises MailboxError."""
    shutil.rmtree(box.root)
    with pytest.raises(MailboxError, match="vanished"):
        box.watch_wait(0.5)
    with pytest.raises(MailboxError, match="is gone"):
        box.keepalive()
