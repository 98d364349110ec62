"""`--debug` adds detail and tracebacks but never a secret: checked on real commands against the
private Dovecot, with the password from password_command, from the keyring, and a wrong one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.dovecot import Dovecot, UserFactory
from tests.factories import letter, onfile, write


def config(home: Path, server: Dovecot, user: str, secret_line: str) -> Path:
    """A config for one STARTTLS account on `server`; `secret_line` says where the secret is."""
    return write(
        home / "xdg_config_home" / "onfile" / "config.toml",
        '[identity]\nname = "Alex Doe"\nemail = "alex@example.org"\n\n'
        f'[[account]]\nname = "work"\nhost = "{server.host}"\nport = {server.port}\n'
        f'security = "starttls"\nca_file = "{server.cafile}"\nusername = "{user}"\n{secret_line}',
    )


def assert_secret_hidden(secret: str, *outputs: str) -> None:
    """Neither the secret nor any long piece of it is printed."""
    text = "".join(outputs)
    assert secret not in text
    assert not any(secret[i : i + 8] in text for i in range(len(secret) - 7))


@pytest.mark.parametrize("command", [["run", "--once"], ["doctor"], ["run", "--once", "--dry-run"]])
def test_debug_hides_password_command_secret(
    dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path, command: list[str]
) -> None:
    """A successful login with --debug logs detail (DEBUG lines) but not the password."""
    user, password = imap_user(dovecot)
    (xdg_home / "secret").write_text(password + "\n")
    config(xdg_home, dovecot, user, f'password_command = "cat {xdg_home / "secret"}"\n')
    dovecot.deliver(user, letter(date=datetime.now(UTC) - timedelta(hours=1)))
    done = onfile(xdg_home, *command, "--debug")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "DEBUG" in done.stderr or command == ["doctor"]
    assert_secret_hidden(password, done.stdout, done.stderr)


def test_debug_hides_wrong_password(
    dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path
) -> None:
    """A failed login with --debug says it failed, without echoing the password it tried."""
    user, _ = imap_user(dovecot)
    wrong = "Wr0ng-Secret-Value-4711"
    config(xdg_home, dovecot, user, f'password_command = "printf %s {wrong}"\n')
    done = onfile(xdg_home, "run", "--once", "--debug")
    assert done.returncode == 1 and "work" in done.stderr
    assert_secret_hidden(wrong, done.stdout, done.stderr)


def test_debug_hides_keyring_secret(
    dovecot: Dovecot, imap_user: UserFactory, xdg_home: Path
) -> None:
    """Storing the password with `password set --debug` and using it never prints it."""
    user, password = imap_user(dovecot)
    config(xdg_home, dovecot, user, "")
    stored = onfile(xdg_home, "password", "set", "work", "--debug", stdin=password + "\n")
    assert stored.returncode == 0, stored.stderr
    used = onfile(xdg_home, "run", "--once", "--debug")
    assert used.returncode == 0, used.stderr
    assert_secret_hidden(password, stored.stdout, stored.stderr, used.stdout, used.stderr)
