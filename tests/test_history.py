"""`onfile history [--json]` and `onfile status` after the service ran: the rejections with
their draft status, per account counts, the service's state and last activity."""

import json
import re
from collections.abc import Callable

from tests.dovecot import Dovecot, UserFactory
from tests.servicerun import HEADERLESS, Home, Running, letter, wait_for, wait_for_drafts


def test_before_any_run(home: Home) -> None:
    """Without a state store, both commands say there is nothing yet and how to start."""
    history = home.run("history")
    assert history.returncode == 0
    assert "no history yet" in history.stdout and "onfile run" in history.stdout
    assert home.run("history", "--json").stdout == ""
    status = home.run("status")
    assert status.returncode == 0
    assert "nothing yet" in status.stdout and "onfile run" in status.stdout


def test_history_and_status_after_a_run(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """A rejection, a receipt and an unreadable message: history lists the rejection and its
    draft; status says the service runs (then that it stopped) and counts each outcome."""
    user, password = imap_user(dovecot)
    home.write_config(home.imap_account("work", dovecot, user, password))
    running = service()
    running.wait_log(r"watching with IDLE")
    rejection_id, rejection = letter()
    dovecot.deliver(user, letter("other")[1])
    dovecot.deliver(user, HEADERLESS)
    dovecot.deliver(user, rejection)
    wait_for_drafts(dovecot, user, password, [rejection_id])

    def running_status() -> str:
        out = home.run("status").stdout
        return out if "1 draft written" in out else ""

    status = wait_for(running_status, "status to show the draft")
    assert re.search(
        rf"^service: running \(pid {running.pid}\): watching 1 account, 1 draft", status, re.M
    )
    assert re.search(
        r"^work: 3 messages decided, 1 rejections, 1 drafts written, 0 held back, 1 failed; "
        r"last activity \d{4}-\d\d-\d\dT",
        status,
        re.M,
    ), status
    assert "not connected" not in status

    rows = [json.loads(line) for line in home.run("history", "--json").stdout.splitlines()]
    assert [(r["account"], r["message_id"], r["draft"]) for r in rows] == [
        ("work", rejection_id, "drafted")
    ]
    assert rows[0]["recipient"] and rows[0]["date"] and rows[0]["score"] >= 5
    table = home.run("history").stdout.splitlines()
    assert re.match(r"date\s+account\s+company\s+role\s+draft", table[0]), table
    assert any(re.match(r"\d{4}-\d\d-\d\d\s+work\s+.*\bdrafted\b", line) for line in table), table

    assert running.stop() == 0
    stopped = home.run("status").stdout
    assert re.search(r"^service: not running \(stopped .*watching 1 account", stopped, re.M)
