"""One watcher thread per account and watched folder: catch up, then wait for news (IMAP IDLE, a
Maildir change, or a poll where the server has no IDLE) and catch up again; reconnect with capped
exponential backoff and jitter, saying so in one line when lost and one when back."""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from onfile.config import Account
from onfile.errors import CredentialError, MailboxError, OnfileError
from onfile.mailbox import ImapMailbox
from onfile.service import Mailbox, Pass, PassReport, open_mailbox
from onfile.state import State

if TYPE_CHECKING:
    from onfile.watch import Service

log = logging.getLogger("onfile")
BACKOFF_START = 1.0
BACKOFF_CAP = 300.0
TICK = 1.0  # how often a watcher looks up from IDLE or a poll wait for the stop flag and requests
TROUBLE_META = "trouble:"  # meta key prefix, per account: why it is not connected ("" when fine)
ACTIVITY_META = "activity:"  # meta key prefix, per account: when it last decided a message


def backoff(failures: int) -> float:
    """Capped exponential backoff with jitter (half to full of 1, 2, 4 … 300 s)."""
    ceiling = min(BACKOFF_CAP, BACKOFF_START * 2 ** max(0, failures - 1))
    return float(ceiling * random.uniform(0.5, 1.0))


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Counters:
    """What the service did since it started, for STATUS= and the daily summary."""

    drafted: int = 0
    rejections: int = 0
    seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, report: PassReport) -> None:
        with self.lock:
            self.seen += len(report.outcomes)
            self.drafted += report.count("drafted")
            self.rejections += sum(
                1 for o in report.outcomes if o.decision and o.decision.detection.is_rejection
            )


