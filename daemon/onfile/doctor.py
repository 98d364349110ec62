"""`onfile doctor`: config, rules and templates, the keyring, the state store, and per account the
secret, DNS, TLS, login, capabilities, the Drafts folder and the watched folders. One (ok, line)
per check: OK with what was found, or what is wrong and what to do."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend

from onfile.config import Account, Config, load_config
from onfile.credentials import get_secret
from onfile.errors import ConfigError, OnfileError
from onfile.mailbox import ImapMailbox
from onfile.maildir import MaildirMailbox
from onfile.pipeline import load_engine
from onfile.state import State
from onfile.watch import state_path

Check = tuple[bool, str]
# What each capability means for onfile: (when offered, when not).
CAPABILITIES = {
    "IDLE": ("new mail is pushed at once", "onfile polls every {poll} s instead (poll_seconds)"),
    "UIDPLUS": ("offered (onfile does not need it)", "not offered (onfile does not need it)"),
    "SPECIAL-USE": (
        "Drafts is found by its \\Drafts flag",
        'Drafts is found by its name; set drafts = "Folder" if that fails',
    ),
    "CONDSTORE": ("offered (onfile does not need it)", "not offered (onfile does not need it)"),
}


def _failed(label: str, exc: OnfileError) -> Check:
    """A failure line; error texts that already name the account are not prefixed twice."""
    text = str(exc)
    return False, text if text.startswith(label) else f"{label}: {text}"


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _effective(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
    """The backend that really stores: a chainer writes to its first (highest priority) one."""
    chained = getattr(backend, "backends", None)
    return chained[0] if isinstance(chained, list) and chained else backend


def _keyring_check(accounts: list[Account]) -> Check:
    users = [
        a.name
        for a in accounts
        if not (a.is_maildir or a.password_command or a.oauth2_token_command)
    ]
    backend = _effective(keyring.get_keyring())
    name = _backend_name(backend)
    if not users:
        return (
            True,
            f"keyring: not used (every IMAP account has a password or token command); {name}",
        )
    if "fail" in name.split("."):
        return (
            False,
            f"keyring: no usable backend ({name}) for {', '.join(users)}; set password_command "
            "(e.g. pass, secret-tool, gpg), or run where a Secret Service keyring is unlocked",
        )
    if "SecretService" in name or "kwallet" in name.lower():
        how = (
            "needs an unlocked keyring on the session bus: after boot, before you log in to a "
            "desktop, it may be locked; password_command works without one"
        )
    elif "Encrypted" in name:
        return (
            False,
            f"keyring: {name} asks for a master password, which a service cannot type; "
            "use password_command",
        )
    elif "Plaintext" in name:
        path = getattr(backend, "file_path", "its file")
        how = f"works without a desktop session; stores passwords unencrypted in {path} (mode 0600)"
    else:
        how = "check that it works without a desktop session"
    return True, f"keyring: {name}; {how}"


def _state_check() -> Check:
    path = state_path()
    try:
        state = State(path)
    except OnfileError as exc:
        return False, f"state store: {exc}"
    try:
        decided = sum(1 for _ in state.entries())
    finally:
        state.close()
    return True, f"state store: {path} is writable ({decided} decisions recorded)"


def _maildir_checks(account: Account, label: str) -> Iterator[Check]:
    try:
        box = MaildirMailbox.connect(account)
        for folder in account.watch:
            box.folder_path(folder)
        yield True, f"{label}: maildir {account.maildir}, watching {', '.join(account.watch)}"
        yield True, f"{label}: drafts folder {box.drafts_folder()!r}"
    except OnfileError as exc:
        yield _failed(label, exc)


def _secret_source(account: Account) -> str:
    if account.oauth2_token_command:
        return "oauth2_token_command"
    return "password_command" if account.password_command else "keyring"


def _transport(box: ImapMailbox, account: Account) -> str:
    if account.security == "none":
        return "no TLS (security = none: loopback only)"
    sock = box.client.socket()
    version = sock.version() if isinstance(sock, ssl.SSLSocket) else "?"
    how = "implicit TLS" if account.security == "tls" else "STARTTLS"
    return f"{how}, {version}, certificate verified for {account.host}"


def _imap_checks(account: Account, label: str, poll: int) -> Iterator[Check]:
    try:
        get_secret(account)
    except OnfileError as exc:
        yield _failed(label, exc)
        return
    yield True, f"{label}: secret found ({_secret_source(account)})"
    try:
        infos = socket.getaddrinfo(account.host, account.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        yield False, f"{label}: DNS: cannot resolve {account.host} ({exc.strerror}); check host"
        return
    addresses = sorted({str(info[4][0]) for info in infos})
    yield True, f"{label}: DNS {account.host} -> {', '.join(addresses)}"
    try:
        box = ImapMailbox.connect(account, timeout=15)
    except OnfileError as exc:
        yield _failed(label, exc)
        return
    try:
        yield True, f"{label}: {_transport(box, account)}"
        yield True, f"{label}: login as {account.username}"
        capabilities = box.capabilities()
        for name, (offered, missing) in CAPABILITIES.items():
            meaning = offered if name in capabilities else missing.format(poll=poll)
            yield True, f"{label}: {name}: {meaning}"
        yield True, f"{label}: drafts folder {box.drafts_folder()!r}"
        for folder in account.watch:
            box.examine(folder)
        yield True, f"{label}: watched folders open read-only: {', '.join(account.watch)}"
    except OnfileError as exc:
        yield _failed(label, exc)
    finally:
        box.close()


def run_checks(path: Path, only: str | None) -> Iterator[Check]:
    """Every check in order; stops early only when the config itself is unusable."""
    try:
        config: Config = load_config(path, require_accounts=True)
    except ConfigError as exc:
        for problem in exc.problems:
            yield False, f"config: {problem}"
        return
    yield True, f"config: {path} ({len(config.accounts)} accounts)"
    try:
        engine = load_engine(config)
        languages = ", ".join(sorted(engine.templates))
        yield (
            True,
            f"rules and templates: {len(engine.rules.rules)} rules, templates for {languages}",
        )
    except ConfigError as exc:
        for problem in exc.problems:
            yield False, f"rules/templates: {problem}"
    accounts = [a for a in config.accounts if only in (None, a.name)]
    if only and not accounts:
        names = ", ".join(a.name for a in config.accounts)
        yield False, f"no account named {only!r} in {path}; the accounts are {names}"
    yield _keyring_check(accounts)
    yield _state_check()
    for account in accounts:
        label = f"account {account.name}"
        if account.is_maildir:
            yield from _maildir_checks(account, label)
        else:
            yield from _imap_checks(account, label, config.poll_seconds)
