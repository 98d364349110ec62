"""An account's secret, from the system keyring (service "onfile", user = account name) or from
the output of password_command / oauth2_token_command. Secrets are never logged or stored here."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from onfile.config import Account
from onfile.errors import CredentialError

KEYRING_SERVICE = "onfile"


@dataclass(frozen=True)
class Secret:
    """A password or an OAuth2 access token; repr never shows the value."""

    kind: str
    value: str

    def __repr__(self) -> str:
        return f"Secret(kind={self.kind!r}, value=<hidden>)"


def _run(account: Account, key: str, command: str) -> str:
    try:
        done = subprocess.run(
            ["/bin/sh", "-c", command],
            capture_output=True,
            timeout=60,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CredentialError(f"account {account.name}: {key} could not run: {exc}") from exc
    if done.returncode != 0:
        # The command's stderr may echo the secret store's prompt, never the secret: show its first line.
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise CredentialError(
            f"account {account.name}: {key} exited {done.returncode}"
            + (f" ({detail[0][:200]})" if detail else "")
            + "; run it by hand to see why"
        )
    lines = done.stdout.decode(errors="replace").splitlines()
    if not lines or not lines[0]:
        raise CredentialError(
            f"account {account.name}: {key} printed nothing; it must print the secret on its first line"
        )
    return lines[0]


def get_secret(account: Account) -> Secret:
    """The account's secret; raises CredentialError with what to do when there is none."""
    if account.oauth2_token_command:
        return Secret("oauth2", _run(account, "oauth2_token_command", account.oauth2_token_command))
    if account.password_command:
        return Secret("password", _run(account, "password_command", account.password_command))
    # Imported here: keyring and its backends cost the service ~25 MB of memory, which
    # accounts using password_command or a token command never need.
    import keyring
    import keyring.errors

    try:
        value = keyring.get_password(KEYRING_SERVICE, account.name)
    except keyring.errors.KeyringError as exc:
        raise CredentialError(
            f"account {account.name}: no usable keyring ({exc.__class__.__name__}); "
            "set password_command in the config, or run onfile where a Secret Service keyring is unlocked"
        ) from exc
    if not value:
        raise CredentialError(
            f"account {account.name}: no password in the keyring; store it with `onfile password set {account.name}` or set password_command"
        )
    return Secret("password", value)


def store_password(account_name: str, password: str) -> str:
    """Store a password in the keyring; returns the backend's name for the user."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, account_name, password)
    except keyring.errors.KeyringError as exc:
        raise CredentialError(
            f"cannot store the password: {exc}; use password_command instead"
        ) from exc
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"
