"""What systemd sees of the service: READY, STATUS (what it is doing), WATCHDOG pings, RELOADING
and STOPPING on $NOTIFY_SOCKET; and log lines without timestamps under journald."""

import re
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.dovecot import Dovecot, UserFactory
from tests.servicerun import Home, Running, letter, wait_for, wait_for_drafts


class Notifications:
    """Collects every datagram sent to a bound AF_UNIX socket, as lines, in order."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="notify-", dir="/tmp"))  # sun_path is short
        self.path = str(self.folder / "sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:  # closed
                return
            self.lines.extend(data.decode().split("\n"))

    def count(self, line: str) -> int:
        return self.lines.count(line)

    def close(self) -> None:
        self.sock.close()
        shutil.rmtree(self.folder)


@pytest.fixture
def notifications() -> Iterator[Notifications]:
    collector = Notifications()
    yield collector
    collector.close()


def test_sd_notify_messages(
    dovecot: Dovecot,
    imap_user: UserFactory,
    home: Home,
    service: Callable[..., Running],
    notifications: Notifications,
) -> None:
    """READY=1 with a STATUS, WATCHDOG=1 pings, STATUS after a draft, RELOADING then READY on
    SIGHUP, STOPPING=1 on SIGTERM."""
    user, password = imap_user(dovecot)
    home.write_config(home.imap_account("work", dovecot, user, password))
    running = service(env={"NOTIFY_SOCKET": notifications.path, "WATCHDOG_USEC": "2000000"})
    wait_for(lambda: notifications.count("READY=1"), "READY=1")
    assert "STATUS=watching 1 account, 0 drafts written" in notifications.lines
    wait_for(lambda: notifications.count("WATCHDOG=1") >= 2, "two WATCHDOG=1 pings")
    message_id, raw = letter()
    dovecot.deliver(user, raw)
    wait_for_drafts(dovecot, user, password, [message_id])
    wait_for(
        lambda: "STATUS=watching 1 account, 1 draft written" in notifications.lines,
        "a STATUS counting the draft",
    )
    running.signal(signal.SIGHUP)
    wait_for(lambda: notifications.count("READY=1") == 2, "READY=1 after the reload")
    lines = notifications.lines
    assert lines.count("RELOADING=1") == 1
    assert lines.index("RELOADING=1") < len(lines) - 1 - lines[::-1].index("READY=1")
    assert running.stop() == 0
    wait_for(lambda: notifications.count("STOPPING=1"), "STOPPING=1")


@pytest.mark.parametrize("journald", [True, False])
def test_log_timestamps_only_without_journald(
    journald: bool, home: Home, service: Callable[..., Running], tmp_path: Path
) -> None:
    """Under journald (JOURNAL_STREAM set) lines carry a priority prefix and no timestamp;
    otherwise they start with a timestamp."""
    maildir = tmp_path / "Mail"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    home.write_config(home.maildir_account("local", maildir))
    running = service(env={"JOURNAL_STREAM": "8:123456"} if journald else {})
    running.wait_log(r"watching the Maildir")
    assert running.stop() == 0
    lines = running.log().splitlines()
    stamped = [bool(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", line)) for line in lines]
    assert lines and all(s != journald for s in stamped), lines
    assert any(re.match(r"(<6>|\S+ \S+ )INFO onfile started", line) for line in lines)
    if journald:
        assert all(re.match(r"<[0-7]>", line) for line in lines), lines
