"""The long-running service: one watcher thread per account and folder (IMAP IDLE, or polling),
reconnects with capped backoff, periodic jobs on `schedule`, SIGTERM/SIGHUP, systemd notify."""

from __future__ import annotations

import contextlib
import logging
import queue
import random
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType

import schedule

from onfile.config import Account, Config, load_config
from onfile.errors import ConfigError, CredentialError, MailboxError, OnfileError
from onfile.notify import notify, watchdog_interval
from onfile.paths import state_dir
from onfile.pipeline import Engine, load_engine
from onfile.service import Mailbox, Pass, PassReport, open_mailbox, run_account
from onfile.state import State

log = logging.getLogger("onfile")
BACKOFF_START = 1.0
BACKOFF_CAP = 300.0
TICK = 1.0  # how often a watcher looks up from IDLE for requests and the stop flag


def state_path() -> Path:
    return state_dir() / "state.sqlite"


def backoff(failures: int) -> float:
    """Capped exponential backoff with jitter (half to full of 1, 2, 4 … 300 s)."""
    ceiling = min(BACKOFF_CAP, BACKOFF_START * 2 ** max(0, failures - 1))
    return ceiling * random.uniform(0.5, 1.0)


@dataclass
class AccountResult:
    """One account's outcome in a `run --once` pass."""

    account: str
    report: PassReport | None = None
    error: str = ""


def run_once(config: Config, accounts: tuple[Account, ...], dry_run: bool) -> list[AccountResult]:
    """One catch-up pass over every watched folder of `accounts`."""
    engine = load_engine(config)
    state = State(state_path())
    results = []
    try:
        for account in accounts:
            try:
                results.append(
                    AccountResult(
                        account.name,
                        run_account(account, engine, state, datetime.now(UTC), dry_run),
                    )
                )
            except (MailboxError, CredentialError) as exc:
                results.append(AccountResult(account.name, error=str(exc)))
    finally:
        state.close()
    return results


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
    """Watches one folder of one account with its own connection, reconnecting for ever."""

    def __init__(self, service: Service, account: Account, folder: str) -> None:
        super().__init__(name=f"{account.name}:{folder}", daemon=True)
        self.service, self.account, self.folder = service, account, folder
        self.requests: queue.SimpleQueue[str] = queue.SimpleQueue()
        self.push = False
        self.stop = threading.Event()

    def run(self) -> None:
        state = State(state_path())
        failures, lost_since = 0, 0.0
        try:
            while not self.stopping():
                box: Mailbox | None = None
                try:
                    box = open_mailbox(self.account)
                    if lost_since:
                        log.info(
                            "account %s, %s: connection back after %.0f s",
                            self.account.name,
                            self.folder,
                            time.monotonic() - lost_since,
                        )
                    failures, lost_since = 0, 0.0
                    self.push = box.supports_push
                    self.catch_up(box, state)
                    self.watch(box, state)
                except (MailboxError, CredentialError) as exc:
                    failures += 1
                    if not lost_since:
                        lost_since = time.monotonic()
                        log.warning(
                            "account %s, %s: connection lost (%s); reconnecting with backoff",
                            self.account.name,
                            self.folder,
                            exc,
                        )
                    else:
                        log.debug(
                            "account %s: retry %d failed: %s", self.account.name, failures, exc
                        )
                    self.wait(backoff(failures))
                finally:
                    if box is not None:
                        with contextlib.suppress(
                            OnfileError
                        ):  # already gone: nothing to log out of
                            box.close()
        finally:
            state.close()

    def stopping(self) -> bool:
        return self.stop.is_set() or self.service.stopping.is_set()

    def wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping() and time.monotonic() < deadline:
            time.sleep(min(0.2, deadline - time.monotonic()))

    def catch_up(self, box: Mailbox, state: State) -> None:
        runner = Pass(
            box, self.account, self.service.engine, state, datetime.now(UTC), False, self.stopping
        )
        runner.folder(self.folder)
        self.service.counters.add(runner.report)
        state.set_meta("last_activity", datetime.now(UTC).isoformat(timespec="seconds"))

    def watch(self, box: Mailbox, state: State) -> None:
        """Wait for news (IDLE, a Maildir change, or a poll request) and catch up on each."""
        while not self.stopping():
            changed = False
            if self.push:
                box.watch_start(self.folder)
            try:
                while not self.stopping() and not changed:
                    if self.push:
                        changed = box.watch_wait(TICK)
                    else:
                        self.wait(TICK)
                    while not self.requests.empty():
                        request = self.requests.get_nowait()
                        if request == "renew" and self.push:
                            # Re-issue IDLE with a NOOP between: proves the connection is alive.
                            box.watch_stop()
                            box.keepalive()
                            box.watch_start(self.folder)
                        elif request == "poll":
                            changed = True
            finally:
                if self.push and not self.stopping():
                    box.watch_stop()
            if changed and not self.stopping():
                self.catch_up(box, state)


