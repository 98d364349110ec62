"""`onfile run --once` writes each draft once: across reruns, deletions, UIDVALIDITY and crashes."""

import sqlite3
from pathlib import Path

import pytest

from tests.dovecot import Dovecot, UserFactory
from tests.imap_run import Box, letter, make_box, message_id, originals

R01 = message_id(letter("r01"))
R02 = message_id(letter("r02"))


@pytest.fixture
def box(dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path) -> Box:
    """A fresh user with two rejections (one \\Seen) and one look-alike in INBOX."""
    box = make_box(dovecot, imap_user(dovecot), xdg_home)
    box.deliver(letter("r01"), seen=True)
    box.deliver(letter("o01"))
    box.deliver(letter("r02"))
    return box


def state_file(home: Path) -> Path:
    return home / "xdg_state_home" / "onfile" / "state.sqlite"


def test_deleted_draft_is_not_recreated(box: Box) -> None:
    """A draft the user deleted stays deleted, even when the folder is rescanned."""
    assert box.run() == 0
    box.delete_draft(R01)
    assert box.run() == 0
    box.server.set_uidvalidity(box.user, "INBOX")  # forces a full rescan of INBOX
    assert box.run() == 0
    assert originals(box.drafts()) == [R02]


def test_uidvalidity_change_makes_no_duplicate(box: Box) -> None:
    """After the server renumbers INBOX (new UIDVALIDITY) the rescan adds no draft."""
    assert box.run() == 0
    box.server.set_uidvalidity(box.user, "INBOX")
    assert box.run() == 0
    assert sorted(originals(box.drafts())) == sorted([R01, R02])


def test_later_rejection_gets_exactly_one_new_draft(box: Box) -> None:
    """A rejection arriving after a pass gets one draft on the next pass, the others none."""
    assert box.run() == 0
    box.deliver(letter("r03"))
    box.deliver(letter("o02"))
    assert box.run() == 0
    assert box.run() == 0
    assert sorted(originals(box.drafts())) == sorted([R01, R02, message_id(letter("r03"))])


def test_draft_appended_before_a_crash_is_not_repeated(box: Box, xdg_home: Path) -> None:
    """A draft already in Drafts (APPEND done, state never written) is found; no second one."""
    ours = (
        f"From: Alex Doe <alex@example.org>\r\nTo: priya.natarajan@acme-analytics.example\r\n"
        f"Subject: Re: crashed\r\nMessage-ID: <crash@example.org>\r\nIn-Reply-To: {R01}\r\n"
        f"X-Onfile-Original: {R01}\r\n\r\nwritten just before the crash\r\n"
    ).encode()
    with box.server.client(box.user, box.password) as c:
        c.append(box.server.drafts_folder, ours, flags=(b"\\Draft", b"\\Seen"))
    assert not state_file(xdg_home).exists()
    assert box.run() == 0
    drafts = box.drafts()
    assert sorted(originals(drafts)) == sorted([R01, R02])
    assert [m["Message-ID"] for _, m in drafts if m["X-Onfile-Original"] == R01] == [
        "<crash@example.org>"
    ]


def test_lost_state_makes_no_duplicate(box: Box, xdg_home: Path) -> None:
    """With the state store deleted after a pass, the next pass finds the drafts in Drafts."""
    assert box.run() == 0
    before = box.flags(box.server.drafts_folder)
    for path in state_file(xdg_home).parent.iterdir():
        path.unlink()
    assert box.run() == 0
    assert box.flags(box.server.drafts_folder) == before


def test_dry_run_writes_nothing(
    box: Box, xdg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run prints what it would draft, appends nothing and records no state rows."""
    inbox = box.flags()
    assert box.run("--dry-run") == 0
    out = capsys.readouterr().out
    assert out.count("would-draft") == 2
    assert "2 drafts would be written" in out
    assert box.drafts() == []
    assert box.flags() == inbox
    if state_file(xdg_home).exists():
        with sqlite3.connect(state_file(xdg_home)) as db:
            for table in ("ledger", "folders"):
                assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    assert box.run() == 0  # the dry run consumed nothing: the real pass still drafts both
    assert sorted(originals(box.drafts())) == sorted([R01, R02])
