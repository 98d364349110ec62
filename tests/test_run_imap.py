"""`onfile run --once` on a real Dovecot: one threaded draft per rejection, the INBOX untouched."""

from email.utils import parseaddr
from pathlib import Path

import pytest

from tests.dovecot import Dovecot, UserFactory
from tests.imap_run import (
    EXPECTED_TO,
    IDENTITY_EMAIL,
    IDENTITY_NAME,
    Box,
    letter,
    make_box,
    message_id,
    originals,
)

REJECTIONS = ("r01", "r02", "r03")
OTHERS = ("o01", "o02", "o03")
# r01 arrives as a reply in a thread, with stacked prefixes, to check Subject and References.
EARLIER = ("<first@acme-analytics.example>", "<second@acme-analytics.example>")
R01_HEADERS = {
    "Subject": "RE: Re: Your application for Senior Data Analyst at Acme Analytics",
    "References": " ".join(EARLIER),
    "In_Reply_To": EARLIER[1],
}
SUBJECTS = {
    "r01": "Re: Your application for Senior Data Analyst at Acme Analytics",
    "r02": "Re: Update on your application to Northwind Labs",
    "r03": "Re: Bluefjord Systems – Product Designer application",
}


@pytest.fixture
def box(dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path) -> Box:
    """A fresh user whose INBOX holds 3 rejections and 3 look-alikes, half of them \\Seen."""
    box = make_box(dovecot, imap_user(dovecot), xdg_home)
    for i, stem in enumerate(REJECTIONS + OTHERS):
        box.deliver(letter(stem, **(R01_HEADERS if stem == "r01" else {})), seen=i % 2 == 1)
    return box


def ids() -> dict[str, str]:
    return {stem: message_id(letter(stem)) for stem in REJECTIONS + OTHERS}


def test_one_draft_per_rejection_none_for_lookalikes(
    box: Box, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each rejection gets exactly one draft in Drafts; no look-alike gets one; exit 0."""
    assert box.run() == 0
    assert sorted(originals(box.drafts())) == sorted(ids()[s] for s in REJECTIONS)
    assert "3 rejections, 3 drafts written, 0 failed" in capsys.readouterr().out


def test_draft_headers_as_a_client_reads_them(box: Box) -> None:
    """From, To, Subject, In-Reply-To, References, Message-ID and flags are what a reply needs."""
    assert box.run() == 0
    by_original = {str(msg["X-Onfile-Original"]): (flags, msg) for flags, msg in box.drafts()}
    assert len(by_original) == len(REJECTIONS)
    for stem in REJECTIONS:
        original = ids()[stem]
        flags, msg = by_original[original]
        assert {b"\\Draft", b"\\Seen"} <= set(flags)
        assert parseaddr(str(msg["From"])) == (IDENTITY_NAME, IDENTITY_EMAIL)
        assert parseaddr(str(msg["To"]))[1] == EXPECTED_TO[stem]
        assert str(msg["Subject"]) == SUBJECTS[stem]
        assert str(msg["In-Reply-To"]) == original
        references = str(msg["References"]).split()
        assert references[-1] == original
        if stem == "r01":
            assert references == [*EARLIER, original]
        assert str(msg["Message-ID"]).endswith("@example.org>")
        assert str(msg["Message-ID"]) != original


def test_draft_body_asks_for_feedback_and_to_stay_on_file(box: Box) -> None:
    """The decoded plain-text body names the recruiter, asks for feedback and to be kept on file."""
    assert box.run() == 0
    bodies = {str(m["X-Onfile-Original"]): m for _, m in box.drafts()}
    for stem in REJECTIONS:
        msg = bodies[ids()[stem]]
        assert msg.get_content_type() == "text/plain"
        assert msg.get_content_charset() == "utf-8"
        text = msg.get_content()
        assert "application stronger" in text  # the feedback request
        assert "details on file" in text
        assert IDENTITY_NAME in text
    assert "Dear Tomás," in bodies[ids()["r03"]].get_content()  # UTF-8 survives the round trip


def test_inbox_flags_and_count_unchanged(box: Box) -> None:
    """Every INBOX message keeps exactly its FLAGS (no \\Seen added) and none is added or removed."""
    before = box.flags()
    assert len(before) == 6
    assert sum(b"\\Seen" in f for f in before.values()) == 3
    assert box.run() == 0
    assert box.flags() == before


def test_only_drafts_gains_messages(box: Box) -> None:
    """The pass adds one message per rejection to Drafts and changes no other folder's count."""
    before = box.counts()
    assert box.run() == 0
    assert box.counts() == before | {"Drafts": before["Drafts"] + len(REJECTIONS)}


def test_second_run_appends_nothing(box: Box, capsys: pytest.CaptureFixture[str]) -> None:
    """A second pass finds nothing new and leaves Drafts exactly as it was."""
    assert box.run() == 0
    drafts = box.flags(box.server.drafts_folder)
    capsys.readouterr()
    assert box.run() == 0
    assert box.flags(box.server.drafts_folder) == drafts
    assert "0 new messages" in capsys.readouterr().out
