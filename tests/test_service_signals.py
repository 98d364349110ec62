"""Signals: SIGTERM stops the service within 5 s with exit 0, also in the middle of a backlog
(and nothing is drafted twice afterwards); SIGHUP reloads config and rules, or keeps the old
ones and says why when the new ones are invalid."""

import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

from tests.dovecot import Dovecot, UserFactory
from tests.servicerun import Home, Running, drafts, letter, wait_for, wait_for_drafts

PROMISE = 5.0  # seconds from SIGTERM to exit: the one timing promise

ZEBRA_RULE = """\
language = "*"

[[rule]]
id = "test.zebra"
description = "A phrase only these tests use"
field = "body"
phrases = ["zebra pineapple"]
score = 10.0
"""


def _stop_in_time(running: Running) -> None:
    started = time.monotonic()
    running.signal(signal.SIGTERM)
    code = running.proc.wait(30)
    elapsed = time.monotonic() - started
    assert code == 0, running.log()
    assert elapsed < PROMISE, f"exit took {elapsed:.1f} s"


def test_sigterm_while_idle_exits_0_within_5_s(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """SIGTERM while idling: exit 0 within 5 s, having said it stops."""
    home.write_config(home.imap_account("work", dovecot, *imap_user(dovecot)))
    running = service()
    running.wait_log(r"watching with IDLE")
    _stop_in_time(running)
    assert "stopping" in running.log()


def test_sigterm_while_busy_exits_in_time_and_never_drafts_twice(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """SIGTERM in a backlog: exit 0 within 5 s; a later pass drafts the rest, each once."""
    user, password = imap_user(dovecot)
    ids = []
    for _ in range(400):
        message_id, raw = letter()
        ids.append(message_id)
        dovecot.deliver(user, raw)
    home.write_config(home.imap_account("work", dovecot, user, password))
    running = service()
    running.wait_log(r"draft to .* written to Drafts")
    _stop_in_time(running)
    done = drafts(dovecot, user, password)
    assert 0 < len(done) < len(ids), "SIGTERM came too late to test a busy stop"
    assert len(set(done)) == len(done)
    finish = home.run("run", "--once")
    assert finish.returncode == 0, finish.stderr
    found = drafts(dovecot, user, password)
    assert sorted(found) == sorted(ids)  # every letter, each exactly once


def test_sighup_applies_valid_rules_and_keeps_them_over_invalid_ones(
    dovecot: Dovecot, imap_user: UserFactory, home: Home, service: Callable[..., Running]
) -> None:
    """A user rule added + SIGHUP takes effect; a broken file + SIGHUP is refused with
    file:line in the log, and the service goes on with the rules it had."""
    user, password = imap_user(dovecot)
    home.write_config(home.imap_account("work", dovecot, user, password))
    running = service()
    running.wait_log(r"watching with IDLE")
    before_id, before = letter("other", extra_body="\nzebra pineapple\n")
    marker_id, marker = letter()
    dovecot.deliver(user, before)
    dovecot.deliver(user, marker)  # decided after `before`, so its draft shows both are done
    wait_for_drafts(dovecot, user, password, [marker_id])
    assert before_id not in drafts(dovecot, user, password)

    rules = home.config_dir / "rules"
    rules.mkdir()
    (rules / "zebra.toml").write_text(ZEBRA_RULE)
    running.signal(signal.SIGHUP)
    running.wait_log(r"reloaded .*config\.toml")
    after_id, after = letter("other", extra_body="\nzebra pineapple\n")
    dovecot.deliver(user, after)
    wait_for_drafts(dovecot, user, password, [after_id])

    (rules / "zebra.toml").write_text(ZEBRA_RULE.replace("score = 10.0", 'score = "lots"'))
    running.signal(signal.SIGHUP)
    log = running.wait_log(r"reload failed")
    wait_for(lambda: "zebra.toml:" in running.log(), "the file:line of the problem")
    again_id, again = letter("other", extra_body="\nzebra pineapple\n")
    dovecot.deliver(user, again)
    wait_for_drafts(dovecot, user, password, [again_id])  # the valid rules still apply
    assert running.count(r"reloaded ") == 1, log
    assert running.proc.poll() is None
    assert running.stop() == 0


def test_invalid_rules_at_start_exit_78(
    home: Home, service: Callable[..., Running], tmp_path: Path
) -> None:
    """A broken user rule file at start: exit 78 (the unit does not restart on it), with the
    problem as file:line and no traceback."""
    maildir = tmp_path / "Mail"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    home.write_config(home.maildir_account("local", maildir))
    (home.config_dir / "rules").mkdir()
    (home.config_dir / "rules" / "zebra.toml").write_text(ZEBRA_RULE.replace("10.0", '"lots"'))
    running = service()
    assert running.proc.wait(60) == 78
    log = running.log()
    assert re.search(r"zebra\.toml:\d+: rule test\.zebra: ", log), log
    assert "Traceback" not in log
