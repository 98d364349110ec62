"""`onfile run --once` works with every Drafts naming and every security mode."""

from pathlib import Path

import pytest

from tests.dovecot import Dovecot, UserFactory
from tests.imap_run import Box, letter, make_box, message_id, originals

R01 = message_id(letter("r01"))


def small_scenario(box: Box) -> None:
    """One rejection and one look-alike: one threaded draft, INBOX flags kept, no rerun duplicate."""
    box.deliver(letter("r01"))
    box.deliver(letter("o02"), seen=True)
    inbox = box.flags()
    assert box.run() == 0
    assert box.run() == 0
    drafts = box.drafts()
    assert originals(drafts) == [R01]
    flags, msg = drafts[0]
    assert {b"\\Draft", b"\\Seen"} <= set(flags)
    assert msg["In-Reply-To"] == R01
    assert str(msg["References"]).split()[-1] == R01
    assert str(msg["Subject"]).startswith("Re: ") and "Re: Re:" not in str(msg["Subject"])
    assert box.flags() == inbox


@pytest.mark.parametrize("server_name", ["dovecot", "dovecot_gmail", "dovecot_dot"])
def test_drafts_folder_variants(
    server_name: str, request: pytest.FixtureRequest, imap_user: UserFactory, xdg_home: Path
) -> None:
    """The draft lands in Drafts, "[Gmail]/Drafts" or "INBOX.Drafts", whichever the server has."""
    server: Dovecot = request.getfixturevalue(server_name)
    small_scenario(make_box(server, imap_user(server), xdg_home))


@pytest.mark.parametrize("security", ["tls", "starttls", "none"])
def test_security_modes(
    security: str,
    dovecot: Dovecot,
    imap_user: UserFactory,
    xdg_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Implicit TLS (ca_file), STARTTLS on the plain port (ca_file) and none on 127.0.0.1 all work."""
    box = make_box(dovecot, imap_user(dovecot), xdg_home, security=security)
    small_scenario(box)
    assert "onfile:" not in capsys.readouterr().err
    logins = [
        line
        for line in dovecot.log.read_text().splitlines()
        if "Login:" in line and f"user=<{box.user}>" in line
    ]
    # Dovecot marks TLS sessions ", TLS,"; the test's own client logs in without TLS.
    assert any(", TLS," in line for line in logins) == (security != "none")


def test_drafts_folder_named_in_config(
    dovecot_dot: Dovecot, imap_user: UserFactory, xdg_home: Path
) -> None:
    """drafts = "INBOX.Drafts" (instead of "auto") is used as given."""
    box = make_box(dovecot_dot, imap_user(dovecot_dot), xdg_home)
    box.config.write_text(box.config.read_text() + 'drafts = "INBOX.Drafts"\n')
    small_scenario(box)
