"""The sd_notify protocol (READY, STATUS, WATCHDOG, STOPPING) over $NOTIFY_SOCKET: a datagram of
KEY=VALUE lines, so no library is needed. A no-op when systemd did not start us."""

from __future__ import annotations

import os
import socket


def notify(*lines: str) -> bool:
    """Send lines such as "READY=1" to systemd; returns False when not under systemd."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract socket namespace
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
        try:
            sock.sendto("\n".join(lines).encode(), address)
        except OSError:
            return False
    return True


def watchdog_interval() -> float | None:
    """Half the watchdog timeout systemd asks for (WATCHDOG_USEC), or None when it asks none."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 2_000_000
