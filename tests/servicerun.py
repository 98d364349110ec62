"""The real service (`python -m onfile run`) as a subprocess in a throw-away home, and ways to see
what it did: its log, the drafts on the server, the letters to feed it.

Every wait polls for the outcome with a generous limit (the machine is shared and noisy); the
only timing promise tested anywhere is SIGTERM's 5 s.
"""

from __future__ import annotations

import email.utils
import itertools
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from tests.dovecot import Dovecot

T = TypeVar("T")
LETTERS = Path(__file__).resolve().parent.parent / "daemon" / "onfile" / "demo_letters"
WAIT = 60.0  # seconds: generous, a wait returns as soon as its outcome is there
_serial = itertools.count(1)
# Bytes that are no email at all: a blank line first, so no header (a truncated or mangled
# delivery). The parser refuses it; it has no Message-ID, so the stand-in id names it.
HEADERLESS = b"\r\nWe regret to inform you that we will not be moving forward.\r\n"


def wait_for(probe: Callable[[], T], what: str, timeout: float = WAIT, every: float = 0.1) -> T:
    """Call `probe` until it returns something truthy; fail with `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def letter(kind: str = "rejection", *, extra_body: str = "") -> tuple[str, bytes]:
    """A fresh letter with a unique Message-ID, sender domain and today's date: (id, raw).

    kind "rejection" is a clear rejection after an interview; "other" an application receipt.
    """
    n = next(_serial)
    name = (
        "r01-polite-after-interview.eml" if kind == "rejection" else "o01-application-received.eml"
    )
    head, body = (LETTERS / name).read_text(encoding="utf-8").split("\n\n", 1)
    message_id = f"<t{n}.{os.getpid()}.{time.time_ns()}@hr{n}.example>"
    lines = []
    for line in head.splitlines():
        key = line.split(":", 1)[0].lower()
        if key == "message-id":
            line = f"Message-ID: {message_id}"
        elif key == "date":
            line = f"Date: {email.utils.format_datetime(datetime.now(UTC))}"
        elif key == "from":
            line = re.sub(r"@[\w.-]+", f"@hr{n}.example", line)
        lines.append(line)
    raw = "\r\n".join(lines) + "\r\n\r\n" + (body + extra_body).replace("\n", "\r\n")
    return message_id, raw.encode()


def drafts(server: Dovecot, user: str, password: str) -> list[str]:
    """The original Message-IDs the drafts in the user's Drafts folder answer, one per draft."""
    with server.client(user, password) as c:
        c.select_folder(server.drafts_folder, readonly=True)
        fetched = c.fetch(c.search(["ALL"]), ["BODY.PEEK[HEADER.FIELDS (X-Onfile-Original)]"])
    found = []
    for item in fetched.values():
        header = item[b"BODY[HEADER.FIELDS (X-ONFILE-ORIGINAL)]"].decode()
        found.append(header.partition(":")[2].strip())
    return found


def wait_for_drafts(
    server: Dovecot, user: str, password: str, ids: list[str], timeout: float = WAIT
) -> list[str]:
    """Wait until a draft for each of `ids` is in Drafts; returns every draft's original id."""

    def probe() -> list[str]:
        found = drafts(server, user, password)
        return found if set(ids) <= set(found) else []

    return wait_for(probe, f"drafts for {ids}", timeout, every=0.2)


class Home:
    """A throw-away $HOME with XDG dirs, a config file and the passwords the config points at."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config_dir = root / "config" / "onfile"
        self.config_dir.mkdir(parents=True)
        self.config = self.config_dir / "config.toml"
        self.state = root / "state" / "onfile" / "state.sqlite"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM")
            and not k.startswith(("ONFILE_", "XDG_"))
        }
        self.env |= {
            "HOME": str(root),
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_STATE_HOME": str(root / "state"),
            "XDG_DATA_HOME": str(root / "data"),
            "XDG_CACHE_HOME": str(root / "cache"),
            "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        }

    def imap_account(
        self, name: str, server: Dovecot, user: str, password: str, *, port: int | None = None
    ) -> str:
        """An [[account]] over implicit TLS verified against the server's CA (the usual setup);
        `port` overrides the server's TLS port (e.g. a proxy in front of it)."""
        secret = self.root / f"{name}.password"
        secret.write_text(password)
        secret.chmod(0o600)
        return (
            f'[[account]]\nname = "{name}"\nhost = "127.0.0.1"\nport = {port or server.tls_port}\n'
            f'security = "tls"\nca_file = "{server.cafile}"\nusername = "{user}"\n'
            f'password_command = "cat {secret}"\n'
        )

    @staticmethod
    def maildir_account(name: str, path: Path) -> str:
        return f'[[account]]\nname = "{name}"\nmaildir = "{path}"\n'

    def write_config(self, *accounts: str, service: str = "", extra: str = "") -> None:
        self.config.write_text(
            '[identity]\nname = "Alex Doe"\nemail = "alex@example.org"\n\n'
            "[draft]\nrate_limit_days = 0\n\n"
            f"[service]\n{service}\n{extra}\n" + "\n".join(accounts)
        )

    def run(
        self, *args: str, env: dict[str, str] | None = None, stdin: str = ""
    ) -> subprocess.CompletedProcess[str]:
        """Run a one-shot command (`onfile doctor`, `history`...) and return what it printed."""
        return subprocess.run(
            [sys.executable, "-m", "onfile", *args],
            env=self.env | (env or {}),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def start(self, *args: str, env: dict[str, str] | None = None) -> Running:
        """Start `onfile run` (the service) with stderr going to a file."""
        return Running(self, [sys.executable, "-m", "onfile", "run", *args], self.env | (env or {}))


class Running:
    """One service process; stopped (SIGKILL if need be) by close()."""

    def __init__(self, home: Home, argv: list[str], env: dict[str, str]) -> None:
        self.log_path = home.root / f"service-{next(_serial)}.log"
        with self.log_path.open("wb") as err:
            self.proc = subprocess.Popen(
                argv, env=env, stdin=subprocess.DEVNULL, stdout=err, stderr=err
            )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.log()))

    def wait_log(self, pattern: str, count: int = 1, timeout: float = WAIT) -> str:
        """Wait until `pattern` (a regex) occurs `count` times in the log; returns the log."""

        def probe() -> str:
            if self.proc.poll() is not None and self.count(pattern) < count:
                raise AssertionError(f"service exited {self.proc.returncode}:\n{self.log()}")
            return self.log() if self.count(pattern) >= count else ""

        try:
            return wait_for(probe, f"{pattern!r} x{count} in the service log", timeout)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- log ---\n{self.log()}") from None

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def stop(self, timeout: float = WAIT) -> int:
        """SIGTERM, then the exit code."""
        self.signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
