"""`python -m onfile run --once` failures: one clear line on stderr, the right exit code, no secret."""

import socket
import subprocess
from pathlib import Path

import pytest

from onfile.config import Account
from onfile.errors import MailboxError
from onfile.mailbox import ImapMailbox
from tests.dovecot import Dovecot, UserFactory
from tests.factories import onfile
from tests.imap_run import config_text


def run_once(home: Path, text: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """Write `text` as the config and run `onfile run --once` on it."""
    config = home / "config.toml"
    config.write_text(text)
    return onfile(home, "run", "--once", "--config", str(config), *extra)


def one_error_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    """Assert the exit code and a single `onfile:` line on stderr, no traceback; return it."""
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("onfile: "), done.stderr
    return lines[0]


def test_wrong_password(dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path) -> None:
    """A rejected login exits 1, says how to fix it, and never shows the password, even with --debug."""
    user, _ = imap_user(dovecot)
    wrong = "Wr0ng-secret-4-test"
    text = config_text(dovecot, user, wrong)
    line = one_error_line(run_once(xdg_home, text), 1)
    assert "login failed" in line
    assert "onfile password set work" in line and "password_command" in line
    debug = run_once(xdg_home, text, "--debug")
    assert debug.returncode == 1
    for output in (line, debug.stdout, debug.stderr):
        assert wrong not in output


def test_missing_password(dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path) -> None:
    """No password_command and an empty keyring: exit 1 with the `onfile password set` hint."""
    text = config_text(dovecot, imap_user(dovecot)[0], "unused")
    text = text.replace('password_command = "printf %s unused"\n', "")
    line = one_error_line(run_once(xdg_home, text), 1)
    assert "no password in the keyring" in line
    assert "onfile password set work" in line


def test_unreachable_server(dovecot: Dovecot, xdg_home: Path) -> None:
    """A closed port on 127.0.0.1: exit 1, "cannot connect"."""
    with socket.socket() as probe:  # bound and closed again: nothing listens there now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    text = config_text(dovecot, "nobody", "pw").replace(
        f"port = {dovecot.tls_port}", f"port = {port}"
    )
    line = one_error_line(run_once(xdg_home, text), 1)
    assert "cannot connect" in line and f"127.0.0.1:{port}" in line


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_unverified_certificate(
    security: str, dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path
) -> None:
    """The self-signed server without ca_file: exit 1, naming the certificate and ca_file."""
    text = config_text(dovecot, *imap_user(dovecot), security=security)
    text = text.replace(f'ca_file = "{dovecot.cafile}"\n', "")
    line = one_error_line(run_once(xdg_home, text), 1)
    assert "certificate" in line and "ca_file" in line


@pytest.mark.parametrize(
    ("host", "bad", "words"),
    [
        ("127.0.0.1", 'port = "993"', "port: must be a port number"),
        ("127.0.0.1", 'password = "hunter2-in-config"', "onfile password set"),
        ("imap.example.org", 'security = "none"', "loopback"),
    ],
)
def test_bad_config(host: str, bad: str, words: str, xdg_home: Path) -> None:
    """A bad config exits 78 with file:line and what to do; a password key's value is not shown."""
    text = (
        '[identity]\nname = "Alex Doe"\nemail = "alex@example.org"\n\n'
        f'[[account]]\nname = "work"\nhost = "{host}"\nusername = "alex"\n'
        'password_command = "printf %s pw"\n'
    )
    line_no = text.count("\n") + 1
    done = run_once(xdg_home, text + bad + "\n")
    assert done.returncode == 78, done.stderr
    assert "Traceback" not in done.stderr
    assert f"onfile: {xdg_home / 'config.toml'}:{line_no}: " in done.stderr
    assert words in done.stderr
    assert "hunter2" not in done.stderr + done.stdout


def test_plain_client_on_tls_port_names_security(dovecot: Dovecot, imap_user: UserFactory) -> None:
    """STARTTLS against the implicit-TLS port (no greeting ever comes) times out naming security."""
    user, password = imap_user(dovecot)
    account = Account(
        name="work",
        host=dovecot.host,
        port=dovecot.tls_port,
        security="starttls",
        ca_file=str(dovecot.cafile),
        username=user,
        password_command=f"printf %s {password}",
    )
    with pytest.raises(MailboxError, match=r"timed out; check host, port, security \(993 = tls"):
        ImapMailbox.connect(account, timeout=0.5)
