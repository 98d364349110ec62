"""The service's latency and footprint against a private Dovecot: from APPEND into INBOX to the
draft being in Drafts over 20 letters (median, 95th percentile), then its resident memory after an
hour-equivalent of activity, and its CPU while idle.

    .venv/bin/python tests/bench/latency.py [--letters 20] [--messages 300] [--idle-seconds 30]

Dovecot tells an idling client about new mail 500 ms after it arrives (a fixed delay), so the
floor is about 0.5 s; the target is a median within 0.2 s of it and a 95th percentile under 1.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.dovecot import Dovecot, start_dovecot
from tests.servicerun import Home, Running, letter, wait_for

POLL = 0.002  # how often the bench looks at Drafts (STATUS on its own connection)


def _drafts_count(client: object, folder: str) -> int:
    return int(client.folder_status(folder, ["MESSAGES"])[b"MESSAGES"])  # type: ignore[attr-defined]


def measure_latency(server: Dovecot, user: str, password: str, letters: int) -> list[float]:
    """APPEND a rejection, time until Drafts holds one more message; one letter at a time."""
    times = []
    with server.client(user, password) as sender, server.client(user, password) as watcher:
        for _ in range(letters):
            before = _drafts_count(watcher, server.drafts_folder)
            raw = letter()[1]
            started = time.monotonic()
            sender.append("INBOX", raw)
            while _drafts_count(watcher, server.drafts_folder) == before:
                if time.monotonic() - started > 30:
                    raise RuntimeError("no draft within 30 s")
                time.sleep(POLL)
            times.append(time.monotonic() - started)
            time.sleep(1.0)  # let the service settle back into IDLE before the next letter
    return times


def hour_of_activity(server: Dovecot, user: str, running: Running, messages: int) -> None:
    """A busy hour squeezed: `messages` letters (a third rejections) in bursts over ~60 s, with
    IDLE renewed every second (a real hour renews it ~7 times), and two dropped sessions."""
    for n in range(messages):
        server.deliver(user, letter("rejection" if n % 3 == 0 else "other")[1])
        if n % 20 == 19:
            time.sleep(4.0)
        if n in (messages // 3, 2 * messages // 3):
            server.kick(user)
    expected = (messages + 2) // 3
    wait_for(
        lambda: running.count(r"draft to .* written") >= expected,
        f"{expected} drafts",
        timeout=600,
        every=1.0,
    )


def cpu_while_idle(process: psutil.Process, seconds: float) -> float:
    """Percent of one core used over `seconds` of quiet."""
    before, started = sum(process.cpu_times()[:2]), time.monotonic()
    time.sleep(seconds)
    return 100 * (sum(process.cpu_times()[:2]) - before) / (time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=20)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--idle-seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    with start_dovecot() as server, tempfile.TemporaryDirectory() as tmp:
        user, password = server.new_user()
        home = Home(Path(tmp) / "home")
        account = home.imap_account("bench", server, user, password)
        home.write_config(account)
        running = home.start()
        try:
            running.wait_log(r"watching with IDLE")
            process = psutil.Process(running.pid)
            time.sleep(2.0)
            idle = cpu_while_idle(process, args.idle_seconds)
            times = measure_latency(server, user, password, args.letters)
            print(f"latency over {len(times)} letters (APPEND into INBOX -> draft in Drafts):")
            ordered = sorted(times)
            p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
            print(f"  median {statistics.median(times):.3f} s, p95 {p95:.3f} s")
            print(f"  min {ordered[0]:.3f} s, max {ordered[-1]:.3f} s")
            print("  each: " + " ".join(f"{t:.3f}" for t in times))
            print(f"CPU while idle: {idle:.2f} % of one core over {args.idle_seconds:.0f} s")
            assert running.stop() == 0
        finally:
            running.close()

        user, password = server.new_user()
        account = home.imap_account("bench", server, user, password)
        home.write_config(account, service="idle_renew_seconds = 1")
        running = home.start()
        try:
            running.wait_log(r"watching with IDLE")
            process = psutil.Process(running.pid)
            rss_start = process.memory_info().rss
            started = time.monotonic()
            hour_of_activity(server, user, running, args.messages)
            busy = time.monotonic() - started
            rss_end = process.memory_info().rss
            print(
                f"after an hour-equivalent ({args.messages} letters, ~{busy:.0f} IDLE renewals, "
                f"2 dropped sessions, in {busy:.0f} s):"
            )
            print(
                f"  resident memory {rss_end / 2**20:.1f} MB (at start {rss_start / 2**20:.1f} MB,"
                f" peak {_peak_kib(running.pid) / 1024:.1f} MB)"
            )
            running.signal(1)  # SIGHUP: rules and templates loaded anew
            running.wait_log(r"reloaded ")
            print(f"  after a reload: {process.memory_info().rss / 2**20:.1f} MB")
            print(f"  exit code on SIGTERM: {running.stop()}")
        finally:
            running.close()
    return 0


def _peak_kib(pid: int) -> int:
    """VmHWM: the peak resident size (ru_maxrss would be inherited across fork+exec)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