class Watcher(threading.Thread):
    """Watches one folder of one account on its own connection until stopped."""

    def __init__(self, service: Service, account: Account, folder: str) -> None:
        super().__init__(name=f"{account.name}:{folder}", daemon=True)
        self.service, self.account, self.folder = service, account, folder
        self.where = f"account {account.name}, {folder}"
        self.stop = threading.Event()
        self.poll_due = threading.Event()  # set by the poll job (servers without IDLE)
        self.renew_due = threading.Event()  # set by the IDLE renewal job
        self.probe_due = threading.Event()  # set by the liveness job
        self.push = False
        self.beat = time.monotonic()  # when the thread last looked up, for the watchdog
        self.contact = 0.0  # when the connection last proved alive
        self.retry = False  # the last pass left a failed message to try again
        # Why it is not connected right now, for STATUS and `onfile status` (None: not known yet,
        # so that the first report also clears what a previous run left in the state store).
        self.trouble: str | None = None

    def run(self) -> None:
        try:
            self.watch_forever()
        except Exception:  # a bug: surface it; systemd restarts the service (Restart=on-failure)
            log.exception("%s: the watcher failed; stopping the service", self.where)
            self.service.fail()

    def stopping(self) -> bool:
        return self.stop.is_set() or self.service.stopping

    def wait(self, seconds: float) -> None:
        """Sleep, looking up every TICK for the stop flag."""
        deadline = time.monotonic() + seconds
        while not self.stopping() and (left := deadline - time.monotonic()) > 0:
            self.beat = time.monotonic()
            self.stop.wait(min(TICK, left))

    def watch_forever(self) -> None:
        state = State(self.service.state_file)
        failures, lost_at, connected_before = 0, 0.0, False
        try:
            while not self.stopping():
                box: Mailbox | None = None
                clean = False
                try:
                    box = open_mailbox(self.account)
                    self.push, self.contact = box.supports_push, time.monotonic()
                    if self.push:  # take the folder's mark before catching up: what arrives
                        box.watch_start(self.folder)  # meanwhile shows at the next watch_start
                        box.watch_wait(0)  # (the first one always reports news: consume it)
                        box.watch_stop()
                    self.catch_up(box, state)
                    self.connected(state, lost_at, connected_before)
                    failures, lost_at, connected_before = 0, 0.0, True
                    self.watch(box, state)
                    clean = True
                except (MailboxError, CredentialError) as exc:
                    failures += 1
                    # One line when lost and one when back; in between only a new reason is
                    # news (the server went down, then the login fails), not each retry.
                    reason = str(exc)
                    if not lost_at:
                        lost_at = time.monotonic()
                        what = "connection lost" if connected_before else "cannot connect"
                        log.warning("%s: %s: %s; retrying with backoff", self.where, what, exc)
                    elif reason != self.trouble:
                        log.warning("%s: still not connected: %s", self.where, exc)
                    else:
                        log.debug("%s: attempt %d failed: %s", self.where, failures, exc)
                    self.set_trouble(state, reason)
                finally:
                    if box is not None:
                        self.drop(box, clean)
                if not clean:
                    self.wait(backoff(failures))
        finally:
            state.close()

    def connected(self, state: State, lost_at: float, connected_before: bool) -> None:
        if lost_at:
            back = "connection back" if connected_before else "connected"
            log.info("%s: %s after %.0f s", self.where, back, time.monotonic() - lost_at)
        if not connected_before:
            how = (
                "watching the Maildir"
                if self.account.is_maildir
                else "watching with IDLE"
                if self.push
                else f"no IDLE on this server: polling every {self.service.config.poll_seconds} s"
            )
            log.info("%s: %s", self.where, how)
        self.set_trouble(state, "")

    def set_trouble(self, state: State, trouble: str) -> None:
        if trouble != self.trouble:
            self.trouble = trouble
            state.set_meta(TROUBLE_META + self.account.name, trouble)

    @staticmethod
    def drop(box: Mailbox, clean: bool) -> None:
        """Log out after a clean stop; after a failure just close the socket, since a half-open
        connection would hold a polite LOGOUT for the whole read timeout."""
        if clean or not isinstance(box, ImapMailbox):
            with contextlib.suppress(OnfileError, OSError):  # gone already: nothing to leave
                box.watch_stop()
            with contextlib.suppress(OnfileError, OSError):
                box.close()
        else:
            box.abandon()

    def keep_going(self) -> bool:
        """Called by the pass between messages: a heartbeat, and the stop check."""
        self.beat = time.monotonic()
        return self.stopping()

    def catch_up(self, box: Mailbox, state: State) -> None:
        """One pass over the folder. Watchers of one account take turns, so that two folders
        holding the same letter (INBOX and All Mail) never race to draft it twice."""
        with self.service.account_lock(self.account.name):
            runner = Pass(
                box,
                self.account,
                self.service.engine,
                state,
                datetime.now(UTC),
                False,
                self.keep_going,
            )
            runner.folder(self.folder)
        self.retry = runner.report.count("failed") > 0
        self.contact = time.monotonic()
        self.service.counters.add(runner.report)
        if runner.report.outcomes:
            state.set_meta(ACTIVITY_META + self.account.name, now_text())

    def watch(self, box: Mailbox, state: State) -> None:
        """Wait for news and catch up on each, until stopped."""
        while not self.stopping():
            if self.push:
                box.watch_start(self.folder)  # reports at once what came since the last one
                news = self.wait_for_push(box)
                if self.stopping():
                    return  # drop() leaves IDLE and logs out
                box.watch_stop()  # DONE, and for a renewal a NOOP: a round trip each, on
                if not news:  # which a half-open socket times out
                    box.keepalive()
                    self.contact = time.monotonic()
            else:
                news = self.wait_for_poll(box)
            # A failed message is tried again at the next IDLE renewal even when no mail comes
            # (each poll is a pass anyway), until the ledger sets it aside.
            if (news or self.retry) and not self.stopping():
                self.catch_up(box, state)

    def wait_for_push(self, box: Mailbox) -> bool:
        """True when mail arrived; False when IDLE is due for renewal (or a liveness check)."""
        while not self.stopping():
            self.beat = time.monotonic()
            if box.watch_wait(TICK):
                return True
            if self.renew_due.is_set() or self.due_probe():
                self.renew_due.clear()
                return False
        return False

    def wait_for_poll(self, box: Mailbox) -> bool:
        """True when a poll is due; a NOOP in between when the connection has been silent."""
        self.renew_due.clear()
        while not self.stopping():
            self.beat = time.monotonic()
            if self.poll_due.wait(TICK):
                self.poll_due.clear()
                return True
            if self.due_probe():
                box.keepalive()
                self.contact = time.monotonic()
        return False

    def due_probe(self) -> bool:
        """The liveness job asked, and the connection has been silent long enough to check."""
        if not self.probe_due.is_set():
            return False
        self.probe_due.clear()
        return time.monotonic() - self.contact >= self.service.silence()
