"""sd_notify in-process: datagrams to $NOTIFY_SOCKET (a path or an abstract name), nothing when
systemd did not start us, and the watchdog interval from WATCHDOG_USEC/WATCHDOG_PID."""

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from onfile.notify import notify, watchdog_interval


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    """A bound AF_UNIX datagram socket in a short /tmp path (sun_path holds 107 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="notify-", dir="/tmp"))
    path = folder / "sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        sock.settimeout(5)
        yield sock, str(path)
    path.unlink()
    folder.rmdir()


def test_no_socket_means_no_systemd(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without NOTIFY_SOCKET, notify() sends nothing and says so."""
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert notify("READY=1") is False


def test_lines_arrive_as_one_datagram(
    listener: tuple[socket.socket, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several KEY=VALUE lines travel as one newline-separated datagram."""
    sock, path = listener
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    assert notify("READY=1", "STATUS=watching 1 account, 0 drafts written")
    assert sock.recv(4096) == b"READY=1\nSTATUS=watching 1 account, 0 drafts written"


def test_abstract_socket_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """A NOTIFY_SOCKET starting with @ names a socket in the abstract namespace."""
    name = f"onfile-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert notify("WATCHDOG=1")
        assert sock.recv(4096) == b"WATCHDOG=1"


def test_unreachable_socket_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A socket that went away makes notify() return False, never raise."""
    monkeypatch.setenv("NOTIFY_SOCKET", "/nonexistent/onfile-notify")
    assert notify("STATUS=x") is False


@pytest.mark.parametrize(
    ("usec", "pid", "expected"),
    [
        ("20000000", None, 10.0),  # ping at half the timeout
        ("20000000", "self", 10.0),
        ("20000000", "1", None),  # meant for another process
        (None, None, None),
        ("soon", None, None),
    ],
)
def test_watchdog_interval(
    usec: str | None, pid: str | None, expected: float | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Half of WATCHDOG_USEC, only when WATCHDOG_PID is absent or ours."""
    for name, value in (("WATCHDOG_USEC", usec), ("WATCHDOG_PID", pid)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, str(os.getpid()) if value == "self" else value)
    assert watchdog_interval() == expected
