"""Edge letters for `onfile run --once`: odd Message-IDs, copies, replies already sent."""

import re
import shutil
from pathlib import Path

import pytest

from tests.dovecot import Dovecot, UserFactory
from tests.imap_run import Box, letter, make_box, message_id, originals


@pytest.fixture
def box(dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path) -> Box:
    """A fresh user with an empty INBOX."""
    return make_box(dovecot, imap_user(dovecot), xdg_home)


def forget_state(home: Path) -> None:
    """Lose the state store, as after a crash before the state write or a wiped disk."""
    shutil.rmtree(home / "xdg_state_home" / "onfile")


def test_letter_without_message_id_is_drafted_once(box: Box, xdg_home: Path) -> None:
    """A rejection without Message-ID gets one draft, and no second one when the state is lost."""
    box.deliver(re.sub(rb"(?im)^Message-ID:.*\n", b"", letter("r01")))
    assert box.run() == 0
    assert len(box.drafts()) == 1
    forget_state(xdg_home)
    assert box.run() == 0
    drafts = box.drafts()
    assert len(drafts) == 1
    assert "In-Reply-To" not in drafts[0][1]  # nothing to thread under


def test_utf8_message_id_is_drafted_once(box: Box, xdg_home: Path) -> None:
    """A UTF-8 Message-ID (RFC 6532) is searched for in Drafts: one draft, even after state loss."""
    original = "<bewerbung-ü@northwind-labs.example>"
    box.deliver(letter("r02", Message_ID=original))
    assert box.run() == 0
    forget_state(xdg_home)
    assert box.run() == 0
    assert originals(box.drafts()) == [original]


def test_same_letter_twice_gets_one_draft(box: Box) -> None:
    """Two copies of one letter (same Message-ID) in INBOX and another watched folder: one draft."""
    box.config.write_text(box.config.read_text() + 'watch = ["INBOX", "Jobs"]\n')
    box.deliver(letter("r03"))
    box.deliver(letter("r03"))
    box.server.deliver(box.user, letter("r03"), "Jobs")
    assert box.run() == 0
    assert originals(box.drafts()) == [message_id(letter("r03"))]


def test_answered_rejection_gets_no_draft(box: Box, capsys: pytest.CaptureFixture[str]) -> None:
    """A rejection flagged \\Answered, or answered by a reply in Sent, gets no draft."""
    box.server.deliver(box.user, letter("r01"), flags="RS")
    box.deliver(letter("r02"))
    reply = f"From: alex@example.org\nSubject: Re: x\nIn-Reply-To: {message_id(letter('r02'))}\n\nThanks\n"
    box.server.deliver(box.user, reply.encode(), "Sent", flags="S")
    assert box.run() == 0
    assert box.drafts() == []
    assert capsys.readouterr().out.count("you already replied") == 2


def test_dry_run_shows_the_rate_limit(box: Box, capsys: pytest.CaptureFixture[str]) -> None:
    """Two rejections from one company: the dry run predicts what the real pass does (one draft)."""
    box.deliver(letter("r01"))
    box.deliver(letter("r01", Message_ID="<again@acme-analytics.example>"))
    assert box.run("--dry-run") == 0
    dry = capsys.readouterr().out
    assert box.run() == 0
    real = capsys.readouterr().out
    assert len(box.drafts()) == 1
    assert dry.count("would-draft") == real.count("drafted") == 1
    assert dry.count("skipped") == real.count("skipped") == 1
