"""The long-running service: a watcher thread (watcher.py) per account and folder, periodic jobs
on `schedule` (polls, IDLE renewal, liveness NOOPs, pruning, recompiling the rules, a daily
summary), SIGTERM/SIGINT (stop within 5 s) and SIGHUP (reload, keeping the old setup when the new
one is invalid), and systemd notify (READY, STATUS, WATCHDOG); also `run --once`."""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import select
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType

import schedule

from onfile.config import Account, Config, load_config
from onfile.errors import ConfigError, CredentialError, MailboxError
from onfile.notify import notify, watchdog_interval
from onfile.paths import state_dir
from onfile.pipeline import Engine, load_engine, renewed
from onfile.service import PassReport, run_account
from onfile.state import State
from onfile.watcher import TICK, Counters, Watcher, now_text

log = logging.getLogger("onfile")
SILENCE = 120.0  # a connection silent this long gets a NOOP (half-open sockets say nothing)
STALL = 300.0  # a watcher that has not looked up for this long is stuck: the watchdog stops
STOP_SECONDS = 4.0  # from SIGTERM to exit, leaving a margin on the promised 5 s
SERVICE_META = "service"  # meta key: JSON about the running service, for `onfile status`


def state_path() -> Path:
    return state_dir() / "state.sqlite"