class Service:
    """Owns the watchers, the engine (swapped on SIGHUP) and the periodic jobs."""

    def __init__(self, config: Config, accounts: tuple[Account, ...], selected: str | None) -> None:
        self.config, self.accounts, self.selected = config, accounts, selected
        self.engine: Engine = load_engine(config)
        self.stopping = threading.Event()
        self.reload_requested = threading.Event()
        self.counters = Counters()
        self.watchers: list[Watcher] = []
        self.jobs = schedule.Scheduler()

    def start_watchers(self) -> None:
        self.watchers = [Watcher(self, a, f) for a in self.accounts for f in a.watch]
        for watcher in self.watchers:
            watcher.start()

    def stop_watchers(self, timeout: float) -> None:
        for watcher in self.watchers:
            watcher.stop.set()
        deadline = time.monotonic() + timeout
        for watcher in self.watchers:
            watcher.join(max(0.0, deadline - time.monotonic()))

    def request(self, what: str, push: bool | None = None) -> None:
        for watcher in self.watchers:
            if push is None or watcher.push == push:
                watcher.requests.put(what)

    def status_line(self) -> str:
        c = self.counters
        return f"watching {len(self.accounts)} account{'s' * (len(self.accounts) != 1)}, {c.rejections} rejections seen, {c.drafted} drafts written"

    def heartbeat(self) -> None:
        notify("WATCHDOG=1", f"STATUS={self.status_line()}")

    def summary(self) -> None:
        log.info("daily summary: %s; %d messages looked at", self.status_line(), self.counters.seen)

    def prune(self) -> None:
        state = State(state_path())
        try:
            removed = state.prune(datetime.now(UTC) - timedelta(days=180))
            state.set_meta("status", self.status_line())
        finally:
            state.close()
        if removed:
            log.info("pruned %d old non-rejection entries from the state store", removed)

    def reload(self) -> None:
        """SIGHUP: re-read config, rules and templates; keep the old ones if the new are bad."""
        try:
            config = load_config(self.config.path, require_accounts=True)
            engine = load_engine(config)
        except ConfigError as exc:
            log.error(
                "reload failed, still running on the previous configuration: %s",
                "; ".join(str(p) for p in exc.problems),
            )
            return
        accounts = tuple(a for a in config.accounts if self.selected in (None, a.name))
        self.engine = engine
        if accounts != self.accounts:
            self.stop_watchers(5.0)
            self.config, self.accounts = config, accounts
            self.start_watchers()
        else:
            self.config = config
            self.request("poll")
        self.schedule_jobs()
        log.info(
            "reloaded: %d rules, %d template languages",
            len(engine.rules.rules),
            len(engine.templates),
        )

    def schedule_jobs(self) -> None:
        self.jobs.clear()
        self.jobs.every(self.config.poll_seconds).seconds.do(self.request, "poll", False)
        self.jobs.every(self.config.idle_renew_seconds).seconds.do(self.request, "renew", True)
        self.jobs.every(6).hours.do(self.prune)
        self.jobs.every(1).days.do(self.summary)
        interval = watchdog_interval()
        self.jobs.every(max(1.0, interval or 30.0)).seconds.do(self.heartbeat)

    def run(self) -> int:
        handlers: dict[int, Callable[[int, FrameType | None], None]] = {
            signal.SIGTERM: lambda *_: self.stopping.set(),
            signal.SIGINT: lambda *_: self.stopping.set(),
            signal.SIGHUP: lambda *_: self.reload_requested.set(),
        }
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        self.schedule_jobs()
        self.start_watchers()
        log.info("onfile started: %s", self.status_line())
        notify("READY=1", f"STATUS={self.status_line()}")
        while not self.stopping.is_set():
            if self.reload_requested.is_set():
                self.reload_requested.clear()
                notify("RELOADING=1")
                self.reload()
                notify("READY=1", f"STATUS={self.status_line()}")
            self.jobs.run_pending()
            self.stopping.wait(0.2)
        notify("STOPPING=1")
        log.info("stopping: %s", self.status_line())
        self.stop_watchers(4.0)
        return 0


def run_service(config: Config, accounts: tuple[Account, ...], selected: str | None) -> int:
    """Run until SIGTERM/SIGINT; returns the exit code."""
    return Service(config, accounts, selected).run()