def give_back_memory() -> None:
    """Hand freed heap back to the OS. Compiling the rules (RE2) frees ~40 MB of temporaries
    that glibc would otherwise keep for the life of the process; elsewhere this is a no-op."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


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


class Service:
    """Owns the watchers, the engine (swapped on SIGHUP), the periodic jobs and the signals."""

    def __init__(self, config: Config, accounts: tuple[Account, ...], selected: str | None) -> None:
        self.config, self.accounts, self.selected = config, accounts, selected
        self.engine: Engine = load_engine(config)
        give_back_memory()
        self.counters = Counters()
        self.watchers: list[Watcher] = []
        self.jobs = schedule.Scheduler()
        self.stopping = False  # the flags are set by signal handlers and watchers,
        self.failed = False  # and acted on by the main loop, woken through a socket pair
        self.reload_requested = False
        self.state_file = state_path()
        self._locks: dict[str, threading.Lock] = {}
        self._wake_r, self._wake_w = socket.socketpair()
        for end in (self._wake_r, self._wake_w):
            end.setblocking(False)
        self._status_sent = ""

    @contextlib.contextmanager
    def account_lock(self, account: str) -> Iterator[None]:
        with self._locks.setdefault(account, threading.Lock()):
            yield

    def wake(self) -> None:
        with contextlib.suppress(BlockingIOError):  # already awake: one byte is enough
            self._wake_w.send(b"\0")

    def fail(self) -> None:
        self.failed = True
        self.wake()

    def start_watchers(self) -> None:
        self.watchers = [Watcher(self, a, f) for a in self.accounts for f in a.watch]
        for watcher in self.watchers:
            watcher.start()

    def stop_watchers(self, deadline: float) -> list[Watcher]:
        """Ask every watcher to stop, wait until `deadline`; returns those still busy."""
        for watcher in self.watchers:
            watcher.stop.set()
        for watcher in self.watchers:
            watcher.join(max(0.0, deadline - time.monotonic()))
        return [w for w in self.watchers if w.is_alive()]

    def status_line(self) -> str:
        n, drafted = len(self.accounts), self.counters.drafted
        line = (
            f"watching {n} account{'s' * (n != 1)}, {drafted} draft{'s' * (drafted != 1)} written"
        )
        troubled = sorted({w.account.name for w in self.watchers if w.trouble})
        return line + (f"; reconnecting: {', '.join(troubled)}" if troubled else "")

    def save_status(self, running: bool) -> None:
        """Tell `onfile status` what the service is doing (or that it stopped)."""
        facts = {"pid": os.getpid(), "running": running, "status": self.status_line()}
        facts["updated"] = now_text()
        state = State(self.state_file)
        try:
            state.set_meta(SERVICE_META, json.dumps(facts))
        finally:
            state.close()

    def report_status(self) -> None:
        """Tell systemd and `onfile status` when what the service is doing changed."""
        line = self.status_line()
        if line != self._status_sent:
            self._status_sent = line
            notify(f"STATUS={line}")
            self.save_status(True)

    def summary(self) -> None:
        log.info(
            "daily summary: %s; %d messages looked at, %d rejections",
            self.status_line(),
            self.counters.seen,
            self.counters.rejections,
        )

    def prune(self) -> None:
        state = State(self.state_file)
        try:
            removed = state.prune(datetime.now(UTC) - timedelta(days=180))
        finally:
            state.close()
        if removed:
            log.info("pruned %d old non-rejection entries from the state store", removed)
        give_back_memory()

    def renew_rules(self) -> None:
        """Bound the memory the rule sets' automata take; passes under way finish on the old."""
        self.engine = renewed(self.engine)
        give_back_memory()

    def poll(self) -> None:
        for watcher in self.watchers:
            watcher.poll_due.set()

    def renew(self) -> None:
        for watcher in self.watchers:
            watcher.renew_due.set()

    def silence(self) -> float:
        """How long a connection may stay silent before a NOOP checks it (half-open sockets)."""
        return min(SILENCE, self.config.idle_renew_seconds)

    def check_liveness(self) -> None:
        for watcher in self.watchers:
            watcher.probe_due.set()

    def schedule_jobs(self) -> None:
        self.jobs.clear()
        self.jobs.every(self.config.poll_seconds).seconds.do(self.poll)
        self.jobs.every(self.config.idle_renew_seconds).seconds.do(self.renew)
        # A connection silent for `silence` s gets a NOOP; look twice per such stretch.
        self.jobs.every(max(1, int(self.silence() // 2))).seconds.do(self.check_liveness)
        self.jobs.every(2).seconds.do(self.report_status)
        self.jobs.every(1).minutes.do(self.save_status, True)
        self.jobs.every(6).hours.do(self.prune)
        self.jobs.every(6).hours.do(self.renew_rules)
        self.jobs.every(1).days.do(self.summary)

    def reload(self) -> None:
        """SIGHUP: re-read config, rules and templates; keep the old ones if the new are bad."""
        try:
            config = load_config(self.config.path, require_accounts=True)
            engine = load_engine(config)
        except ConfigError as exc:
            log.error("reload failed, still running on the previous configuration and rules:")
            for problem in exc.problems:
                log.error("  %s", problem)
            return
        accounts = tuple(a for a in config.accounts if self.selected in (None, a.name))
        if not accounts:
            log.error("reload failed: no account named %r any more; nothing changed", self.selected)
            return
        self.engine, old = engine, self.accounts
        give_back_memory()  # the previous engine is gone once the passes using it finish
        self.config, self.accounts = config, accounts
        if accounts != old:
            busy = self.stop_watchers(time.monotonic() + STOP_SECONDS)
            for watcher in busy:
                log.warning(
                    "%s: still busy after reload; it stops after this message", watcher.where
                )
            self.start_watchers()
        self.schedule_jobs()
        log.info(
            "reloaded %s: %d rules, templates for %s",
            config.path,
            len(engine.rules.rules),
            ", ".join(sorted(engine.templates)),
        )

    def healthy(self) -> bool:
        """Every watcher alive and looking up now and then: what the watchdog ping vouches for."""
        now = time.monotonic()
        stuck = [w for w in self.watchers if not w.is_alive() or now - w.beat > STALL]
        for watcher in stuck:
            log.error(
                "%s: stuck for %.0f s; no more watchdog pings", watcher.where, now - watcher.beat
            )
        return not stuck

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGHUP:
            self.reload_requested = True
        else:
            self.stopping = True

    def sleep(self, seconds: float) -> None:
        """Wait on the wake-up socket: signals (set_wakeup_fd) and watchers write to it."""
        readable, _, _ = select.select([self._wake_r], [], [], seconds)
        if readable:
            with contextlib.suppress(BlockingIOError):
                while self._wake_r.recv(64):
                    pass

    def run(self) -> int:
        """Run until SIGTERM/SIGINT (exit 0) or a watcher fails (exit 1)."""
        old_handlers = {
            s: signal.signal(s, self.on_signal)
            for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
        }
        old_fd = signal.set_wakeup_fd(self._wake_w.fileno(), warn_on_full_buffer=False)
        try:
            return self.serve()
        finally:
            signal.set_wakeup_fd(old_fd)
            for signum, handler in old_handlers.items():
                signal.signal(signum, handler)
            self._wake_r.close()
            self._wake_w.close()

    def serve(self) -> int:
        self.schedule_jobs()
        self.save_status(True)  # creates the state store before the watchers race to open it
        self.start_watchers()
        log.info("onfile started (pid %d): %s", os.getpid(), self.status_line())
        self._status_sent = self.status_line()
        notify("READY=1", f"STATUS={self._status_sent}")
        interval, next_ping = watchdog_interval(), 0.0
        while not (self.stopping or self.failed):
            if self.reload_requested:
                self.reload_requested = False
                notify("RELOADING=1", "STATUS=reloading configuration, rules and templates")
                self.reload()
                self._status_sent = self.status_line()
                notify("READY=1", f"STATUS={self._status_sent}")
            self.jobs.run_pending()
            if interval and time.monotonic() >= next_ping:
                if self.healthy():
                    notify("WATCHDOG=1")
                    next_ping = time.monotonic() + interval
                else:  # systemd will restart us after WatchdogSec; say why, once
                    next_ping = float("inf")
            self.sleep(min(TICK, interval or TICK))
        notify("STOPPING=1")
        deadline = time.monotonic() + STOP_SECONDS
        log.info("stopping: %s", self.status_line())
        for watcher in self.stop_watchers(deadline):
            log.warning(
                "%s: still busy at exit; the next start picks up where it stopped", watcher.where
            )
        self.save_status(False)
        return 1 if self.failed else 0


def run_service(config: Config, accounts: tuple[Account, ...], selected: str | None) -> int:
    """Run until SIGTERM/SIGINT; returns the exit code."""
    return Service(config, accounts, selected).run()
